"""Prices said the many ways people say them, in many languages, read onto the typed price units.

Each case states one price bound in one unit; the reading must land in that unit with that value and bound
nothing else. The cases are written per language and per unit (per minute or hour of audio, per character,
per image, per page, per query), with the unit before or after the amount, as a counter ("1枚", "장당"), as a
possessive ("dakikası"), far from the amount in its clause, in words ("a penny", "a dime", "medio centavo"),
and for a whole item of a stated length ("$1.20 for a 10-second clip").
"""

from __future__ import annotations

import math

import pytest

from matchgraph.match.need_parser import parse_need
from matchgraph.match.price_clause import item_seconds

CASES = [
    ('de', 'Transkription, höchstens 0,01 Dollar pro Minute', 'max_per_second', 0.000166667),
    ('de', 'pro Minute maximal 1 Cent, Transkription', 'max_per_second', 0.000166667),
    ('de', 'Sprachausgabe für maximal 15 Dollar je 1 Million Zeichen', 'max_per_character', 1.5e-05),
    ('de', 'OCR, nicht mehr als 2 $ pro 1000 Seiten', 'max_per_page', 0.002),
    ('de', 'Bildgenerator, ein Bild darf höchstens 3 Cent kosten', 'max_per_image', 0.03),
    ('de', 'Such-API bis 4 Dollar für 1.000 Suchanfragen', 'max_per_query', 0.004),
    ('es', 'transcribir audio a máximo 0,006 dólares por minuto', 'max_per_second', 0.0001),
    ('es', 'que el minuto no pase de un centavo de dólar', 'max_per_second', 0.000166667),
    ('es', 'texto a voz, menos de 20 dólares por millón de caracteres', 'max_per_character', 2e-05),
    ('es', 'generar imágenes a 2 centavos cada una como mucho', 'max_per_image', 0.02),
    ('es', 'API de búsqueda, 5 dólares por cada mil búsquedas máximo', 'max_per_query', 0.005),
    ('es', 'OCR de facturas a menos de 1,5 dólares las mil páginas', 'max_per_page', 0.0015),
    ('fr', 'transcription à 0,5 centime la minute maximum', 'max_per_second', 8.33333e-05),
    ('fr', 'synthèse vocale, pas plus de 30 dollars le million de caractères', 'max_per_character', 3e-05),
    ('fr', "génération d'images, 4 centimes par image au maximum", 'max_per_image', 0.04),
    ('fr', 'une API de recherche à moins de 3 dollars les 1000 requêtes', 'max_per_query', 0.003),
    ('fr', 'OCR à 1 dollar les 1000 pages', 'max_per_page', 0.001),
    ('pt', 'transcrição por no máximo 1 centavo de dólar por minuto', 'max_per_second', 0.000166667),
    ('pt', 'cada imagem pode custar no máximo 3 centavos', 'max_per_image', 0.03),
    ('pt', 'voz sintética até 16 dólares por milhão de caracteres', 'max_per_character', 1.6e-05),
    ('pt', 'API de busca por até 5 dólares a cada mil buscas', 'max_per_query', 0.005),
    ('zh', '语音转文字，每分钟不超过0.006美元', 'max_per_second', 0.0001),
    ('zh', '每小时音频最多0.3美元', 'max_per_second', 8.33333e-05),
    ('zh', '文字转语音，每百万字符不超过15美元', 'max_per_character', 1.5e-05),
    ('zh', '每张图片0.02美元以内', 'max_per_image', 0.02),
    ('zh', '搜索API每千次查询不超过5美元', 'max_per_query', 0.005),
    ('zh', 'OCR每页不超过0.001美元', 'max_per_page', 0.001),
    ('ja', '文字起こしで1分あたり0.006ドル以下', 'max_per_second', 0.0001),
    ('ja', '画像生成、1枚3セント以内', 'max_per_image', 0.03),
    ('ja', '音声合成は100万文字あたり15ドルまで', 'max_per_character', 1.5e-05),
    ('ja', '検索APIは1000クエリあたり4ドル以下', 'max_per_query', 0.004),
    ('ja', 'OCRで1ページ0.002ドル以下', 'max_per_page', 0.002),
    ('ko', '음성 인식 분당 0.006달러 이하', 'max_per_second', 0.0001),
    ('ko', '이미지 한 장당 3센트 이하', 'max_per_image', 0.03),
    ('ko', 'TTS 100만 글자당 15달러 이하', 'max_per_character', 1.5e-05),
    ('ko', '검색 API 1000회당 5달러 이하', 'max_per_query', 0.005),
    ('it', 'trascrizione a massimo 1 centesimo al minuto', 'max_per_second', 0.000166667),
    ('it', "immagini a non più di 3 centesimi l'una", 'max_per_image', 0.03),
    ('it', 'sintesi vocale sotto i 20 dollari per milione di caratteri', 'max_per_character', 2e-05),
    ('ru', 'расшифровка аудио не дороже 0,006 доллара за минуту', 'max_per_second', 0.0001),
    ('ru', 'генерация картинок до 3 центов за картинку', 'max_per_image', 0.03),
    ('ru', 'синтез речи не больше 15 долларов за миллион символов', 'max_per_character', 1.5e-05),
    ('ru', 'поисковый API до 5 долларов за 1000 запросов', 'max_per_query', 0.005),
    ('tr', 'transkripsiyon dakika başına en fazla 0,01 dolar', 'max_per_second', 0.000166667),
    ('tr', 'görsel başına en fazla 3 sent', 'max_per_image', 0.03),
    ('pl', 'transkrypcja maks. 1 cent za minutę', 'max_per_second', 0.000166667),
    ('pl', 'synteza mowy do 20 dolarów za milion znaków', 'max_per_character', 2e-05),
    ('nl', 'transcriptie voor hooguit 1 cent per minuut', 'max_per_second', 0.000166667),
    ('nl', 'afbeeldingen voor maximaal 3 cent per stuk', 'max_per_image', 0.03),
    ('id', 'transkripsi maksimal 1 sen dolar per menit', 'max_per_second', 0.000166667),
    ('id', 'gambar maksimal 3 sen per gambar', 'max_per_image', 0.03),
    ('vi', 'chuyển giọng nói thành văn bản tối đa 0,006 đô mỗi phút', 'max_per_second', 0.0001),
    ('vi', 'tạo ảnh không quá 3 xu mỗi ảnh', 'max_per_image', 0.03),
    ('hi', 'transcription 1 cent per minute se zyada nahi', 'max_per_second', 0.000166667),
    ('hi', 'har image 3 cent se kam honi chahiye', 'max_per_image', 0.03),
    ('ar', 'تحويل الصوت إلى نص بحد أقصى 0.006 دولار للدقيقة', 'max_per_second', 0.0001),
    ('en', 'transcription, a penny a minute tops', 'max_per_second', 0.000166667),
    ('en', 'tts, two cents per thousand characters max', 'max_per_character', 2e-05),
    ('en', 'a dime per image or less', 'max_per_image', 0.1),
    ('en', "search api, 1,000 searches shouldn't cost more than $5", 'max_per_query', 0.005),
    ('en', 'ocr: $1.50 for every 1000 pages at most', 'max_per_page', 0.0015),
    ('en', 'video gen, $1.20 for a 10-second clip max', 'max_per_second', 0.12),
    ('en', 'under a quarter per image', 'max_per_image', 0.25),
    ('en', 'transcribe, max 36 cents an hour', 'max_per_second', 0.0001),
    ('en', 'transcription at $0.006/min or less', 'max_per_second', 0.0001),
    ('en', 'tts under $15/1M chars', 'max_per_character', 1.5e-05),
    ('en', 'search api under $5/1k searches', 'max_per_query', 0.005),
    ('en', 'ocr at most $0.002/page', 'max_per_page', 0.002),
    ('en', 'images under 0.02/img', 'max_per_image', 0.02),
    ('en', 'video generation at $0.10/sec max', 'max_per_second', 0.1),
    ('en', "the per-minute rate can't exceed $0.01, transcription", 'max_per_second', 0.000166667),
    ('en', 'price per page ≤ $0.002 for ocr', 'max_per_page', 0.002),
    ('en', 'cost per 1000 characters: max $0.02, voice', 'max_per_character', 2e-05),
    ('en', '$0.006 per audio minute at most', 'max_per_second', 0.0001),
    ('en', 'no more than $0.30 per hour of audio', 'max_per_second', 8.33333e-05),
    ('en', 'below $0.05 per second of video', 'max_per_second', 0.05),
    ('en', 'under 4 cents per generated image', 'max_per_image', 0.04),
    ('en', 'tts for $0.02 per 1K chars or less', 'max_per_character', 2e-05),
    ('en', 'transcribing at 36 cents/hour tops', 'max_per_second', 0.0001),
    ('de', '0,6 Cent/Minute maximal für Transkription', 'max_per_second', 0.0001),
    ('de', 'pro Bild max. 4 Cent', 'max_per_image', 0.04),
    ('de', 'für 1.000 Seiten höchstens 2 $', 'max_per_page', 0.002),
    ('de', 'pro Stunde Audio höchstens 30 Cent', 'max_per_second', 8.33333e-05),
    ('de', 'Kosten pro Minute unter einem Cent', 'max_per_second', 0.000166667),
    ('es', 'transcripción a 0,01 USD/min máximo', 'max_per_second', 0.000166667),
    ('es', 'a 2 céntimos la imagen como mucho', 'max_per_image', 0.02),
    ('es', 'no más de 15 USD por cada millón de caracteres', 'max_per_character', 1.5e-05),
    ('es', 'que cada imagen cueste menos de 3 centavos', 'max_per_image', 0.03),
    ('es', 'la hora de audio a menos de 30 centavos', 'max_per_second', 8.33333e-05),
    ('fr', '0,006 $/min maximum', 'max_per_second', 0.0001),
    ('fr', 'moins de 2 centimes par image', 'max_per_image', 0.02),
    ('fr', '4 $ pour 1 000 recherches au maximum', 'max_per_query', 0.004),
    ('fr', "l'heure d'audio à moins de 30 centimes", 'max_per_second', 8.33333e-05),
    ('pt', 'US$ 0,01 por minuto no máximo', 'max_per_second', 0.000166667),
    ('pt', 'até 2 centavos de dólar por imagem', 'max_per_image', 0.02),
    ('pt', 'a hora de áudio por no máximo 30 centavos de dólar', 'max_per_second', 8.33333e-05),
    ('zh', '0.006美元/分钟以内', 'max_per_second', 0.0001),
    ('zh', '每千字符0.015美元以下', 'max_per_character', 1.5e-05),
    ('zh', '一张图2美分以内', 'max_per_image', 0.02),
    ('zh', '每1000次搜索5美元以内', 'max_per_query', 0.005),
    ('zh', '每小时不超过30美分', 'max_per_second', 8.33333e-05),
    ('ja', '1分0.006ドル以下', 'max_per_second', 0.0001),
    ('ja', '1000文字あたり0.015ドル以下', 'max_per_character', 1.5e-05),
    ('ja', '画像1枚あたり4セントまで', 'max_per_image', 0.04),
    ('ja', '1時間あたり30セント以下', 'max_per_second', 8.33333e-05),
    ('ko', '분당 0.6센트 이하', 'max_per_second', 0.0001),
    ('ko', '1,000자당 1.5센트 이하', 'max_per_character', 1.5e-05),
    ('ko', '장당 4센트 이하', 'max_per_image', 0.04),
    ('ko', '시간당 30센트 이하', 'max_per_second', 8.33333e-05),
    ('ru', '0,6 цента в минуту максимум', 'max_per_second', 0.0001),
    ('ru', 'не больше 2 центов за изображение', 'max_per_image', 0.02),
    ('ru', '$5 за тысячу запросов', 'max_per_query', 0.005),
    ('ru', 'час аудио не дороже 30 центов', 'max_per_second', 8.33333e-05),
    ('it', 'al massimo 2 centesimi a immagine', 'max_per_image', 0.02),
    ('it', '0,006 dollari al minuto', 'max_per_second', 0.0001),
    ('tr', 'dakikası en fazla 1 sent', 'max_per_second', 0.000166667),
    ('tr', 'görsel başı 3 sent', 'max_per_image', 0.03),
    ('pl', '0,6 centa za minutę', 'max_per_second', 0.0001),
    ('pl', 'maks. 2 centy za obraz', 'max_per_image', 0.02),
    ('id', 'per menit maksimal 0,6 sen dolar', 'max_per_second', 0.0001),
    ('vi', '0,006 đô la mỗi phút', 'max_per_second', 0.0001),
    ('hi', 'ek image ka 3 cent se zyada nahi', 'max_per_image', 0.03),
    ('hi', '1000 characters ke 2 cent max', 'max_per_character', 2e-05),
]


@pytest.mark.parametrize(("lang", "need", "field", "value"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_a_price_lands_in_its_own_unit(lang: str, need: str, field: str, value: float) -> None:
    c = parse_need(need).constraints
    got = getattr(c, field)
    assert got is not None and math.isclose(got, value, rel_tol=0.01), (need, c.to_dict())
    others = {k: v for k, v in c.to_dict().items() if k.startswith("max_") and v is not None and k != field}
    assert others == {}, (need, others)


@pytest.mark.parametrize(("need", "seconds"), [
    ("each 5-second clip", 5.0), ("clips de 6 segundos", 6.0), ("podcast episodes of 1 hour", 3600.0),
    ("8초짜리 클립", 8.0), ("our ads are all 6 seconds long", 6.0), ("a 10-sekundowy klip", 10.0),
    ("10 second clips and 5 second clips", None), ("a video about seconds", None),
])
def test_the_length_of_an_item_priced_whole(need: str, seconds: float | None) -> None:
    assert item_seconds(need.lower()) == seconds


@pytest.mark.parametrize("need", [
    "I transcribe 200 hours a month, budget $50",  # a budget with no unit and a different span of time
    "TTS voice under 1 cent",  # speech is billed per character or second: no unit is stated
    "video generation under 10 cents",
    "I need 300 images per month under 2 cents",  # a count of images, then a price: which unit is not said
])
def test_an_amount_with_no_unit_for_a_task_billed_otherwise_bounds_nothing(need: str) -> None:
    parsed = parse_need(need)
    assert {k: v for k, v in parsed.constraints.to_dict().items() if k.startswith("max_") and v is not None} == {}
    assert any("not used as a filter" in n for n in parsed.notes), parsed.notes


@pytest.mark.parametrize(("need", "field", "value"), [
    # the unit-less amount of a need that only speaks of tokens is still a token price
    ("chat model under $1", "max_input_per_mtok", 1.0),
    ("coding model under 50 cents, 128k context", "max_input_per_mtok", 0.5),
    # a monthly budget over a monthly count is a price per unit
    ("Budget cuma US$30 sebulan, perkiraan sekitar 10.000 pencarian per bulan.", "max_per_query", 0.003),
])
def test_token_and_total_readings_still_hold(need: str, field: str, value: float) -> None:
    got = getattr(parse_need(need).constraints, field)
    assert got is not None and math.isclose(got, value, rel_tol=0.01)


def test_a_floor_stays_a_floor_and_a_refusal_to_pay_more_is_a_ceiling() -> None:
    assert parse_need("transcription, at least 1 cent per minute").constraints.max_per_second is None
    c = parse_need("A 5-second clip shouldn't cost me more than a quarter.").constraints
    assert c.max_per_second is not None and math.isclose(c.max_per_second, 0.05)


def test_a_bare_count_between_the_amount_and_its_unit_does_not_hide_the_unit() -> None:
    c = parse_need("Dưới 3 đô cho mỗi 1.000 trang là chốt").constraints
    assert c.max_per_page is not None and math.isclose(c.max_per_page, 0.003)


def test_an_image_made_from_text_is_not_an_image_read_into_text() -> None:
    made = parse_need("ブログのアイキャッチ画像をテキストから作りたい").constraints
    assert "capability://image.generation.text-to-image" in made.capabilities and "image" not in made.input_modalities
    read = parse_need("画像をテキストに変換したい").constraints
    assert "image" in read.input_modalities
