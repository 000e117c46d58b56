"""The cheap cue checks that let the need parser skip a pattern: a cue must be present wherever its
patterns match, or a need would silently lose what they read."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from matchgraph.match import grammar

EVAL = Path(__file__).resolve().parent / "eval"
PRICE_PATTERNS = (grammar._PRICE_RE, grammar._PER_FIRST_RE, grammar._PER_AFTER_RE, grammar._UNIT_FIRST_RE,
                  grammar._PER_MILLION_RE)
# Price forms in words and scripts, beside the evaluation needs: amounts without a digit are the risky ones.
FORMS = ["two dollars a million", "half a cent per query", "a quarter of a cent per image", "½¢ per image",
         "one dollar per million", "fifty cents per picture", "画像1枚あたり0.02ドル", "每分钟0.01美元",
         "two bucks per 1K requests", "0,20 dólares por millón de tokens", "a dollar per hour",
         "a buck per million tokens", "three quarters of a cent per search", "每百万token不超过0.5美元",
         "one query costs half a cent at most", "dakika başına 0,01 dolar"]


def _needs() -> list[str]:
    return [str(n["need"]) for p in sorted(EVAL.glob("*.yaml")) for n in yaml.safe_load(p.read_text("utf-8"))]


def _holds(text: str) -> bool:
    low = text.lower()
    return grammar._AMOUNT_CUE_RE.search(low) is not None or not any(p.search(low) for p in PRICE_PATTERNS)


@pytest.mark.parametrize("text", FORMS)
def test_price_forms_have_the_amount_cue(text: str) -> None:
    assert any(p.search(text.lower()) for p in PRICE_PATTERNS), text  # the form is one the patterns read
    assert grammar._AMOUNT_CUE_RE.search(text.lower()), text


def test_every_evaluation_need_a_price_pattern_reads_has_the_amount_cue() -> None:
    needs = _needs()
    assert len(needs) > 200
    assert [n for n in needs if not _holds(n)] == []


_WORDS = st.sampled_from(["a", "an", "one", "half", "quarter", "of", "per", "each", "cent", "dollar", "million",
                          "image", "query", "minute", "tokens", "あたり", "枚", "每", "分钟", "美元", "por", "millón",
                          "½", "¢", "$", "usd", "1", "0,2", ".5", "/", "costs", "under"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_the_amount_cue_is_present_wherever_a_price_pattern_matches(words: list[str]) -> None:
    assert _holds(" ".join(words))
