"""Read USD prices from a need: per-token and per-image ceilings, floors and unit-less amounts.

The reading rules are listed in :mod:`matchgraph.match.need_parser`.
"""

from __future__ import annotations

import math
import re
from itertools import islice

from matchgraph.match.grammar import IMAGE_UNIT_WORDS, OTHER_CURRENCY
from matchgraph.match.need_state import MAX_HITS, ParseState, format_number
from matchgraph.match.price_clause import item_seconds
from matchgraph.match.units import EACH_RE as _EACH_RE
from matchgraph.match.units import (
    FRACTION,
    NUM,
    SCALE,
    WORD_NUM,
    fraction_value,
    number_value,
    per_million_tokens,
    round_sig,
    scale_value,
    to_usd,
)

# A per-token amount at or above this (USD) is read as per 1M tokens: $1,000 per 1M tokens is beyond any model.
PER_TOKEN_CEILING = 0.001

# One USD amount in any common spelling: $1, US$1, 1$, 1 usd, USD 1, 50 cents, 50c/M, 2¢, ¢2, fifty cents.
# Dollars and cents said together: "a buck fifty", "two dollars and 50 cents", "3 dollars 25".
_CENTS_AFTER = (r"(?P<dc>[0-9]{1,2}(?![0-9.,])|ten|fifteen|twenty(?:[- ]five)?|thirty|forty|fifty|sixty|seventy|"
                r"eighty|ninety)\b(?:\s?(?:cents?\b|¢))?"
                r"(?!\s*(?:[kmb]\b|mil|million|thousand|billion|images?|pictures?|tokens?|requests?|quer|minutes?|"
                r"seconds?|hours?|pages?|char))")
_PRICE_RE = re.compile(
    rf"(?:(?P<dn>{NUM}|{WORD_NUM})\s?(?:dollars?|bucks?)\s+(?:and\s+)?{_CENTS_AFTER}"
    # "R$ 5", "A$ 5", "HK$ 5" are other dollars: "$" after a letter is not the US dollar
    rf"|(?:us\s?\$|(?<![^\W\d_])\$)\s?(?P<d1>{NUM})"
    rf"|(?P<d2>{NUM})\s?(?:\$|usd\b|us\s+dollars?\b|dollars?\b|bucks?\b)"
    rf"|usd\s?(?P<d3>{NUM})"
    rf"|(?P<c1>{NUM})\s?(?:¢|cents?\b|c\b(?=\s*(?:/|per\b|an?\b|each\b)))"
    rf"|¢\s?(?P<c2>{NUM})"
    rf"|(?P<w1>{WORD_NUM})\s(?:dollars?|bucks?|usd)\b"
    rf"|(?P<w2>{WORD_NUM})\s(?:cents?|penny|pennies)\b"
    rf"|{FRACTION}\s*(?:of\s+)?(?:an?\s+)?(?:(?P<fc>¢|cents?\b|penny\b)|(?P<fd_>dollars?\b|bucks?\b|usd\b)))"
)
_AMOUNT_GROUPS = (("d1", "$"), ("d2", "$"), ("d3", "$"), ("w1", "$"), ("c1", "¢"), ("c2", "¢"), ("w2", "¢"))


# "between $a and $b", "zwischen 1 und 2 Dollar", "entre 0,05 y 0,10"; the second amount follows the joint.
_BETWEEN_BEFORE_RE = re.compile(r"\b(?:between|zwischen|entre|tra|fra|tussen|między|между|arasında)\s*$")
_RANGE_JOIN_RE = re.compile(r"\s*(?:and|und|y|et|e|en|i|и|ile|to|-|–)\s*(?=[$¢0-9.]|us)")


def _amount_usd(m: re.Match[str]) -> float | None:
    if m.group("dn") is not None:
        dollars, cents = number_value(m.group("dn")), number_value(m.group("dc"))
        return None if dollars is None or cents is None else dollars + cents / 100
    if m.group("fc") is not None or m.group("fd_") is not None:
        v = fraction_value(m)
        return None if v is None else to_usd(v, "¢" if m.group("fc") is not None else "$")
    for name, unit in _AMOUNT_GROUPS:
        raw = m.group(name)
        if raw is not None:
            value = number_value(raw)
            return None if value is None else to_usd(value, unit)
    return None


_PAIR_RE = re.compile(
    rf"(?:us\s?)?\$\s?(?P<pa>{NUM})\s*/\s*(?:us\s?)?\$\s?(?P<pb>{NUM})"
)
_IMAGE_UNIT = (r"(?:(?:generated|output)\s+)?(?:images?|pictures?|pics?|imgs?|photos?|generations?|"
               r"illustrations?|renders?|logos?)\b")
_PER_RE = re.compile(
    r"\s*(?P<per>/|per\b|an?\b|each\b|for\s+(?:an?|each|every|one)\b|every\b)\s*"
    rf"(?:(?P<img>{_IMAGE_UNIT})"
    rf"|(?P<qn>{NUM}|one\b)?\s?(?P<qs>{SCALE})?(?:\s*(?P<qq>input|output|prompt|completion)\b)?"
    r"(?:\s*(?P<tok>tokens?\b|toks?\b))?)",
)
_PER_TIME_RE = re.compile(
    r"\s*(?:/|per\b|an?\b|each\b|every\b)\s*(?P<unit>months?|mo|years?|yr|days?|weeks?|hours?|hrs?|h|"
    r"minutes?|mins?|seconds?|secs?|s|requests?|reqs?|calls?|quer(?:y|ies)|seats?|users?|characters?|"
    r"chars?|pages?)\b",
)
_POST_QUAL_RE = re.compile(
    r"\s*(?:of\s+|for\s+)?(?:(?P<both>input\s*(?:and|&|/|\+)\s*output|in\s*(?:and|&|/)\s*out)\b"
    r"|(?P<q>input|output|prompt|completion)\b|(?P<short>in|out)(?=\s*(?:[,;/)&+]|and\b|$)))"
    r"(?:\s+tokens?\b)?",
)
_POST_CMP_RE = re.compile(
    r"\s*(?:(?P<ceil>or\s+(?:less|lower|cheaper|under|below)|max(?:imum)?|at\s+most|tops)"
    r"|(?P<floor>or\s+(?:more|higher|above)|at\s+least|minimum))\b",
)
_PRE_CMP_RE = re.compile(
    r"(?:\b(?P<ceil>under|below|beneath|less\s+than|lower\s+than|cheaper\s+than|at\s+most|"
    r"max(?:imum)?(?:\s+(?:of|price|cost))?|up\s+to|no\s+more\s+than|not\s+more\s+than|"
    r"not\s+(?:over|above)|no\s+(?:higher|greater)\s+than|within|budget(?:\s+(?:of|is))?|"
    r"capped\s+at|cap(?:\s+of)?|limit(?:\s+of)?|ceiling(?:\s+of)?)"
    r"|\b(?P<floor>at\s+least|min(?:imum)?|more\s+than|over|above|greater\s+than|no\s+less\s+than|"
    r"not\s+less\s+than|starting\s+(?:at|from))"
    r"|(?P<sym_ceil><=|=<|≤|⩽|<)|(?P<sym_floor>>=|≥|⩾|>)"
    r"|\b(?P<neutral>at|for|costs?|costing|priced\s+at|around|about)|(?P<approx>~|≈|=))"
    r"\s*[:=]?\s*$",
)
_PRE_QUAL_RE = re.compile(
    r"(?:\b(?P<q>input|prompt|output|completion)|\b(?P<img>images?|pictures?|photos?))"
    r"(?:\s+(?:tokens?|generation))?(?:\s+(?:price|prices|pricing|cost|costs|rate|rates))?"
    r"(?:\s*(?:[:=]|\bis\b|\bare\b|\bshould\s+be\b|\bmust\s+be\b))?\s*$",
)
_PRICE_WORD_RE = re.compile(r"price|pricing|cost|rate|[:=]")
_FOREIGN_MONEY_RE = re.compile(rf"(?:{OTHER_CURRENCY}\s?[0-9]|[0-9]\s?{OTHER_CURRENCY})")


def _unit_after(st: ParseState, pos: int) -> tuple[str | None, float | None, str | None, int]:
    """Read a per-unit after ``pos``: ("tokens", count, side) or ("image", None, None); None if absent."""
    m = _PER_RE.match(st.low, pos)
    if not m:
        return None, None, None, pos
    if m.group("img"):
        return "image", None, None, m.end("img")
    qs, tok, qn = m.group("qs"), m.group("tok"), m.group("qn")
    if not (qs or tok) or (qn and not qs and not tok):
        return None, None, None, pos
    if m.group("per").lower() in ("a", "an") and qn:
        return None, None, None, pos  # "$1 a 128k context" is not "per 128k tokens"
    count = (number_value(qn) if qn else 1.0) or 0.0
    if qs:
        count *= scale_value(qs)
    side = (m.group("qq") or "").lower() or None
    return "tokens", count, side, m.end()


def _side_word(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower()
    if word in ("input", "prompt", "in"):
        return "input"
    if word in ("output", "completion", "out"):
        return "output"
    return None


# "can't cost more than", "must not be more than", "shouldn't run over": refusing a price above the amount.
_REFUSED_RE = re.compile(r"(?:can['’]?t|cannot|can\s+not|won['’]?t|will\s+not|shouldn['’]?t|should\s+not|"
                         r"mustn['’]?t|must\s+not|may\s+not|not\s+to|don['’]?t|do\s+not|doesn['’]?t|does\s+not|"
                         r"never|refuse\s+to|unwilling\s+to)\s+(?:\w+\s+){0,2}?(?:cost|pay|spend|be|run|go)\s*$")


# "$0.50 per clip", "a dollar a video": a price per generated clip, per second once the clip's length is known.
_PER_CLIP_RE = re.compile(r"\s*(?:/|per|an?|each|every|for\s+(?:each|every|one|an?))\s*(?:(?:generated|video)\s+)?"
                          r"(?:clips?|videos?|shots?)\b")


def _price_context(st: ParseState, start: int, end: int) -> tuple[int, int, str, str | None, bool]:
    """Comparator and qualifier around an amount: (span start, span end, direction, side, image)."""
    direction = "bare"
    side: str | None = None
    image = False
    span_start = start
    cmp = _PRE_CMP_RE.search(st.low, max(0, start - 30), start)
    if cmp and st.free_span(cmp.start(), start):
        if cmp.group("ceil") or cmp.group("sym_ceil"):
            direction = "ceiling"
        elif cmp.group("floor") or cmp.group("sym_floor"):
            # "can't cost more than $1.50" refuses to pay more: a ceiling
            refused = _REFUSED_RE.search(st.low, max(0, cmp.start() - 32), cmp.start())
            direction = "ceiling" if refused and cmp.group("floor") else "floor"
        span_start = cmp.start()
    qual = _PRE_QUAL_RE.search(st.low, max(0, span_start - 40), span_start)
    if qual and st.free_span(qual.start(), span_start):
        if qual.group("img"):
            image = True
            # "images under 5 cents" keeps "images" for "generate images"; "image price:" is consumed
            if _PRICE_WORD_RE.search(qual.group(0)):
                span_start = qual.start()
        else:
            side = _side_word(qual.group("q"))
            span_start = qual.start()
    post = _POST_CMP_RE.match(st.low, end)
    if post:
        direction = "ceiling" if post.group("ceil") else "floor"
        end = post.end()
    return span_start, end, direction, side, image


def _record_price(st: ParseState, start: int, end: int, direction: str, fieldname: str, value: float,
                  extra: str = "") -> bool:
    if not math.isfinite(value) or value < 0:
        st.note(f"ignored a price that is not a usable number: {st.text[start:end]!r}")
        return False
    if direction == "floor":
        meaning = f"price floor {fieldname.replace('max_', 'min_')}={format_number(value)} (not a filter)"
        if not st.claim(start, end, meaning + extra):
            return False
        st.floors.setdefault(fieldname, []).append(value)
        st.note("a price floor ('at least …') is not a filter; it is only checked against other requirements")
        return True
    if not st.claim(start, end, f"{fieldname}={format_number(value)}{extra}"):
        return False
    st.ceilings.setdefault(fieldname, []).append(value)
    return True


def read_prices(st: ParseState) -> None:
    """Read every price in the need; amounts without a unit wait in ``st.pending``."""
    text = st.low
    for m in islice(_PAIR_RE.finditer(text), MAX_HITS):
        a, b = number_value(m.group("pa")), number_value(m.group("pb"))
        if a is None or b is None:
            continue
        kind, count, _, end = _unit_after(st, m.end())
        if kind == "image":
            continue
        count = count or 1e6
        start, end, direction, _, _ = _price_context(st, m.start(), end)
        post = _POST_QUAL_RE.match(text, end)
        if post and post.group("both"):
            end = post.end()
        va, vb = per_million_tokens(a, count), per_million_tokens(b, count)
        if va is None or vb is None:
            continue
        # "$0.15/$0.60 per million" is the usual input/output notation
        if _record_price(st, start, end, direction, "max_input_per_mtok", va,
                         f"; {'min' if direction == 'floor' else 'max'}_output_per_mtok={format_number(vb)}"
                         " (input/output pair)"):
            target = st.floors if direction == "floor" else st.ceilings
            target.setdefault("max_output_per_mtok", []).append(vb)

    range_low: tuple[int, float] | None = None  # where the second amount of "between $a and $b" starts, and $a
    for m in islice(_PRICE_RE.finditer(text), MAX_HITS):
        if not st.free_span(m.start(), m.end()):
            continue
        usd = _amount_usd(m)
        if usd is None:
            continue
        if range_low is not None and range_low[0] == m.start():
            # "between $0.10 and $0.05 per image": either order, the larger amount is the ceiling
            usd, range_low = max(usd, range_low[1]), None
            st.note(f"a price range was read as at most its larger end ({format_number(usd)})")
        elif _BETWEEN_BEFORE_RE.search(text, max(0, m.start() - 14), m.start()):
            joint = _RANGE_JOIN_RE.match(text, m.end())
            if joint and st.claim(m.start(), joint.end(), "start of a price range"):
                range_low = (joint.end(), usd)
                continue
        per_time = _PER_TIME_RE.match(text, m.end())
        if per_time:
            st.note(f"'{st.text[m.start():per_time.end()].strip()}' is a price per month, day, week, seat or "
                    "user (or a floor); it was not read as a filter")
            continue
        kind, count, inner_side, end = _unit_after(st, m.end())
        start, end, direction, side, image = _price_context(st, m.start(), end)
        post = _POST_QUAL_RE.match(text, end)
        both = False
        if post and kind != "image":
            if post.group("both"):
                both = True
            else:
                side = side or _side_word(post.group("q") or post.group("short"))
            end = post.end()
        side = (inner_side and _side_word(inner_side)) or side
        if kind is None and image:
            kind = "image"
        if kind is None and (side or both):
            kind, count = "tokens", 1e6
        each = (_EACH_RE.match(text, end) or _PER_CLIP_RE.match(text, end)) if kind is None else None
        if each:
            # "half a cent each", "3 cents apiece": a price per item, read like "under": a budget per item.
            end = each.end()
            if direction == "bare":
                direction = "ceiling"
        if kind is None:
            if direction == "bare":
                continue  # "$5" alone says nothing about price per unit
            if not st.free_span(start, end):
                continue
            st.mask[start:end] = b"\x01" * (end - start)
            st.pending.append((start, end, usd, direction))
            continue
        if kind == "image":
            _record_price(st, start, end, direction, "max_per_image", usd)
            continue
        if count == 1 and usd >= PER_TOKEN_CEILING:
            # No model costs $1,000 per 1M tokens: "$0.2 per token" is shorthand for per 1M tokens.
            count = 1e6
            st.note(f"{st.text[start:end].strip()!r} was read as per 1M tokens (that much per single token "
                    "would be more than any model costs)")
        value = per_million_tokens(usd, count or 0.0)
        if value is None:
            st.note(f"ignored a price that is not a usable number: {st.text[start:end]!r}")
            continue
        if both:
            recorded = _record_price(st, start, end, direction, "max_input_per_mtok", value,
                                     f"; max_output_per_mtok={format_number(value)}")
            if recorded and direction != "floor":
                st.ceilings.setdefault("max_output_per_mtok", []).append(value)
            continue
        if side is None:
            st.note("a token price without 'input' or 'output' was read as an input-token price")
        fieldname = "max_output_per_mtok" if side == "output" else "max_input_per_mtok"
        _record_price(st, start, end, direction, fieldname, value)

    if _FOREIGN_MONEY_RE.search(text):
        st.note("prices in currencies other than the US dollar (euros, pounds, yen, reais…) are not converted; "
                "state prices in US dollars to filter by them")


# Pictures named in any language (the image unit words of the grammar).
_IMAGE_WORD_RE = re.compile(rf"(?<![^\W\d_])(?:{IMAGE_UNIT_WORDS}|thumbnails?|illustrations?|logos?|stickers?)"
                            r"(?![^\W\d_])")


# Tasks billed in a unit other than tokens: (capability URI prefix, the billing in words).
_NON_TOKEN_TASKS = (("capability://audio.transcription", "transcription is billed per second of audio"),
                    ("capability://audio.speech-synthesis", "speech is billed per character or second"),
                    ("capability://audio.music-generation", "music is billed per track or second"),
                    ("capability://audio.realtime", "a voice session is billed per second or per audio token"),
                    ("capability://video.", "video is billed per second"),
                    ("capability://retrieval.web-search-api", "a search API is billed per query"))


def _billed_otherwise(st: ParseState) -> str | None:
    """Why a unit-less amount cannot be a token price for the task read so far, or None when it can be."""
    for prefix, why in _NON_TOKEN_TASKS:
        if any(u.startswith(prefix) for u in st.caps):
            return why
    if "audio" in st.inputs or "audio" in st.outputs:
        return "audio is billed per second or character"
    if "video" in st.outputs:
        return "video is billed per second"
    return None


# Things billed in a unit other than tokens, named anywhere in the need ("300 images", "two hours of audio").
_OTHER_UNIT_THINGS_RE = re.compile(
    rf"(?<![^\W\d_])(?:{IMAGE_UNIT_WORDS}|minutes?|hours?|seconds?|characters?|pages?|searches|queries|"
    r"minutos?|horas?|segundos?|caracteres|páginas?|búsquedas|minuten|stunden|sekunden|zeichen|seiten|"
    r"heures?|secondes?|caractères|recherches)(?![^\W\d_])", re.IGNORECASE)
_TOKEN_WORDS_RE = re.compile(r"tokens?|токен|トークン|토큰|词元|mtok|\b(?:1\s?)?m\b|million|millón|milhão|百万",
                             re.IGNORECASE)


def _names_other_units(st: ParseState) -> str | None:
    """Why a unit-less amount should not be read per token when the need names things billed otherwise."""
    if _TOKEN_WORDS_RE.search(st.low):
        return None
    m = _OTHER_UNIT_THINGS_RE.search(st.low)
    return f"the need speaks of {st.text[m.start():m.end()]!r}, which is not billed per token" if m else None


def resolve_unitless_prices(st: ParseState) -> None:
    """Unit-less prices ("under $1"): per image for image output, else per 1M input tokens."""
    # "image model under 4 cents" asks for images as much as "image generator" does
    named_image = re.search(r"\b(?:image|picture|photo)s?\s+(?:models?|gen\w*|apis?|creators?|makers?)\b", st.low)
    image = ("image" in st.outputs or bool(named_image)) and not any(k != "max_per_image" for k in st.ceilings)
    for start, end, usd, direction in st.pending:
        st.mask[start:end] = b"\x00" * (end - start)
        per_item = _EACH_RE.search(st.low[start:end])
        if image or (per_item and not st.ceilings and _IMAGE_WORD_RE.search(st.low)):
            # "imagens por 1 centavo cada": the items priced are the pictures the need names
            field_name, unit = "max_per_image", "per image (the need asks for images)"
        elif "video" in st.outputs and (clip := item_seconds(st.low)):
            # "each 10 second clip under $1.50": video is billed per second, so the clip's price over its length
            field_name, usd = "max_per_second", round_sig(usd / clip)
            unit = f"per second (the price of one {clip:g}-second clip over its length)"
        elif per_item or _PER_CLIP_RE.search(st.low[start:end]):
            # A price per item of no named kind (or per clip of no stated length) is no token price: said, not used.
            st.note(f"'{st.text[start:end].strip()}' names no unit (per image, per minute, per 1M tokens...); "
                    "it was not used as a filter")
            continue
        elif billed := _billed_otherwise(st) or _names_other_units(st):
            # "transcribe 200 hours a month, budget $50": a transcriber is billed per second, a voice per
            # character, a search API per query; an amount with no unit is none of those, and no token price.
            st.note(f"'{st.text[start:end].strip()}' names no unit, and {billed}; it was not used as a filter")
            continue
        else:
            field_name, unit = "max_input_per_mtok", "per 1M input tokens"
        if _record_price(st, start, end, direction, field_name, usd, f" (no unit given; read as {unit})"):
            st.note(f"'{st.text[start:end].strip()}' has no unit; it was read as USD {unit}")
