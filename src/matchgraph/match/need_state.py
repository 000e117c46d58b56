"""The working state of one need parse: the text, which characters are claimed, and what was read.

Every reader (prices, context sizes, organizations and hosts, phrase rules) claims the span it
understood, so a later reader never reads the same words twice and the unclaimed rest becomes the
soft text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from matchgraph.match.need import Understood

# Matches examined per pattern; repeats beyond this add nothing and would only cost time.
MAX_HITS = 48


# Digits of other scripts are read as ASCII digits, one character for one so that every span stays where it
# was and still quotes the need as written: Arabic-Indic ("٤ دولارات"), Persian, Devanagari, Bengali, Thai and
# full-width digits, the Arabic decimal and thousands marks and the full-width full stop ("０．０３").
_DIGITS = str.maketrans({**{chr(base + i): str(i) for base in (0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10)
                            for i in range(10)}, "٫": ".", "٬": ",", "．": "."})


@dataclass
class ParseState:
    """Mutable working state of one parse."""

    text: str
    low: str = field(init=False)  # lowercased, same length: patterns run on it, spans come from text
    mask: bytearray = field(init=False)
    understood: list[Understood] = field(default_factory=list)
    caps: dict[str, int] = field(default_factory=dict)
    prefs: dict[str, int] = field(default_factory=dict)
    not_needed: dict[str, int] = field(default_factory=dict)
    inputs: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)
    ceilings: dict[str, list[float]] = field(default_factory=dict)
    floors: dict[str, list[float]] = field(default_factory=dict)
    contexts: list[int] = field(default_factory=list)
    context_ceilings: list[int] = field(default_factory=list)  # "at most 8k context": checked, never a filter
    open_weights: list[bool] = field(default_factory=list)
    free: bool | None = None
    hosted: bool | None = None
    cheapest: bool = False
    parties: dict[tuple[str, bool], dict[str, int]] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    pending: list[tuple[int, int, float, str]] = field(default_factory=list)  # unit-less price ceilings
    notes: list[str] = field(default_factory=list)
    cheaper_than: str | None = None
    # What a whole item the need priced is made of ("video", "audio", "music"): "each 8-second clip under $1".
    priced_item: str | None = None
    # Every money amount in the text (the grammar's amount pattern), found once for the readers that need them.
    amounts: list[re.Match[str]] | None = None
    # Amounts counted over a period (start, end, period), and the one held with a count of items over the same
    # period until the task says what an item is (see period_budgets).
    period_amounts: list[tuple[int, int, str]] = field(default_factory=list)
    period_budget: object | None = None
    # Offsets of the spaces put between scripts before parsing (see need_parser): not part of the need.
    inserted: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        self.low = _lower_same_length(self.text).translate(_DIGITS)
        self.mask = bytearray(len(self.text))

    def free_span(self, start: int, end: int) -> bool:
        return end > start and 1 not in self.mask[start:end]

    def claim(self, start: int, end: int, meaning: str) -> bool:
        """Mark [start, end) as understood unless part of it already is."""
        if not self.free_span(start, end):
            return False
        self.mask[start:end] = b"\x01" * (end - start)
        self.understood.append(Understood(self.text[start:end], meaning, start, end))
        return True

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _lower_same_length(text: str) -> str:
    """``text.lower()`` keeping every character's offset (a few characters lowercase to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def format_number(value: float) -> str:
    """A price or amount as it appears in ``Understood`` meanings, notes and conflicts."""
    return repr(float(value))


# Words saying something is not needed, after it, in the languages the readers know ("nicht nötig", "不需要").
NOT_NEEDED = (r"(?:(?:is|are)\s+)?(?:not\s+(?:needed|required|necessary)|unnecessary|nicht\s+(?:nötig|notwendig|"
              r"erforderlich|benötigt|gebraucht)|unnötig|brauche\s+ich\s+nicht|no\s+(?:es\s+)?necesari[oa]s?|"
              r"no\s+hace\s+falta|pas\s+(?:nécessaire|besoin)|inutile|não\s+(?:é\s+)?necessári[oa]s?|não\s+precis[oa]|"
              r"non\s+(?:è\s+)?necessari[oa]|non\s+serve|не\s+нужн\w*|не\s+требуется|niet\s+nodig|"
              r"nie\s+jest\s+potrzebn\w*|gerekmez|gerekli\s+değil)")
# The same after a word in Chinese, Japanese and Korean ("图片理解不需要", "画像はいらない").
CJK_NOT_NEEDED = r"(?:は|が|도)?\s*(?:不需要|不用|いらない|必要ない|필요\s?없\w*)"
NEGATED_AFTER_RE = re.compile(rf"\s*(?:{NOT_NEEDED}(?![^\W\d_])|{CJK_NOT_NEEDED})", re.IGNORECASE)
