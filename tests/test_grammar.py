"""The need grammar: amounts, units and sizes in any form and script, onto the typed price units."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from match_helpers import index_for

from matchgraph.match.engine import run_match
from matchgraph.match.grammar import decimal_value, multiplier, unit_price
from matchgraph.match.index import MatchIndex
from matchgraph.match.need import Constraints
from matchgraph.match.need_parser import parse_need

PRICE_FIELDS = ("max_input_per_mtok", "max_output_per_mtok", "max_per_image", "max_per_second",
                "max_per_character", "max_per_query", "max_per_page")


@pytest.mark.parametrize(("text", "field", "value"), [
    ("$0.2/M", "max_input_per_mtok", 0.2),
    ("two dollars a million", "max_input_per_mtok", 2.0),
    ("3 cents per picture", "max_per_image", 0.03),
    ("under $0.006 a minute", "max_per_second", 0.0001),
    ("transcription for at most $0.36 per hour", "max_per_second", 0.0001),
    ("search api $3 per 1000 searches or less", "max_per_query", 0.003),
    ("$2 per 1K requests", "max_per_query", 0.002),
    ("search api under half a cent per query", "max_per_query", 0.005),
    ("text to speech under $16 per 1M characters", "max_per_character", 0.000016),
    ("$0.000015 per character", "max_per_character", 0.000015),
    ("ocr at most $0.001 per page", "max_per_page", 0.001),
    ("0,20 dólares por millón de tokens", "max_input_per_mtok", 0.2),
    ("modelo de chat abaixo de 0,30 dólares por milhão de tokens", "max_input_per_mtok", 0.3),
    ("moins de 0,50 dollar par million de tokens", "max_input_per_mtok", 0.5),
    ("unter 2 Dollar pro Million Token", "max_input_per_mtok", 2.0),
    ("menos de 1 dólar por millón", "max_input_per_mtok", 1.0),
    ("每百万token不超过0.5美元", "max_input_per_mtok", 0.5),
    ("每分钟0.006美元的语音识别", "max_per_second", 0.0001),
    ("画像1枚あたり0.02ドル以下", "max_per_image", 0.02),
    # a bare decimal fraction before a unit, and units written with words the English reader lacks
    ("at most 0.0000002 per token", "max_input_per_mtok", 0.2),
    ("menos de 4 centavos la imagen", "max_per_image", 0.04),
    ("até 1 centavo de dólar por consulta", "max_per_query", 0.01),
    ("milyon token başına 1 dolardan az", "max_input_per_mtok", 1.0),
])
def test_prices_in_any_form(text: str, field: str, value: float) -> None:
    c = parse_need(text).constraints
    assert getattr(c, field) == pytest.approx(value, rel=1e-9), c
    for other in PRICE_FIELDS:
        if other != field:
            assert getattr(c, other) is None, (other, c)


@pytest.mark.parametrize(("text", "tokens"), [
    ("32k上下文", 32_000),
    ("100万上下文的模型", 1_000_000),
    ("安いチャットモデル、128kコンテキスト", 128_000),
    ("1M ctx", 1_000_000),
    ("contexto de 128k", 128_000),
    ("fenêtre de contexte de 200k", 200_000),
    ("Kontext von 1 Million Token", 1_000_000),
    # "mil" is a thousand where it is written as a word
    ("contexto de 200 mil tokens", 200_000),
])
def test_context_sizes_in_any_language(text: str, tokens: int) -> None:
    assert parse_need(text).constraints.min_context == tokens


def test_negation_keeps_the_capability_out() -> None:
    need = parse_need("chat model, vision not needed")
    assert "capability://vision.image-understanding" in need.not_needed
    assert "image" not in need.constraints.input_modalities


def test_floors_and_monthly_prices_are_not_ceilings() -> None:
    assert parse_need("at least $0.01 per minute").constraints.max_per_second is None
    assert parse_need("my budget is $100 a month").constraints == Constraints()


def test_decimal_marks() -> None:
    assert decimal_value("0,20") == 0.2
    assert decimal_value("32,000") == 32000
    assert decimal_value("1.234,5") == 1234.5
    assert decimal_value("0,006") == 0.006
    assert decimal_value(".5") == 0.5
    assert decimal_value("") is None
    assert multiplier("万") == 1e4 and multiplier("millones") == 1e6 and multiplier(None) == 1.0


def test_unit_price_folds_counts_and_durations() -> None:
    assert unit_price(0.6, "minute", 1, 60.0) == ("max_per_second", 0.01)
    assert unit_price(3.0, "query", 1000, 1.0) == ("max_per_query", 0.003)
    assert unit_price(1.0, "token", 1e3, 1.0) == ("max_input_per_mtok", 1000.0)
    assert unit_price(-1.0, "page", 1, 1.0) is None
    assert unit_price(1.0, "page", 0, 1.0) is None


@pytest.fixture(scope="module")
def ix(catalog_db: str) -> MatchIndex:
    return index_for(catalog_db)


def test_named_model_becomes_a_price_bound(ix: MatchIndex) -> None:
    out = run_match(ix, "less than what claude haiku costs", limit=10)
    bound = out.need.constraints.max_input_per_mtok
    assert bound is not None and bound > 0
    assert any("claude" in n.lower() and "less than" in n for n in out.explanation["notes"])
    assert len(out.results) >= 3
    for r in out.results:
        assert r.prices["input_per_mtok"] is not None and r.prices["input_per_mtok"] < bound + 1e-12
        assert "haiku" not in r.slug


def test_alternative_to_an_image_model_requires_images(ix: MatchIndex) -> None:
    out = run_match(ix, "an alternative to dall-e", limit=5)
    assert "image" in out.need.constraints.output_modalities
    assert len(out.results) >= 3
    assert all("dall-e" not in r.slug for r in out.results)
    assert all("image" in ix.artifacts[r.position].output_modalities for r in out.results)


def test_unit_bounds_filter_offers(ix: MatchIndex) -> None:
    out = run_match(ix, "transcription api cheaper than 1 cent per minute", limit=10)
    assert len(out.results) >= 3
    for r in out.results:
        assert r.prices["per_second"] is not None and r.prices["per_second"] <= 0.01 / 60 + 1e-12


def test_a_capability_nobody_has_is_a_preference_not_an_empty_answer(ix: MatchIndex) -> None:
    out = run_match(ix, "chat model that also tells fortunes from tea leaves", limit=5)
    assert len(out.results) >= 3


# ------------------------------------------------------------------------------- bad input

def _check(text: str) -> None:
    need = parse_need(text)
    c = need.constraints
    for f in PRICE_FIELDS:
        v = getattr(c, f)
        assert v is None or (math.isfinite(v) and v >= 0), (f, v)
    assert c.min_context is None or 0 < c.min_context <= 10**12
    # Understood spans point into the text and do not overlap.
    last = 0
    for u in need.understood:
        assert 0 <= u.start < u.end <= len(text) and u.start >= last
        assert text[u.start:u.end] == u.span
        last = u.end


_NEEDISH = st.lists(st.sampled_from([
    "$", "0,2", "0.5", "32k", "万", "上下文", "per", "por", "minute", "分钟", "美元", "dólares", "under", "menos de",
    "at least", "cents", "half a", "1000", "searches", "characters", "page", "ctx", "tokens", "million", "milhão",
    "cheaper than", "claude", "like", "not needed", "vision", "😀", "\u200b", "\u0301", "١٢٣", "١", "Ⅻ", "∞", "-",
    "1e309", "NaN", "9" * 40, "1/2", "½", "3/4", "a tenth of a", "each", "apiece", "one query costs",
    "can't pay more than", "ogni", "por cada", "분당", "센트", "みたいな", "isn't from", "hosted api only", "no local",
]), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), _NEEDISH))
def test_parser_never_crashes_and_stays_typed(text: str) -> None:
    _check(text)


def test_fuzz_run_over_long_and_mixed_inputs(ix: MatchIndex) -> None:
    rng = random.Random(11)
    alphabet = ("abcxyz $0123456789.,/%¢€万千上下文分钟美元ドル円コンテキストのзаминутуمليون😀🔥\u200d\u0301\n\t"
                "perminuteunderat least")
    texts = ["", "😀" * 500, "1" * 10_000, "9" * 400 + " per minute", "under $1/M and at least $5/M",
             "free but at least $2 per image", "open weights, closed source only",
             "$" * 3000, "per per per per", "0,0000000000001 dólares por millón"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.choice((10, 200, 2000, 10_000)))) for _ in range(60)]
    for text in texts:
        _check(text)
        out = run_match(ix, text, limit=5)
        # Either results, or an explanation of why there are none.
        assert out.results or out.explanation.get("message"), text[:80]


@pytest.mark.parametrize(("text", "inputs", "outputs"), [
    ("voice input, text output chat model", {"audio"}, {"text"}),
    ("output: images", set(), {"image"}),
    ("video input please", {"video"}, set()),
])
def test_modalities_named_with_a_direction(text: str, inputs: set[str], outputs: set[str]) -> None:
    c = parse_need(text).constraints
    assert set(c.input_modalities) == inputs and set(c.output_modalities) == outputs


def test_realtime_voice_does_not_also_require_speech_synthesis() -> None:
    c = parse_need("realtime api for talking to users by voice").constraints
    assert "capability://audio.realtime" in c.capabilities
    assert "capability://audio.speech-synthesis" not in c.capabilities


def test_misspelt_task_words_are_read_by_nearest_spelling(ix: MatchIndex) -> None:
    out = run_match(ix, "embeding modle for serch", limit=5)
    assert "capability://embeddings.text" in out.need.constraints.capabilities
    assert any("nearest spelling" in n for n in out.need.notes)
    assert len(out.results) >= 3
    assert run_match(ix, "qwzx vbnm").results == []


@pytest.mark.parametrize(("text", "uri", "inputs", "outputs"), [
    ("Text in Sprache umwandeln", "audio.speech-synthesis", set(), {"audio"}),
    ("文字转语音", "audio.speech-synthesis", set(), {"audio"}),
    ("语音转文字", "audio.transcription", {"audio"}, {"text"}),
    ("spraak naar tekst", "audio.transcription", {"audio"}, {"text"}),
    ("음성을 텍스트로 변환", "audio.transcription", {"audio"}, {"text"}),
    ("texto a voz", "audio.speech-synthesis", set(), {"audio"}),
    ("afbeelding naar video", "video.generation.image-to-video", {"image"}, {"video"}),
    ("convertir mis artículos en audio", "audio.speech-synthesis", set(), {"audio"}),
    ("convertir grabaciones de audio en texto", "audio.transcription", {"audio"}, {"text"}),
])
def test_a_conversion_reads_its_direction(text: str, uri: str, inputs: set[str], outputs: set[str]) -> None:
    # Both directions use the same words, so only their order tells speech synthesis from transcription.
    c = parse_need(text).constraints
    assert "capability://" + uri in c.capabilities
    assert set(c.input_modalities) == inputs and set(c.output_modalities) == outputs


def test_words_asking_for_the_best_are_not_read_as_a_capability(ix: MatchIndex) -> None:
    out = run_match(ix, "best model for coding", limit=5)
    assert out.spec.quality_asked
    assert set(out.spec.soft) == {"capability://text.coding"}


def test_an_alternative_does_the_named_models_job(ix: MatchIndex) -> None:
    out = run_match(ix, "whisper alternative", limit=5)
    assert "capability://audio.transcription" in out.need.constraints.capabilities
    assert out.results and all(ix.has_capability("capability://audio.transcription")[r.position]
                               for r in out.results)


def test_a_family_is_shown_by_its_head_with_its_versions_evidence(ix: MatchIndex) -> None:
    out = run_match(ix, "best model for coding", limit=10)
    heads = [r for r in out.results if ix.family_head[r.position]]
    assert heads, [r.slug for r in out.results]
    families = [int(ix.family_codes[r.position]) for r in out.results]
    assert len(families) == len(set(families))


@pytest.mark.parametrize(("text", "uri", "output"), [
    ("herramienta para crear imágenes de productos", "image.generation.text-to-image", "image"),
    ("Bilder erstellen lassen", "image.generation.text-to-image", "image"),
    ("criar um logotipo", "image.generation.text-to-image", "image"),
    ("görsel oluşturan yapay zeka", "image.generation.text-to-image", "image"),
    ("画像を作れるAI", "image.generation.text-to-image", "image"),
    ("Videos aus Fotos machen", "video.generation.image-to-video", "video"),
    ("trascrivere riunioni", "audio.transcription", "text"),
])
def test_making_and_transcribing_in_other_languages(text: str, uri: str, output: str) -> None:
    c = parse_need(text).constraints
    assert "capability://" + uri in c.capabilities, c
    assert output in c.output_modalities


def test_a_verb_of_making_for_an_image_does_not_make_one() -> None:
    # Subtitles or captions *for* images are not image generation.
    assert "image" not in parse_need("crear subtítulos para imágenes").constraints.output_modalities


@pytest.mark.parametrize(("text", "excluded"), [
    ("Bildgenerator, nicht von OpenAI", ["openai"]),
    ("modelo que no sea de OpenAI", ["openai"]),
    ("generador de imágenes, no de Google ni de OpenAI", ["google", "openai"]),
    ("不要OpenAI的模型", ["openai"]),
])
def test_an_exclusion_in_another_language_excludes(text: str, excluded: list[str]) -> None:
    c = parse_need(text).constraints
    assert sorted(c.exclude_organizations) == sorted(excluded)
    assert not c.include_organizations


@pytest.mark.parametrize(("text", "tokens"), [
    ("contexto de pelo menos 1 milhão de tokens", 1_000_000),
    ("модель с контекстом 200к", 200_000),
])
def test_more_context_forms(text: str, tokens: int) -> None:
    assert parse_need(text).constraints.min_context == tokens


def test_a_task_read_by_meaning_that_empties_the_answer_is_dropped(ix: MatchIndex) -> None:
    out = run_match(ix, "modelos de Mistral con visión", limit=5)
    assert len(out.results) >= 3
    assert all(r.slug.startswith("mistralai/") for r in out.results)


def test_an_amount_after_cheaper_than_is_not_a_model() -> None:
    need = parse_need("генерация изображений дешевле 2 центов")
    assert need.cheaper_than is None
    assert need.constraints.max_per_image is None and need.constraints.max_input_per_mtok is None


def test_an_image_model_reads_a_bare_price_per_image() -> None:
    c = parse_need("image model under 4 cents, no google").constraints
    assert c.max_per_image == pytest.approx(0.04) and c.max_input_per_mtok is None


def test_a_resolution_is_not_a_context_size() -> None:
    assert parse_need("upscale my photos to 4k").constraints.min_context is None
    assert parse_need("llm 128k").constraints.min_context == 128_000


def test_the_named_model_stops_before_a_connective() -> None:
    assert parse_need("something like elevenlabs but cheaper").like == "elevenlabs"


@pytest.mark.parametrize(("tail", "field", "value"), [
    ("one query should cost no more than half a cent", "max_per_query", 0.005),
    ("每千次请求不超过2美元", "max_per_query", 0.002),
    ("0,02 $ max pour 1 000 000 de tokens", "max_input_per_mtok", 0.02),
])
def test_a_price_far_into_a_long_need_is_read_the_same(tail: str, field: str, value: float) -> None:
    # Price patterns run only near money amounts: a long need's price reads as it does alone.
    padding = "we run a small shop and tried many things before, " * 25  # within the parsed length
    assert getattr(parse_need(tail).constraints, field) == value
    assert getattr(parse_need(padding + tail).constraints, field) == value


@pytest.mark.parametrize(("text", "name"), [
    ("yi large or something like it", None),
    ("like this one but cheaper", None),
    ("I would like to find something like claude haiku", "claude haiku"),
    ("something like gpt-4o but cheaper", "gpt-4o"),
])
def test_like_names_a_model_not_a_pronoun(text: str, name: str | None) -> None:
    from matchgraph.match.grammar import named_like

    assert named_like(text) == name


@pytest.mark.parametrize(("text", "amount"), [("3 centów za sztukę", "3 centów"), ("3 centů za kus", "3 centů"),
                                              ("3 centavos cada", "3 centavos"), ("3美元以内", "3美元")])
def test_a_currency_word_is_read_whole(text: str, amount: str) -> None:
    # a letter of a spaced script continues the word ("centów" is not "cent"); unspaced scripts run on
    from matchgraph.match.grammar import _EACH_AMOUNT_RE

    assert [m.group(0) for m in _EACH_AMOUNT_RE.finditer(text)] == [amount]
