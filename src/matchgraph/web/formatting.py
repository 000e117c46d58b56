"""Template filters: numbers for people, with ``None`` always shown as "unknown"."""

from __future__ import annotations

import re
from typing import Any

from matchgraph.catalog import wording

UNKNOWN = "unknown"


def money(value: float | None, unit: str = "") -> str:
    """``0.15`` → ``$0.15``, ``0.1`` → ``$0.10``, ``0.0025`` → ``$0.0025``; ``None`` → ``unknown``.

    A value within float noise of whole cents is shown in cents (``0.39999999999999997`` → ``$0.40``), and
    a rounded one keeps its cents digit (``2.499999`` → ``$2.50``, not ``$2.5``)."""
    if value is None:
        return UNKNOWN
    if value == 0:
        text = "$0"
    elif abs(round(value, 2) - value) < 1e-9 * max(1.0, abs(value)):
        # Per-token prices scaled to per 1M carry float noise (4e-7 * 1e6 is 0.39999999999999997): cents.
        text = f"${value:,.2f}"
        text = text.removesuffix(".00") if value >= 10 else text
    elif abs(value) >= 1000:
        text = f"${value:,.2f}"  # the general format below would write 1.235e+04
    else:
        text = f"${value:,.4g}"
        if re.fullmatch(r"\$-?[\d,]+\.\d", text):
            text += "0"  # four significant digits of 2.499999 are 2.5: a price reads $2.50
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


def capname(uri: str) -> str:
    """``capability://vision.ocr`` → the taxonomy's name for it ("OCR and documents"); unknown URIs keep
    their key, so nothing is invented."""
    from matchgraph.catalog.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    text = str(uri)
    if not text.startswith("capability://"):
        text = "capability://" + text
    return taxonomy.get(text).name if text in taxonomy else capkey(uri)


def _listed(values: list[Any]) -> str:
    items = [str(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def understood(constraints: dict[str, Any] | None) -> list[str]:
    """The hard requirements read from a need, each in words ("takes image input", "context ≥ 128K")."""
    c = constraints or {}
    out: list[str] = []
    if c.get("input_modalities"):
        out.append("takes " + " and ".join(c["input_modalities"]) + " input")
    if c.get("output_modalities"):
        out.append("produces " + " and ".join(c["output_modalities"]))
    out += [capname(u) for u in c.get("capabilities") or []]
    for key, what in (("max_input_per_mtok", "input"), ("max_output_per_mtok", "output")):
        if c.get(key) is not None:
            out.append(f"{what} at most {money(c[key])} per 1M tokens")
    if c.get("max_per_image") is not None:
        out.append(f"at most {money(c['max_per_image'])} per image")
    if c.get("min_context"):
        out.append(f"context at least {tokens(c['min_context'])} tokens")
    if c.get("open_weights") is True:
        out.append("open weights")
    elif c.get("open_weights") is False:
        out.append("closed weights")
    if c.get("free"):
        out.append("free to use")
    if c.get("cheapest"):
        out.append("cheapest first")
    for key, what in (("include_organizations", "made by"), ("exclude_organizations", "not made by"),
                      ("include_hosts", "offered by"), ("exclude_hosts", "not offered by")):
        if c.get(key):
            out.append(f"{what} {_listed(c[key])}")
    if c.get("kinds"):
        out.append("kind: " + _listed(c["kinds"]))
    known = {"input_modalities", "output_modalities", "capabilities", "max_input_per_mtok", "max_output_per_mtok",
             "max_per_image", "min_context", "open_weights", "free", "cheapest", "include_organizations",
             "exclude_organizations", "include_hosts", "exclude_hosts", "kinds"}
    for key, value in c.items():  # requirements added later still show, in words
        if key not in known and value not in (None, False, [], ""):
            out.append(f"{key.replace('_', ' ')}: {cell(value)}")
    return out


def figure(key: str | None, value: float | None) -> str:
    """An evidence figure as its board states it (a rating, a percent, a 0–1 score)."""
    from matchgraph.catalog.metric_names import format_value

    return format_value(key or "", value)


def capkey(uri: str) -> str:
    """``capability://vision.ocr`` → ``vision.ocr`` (for compact lists)."""
    return str(uri).removeprefix("capability://")


def span(value: dict[str, Any] | None) -> str:
    """A date range ``{"first", "last"}`` as "2025-01-02 to 2025-03-04" (one date when they agree)."""
    first, last = (value or {}).get("first"), (value or {}).get("last")
    if not first:
        return UNKNOWN
    return str(first) if first == last else f"{first} to {last}"


def kind(value: str | None) -> str:
    """An evidence kind in words: "independent" or "reported by the maker"."""
    from matchgraph.catalog.metric_names import kind_label

    return kind_label(value)


#: Shared with the static export and the command line (catalog.wording): a metric key and an evidence
#: row's date in words, rows a reader can tell apart, sentences said once, disputed facts.
metric, observed = wording.metric, wording.observed
evidence_rows, fresh, common_items = wording.evidence_rows, wording.fresh, wording.common_items
disputed_facts = wording.disputed_facts

FILTERS = {"figure": figure, "observed": observed, "span": span, "kind": kind,
           "href": href, "capkey": capkey, "capname": capname, "metric": metric, "understood": understood,
           "money": money, "tokens": tokens, "number": number, "params": params,
           "yesno": yesno, "percent": percent, "orunknown": orunknown, "cell": cell}
