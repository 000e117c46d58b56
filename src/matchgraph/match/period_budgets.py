"""A budget over a period beside a count of items over the same period: a price per item, in the task's unit.

"I'll need about 600 a month and my total budget is $12/month", "umas 600 artes por mês ... orçamento mensal de
12 dólares", "200 thumbnails a week, $10 a week max": the count names no unit the grammar knows (or none at
all), so the total-budget reader (:func:`matchgraph.match.grammar.read_total_budgets`) cannot price it. The
amount over the count is a price per item, and what an item is comes from the task, which is read later:

- a need that makes images pays per image;
- a need that makes video pays per second, so only a clip length the need states makes it a price;
- a search API pays per query;
- anything else (speech billed per character, transcription per second, a chat model per token) cannot be
  priced from a count of items: the need is told, and no filter is set.

:func:`read_period_budgets` runs with the other price readers and holds the pair; :func:`resolve_period_budgets`
runs after the task is read and turns it into a ceiling or a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from matchgraph.match.grammar import (
    _CENT,
    _DOLLAR,
    _MULT_RE,
    _PERIOD_AFTER_RE,
    _PERIOD_WORDS,
    _TASK_DECIDES_RE,
    _UNIT_RE,
    DEC,
    OTHER_CURRENCY,
    _amount,
    _amounts,
    decimal_value,
    multiplier,
)
from matchgraph.match.need_state import MAX_HITS, ParseState, format_number
from matchgraph.match.price_clause import item_seconds
from matchgraph.match.units import round_sig

_PERIOD_WORD = "|".join(f"(?P<{name}>{pat})" for name, pat in _PERIOD_WORDS)
_ANY_PERIOD_WORD = "|".join(pat for _, pat in _PERIOD_WORDS)
# Scripts without spaces name the period as a counter: "每月", "月に", "한 달에", "매주".
_CJK_PERIODS = (("month", r"每个?月|每個?月|毎月|月に|月の|月间|月間|한\s?달(?:에)?|매달|매월|월(?=\s)"),
                ("week", r"每周|每週|毎週|週に|週の|매주|일주일(?:에)?"),
                ("day", r"每天|每日|毎日|하루(?:에)?|매일"),
                ("year", r"每年|毎年|매년"))
# A period named before a count or an amount, in its clause: "ayda 400", "每周200个", "한 달에 500개",
# "presupuesto mensual de 9 dólares", "월 예산은 10달러", "monthly budget of $50".
_PERIOD_BEFORE_RE = re.compile(rf"(?:(?<![^\W\d_])(?:{_PERIOD_WORD})(?![^\W\d_])|"
                               + "|".join(f"(?P<c_{name}>{pat})" for name, pat in _CJK_PERIODS) + ")"
                               r"[^,;:.!?，。、；！？\n0-9]{0,24}$", re.IGNORECASE)
# A count of items: "about 600", "~1500 renders", "2 mil", "штук 500", "400 tane", "200个", "500개 정도".
_COUNT_RE = re.compile(rf"(?<![0-9A-Za-z_.,$€£¥])(?P<n>{DEC})(?:\s?(?P<m>{_MULT_RE})(?![^\W\d_]))?"
                       r"(?:\s?(?P<noun>[^\W\d_]+))?", re.IGNORECASE)
_PERIOD_NOUN_RE = re.compile(_ANY_PERIOD_WORD, re.IGNORECASE)
_CLASSIFIER_RE = re.compile(r"(?:个|個|张|張|枚|개|장|tane|adet|stück|stk|штук\w*|шт|pcs|pieces)\s*"
                            r"(?:左右|くらい|ぐらい|程度|정도|ほど)?", re.IGNORECASE)
# Nouns after a count that make it something other than a count of items bought: money, a unit the
# total-budget reader prices, a size, a number of times.
_NOT_ITEMS_RE = re.compile(rf"(?:{_DOLLAR}|{_CENT}|{OTHER_CURRENCY}|{_UNIT_RE}|times|mal|veces|fois|"
                           r"volte|razy|раз\w*|kez|keer|gånger|users?|seats?|people|employees|kb|mb|gb|tb|k|b|"
                           r"percent|%|years?|years?|jahre|años|ans)$", re.IGNORECASE)


@dataclass(frozen=True)
class PeriodBudget:
    """An amount over a period and a count of items over the same period, waiting for the task."""

    amount_start: int
    amount_end: int
    usd: float
    count: float
    count_start: int
    count_end: int  # the number (and its counter word): the noun after it is left to the task readers
    count_text_end: int
    period: str


def _period_of(low: str, start: int, end: int, floor: int) -> str | None:
    """The period named right after [start, end), or before it in its clause (not before ``floor``)."""
    m = _PERIOD_AFTER_RE.match(low, end) or _PERIOD_BEFORE_RE.search(low, max(floor, start - 30), start)
    if not m:
        return None
    return next(name for name, _ in _PERIOD_WORDS if m.groupdict().get(name) or m.groupdict().get(f"c_{name}"))


def _counts(st: ParseState, amount_spans: list[tuple[int, int]]) -> list[tuple[int, int, int, float, str]]:
    """Free counts of items with the period they are counted over: (start, end of the number, end of its
    noun, count, period)."""
    low, found = st.low, []
    for m in islice(_COUNT_RE.finditer(low), MAX_HITS):
        if any(a < m.end("n") and m.start() < b for a, b in amount_spans):
            continue
        value = decimal_value(m.group("n"))
        if value is None:
            continue
        count = value * multiplier(m.group("m"))
        end = m.end("m") if m.group("m") else m.end("n")
        noun = m.group("noun")
        classifier = _CLASSIFIER_RE.match(low, end)
        text_end = end
        if _PERIOD_AFTER_RE.match(low, end):
            pass  # "600 a month": the period comes right after the number
        elif classifier and classifier.group(0):
            end = text_end = classifier.end()
        elif noun and not _PERIOD_NOUN_RE.fullmatch(noun):
            if _NOT_ITEMS_RE.fullmatch(noun) and not _TASK_DECIDES_RE.fullmatch(noun):
                continue
            text_end = m.end("noun")
        if count < 2 or count != count or not st.free_span(m.start(), text_end):
            continue
        period = _period_of(low, m.start(), text_end, 0)
        if period:
            found.append((m.start(), end, text_end, count, period))
    return found


def read_period_budgets(st: ParseState) -> None:
    """Hold one amount over a period and one count of items over the same period for :func:`resolve_period_budgets`."""
    low = st.low
    amounts = [m for m in _amounts(st) if not m.group("b1")]
    if not amounts:
        return
    spans = [(m.start(), m.end()) for m in _amounts(st)]
    candidates = []
    for m in amounts:
        holder = next((p for p in st.pending if p[0] <= m.start() and m.end() <= p[1]), None)
        if holder is None and not st.free_span(m.start(), m.end()):
            continue
        usd = _amount(m)
        if usd is None or usd <= 0:
            continue
        period = _period_of(low, m.start(), m.end(), max((b for a, b in spans if b <= m.start()), default=0))
        if period:
            candidates.append((m, usd, holder, period))
    if not candidates:
        return
    counts = _counts(st, spans)
    st.period_amounts.extend((m.start(), m.end(), period) for m, _, _, period in candidates)
    if len(candidates) != 1:
        return
    m, usd, holder, period = candidates[0]
    same = [c for c in counts if c[4] == period]
    if len(same) != 1:
        return
    start, end, text_end, count, _ = same[0]
    if holder is not None:
        st.pending.remove(holder)
    amount_start, amount_end = (holder[0], holder[1]) if holder else (m.start(), m.end())
    # the amount is held from the readers of prices; the count is left free, as "generate 200 thumbnails" is
    # read whole by the readers of tasks
    st.mask[amount_start:amount_end] = b"\x01" * (amount_end - amount_start)
    st.period_budget = PeriodBudget(amount_start, amount_end, usd, count, start, end, text_end, period)


def _per_item(st: ParseState) -> tuple[str, float, str] | str:
    """(field, items per counted item, what an item is) for the task read, or why the task gives no unit."""
    if "image" in st.outputs or any(u.startswith("capability://image.generation") for u in st.caps):
        return "max_per_image", 1.0, "per image (the need makes images)"
    if "video" in st.outputs or any(u.startswith("capability://video.") for u in st.caps):
        seconds = item_seconds(st.low)
        if seconds:
            return "max_per_second", seconds, f"per second (each item a {seconds:g}-second clip)"
        return "video is billed per second and the need states no clip length"
    if any(u.startswith("capability://retrieval.web-search-api") for u in st.caps):
        return "max_per_query", 1.0, "per query (the need is a search API)"
    if any(u.startswith("capability://audio.transcription") for u in st.caps) or "audio" in st.inputs:
        return "transcription is billed per second of audio and the need states no length"
    if any(u.startswith("capability://audio.speech-synthesis") for u in st.caps) or "audio" in st.outputs:
        return "speech is billed per character and the need states no number of characters"
    return "the need names no unit its task is billed in"


def resolve_period_budgets(st: ParseState) -> None:
    """Turn the held budget into a ceiling per item of the task, or a note saying why it is none."""
    held = st.period_budget
    for start, end, period in st.period_amounts:
        said = any(n.startswith(f"'{st.text[start:end].strip()}") for n in st.notes)
        if (held is None or start < held.amount_start or end > held.amount_end) and st.free_span(start, end) \
                and not said:
            st.note(f"'{st.text[start:end].strip()}' is an amount per {period} with no count of work over "
                    f"the same {period}; it was not used as a filter")
    if held is None:
        return
    amount_text = st.text[held.amount_start:held.amount_end].strip()
    count_text = st.text[held.count_start:held.count_text_end].strip()
    # "'$12/month' is a price per month": the English reader said so before the count was found beside it
    st.notes = [n for n in st.notes if not (n.startswith(f"'{amount_text}") and "is a price per" in n)]
    got = _per_item(st)
    span = (held.amount_start, held.amount_end)
    st.mask[span[0]:span[1]] = b"\x00" * (span[1] - span[0])
    st.claim(held.count_start, held.count_end, f"count of items per {held.period}: {count_text}")
    if isinstance(got, str):
        st.claim(*span, f"a budget per {held.period} (not a filter)")
        st.note(f"'{amount_text}' for '{count_text}' a {held.period} is a budget per item, but {got}; "
                "it was not used as a filter")
        return
    field, size, unit = got
    value = round_sig(held.usd / (held.count * size))
    st.claim(*span, f"{field}={format_number(value)} (a budget of {format_number(held.usd)} USD per {held.period} "
                    f"over {count_text} items)")
    st.ceilings.setdefault(field, []).append(value)
    st.note(f"'{amount_text}' for '{count_text}' a {held.period} was read as a budget per item: at most "
            f"{format_number(value)} USD {unit}")
