"""Needs that mix scripts, put the side or the negation where their language puts it, or hedge a host."""

from __future__ import annotations

import pytest

from matchgraph.match.need_parser import parse_need


def test_a_latin_word_touching_japanese_is_read_and_its_span_indexes_the_text_as_written() -> None:
    text = ("RAG用のembedding model探してます。画像とテキストを同じvector spaceに入れたいので"
            "multimodal embeddingsが必須です")
    need = parse_need(text)
    assert "capability://embeddings.multimodal" in need.constraints.capabilities
    assert "image" in need.constraints.input_modalities
    assert need.understood
    for u in need.understood:
        assert text[u.start:u.end] == u.span


def test_single_letters_stay_joined_to_the_script_beside_them() -> None:
    assert parse_need("32k上下文的模型").constraints.min_context == 32000


@pytest.mark.parametrize(("text", "context"), [
    ("上下文要12万以上", 120000), ("上下文至少128k", 128000), ("コンテキストは少なくとも20万トークン", 200000),
])
def test_a_filler_between_the_context_word_and_the_size(text: str, context: int) -> None:
    assert parse_need(text).constraints.min_context == context


@pytest.mark.parametrize(("text", "field", "value"), [
    ("don't want to pay more than 4 cents an image", "max_per_image", 0.04),
    ("I do not wish to spend more than $2 per 1M tokens", "max_input_per_mtok", 2.0),
    ("قیمت خروجی باید زیر ۰٫۶ دلار برای هر یک میلیون توکن باشد", "max_output_per_mtok", 0.6),
    ("แต่ราคา output ต้องไม่เกิน 2 ดอลลาร์ต่อล้านโทเคน", "max_output_per_mtok", 2.0),
    ("girişte milyon token başı 1 USD'yi geçmesin", "max_input_per_mtok", 1.0),
    ("Képenként max. 0,05 dollár lehet.", "max_per_image", 0.05),
    ("Ausgabe höchstens 2 Dollar pro Million Tokens", "max_output_per_mtok", 2.0),
])
def test_price_ceilings_in_the_order_each_language_uses(text: str, field: str, value: float) -> None:
    assert getattr(parse_need(text).constraints, field) == value


def test_paying_more_by_choice_is_still_a_floor() -> None:
    assert parse_need("happy to pay more than $1 per image for quality").constraints.max_per_image is None


def test_sides_named_in_separate_clauses_each_bound_their_own_price() -> None:
    c = parse_need("entrada hasta 1 dólar por millón de tokens y salida hasta 3 dólares por millón").constraints
    assert (c.max_input_per_mtok, c.max_output_per_mtok) == (1.0, 3.0)


@pytest.mark.parametrize(("text", "hosts"), [
    ("tem algum modelo da DeepSeek que roda no Groq ou no Cerebras?", ("groq", "cerebras")),
    ("να τρέχει υποχρεωτικά στο Azure", ("azure",)),
    ("we're locked into Together AI for compliance reasons", ("together_ai",)),
])
def test_hosts_after_their_cue_words(text: str, hosts: tuple[str, ...]) -> None:
    c = parse_need(text).constraints
    assert c.include_hosts == hosts and not c.exclude_hosts


def test_english_no_before_a_host_still_excludes_it() -> None:
    assert parse_need("no Groq please, a chat model").constraints.exclude_hosts == ("groq",)


@pytest.mark.parametrize(("text", "org"), [
    ("Nur Mistral-Modelle, brauche Tool Calling", "mistralai"), ("solo modelos de Google", "google"),
])
def test_only_in_other_languages_and_a_hyphenated_model_noun(text: str, org: str) -> None:
    assert parse_need(text).constraints.include_organizations == (org,)


def test_a_hyphenated_version_is_still_not_a_maker() -> None:
    assert parse_need("something like llama-3 but faster").constraints.include_organizations == ()


@pytest.mark.parametrize("text", ["preferably on Bedrock, a chat model", "Бажано через Bedrock, модель для чату",
                                  "ideally from Google, a video model"])
def test_a_hedged_host_or_maker_is_a_wish_said_in_a_note(text: str) -> None:
    need = parse_need(text)
    assert not need.constraints.include_hosts and not need.constraints.include_organizations
    assert any("wish, not a filter" in n for n in need.notes)


def test_a_required_host_stays_a_filter() -> None:
    assert parse_need("must run on Bedrock").constraints.include_hosts == ("bedrock",)


def test_a_possessive_reference_to_an_excluded_maker_is_not_a_contradiction() -> None:
    need = parse_need("OpenAIのRealtime APIみたいに音声で会話できるやつ、OpenAI以外で探してます")
    assert need.constraints.exclude_organizations == ("openai",)
    assert not need.constraints.include_organizations and not need.conflicts


def test_a_maker_the_catalog_may_lack_is_still_read_as_a_maker() -> None:
    assert parse_need("Gibt es Midjourney per API? von Midjourney selbst").constraints.include_organizations == \
        ("midjourney",)


def test_a_modal_negation_says_the_task_is_not_needed() -> None:
    need = parse_need("Potřebuju model na videa. Nemusí umět generovat obrázky ani nic takového.")
    assert "capability://image.generation.text-to-image" in need.not_needed
    assert "image" not in need.constraints.output_modalities


@pytest.mark.parametrize("text", ["Порадьте модель для розпізнавання тексту на фото документів",
                                  "распознавание текста на фото"])
def test_text_recognition_is_ocr_not_general_image_understanding(text: str) -> None:
    assert "capability://vision.ocr" in parse_need(text).constraints.capabilities


@pytest.mark.parametrize("text", ["чтобы можно было скачать веса и запустить у себя", "오픈 웨이트 모델"])
def test_downloadable_weights_in_other_languages(text: str) -> None:
    assert parse_need(text).constraints.open_weights is True


@pytest.mark.parametrize(("text", "inputs"), [
    ("이미지 입력 되고, 출력 100만 토큰당 5달러 이하면 돼요", ("image",)), ("画像入力に対応したモデル", ("image",)),
])
def test_a_modality_and_its_side_in_scripts_without_spaces(text: str, inputs: tuple[str, ...]) -> None:
    assert parse_need(text).constraints.input_modalities == inputs


@pytest.mark.parametrize(("text", "cap"), [
    ("Ich suche ein Video-Generierungsmodell", "capability://video.generation.text-to-video"),
    ("텍스트 프롬프트로 영상 만드는 API 찾고 있어요", "capability://video.generation.text-to-video"),
    ("Finns det någon modell som kan titta på bilder?", "capability://vision.image-understanding"),
    ("zvládne dlouhé video a odpoví na otázky k obsahu", "capability://vision.video-understanding"),
    ("un modello che generi video partendo da una foto del prodotto", "capability://video.generation.image-to-video"),
])
def test_tasks_in_the_words_of_more_languages(text: str, cap: str) -> None:
    assert cap in parse_need(text).constraints.capabilities


def test_a_thai_word_run_into_the_next_is_still_read() -> None:
    need = parse_need("โมเดลไหนเก่งคณิตศาสตร์ที่สุด")
    assert "capability://text.math" in need.preferences


@pytest.mark.parametrize("text", ["Бесплатно было бы идеально, но не обязательно. Модель для модерации.",
                                  "Free tier would be amazing but not required, a music model"])
def test_free_said_to_be_optional_is_not_a_filter(text: str) -> None:
    assert parse_need(text).constraints.free is not True


def test_an_italian_price_per_second() -> None:
    assert parse_need("spendendo al massimo 0,30 dollari al secondo di video").constraints.max_per_second == 0.3
