"""Context sizes said with the words other languages use for a floor and a half."""

from __future__ import annotations

import pytest

from matchgraph.match.need_parser import parse_need


@pytest.mark.parametrize(("text", "tokens"), [
    ("Ищу модель для агента: нужен tool calling, контекст от 200 тысяч токенов", 200_000),
    ("потрібна модель, контекст від 100 тисяч токенів", 100_000),
    ("Modell mit Kontext ab 128k bitte", 128_000),
    ("un modelo con contexto desde 200 mil tokens", 200_000),
    ("หา LLM สำหรับแชทบอท และบริบทอย่างน้อยครึ่งล้านโทเค็น", 500_000),
])
def test_a_context_floor_said_as_from(text: str, tokens: int) -> None:
    """"Context from 200 thousand" is a floor, in the words other languages use for it."""
    assert parse_need(text).constraints.min_context == tokens
