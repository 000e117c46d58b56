"""Read context-window sizes from a need ("128K context", "at least 32,000 tokens", "long context").

The reading rules are listed in :mod:`matchgraph.match.need_parser`.
"""

from __future__ import annotations

import re
from itertools import islice

from matchgraph.match.need_rules import CAPABILITY_PREFIX
from matchgraph.match.need_state import MAX_HITS, ParseState
from matchgraph.match.units import NUM, SCALE, WORD_NUM, token_count

_CTX_NUM = rf"(?P<n>{NUM}|{WORD_NUM})\s?(?P<s>{SCALE})?(?P<plus>\+)?"
_MIN_CMP = (r"(?:at\s+least|min(?:imum)?(?:\s+of)?|>=|≥|⩾|>|over|more\s+than|above|upwards\s+of|"
            r"no\s+less\s+than|up\s+to)")
_CONTEXT_WORD = r"(?:context|ctx|window)(?:[\s-]*(?:windows?|lengths?|size|limit))?"
# (pattern, guarded): guarded patterns lack the word "context", so output sizes and volumes are skipped
_CTX_RES: tuple[tuple[re.Pattern[str], bool], ...] = (
    # "128K context", "1 million token context window", "200k tokens of context"
    (re.compile(
        rf"(?:{_MIN_CMP}\s*)?{_CTX_NUM}\s*-?\s*(?:tokens?\s*-?\s*(?:of\s+)?|toks?\s+)?(?:input\s+)?"
        rf"{_CONTEXT_WORD}"
    ), False),
    # "context window of at least 1M", "context: 128k tokens"
    (re.compile(
        rf"\b{_CONTEXT_WORD}\s*(?:(?:of|is|:|=|must\s+be|should\s+be|needs?\s+to\s+be|needed|required|"
        rf"{_MIN_CMP})\s*){{0,3}}{_CTX_NUM}(?:\s*(?:tokens?|toks?)\b)?"
    ), False),
    # "million-token context", "million token window" (no number: one million)
    (re.compile(rf"(?<![\w$])(?P<s>million|thousand)[\s-]+tokens?[\s-]+{_CONTEXT_WORD}"), False),
    # "at least 32,000 tokens", "1M tokens"
    (re.compile(rf"(?:{_MIN_CMP}\s*)?{_CTX_NUM}\s*(?:tokens?|toks?)\b"), True),
)
# "at most 8k context", "under 4k tokens of context": a ceiling no filter uses, only to find contradictions.
_MAX_CTX_RE = re.compile(rf"(?:at\s+most|under|less\s+than|no\s+more\s+than|max(?:imum)?|below|smaller\s+than)\s*"
                         rf"{_CTX_NUM}\s*-?\s*(?:tokens?\s*-?\s*(?:of\s+)?)?{_CONTEXT_WORD}")
# A bare "200k": only k/M scales, and not when a non-token noun follows.
_BARE_CTX_RE = re.compile(
    r"(?<![\w$.,/])(?P<n>[0-9]{1,7}(?:\.[0-9]+)?)\s?(?P<s>k|m)\b(?![\w$/.-])"
    # a count of things ("40k member discord", "~60k scanned photos"), the noun maybe after one adjective
    r"(?!\s*(?:[^\W\d_]+\s+)?(?:members?|subscribers?|followers?|students?|employees?|people|persons?|clients?|"
    r"visitors?|patients?|players?|lines?|books?|notes?|transcripts?|recordings?|contracts?|forms?|comments?|"
    r"questions?|listings?|skus?|orders?|transactions?|accounts?|repos?|games?|photos?|images?|pictures?|"
    r"scans?|files?|documents?|pdfs?|videos?)\b)"
    r"(?!\s*(?:requests?|calls?|users?|images?|pictures?|photos?|pages?|quer(?:y|ies)|rows?|docs?|"
    r"documents?|files?|messages?|emails?|words?|chars?|characters?|params?|parameters?|downloads?|"
    r"stars?|views?|videos?|resolution|res\b|uhd|monitor|display|renders?|art|illustrations?|posters?|"
    r"outputs?|output|usd|dollars?|times|per\b|a\s+(?:day|month|week|year)|\$|/|"
    # "~2k scanned PDFs a day", "50k invoices": a count of things, not a window
    r"(?:\w+\s+)?(?:pdfs?|scans?|invoices?|receipts?|tickets?|customers?|items?|products?|records?|entries|samples?|"
    r"tweets?|posts?|reviews?|calls?|minutes?|hours?|seconds?|songs?|clips?|articles?|sentences?|chunks?|pieces?)\b|"
    r"(?:\w+\s+){0,3}(?:a|per|each|every)\s+(?:day|week|month|year|hour)\b))",
)
_CTX_OUTPUT_BEFORE_RE = re.compile(
    r"\b(?:output|outputs|generat\w*|writ\w*|produc\w*|respon\w*|repl\w*|answers?|spend\w*|use[sd]?|"
    r"process\w*|consum\w*|budget)\b[^.,;:]*$",
)
_CTX_VOLUME_AFTER_RE = re.compile(
    r"\s*(?:of\s+)?(?:output|out\b|per\b|/|an?\s+(?:day|month|week|year|minute|second|request)\b|each\b|"
    r"every\b|daily|monthly|weekly|yearly|in\s+(?:total|output))",
)
_MEDIA_BEFORE_RE = re.compile(r"\b(?:upscal\w*|photos?|images?|pictures?|videos?|footage|resolution|renders?|"
                              r"wallpapers?|screens?|monitors?)\b\W+(?:\w+\W+){0,2}$")
_LONG_CONTEXT_RE = re.compile(
    r"\b(?:(?:very\s+)?(?:long|longer|large|larger|big|bigger|huge|massive|extended)[\s-]+"
    r"(?:context(?:[\s-]*(?:windows?|lengths?))?)|long\s+(?:documents?|reports?|contracts?|transcripts?|"
    r"histor(?:y|ies)|conversations?)|(?:entire|whole)\s+(?:codebases?|books?|repo(?:s|sitory|sitories)?|"
    r"monorepos?)|thousands\s+of\s+pages|[0-9]{3,}[\s-]pages?)\b",
)
CONTEXT_TIERS = ((1_000_000, "text.long-context.1m"), (200_000, "text.long-context.200k"),
                  (128_000, "text.long-context.128k"), (32_000, "text.long-context.32k"))


def read_context_sizes(st: ParseState) -> None:
    """Read minimum context sizes; without a number, "long context" becomes a preference."""
    text = st.low
    for m in islice(_MAX_CTX_RE.finditer(text), MAX_HITS):
        total = token_count(m.group("n"), m.group("s"))
        if total and st.claim(m.start(), m.end(), f"context at most {total} (checked against other sizes)"):
            st.context_ceilings.append(int(total))
    for regex, guarded in _CTX_RES:
        for m in islice(regex.finditer(text), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            if guarded:
                before = text[max(0, m.start() - 30):m.start()]
                if _CTX_OUTPUT_BEFORE_RE.search(before) or _CTX_VOLUME_AFTER_RE.match(text, m.end()):
                    continue
            _add_context(st, m, m.start(), m.end())
    for m in islice(_BARE_CTX_RE.finditer(text), MAX_HITS):
        if not st.free_span(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if _CTX_OUTPUT_BEFORE_RE.search(before) or re.search(r"(?:price|cost|\$|usd|budget)\W*$", before):
            continue
        if _MEDIA_BEFORE_RE.search(before):
            continue  # "upscale my photos to 4k" is a resolution
        _add_context(st, m, m.start(), m.end())
    if not st.contexts:
        for m in islice(_LONG_CONTEXT_RE.finditer(text), MAX_HITS):
            if st.claim(m.start(), m.end(), f"preference={CAPABILITY_PREFIX}text.long-context.128k"):
                st.prefs.setdefault(CAPABILITY_PREFIX + "text.long-context.128k", m.start())
                st.note("'long context' without a number is a preference for 128K+ windows, not a filter")


def _add_context(st: ParseState, m: re.Match[str], start: int, end: int) -> None:
    scale = m.group("s")
    count = token_count(m.groupdict().get("n") or "1", scale)
    if count is None or count <= 0:
        return
    if not scale and count < 1000:
        return  # "context of 10 documents" is not a window size
    if st.claim(start, end, f"min_context={count}"):
        st.contexts.append(count)
