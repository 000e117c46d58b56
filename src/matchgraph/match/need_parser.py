"""Read a typed need into hard constraints, soft preferences and leftover text.

``parse_need("cheap model that reads invoices and returns JSON, 128K context")`` gives
``cheapest=True``, ``capabilities=(vision.ocr, json-mode)``, ``input_modalities=("image",)``,
``min_context=128000`` and ``soft_text="model"``.

Reading rules (each is a decision the filter and scorer rely on):

- Hard vs soft: capabilities that catalog sources declare as flags or modes (vision, OCR, PDFs,
  JSON mode/schema, tool calling, audio, image and video generation, embeddings, reranking,
  moderation, caching, batch, streaming, seed, fine-tuning, extended thinking) are hard
  ``capabilities``. Quality-type capabilities (coding, math, creative writing, summarisation,
  reasoning quality, chat, languages, domains) go to ``Need.preferences`` and only steer scoring.
- "returns JSON" / "JSON mode" → ``json-mode`` (the weaker guarantee, so it does not exclude models
  that only lack schema enforcement); "JSON schema", "matching my schema", "structured output",
  "strict JSON" → ``json-schema``.
- "reasoning model", "thinks step by step", "chain of thought", "extended thinking" → the hard
  ``text.reasoning.extended-thinking`` (a declared flag); "good at reasoning" is a preference.
- Prices: a token price without "input"/"output" is an input-price ceiling. A price with a
  comparator ("under $1") but no unit is per 1M input tokens, or per image when the need asks for
  image output; a price with a unit but no comparator ("$2 per 1M output tokens") is a ceiling.
  Floors ("at least $10") are not filters but are checked against other requirements.
- Context: "128K context", "200k", "1M tokens", "at least 32,000 tokens" → ``min_context``
  (k = 1,000). "long context" without a number is a preference for the 128K tier, not a filter.
  A numeric context also adds the matching long-context tier as a preference (the hard filter is
  ``min_context``; the tier URI would only repeat it with a coarser threshold).
- "cheap"/"budget"/"affordable" without a number → ``cheapest=True`` (a preference, not a ceiling).
- Organizations and hosts are read only after cue words: "from/by X", "X models" (creator);
  "on/via/through/available on X" (host); "not/no/except/excluding X" (exclusion). A bare name
  ("like Claude") stays in the soft text.
- Negation ("no vision needed", "without images", "don't need tool calling") records the
  capability in ``Need.not_needed`` instead of requiring it.

Only the first :data:`MAX_PARSE_CHARS` characters are parsed (``notes`` says so when text is cut),
and at most :data:`MAX_HITS` matches of each pattern are examined, so work is bounded for any input.

Readers run in a fixed order on one :class:`~matchgraph.match.need_state.ParseState`, each claiming
the words it understood: prices (``need_prices``), context sizes (``need_context``), organizations
and hosts (``need_orgs``), then the phrase rules (``need_rules``) applied here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from itertools import islice

from matchgraph.match.grammar import (
    FIELD_LABELS,
    asks_for_less,
    named_like,
    read_context_any_language,
    read_conversions,
    read_making,
    read_modalities,
    read_named_price,
    read_quality_words,
    read_sources,
    read_total_budgets,
    read_unit_prices,
)
from matchgraph.match.need import MODALITIES, Constraints, Need
from matchgraph.match.need_coherence import read_implied
from matchgraph.match.need_context import CONTEXT_TIERS, read_context_sizes
from matchgraph.match.need_orgs import read_parties
from matchgraph.match.need_prices import read_prices, resolve_unitless_prices
from matchgraph.match.need_rules import (
    CAPABILITY_PREFIX,
    CAPABILITY_RULES,
    FLAG_RULES,
    NEEDED_AFTER_RE,
    NEG_AFTER_RE,
    NEG_BEFORE_RE,
    PREFERENCE_RULES,
    Rule,
)
from matchgraph.match.need_state import CJK_NOT_NEEDED, MAX_HITS, NOT_NEEDED, ParseState, format_number
from matchgraph.match.need_tasks import read_tasks_any_language
from matchgraph.match.period_budgets import read_period_budgets, resolve_period_budgets
from matchgraph.match.price_clause import read_clause_prices, read_counted_prices_of_named_unit

__all__ = ["MAX_HITS", "MAX_PARSE_CHARS", "emitted_uris", "parse_need"]

MAX_PARSE_CHARS = 2000

# Tidying of the unclaimed words that become ``Need.soft_text``.
_WS_RE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?)])")
_PUNCT_RUN_RE = re.compile(r"([,;:])(?:\s*[,;:.])+")
_EDGE_RE = re.compile(r"^(?:[\s,;:.\-–—/&+(]|\b(?:and|or|with|that|which|but|plus)\b)+|"
                      r"(?:[\s,;:\-–—/&+(]|\b(?:and|or|with|that|which|but|plus|a|an|the)\b)+$")
_UNCLAIMED_RE = re.compile(rb"\x00+")


# A Latin word run into a script written without spaces ("multimodal embeddingsが必須", "OpenAIの"): a space is
# put between them so the word rules see a whole word. Single letters stay joined ("32k上下文", "GPT-4o的").
_LATIN_CJK_RE = re.compile(r"(?<=[A-Za-z]{2})(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff])"
                           r"|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff])(?=[A-Za-z]{2})")


def _space_scripts(text: str) -> tuple[str, list[int]]:
    """The text with those spaces, and where each was put (offsets into the spaced text, ascending)."""
    if text.isascii():
        return text, []
    cuts = [m.start() for m in _LATIN_CJK_RE.finditer(text)]
    if not cuts:
        return text, []
    parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return " ".join(parts), [c + n for n, c in enumerate(cuts)]


def _unspace(st: ParseState, original: str) -> None:
    """Understood spans as offsets into the text as written, not the spaced one (see ``st.inserted``)."""
    def back(pos: int) -> int:
        return pos - bisect_right(st.inserted, pos - 1)
    st.understood = [replace(u, span=original[back(u.start):back(u.end)], start=back(u.start), end=back(u.end))
                     for u in st.understood]


def _cap_text(text: str) -> tuple[str, str | None]:
    """The part of ``text`` that is parsed, cut at a word boundary, and a note when cut."""
    if len(text) <= MAX_PARSE_CHARS:
        return text, None
    cut = text.rfind(" ", MAX_PARSE_CHARS - 200, MAX_PARSE_CHARS)
    cut = cut if cut > 0 else MAX_PARSE_CHARS
    return text[:cut], (f"only the first {cut} of {len(text)} characters were parsed; "
                        "the rest was ignored")


# ---------------------------------------------------------------------------- phrase rules


def _negation(st: ParseState, start: int, end: int) -> tuple[str | None, int, int]:
    """("need" | "excl" | None, extended start, extended end) for a phrase at [start, end)."""
    text = st.low
    before = NEG_BEFORE_RE.search(text, max(0, start - 40), start)
    if before and st.free_span(before.start(), start):
        kind = "need" if before.group("need") else "excl"
        after = NEEDED_AFTER_RE.match(text, end)
        if after and st.free_span(end, after.end()):
            end = after.end()
            kind = "need"
        return kind, before.start(), end
    after = NEG_AFTER_RE.match(text, end)
    if after and st.free_span(end, after.end()):
        return "need", start, after.end()
    return None, start, end


# Words that make a wish of what they stand beside, in the clause before or after it.
_HEDGE_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?:ideally|preferably|optionally|bonus\s+(?:if|points\s+if)|idealerweise|am\s+liebsten|möglichst|"
    r"gerne|idealmente|preferiblemente|de\s+preferencia|preferencialmente|de\s+preferência|idéalement|"
    r"de\s+préférence|preferibilmente|najlepiej|желательно|в\s+идеале|бажано|tercihen|bij\s+voorkeur|liefst|"
    r"helst|gärna|ideálně|nejlépe|ιδανικά|κατά\s+προτίμηση|kalau\s+bisa|lebih\s+baik|nếu\s+được|nếu\s+có\s+thể)"
    r"(?![^\W\d_])[^.;!?,]{0,24}$|(?:最好|如果可以|尽量|できれば|なるべく|가능하면|רצוי|עדיף|يفضل|ويفضل)[^.;!?。]{0,12}$",
    re.IGNORECASE)
_HEDGE_AFTER_RE = re.compile(
    r"^[^.;!?,]{0,24}?(?<![^\W\d_])(?:preferably|ideally|if\s+possible|would\s+be\s+(?:nice|great|good|super|a\s+(?:plus|bonus))|"
    r"(?:is\s+)?nice\s+to\s+have|(?:is\s+)?a\s+(?:plus|bonus)|optional|wenn\s+möglich|wäre\s+(?:schön|super|toll|"
    r"nett|ein\s+plus)|si\s+es\s+posible|ser[íi]a\s+(?:ideal|genial|un\s+plus|bueno|ótimo|bom|um\s+plus)|si\s+possible|"
    r"serait\s+(?:bien|top|un\s+plus|idéal)|se\s+poss[íi]vel|se\s+possibile|sarebbe\s+(?:meglio|ottimo|un\s+plus)|"
    r"jeśli\s+(?:to\s+)?możliwe|byłoby\s+(?:super|miło|fajnie)|mile\s+widzian\w*|по\s+возможности|"
    r"было\s+бы\s+(?:неплохо|здорово|хорошо|идеально|отлично)|(?:но\s+)?не\s+обязательно|"
    r"(?:but\s+)?not\s+(?:required|mandatory|a\s+must|a\s+deal[\s-]?breaker|a\s+requirement)|(?:aber\s+)?kein\s+muss|(?:pero\s+)?no\s+es\s+obligatorio|"
    r"(?:mais\s+)?pas\s+obligatoire|(?:mas\s+)?não\s+é\s+obrigatório|по\s+можливості|olursa\s+(?:süper|iyi|harika)\s+olur|mümkünse|"
    r"indien\s+mogelijk|zou\s+(?:mooi|fijn|leuk)\s+zijn|om\s+möjligt|pokud\s+možno|αν\s+γίνεται|càng\s+tốt|"
    r"kalau\s+(?:bisa|ada)|ist\s+ein\s+plus|es\s+un\s+plus|est\s+un\s+plus|é\s+um\s+plus)(?![^\W\d_])"
    r"|^[^.;!?。]{0,10}(?:だと嬉しい|があれば|ならなお|더\s?좋|되면\s?좋|있으면\s?좋|更好|就更好|إن\s?أمكن|אם\s?אפשר)",
    re.IGNORECASE)
_HEDGEABLE = frozenset({("free", True), ("open_weights", True)})


def _hedged(low: str, start: int, end: int) -> bool:
    """True when the words beside [start, end) make a wish of it rather than a requirement."""
    return bool(_HEDGE_BEFORE_RE.search(low[max(0, start - 40):start])
                or _HEDGE_AFTER_RE.search(low[end:end + 40]))


def _drop_hedged_parties(st: ParseState) -> None:
    """"Preferably on Bedrock", "бажано через Bedrock": a maker or host asked for as a wish is not a filter."""
    for key in [k for k in st.parties if not k[1]]:
        for value, pos in list(st.parties[key].items()):
            span = next((u for u in st.understood if u.start <= pos < u.end), None)
            if span is not None and _hedged(st.low, span.start, span.end):
                del st.parties[key][value]
                st.understood[st.understood.index(span)] = replace(span, meaning="wish (not a filter): " + span.meaning)
                st.note(f"'{span.span.strip()}' was read as a wish, not a filter")
        if not st.parties[key]:
            del st.parties[key]


def _apply_rules(st: ParseState, rules: tuple[Rule, ...]) -> None:
    for rule in rules:
        for m in islice(rule.pattern.finditer(st.low), MAX_HITS):
            if m.end() == m.start() or not st.free_span(m.start(), m.end()):
                continue
            neg, start, end = _negation(st, m.start(), m.end())
            if rule.only_negated and neg is None:
                continue
            if neg is not None:
                _apply_negated(st, rule, neg, start, end)
                continue
            hedged = [kv for kv in rule.sets if kv in _HEDGEABLE and _hedged(st.low, start, end)]
            if hedged:
                # "free if possible", "open weights would be nice", "najlepiej za darmo": wished for, not required
                if st.claim(start, end, "wished for, not required: " + ", ".join(k for k, _ in hedged)):
                    if ("free", True) in hedged:
                        st.cheapest = True
                    st.note(f"'{st.text[start:end].strip()}' was asked for as nice to have, so it is not a filter"
                            + (" (the cheapest rank higher)" if ("free", True) in hedged else ""))
                continue
            parts = [f"{k}={v}" for k, v in rule.sets]
            parts += list(rule.caps) + [f"preference={p}" for p in rule.prefs]
            parts += [f"input_modalities+={x}" for x in rule.inputs]
            parts += [f"output_modalities+={x}" for x in rule.outputs]
            if not st.claim(start, end, "; ".join(parts)):
                continue
            for key, value in rule.sets:
                _set_flag(st, key, value)
            for uri in rule.caps:
                st.caps.setdefault(uri, start)
            for uri in rule.prefs:
                st.prefs.setdefault(uri, start)
            st.inputs.update(rule.inputs)
            st.outputs.update(rule.outputs)
            if rule.note:
                st.note(rule.note)


def _apply_negated(st: ParseState, rule: Rule, neg: str, start: int, end: int) -> None:
    sets = rule.excl_sets if neg == "excl" else ()
    if sets:
        meaning = "; ".join(f"{k}={v}" for k, v in sets)
    else:
        named = list(rule.caps) + list(rule.prefs) + [k for k, _ in rule.sets]
        meaning = "not needed: " + ", ".join(named)
    if not st.claim(start, end, meaning):
        return
    for key, value in sets:
        _set_flag(st, key, value)
    if not sets:
        for uri in rule.caps + rule.prefs:
            st.not_needed.setdefault(uri, start)
        if ("cheapest", True) in rule.sets:
            st.cheapest = False


def _set_flag(st: ParseState, key: str, value: object) -> None:
    if key == "open_weights":
        st.open_weights.append(bool(value))
    elif key == "free":
        st.free = bool(value)
    elif key == "hosted":
        st.hosted = bool(value)
    elif key == "cheapest":
        st.cheapest = bool(value)


# ---------------------------------------------------------------------------- assembly


def _tidy(parts: list[str]) -> str:
    text = _WS_RE.sub(" ", " ".join(parts)).strip()
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    text = _PUNCT_RUN_RE.sub(r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = _EDGE_RE.sub("", text).strip()
    return text


def _soft_text(st: ParseState) -> str:
    text, mask = st.text, bytes(st.mask)
    if st.inserted:
        # The soft text is the need's own words: the spaces put between scripts are left out again.
        gone = set(st.inserted)
        keep = [i for i in range(len(text)) if i not in gone]
        text, mask = "".join(text[i] for i in keep), bytes(mask[i] for i in keep)
    parts = [text[m.start():m.end()] for m in _UNCLAIMED_RE.finditer(mask)]
    return _tidy(parts)


def _ordered(d: dict[str, int]) -> tuple[str, ...]:
    return tuple(k for k, _ in sorted(d.items(), key=lambda kv: (kv[1], kv[0])))


def _lowest(st: ParseState, name: str, values: list[float]) -> float | None:
    if not values:
        return None
    lowest = min(values)
    if len(set(values)) > 1:
        st.note(f"several ceilings for {name} ({', '.join(format_number(v) for v in values)}); the lowest applies")
    return lowest


def _finish(st: ParseState, original: str) -> Need:
    conflicts: list[str] = []
    ceilings = {k: _lowest(st, k, v) for k, v in st.ceilings.items()}

    for name, floor_values in st.floors.items():
        floor = max(floor_values)
        ceiling = ceilings.get(name)
        label = FIELD_LABELS[name]
        if ceiling is not None and ceiling < floor:
            conflicts.append(f"the price must be at most {format_number(ceiling)} and at least "
                             f"{format_number(floor)} {label}; no price satisfies both")
        if st.free and floor > 0:
            conflicts.append(f"asks for free use but also for a price of at least {format_number(floor)} {label}")

    open_weights: bool | None = None
    if st.open_weights:
        if len(set(st.open_weights)) > 1:
            conflicts.append("asks for both open-weights and closed (proprietary) models")
            open_weights = None
        else:
            open_weights = st.open_weights[0]

    for kind in ("org", "host"):
        both = set(st.parties.get((kind, False), {})) & set(st.parties.get((kind, True), {}))
        label = "organization" if kind == "org" else "host"
        for name in sorted(both):
            conflicts.append(f"{label} {name!r} is both asked for and excluded")

    # A realtime voice model listens and speaks by definition; "by voice" next to it adds no other need.
    if CAPABILITY_PREFIX + "audio.realtime" in st.caps:
        for uri in ("audio.speech-synthesis", "audio.transcription"):
            if st.caps.pop(CAPABILITY_PREFIX + uri, None) is not None:
                st.prefs.setdefault(CAPABILITY_PREFIX + uri, len(st.text))
    for uri in sorted(set(st.caps) & set(st.not_needed)):
        conflicts.append(f"{uri} is both required and said to be not needed; it stays required")
    not_needed = {k: v for k, v in st.not_needed.items() if k not in st.caps}

    min_context = max(st.contexts) if st.contexts else None
    if min_context is not None and st.context_ceilings and min(st.context_ceilings) < min_context:
        most = min(st.context_ceilings)
        conflicts.append(f"the context must be at least {min_context:,} and at most {most:,} tokens; no model has both")
    if len(set(st.contexts)) > 1:
        st.note(f"several context sizes ({', '.join(map(str, st.contexts))}); the largest applies")
    if min_context is not None:
        for threshold, tier in CONTEXT_TIERS:
            if min_context >= threshold:
                st.prefs.setdefault(CAPABILITY_PREFIX + tier, len(st.text))
                break

    prefs = {k: v for k, v in st.prefs.items() if k not in st.caps and k not in not_needed}
    like = named_like(st.text)
    constraints = Constraints(
        input_modalities=tuple(x for x in MODALITIES if x in st.inputs),
        output_modalities=tuple(x for x in MODALITIES if x in st.outputs),
        capabilities=_ordered(st.caps),
        max_input_per_mtok=ceilings.get("max_input_per_mtok"),
        max_output_per_mtok=ceilings.get("max_output_per_mtok"),
        max_per_image=ceilings.get("max_per_image"),
        max_per_second=ceilings.get("max_per_second"),
        max_per_character=ceilings.get("max_per_character"),
        max_per_query=ceilings.get("max_per_query"),
        max_per_page=ceilings.get("max_per_page"),
        min_context=min_context,
        open_weights=open_weights,
        free=st.free,
        hosted=st.hosted,
        cheapest=st.cheapest,
        include_organizations=_ordered(st.parties.get(("org", False), {})),
        exclude_organizations=_ordered(st.parties.get(("org", True), {})),
        include_hosts=_ordered(st.parties.get(("host", False), {})),
        exclude_hosts=_ordered(st.parties.get(("host", True), {})),
        kinds=_ordered(st.kinds),
    )
    return Need(
        text=original,
        constraints=constraints,
        soft_text=_soft_text(st),
        preferences=_ordered(prefs),
        understood=tuple(sorted(st.understood, key=lambda u: (u.start, u.end))),
        notes=tuple(st.notes),
        conflicts=tuple(conflicts),
        not_needed=_ordered(not_needed),
        cheaper_than=(like if like and _PRONOUN_RE.fullmatch(st.cheaper_than or "") else st.cheaper_than)
        or (like if like and asks_for_less(st.text) else None),
        like=like,
        cheaper_on="output" if _CHEAPER_ON_OUTPUT_RE.search(st.low) else None,
        priced_item=st.priced_item,
    )


# "cheaper on output", "less per output token than X": the named model's output price is the bound.
_CHEAPER_ON_OUTPUT_RE = re.compile(r"\b(?:cheaper|less|lower|costs?\s+less)\s+(?:on|for|per|in)\s+(?:the\s+)?output|"
                                   r"\b(?:cheaper|less|lower)\s+(?:\w+\s+){0,3}?than\s+[^,.;]{1,40}?\s+"
                                   r"(?:on|for|per|in)\s+output")


# "cheaper than it", "less than what that one costs": the model named before ("something like X").
_PRONOUN_RE = re.compile(r"\s*(?:it|its|that(?:\s+one)?|this(?:\s+one)?|them|they|those|these|es|eso|esto|ça|cela|"
                         r"das|es|isso|isto|esso|它|那个|それ|あれ|그것)\s*", re.IGNORECASE)


# "X nicht nötig", "X no es necesario", "X 不需要": something said not to be needed that no rule read. It must not
# steer retrieval toward X, so its words are claimed and the need is told.
_UNREAD_NEGATION_RES = (
    re.compile(rf"(?<![^\W\d_])(?P<what>[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)\s+{NOT_NEEDED}(?![^\W\d_])",
               re.IGNORECASE),
    # ... and 不要 ("don't want"), 必要ありません after any word, which no task reader takes as "not needed"
    re.compile(rf"(?P<what>[^\s，。、,.;:!?]{{1,8}}?)(?:{CJK_NOT_NEEDED}|(?:は|が|도)?\s*(?:不要|必要ありません))"),
)


def _read_unread_negations(st: ParseState) -> None:
    for regex in _UNREAD_NEGATION_RES:
        for m in islice(regex.finditer(st.low), MAX_HITS):
            what = m.group("what")
            if not st.free_span(m.start(), m.end()) or what.lower() in ("it", "that", "this", "es", "das"):
                continue
            if st.claim(m.start(), m.end(), f"said not to be needed: {st.text[m.start('what'):m.end('what')]!r}"):
                st.note(f"{st.text[m.start():m.end()].strip()!r} says something is not needed; it was not used to "
                        "choose results")


_WEB_ADDRESS_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def _read_web_addresses(st: ParseState) -> None:
    """A web address names no task; it is left out of what is retrieved (the need is told)."""
    for m in islice(_WEB_ADDRESS_RE.finditer(st.low), MAX_HITS):
        if st.free_span(m.start(), m.end()) and st.claim(m.start(), m.end(), "a web address (not read)"):
            st.note(f"the web address {st.text[m.start():m.end()]!r} was not read: it names no task")


def emitted_uris() -> frozenset[str]:
    """Every ``capability://`` URI the parser can put in capabilities, preferences or not_needed."""
    uris = {uri for rules in (FLAG_RULES, CAPABILITY_RULES, PREFERENCE_RULES) for r in rules
            for uri in r.caps + r.prefs}
    uris.update(CAPABILITY_PREFIX + tier for _, tier in CONTEXT_TIERS)
    return frozenset(uris)


def parse_need(text: str) -> Need:
    """Read a free-text need into hard constraints, soft preferences and leftover soft text.

    Pure and deterministic; parses at most :data:`MAX_PARSE_CHARS` characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"need text must be str, not {type(text).__name__}")
    parsed, cut_note = _cap_text(text)
    spaced, spaces = _space_scripts(parsed)
    st = ParseState(spaced, inserted=tuple(spaces))
    if cut_note:
        st.note(cut_note)
    read_counted_prices_of_named_unit(st)
    read_unit_prices(st)
    read_prices(st)
    read_total_budgets(st)
    read_period_budgets(st)
    read_clause_prices(st)
    read_context_sizes(st)
    read_context_any_language(st)
    st.cheaper_than = read_named_price(st)
    read_modalities(st)
    read_parties(st)
    _drop_hedged_parties(st)
    _apply_rules(st, FLAG_RULES)
    _apply_rules(st, CAPABILITY_RULES)
    read_conversions(st)
    read_making(st)
    read_tasks_any_language(st)
    read_sources(st)
    _apply_rules(st, PREFERENCE_RULES)
    _read_unread_negations(st)
    read_implied(st)
    _read_web_addresses(st)
    read_quality_words(st)
    resolve_period_budgets(st)
    resolve_unitless_prices(st)
    if st.inserted:
        _unspace(st, parsed)
    return _finish(st, text)
