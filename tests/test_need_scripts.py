"""Prices, tasks and refusals written in languages and scripts the sentence encoder does not cover.

Each case is read by the grammar alone (no catalog), so a change that stops reading it fails here.
"""

from __future__ import annotations

import pytest

from matchgraph.match.need_parser import parse_need

TRANSCRIBE = "capability://audio.transcription"


@pytest.mark.parametrize(("need", "field", "value"), [
    # Greek: "up to 0.006 dollars the minute"
    ("Χρειάζομαι μεταγραφή ομιλίας σε κείμενο. Μέχρι 0,006 δολάρια το λεπτό.", "max_per_second", 0.0001),
    # Hebrew: "up to 5 dollars per thousand queries" (the 'per' is a prefix letter)
    ("מחפש API לחיפוש באינטרנט, עד 5 דולר לאלף שאילתות", "max_per_query", 0.005),
    # Arabic: "less than 0.006 dollars per minute", and Arabic-Indic digits
    ("تحويل الصوت لنص، بسعر أقل من 0.006 دولار للدقيقة", "max_per_second", 0.0001),
    ("السعر لا يتجاوز ٤ دولارات لكل مليون توكن إدخال", "max_input_per_mtok", 4.0),
    # Polish: per hour of recording
    ("Transkrypcja podcastów. Maks. 0,72 USD za godzinę nagrania.", "max_per_second", 0.0002),
    # Czech: the side named before the unit
    ("max. 0,002 $ za 1K vstupních tokenů", "max_input_per_mtok", 2.0),
    # Thai: a million tokens, the input side after the unit
    ("ราคาไม่เกิน 0.1 ดอลลาร์ต่อล้านโทเค็นขาเข้า", "max_input_per_mtok", 0.1),
    ("ราคาไม่เกิน $0.000015 ต่อตัวอักษร", "max_per_character", 0.000015),
    # Greek cents per picture, Vietnamese dollars per minute
    ("Μέχρι 5 σεντς ανά εικόνα", "max_per_image", 0.05),
    ("giá dưới 0,6 đô mỗi phút", "max_per_second", 0.01),
    # Japanese "2 dollars or less per 1000 pages", Chinese "each picture at most 2 US cents", Korean "3 cents a sheet"
    ("OCRで1000ページ2ドル以下", "max_per_page", 0.002),
    ("文字生成图片,每张图不超过2美分", "max_per_image", 0.02),
    ("이미지 편집 API 중에 장당 3센트 이하", "max_per_image", 0.03),
])
def test_price_in_other_scripts(need: str, field: str, value: float) -> None:
    assert getattr(parse_need(need).constraints, field) == pytest.approx(value)


def test_a_clip_priced_whole_is_a_price_per_second() -> None:
    c = parse_need("text-to-video, and each 10 second clip can't cost more than $1.50").constraints
    assert c.max_per_second == pytest.approx(0.15)
    c = parse_need("an 8 second video clip for my shop, under 60 cents, text to video").constraints
    assert c.max_per_second == pytest.approx(0.075)
    # Two different clip lengths: which one the price is for is not known, so it is not divided.
    c = parse_need("text to video, 5 second clips and 10 second clips, under $1").constraints
    assert c.max_per_second is None


def test_refusing_to_pay_more_is_a_ceiling_and_must_is_a_floor() -> None:
    assert parse_need("each 8 second video clip mustn't cost more than $2, text to video").constraints \
        .max_per_second == pytest.approx(0.25)
    assert parse_need("it must cost more than $2 per 1M tokens").constraints.max_input_per_mtok is None


@pytest.mark.parametrize(("need", "uri"), [
    ("Χρειάζομαι μεταγραφή ομιλίας σε κείμενο για συνεντεύξεις", TRANSCRIBE),
    ("Transkrypcja podcastów po polsku", TRANSCRIBE),
    ("necesito algo que me pase a texto las notas de voz", TRANSCRIBE),
    ("צריך תמלול של הקלטות", TRANSCRIBE),
    ("Potrzebuję czegoś, co automatycznie oznaczy obraźliwe posty", "capability://safety.moderation"),
    ("mi serve un modello che filtri i commenti tossici", "capability://safety.moderation"),
    ("θέλω να αλλάξω τον ουρανό, μοντέλο που επεξεργάζεται εικόνες με οδηγίες", "capability://image.editing"),
    ("רוצה ליצור קליפים קצרים מטקסט", "capability://video.generation"),
    ("Потрібна модель, яка бачить екран і сама клікає та друкує", "capability://tools.computer-use"),
    ("шукаю модель з кешуванням промпту", "capability://api.prompt-caching"),
    ("un truc qui me sort des images à partir d'une description", "capability://image.generation.text-to-image"),
    ("Có model nào nhìn ảnh đề bài rồi giải từng bước không?", "capability://vision.image-understanding"),
])
def test_task_in_other_languages(need: str, uri: str) -> None:
    assert uri in parse_need(need).constraints.capabilities


def test_a_refused_generator_is_not_needed() -> None:
    n = parse_need("das Modell soll Fotos verstehen. Keinen Bildgenerator bitte, nur Analyse.")
    assert "capability://image.generation.text-to-image" not in n.constraints.capabilities
    assert "image" not in n.constraints.output_modalities
    assert "capability://image.generation.text-to-image" in n.not_needed
    # without the refusal the same words ask for one
    assert "image" in parse_need("ein Bildgenerator für Fotos").constraints.output_modalities


def test_best_and_math_in_greek_and_hebrew() -> None:
    n = parse_need("θέλω το πιο δυνατό μοντέλο για μαθηματικά προβλήματα")
    assert "capability://text.math" in n.preferences
    assert any("best" in u.meaning for u in n.understood)
    assert any("best" in u.meaning for u in parse_need("מה המודל הכי טוב למתמטיקה").understood)


def test_context_and_open_weights_in_hebrew_and_a_price_per_characters_in_japanese() -> None:
    c = parse_need("מחפש משהו עם משקלים פתוחים, ולפחות 32 אלף טוקנים של הקשר").constraints
    assert c.open_weights is True and c.min_context == 32000
    c = parse_need("自然な日本語で読み上げてくれる音声合成?100万文字で20ドル以内だと嬉しい").constraints
    assert c.max_per_character == pytest.approx(0.00002)
    assert parse_need("ngữ cảnh ít nhất 128k").constraints.min_context == 128000


def test_spans_quote_digits_of_other_scripts_as_written() -> None:
    text = "under $٠.٥ per million tokens"
    n = parse_need(text)
    assert n.constraints.max_input_per_mtok == pytest.approx(0.5)
    assert all(text[u.start:u.end] == u.span for u in n.understood)
    assert any("٠.٥" in u.span for u in n.understood)
