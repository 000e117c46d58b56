"""Formatting of facts for sentences people read. Unknown values render as "unknown"."""

from __future__ import annotations

import functools

UNKNOWN = "unknown"


# A catalog has a few thousand distinct prices, each written on many pages (a static export formats the
# same ones hundreds of thousands of times): each is worked out once.
@functools.lru_cache(maxsize=8192)
def fmt_money(value: float | None) -> str:
    """USD amount with as many decimals as it needs (0.15 -> "$0.15", 0.0004 -> "$0.0004")."""
    if value is None:
        return UNKNOWN
    if value == 0:
        return "$0"
    if value >= 100:
        return f"${value:,.0f}"
    # Enough decimals for two significant digits, so a tiny price ($0.0000003 per character) never reads as $0.
    decimals = 6
    while decimals < 12 and abs(value) < 10 ** -(decimals - 1):
        decimals += 1
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    if "." in text and len(text.split(".")[1]) == 1:
        text += "0"
    return f"${text}"


def fmt_tokens(value: int | None) -> str:
    """Token counts the way people say them: 128000 -> "128K", 1048576 -> "1M"."""
    if value is None:
        return UNKNOWN
    if value >= 1_000_000:
        millions = value / 1_000_000
        return f"{millions:.1f}M".replace(".0M", "M") if millions < 10 else f"{millions:.0f}M"
    if value >= 1_000:
        # 131072 is "128K" in the binary sense providers use; 128000 is "128K" in the decimal one.
        thousands = value / 1024 if value % 1000 and value % 1024 == 0 else value / 1000
        return f"{thousands:.0f}K"
    return str(value)


def fmt_rating(value: float, low: float | None, high: float | None) -> str:
    """Arena-style rating with its interval: "1340 (95% CI 1328–1352)"."""
    if low is None or high is None:
        return f"{value:.0f}"
    return f"{value:.0f} (95% CI {low:.0f}–{high:.0f})"


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    """'1 host', '3 hosts'."""
    return f"{n} {word if n == 1 else (plural_word or word + 's')}"


def join_names(names: list[str], limit: int = 4) -> str:
    """'a, b, c and 2 more'."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
