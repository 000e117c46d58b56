"""A budget stated as a total over a quantity of work is a price per unit of that work.

"5 million characters, 50 dollars for all of it" bounds the price per character at 50 / 5,000,000; read by
the grammar alone (no catalog), in several languages, and left alone where the amount is not a total.
"""

from __future__ import annotations

import pytest

from matchgraph.match.need_parser import parse_need


@pytest.mark.parametrize(("need", "field", "value"), [
    ("TTS for 5 million characters, total budget 50 dollars", "max_per_character", 0.00001),
    ("we have 2.5 million characters to narrate and can spend 30 dollars in total", "max_per_character", 0.000012),
    ("I need to transcribe 200 hours of audio and have $40 total", "max_per_second", 40 / 720000),
    ("generate 1000 product images, budget $20 total", "max_per_image", 0.02),
    ("embed 10M tokens for $1", "max_input_per_mtok", 0.1),
    ("OCR for 30,000 pages, our budget is $45 for the whole thing", "max_per_page", 0.0015),
    ("web search API, about 20k searches, we can spend $100 on them altogether", "max_per_query", 0.005),
    # other languages: Russian, German, Spanish, French, Portuguese, Chinese, Japanese, Polish
    ("Нужно озвучить 5 миллионов символов текста. Бюджет на всё — 50 долларов. Какой TTS?", "max_per_character",
     0.00001),
    ("Wir müssen 300 Stunden Audio transkribieren, Budget insgesamt 108 Dollar.", "max_per_second", 0.0001),
    ("Quiero generar 500 imágenes para mi tienda y tengo un presupuesto de 10 dólares en total.", "max_per_image",
     0.02),
    ("Je dois faire lire 2 millions de caractères, budget total : 32 dollars.", "max_per_character", 0.000016),
    ("Preciso transcrever 100 horas de áudio, orçamento de 36 dólares no total.", "max_per_second", 0.0001),
    ("要生成1000张商品图,总预算20美元", "max_per_image", 0.02),
    ("100万文字の読み上げ、予算は合計20ドルです", "max_per_character", 0.00002),
    ("Mamy 1000 stron skanów do OCR, budżet łącznie 3 USD.", "max_per_page", 0.003),
])
def test_a_total_over_a_quantity_is_a_price_per_unit(need: str, field: str, value: float) -> None:
    need_read = parse_need(need)
    assert getattr(need_read.constraints, field) == pytest.approx(value)
    # the quantity of work is not also read as a context window or as a per-token price
    assert need_read.constraints.min_context is None
    if field != "max_input_per_mtok":
        assert need_read.constraints.max_input_per_mtok is None
    assert any("total" in n for n in need_read.notes)


@pytest.mark.parametrize("need", [
    # the amount is a price per unit already, or per item ("each"), or the quantity is a context window
    "TTS for 5 million characters, under $16 per 1M characters",
    "generate 1000 product images, under 2 cents each",
    "need 200k tokens of context, budget $5 total",
    # two quantities of different work: which one the budget covers is not known
    "transcribe 200 hours of audio and narrate 1 million characters, $100 in total",
    # a rate of work and a one-off amount: not the same period
    "we transcribe 200 hours a month, our budget is $40 in total",
])
def test_no_total_is_read_where_the_amount_is_not_one(need: str) -> None:
    c = parse_need(need).constraints
    if "per 1M characters" in need:
        assert c.max_per_character == pytest.approx(0.000016)
    elif "each" in need:
        assert c.max_per_image == pytest.approx(0.02)
    elif "context" in need:
        assert c.min_context == 200000
        assert c.max_per_character is None and c.max_per_image is None
    else:
        assert c.max_per_second is None and c.max_per_character is None


def test_a_monthly_quantity_and_a_monthly_budget_make_a_price_per_unit() -> None:
    c = parse_need("we transcribe 200 hours a month and can spend $72 a month in total").constraints
    assert c.max_per_second == pytest.approx(72 / 720000)


@pytest.mark.parametrize(("need", "size"), [
    ("half a million tokens of context", 500000),
    ("at least half a million token context window", 500000),
    ("Kontext von einer halben Million Token", 500000),
    ("necesito medio millón de tokens de contexto", 500000),
    ("a quarter million tokens of context", 250000),
])
def test_half_a_million_is_half_a_million(need: str, size: int) -> None:
    assert parse_need(need).constraints.min_context == size
