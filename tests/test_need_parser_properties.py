"""Properties of the need parser over generated text: total, bounded, deterministic, JSON-ready."""

from __future__ import annotations

import json
import math
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from matchgraph.match.need import Need
from matchgraph.match.need_parser import MAX_PARSE_CHARS, parse_need

# Timing is not asserted here (no deadline); generated inputs only check behaviour.
_SETTINGS = settings(deadline=None, max_examples=150)

# Words the parser reacts to, mixed with noise, so generated text reaches the interesting paths.
_VOCAB = [
    "under", "below", "at least", "max", "<", "≤", ">=", "$", "¢", "cents", "usd", "dollars", "per", "/", "M",
    "1M", "million", "k", "1k", "tokens", "token", "input", "output", "in", "out", "per image", "a picture",
    "context", "128k", "200K", "window", "free", "cheap", "budget", "open weights", "self-host",
    "proprietary", "from", "by", "not", "no", "without", "except", "on", "via", "OpenAI", "Google", "Meta",
    "Bedrock", "groq",
    "models", "JSON", "schema", "vision", "images", "generate", "transcribe", "voice", "embeddings", "needed",
    "don't need", ",", ".", "and", "or", "\n", "🙂", "中文", "привет", "مرحبا", "**", "`", "SELECT *", "'",
]
_NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.decimals(min_value=0, max_value=10**4, places=4, allow_nan=False, allow_infinity=False).map(str),
    st.just("9" * 400),
    st.just("1,000,000"),
    st.just(".5"),
)
_TOKENS = st.one_of(st.sampled_from(_VOCAB), _NUMBERS, st.text(max_size=8))
_NEEDISH = st.lists(_TOKENS, max_size=40).flatmap(
    lambda parts: st.sampled_from([" ", "", "  "]).map(lambda sep: sep.join(parts))
)
_ANY_TEXT = st.one_of(st.text(max_size=300), _NEEDISH)


@_SETTINGS
@given(_ANY_TEXT)
def test_never_raises_and_output_is_json(text: str) -> None:
    need = parse_need(text)
    data = json.loads(json.dumps(need.to_dict(), allow_nan=False))
    assert Need.from_dict(data) == need


@_SETTINGS
@given(_ANY_TEXT)
def test_prices_are_finite_and_non_negative(text: str) -> None:
    c = parse_need(text).constraints
    for value in (c.max_input_per_mtok, c.max_output_per_mtok, c.max_per_image):
        assert value is None or (math.isfinite(value) and value >= 0)
    assert c.min_context is None or 0 < c.min_context <= 10**12


@_SETTINGS
@given(_ANY_TEXT)
def test_parse_is_deterministic(text: str) -> None:
    assert parse_need(text) == parse_need(text)


@_SETTINGS
@given(_ANY_TEXT)
@example("AA㐀")  # a space put between scripts for the rules is not part of the soft text
def test_spans_and_soft_text_are_consistent(text: str) -> None:
    need = parse_need(text)
    previous_end = 0
    for u in need.understood:
        assert text[u.start:u.end] == u.span
        assert u.start >= previous_end  # spans never overlap
        previous_end = u.end
    assert need.soft_text == need.soft_text.strip()
    assert "  " not in need.soft_text
    assert len(need.soft_text) <= min(len(text), MAX_PARSE_CHARS)


@settings(deadline=None, max_examples=25)
@given(st.text(min_size=MAX_PARSE_CHARS + 1, max_size=MAX_PARSE_CHARS + 3000))
def test_long_text_is_cut_with_a_note(text: str) -> None:
    need = parse_need(text)
    assert any("characters were parsed" in n for n in need.notes)
    assert all(u.end <= MAX_PARSE_CHARS for u in need.understood)


@_SETTINGS
@given(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("5000"), places=3),
    st.sampled_from(["under ${x} per million", "under ${x}/M", "less than {x} dollars per million tokens",
                     "max {x} usd/m", "below {x}$/1M", "≤ ${x} per 1M tokens"]),
)
def test_price_ceiling_round_trips(x: Decimal, template: str) -> None:
    text = "a chat model " + template.format(x=x)
    assert parse_need(text).constraints.max_input_per_mtok == float(x)


@_SETTINGS
@given(st.integers(min_value=1, max_value=9999))
def test_cents_per_image_round_trips(cents: int) -> None:
    c = parse_need(f"generate logos for under {cents} cents per image").constraints
    assert c.max_per_image == cents / 100


@_SETTINGS
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["k context", "K context", "k-context",
                                                                       "k token context window", "k tokens"]))
def test_context_round_trips(n: int, suffix: str) -> None:
    assert parse_need(f"need {n}{suffix}").constraints.min_context == n * 1000
