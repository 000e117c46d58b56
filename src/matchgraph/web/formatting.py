"""Template filters: numbers for people, with ``None`` always shown as "unknown"."""

from __future__ import annotations

from typing import Any

UNKNOWN = "unknown"


def money(value: float | None, unit: str = "") -> str:
    """``0.15`` → ``$0.15``, ``0.1`` → ``$0.10``, ``0.0025`` → ``$0.0025``; ``None`` → ``unknown``."""
    if value is None:
        return UNKNOWN
    if value == 0:
        text = "$0"
    elif round(value, 2) == value:
        text = f"${value:,.2f}"
        text = text.removesuffix(".00") if value >= 10 else text
    else:
        text = f"${value:,.4g}"
    return f"{text}{unit}"


def tokens(value: int | None) -> str:
    """``128000`` → ``128K``; ``1048576`` → ``1.05M``; ``None`` → ``unknown``."""
    if value is None:
        return UNKNOWN
    if value >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    if value >= 1_000:
        return f"{value / 1_000:.4g}K"
    return str(value)


def number(value: float | int | None, digits: int = 1) -> str:
    """A figure with thousands separators; ``None`` → ``unknown``."""
    if value is None:
        return UNKNOWN
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def params(value: int | None) -> str:
    """Parameter counts: ``8000000000`` → ``8B``."""
    if value is None:
        return UNKNOWN
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if value >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:,}"


def yesno(value: bool | None) -> str:
    """``True`` → yes, ``False`` → no, ``None`` → unknown."""
    return UNKNOWN if value is None else ("yes" if value else "no")


def percent(value: float | None) -> str:
    """A 0–1 rate as a percentage."""
    return UNKNOWN if value is None else f"{value * 100:.0f}%"


def orunknown(value: Any) -> Any:
    """The value, or ``unknown`` for ``None`` and empty strings."""
    return UNKNOWN if value is None or value == "" else value


def cell(value: Any) -> str:
    """A comparison-table cell of any type."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items())
    return str(value)


def href(value: str | None) -> str | None:
    """An external link target only when it is http(s); anything else (``javascript:``, ``data:``) is
    dropped so stored text can never become an active link."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    return text if text.lower().startswith(("https://", "http://")) else None


def capkey(uri: str) -> str:
    """``capability://vision.ocr`` → ``vision.ocr`` (for compact lists)."""
    return str(uri).removeprefix("capability://")


FILTERS = {"href": href, "capkey": capkey, "money": money, "tokens": tokens, "number": number, "params": params,
           "yesno": yesno, "percent": percent, "orunknown": orunknown, "cell": cell}
