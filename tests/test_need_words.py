"""Needs as people write them: fractions of a cent, prices per item, the unit before the amount, tasks named
in other languages, references to a model in its own billing unit, hosted-only, and the peer set behind
"#k of n" in search reasons."""

from __future__ import annotations

import pytest
from match_helpers import index_for

from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex
from matchgraph.match.need_parser import parse_need


@pytest.fixture(scope="module")
def ix(catalog_db: str) -> MatchIndex:
    return index_for(catalog_db)


@pytest.mark.parametrize(("text", "field", "value"), [
    ("transcription under 1/2 cent a minute", "max_per_second", 0.005 / 60),
    ("½ cent per image", "max_per_image", 0.005),
    ("three quarters of a cent per image", "max_per_image", 0.0075),
    ("a quarter cent per image", "max_per_image", 0.0025),
    ("1/4 dollar per image", "max_per_image", 0.25),
    ("ocr for scanned pdfs, a tenth of a cent per page tops", "max_per_page", 0.001),
    ("a third of a cent per 1k tokens", "max_input_per_mtok", 10 / 3),
    ("image generator, half a cent each", "max_per_image", 0.005),
    ("search api for an agent where one query costs half a cent at most", "max_per_query", 0.005),
    ("each image should cost under 2 cents", "max_per_image", 0.02),
    ("text-to-video, can't pay more than $6 per minute of generated footage", "max_per_second", 0.1),
    ("estrarre il testo da documenti scansionati, al massimo 5 dollari ogni 1000 pagine", "max_per_page", 0.005),
    ("voz sintética, máximo 0,01 dólares por cada mil caracteres", "max_per_character", 0.00001),
    ("회의 녹음을 텍스트로 바꿔주는 API, 분당 0.5센트 이하", "max_per_second", 0.005 / 60),
    ("chat model under $0.2 per token", "max_input_per_mtok", 0.2),
    ("chat model at most 0.0000002 per token", "max_input_per_mtok", 0.2),
])
def test_price_forms(text: str, field: str, value: float) -> None:
    got = getattr(parse_need(text).constraints, field)
    assert got == pytest.approx(value, rel=1e-6), parse_need(text).understood


def test_an_implausible_per_token_price_is_read_per_million_and_said() -> None:
    need = parse_need("chat model under $0.2 per token")
    assert any("per 1M tokens" in n for n in need.notes)


@pytest.mark.parametrize("text", ["tts, 3 cents each", "generate product shots at 3 cents each"])
def test_a_price_per_item_of_no_kind_is_said_not_used(text: str) -> None:
    need = parse_need(text)
    c = need.constraints
    assert c.max_input_per_mtok is None and c.max_per_image is None
    assert any("names no unit" in n for n in need.notes)


def test_more_than_is_a_floor_unless_payment_is_refused() -> None:
    assert parse_need("more than $6 per minute is fine").constraints.max_per_second is None


@pytest.mark.parametrize(("text", "uri", "inputs", "outputs"), [
    ("generate captions for images", "vision.image-understanding", {"image"}, set()),
    ("make alt text for pictures", "vision.image-understanding", {"image"}, set()),
    ("image captioning api", "vision.image-understanding", {"image"}, set()),
    ("détecter automatiquement le harcèlement dans les messages d'un serveur", "safety.moderation", set(), set()),
    ("社内文書検索用のエンベディングで、無料で使えるもの", "embeddings", set(), {"embedding"}),
    ("我需要一个文本嵌入模型", "embeddings", set(), {"embedding"}),
    ("metni doğal bir sesle okuyan API", "audio.speech-synthesis", set(), {"audio"}),
    ("quiero que mis guiones se lean con voz sintética", "audio.speech-synthesis", set(), {"audio"}),
    ("estrarre il testo da documenti scansionati", "vision.ocr", set(), set()),
    ("ein KI-Tool, das bei Produktfotos den Hintergrund per Textbefehl austauscht", "image.editing", {"image"},
     {"image"}),
    ("swap the background of staff headshots for plain grey", "image.editing", {"image"}, {"image"}),
    ("회의 녹음을 텍스트로 바꿔주는 API", "audio.transcription", {"audio"}, {"text"}),
])
def test_tasks_named_by_their_own_words(text: str, uri: str, inputs: set[str], outputs: set[str]) -> None:
    c = parse_need(text).constraints
    assert "capability://" + uri in c.capabilities
    assert inputs <= set(c.input_modalities) and outputs <= set(c.output_modalities)
    assert "image" not in c.output_modalities or "image.editing" in uri


def test_embedded_devices_are_not_embeddings() -> None:
    assert not parse_need("嵌入式设备上的模型").constraints.capabilities


@pytest.mark.parametrize("text", ["локальная модель для кода, чтобы работала без интернета",
                                  "ein lokales Modell ohne Internet"])
def test_local_and_offline_in_other_languages(text: str) -> None:
    assert parse_need(text).constraints.open_weights is True


@pytest.mark.parametrize(("text", "hosted", "open_weights"), [
    ("hosted API only, no local stuff, llama 3 70b", True, None),
    ("no local models please, need tool calling", True, None),
    ("don't want to manage gpus", True, None),
    ("i want local models", None, True),
])
def test_hosted_only(text: str, hosted: bool | None, open_weights: bool | None) -> None:
    c = parse_need(text).constraints
    assert c.hosted is hosted and c.open_weights is open_weights


def test_hosted_results_are_sold_by_a_host(ix: MatchIndex) -> None:
    out = run_match(ix, "hosted api only, open weights coding model", limit=10)
    assert len(out.results) >= 3
    for r in out.results:
        a = ix.artifacts[r.position]
        assert any(o.kind != "local_runtime" for o in a.offers if o.status == "active"), a.slug


@pytest.mark.parametrize(("text", "excluded"), [
    ("image gen that isn't from google, under 3 cents per image", ["google"]),
    ("models that aren't by openai or anthropic", ["openai", "anthropic"]),
])
def test_exclusions_with_a_contracted_verb(text: str, excluded: list[str]) -> None:
    c = parse_need(text).constraints
    assert list(c.exclude_organizations) == excluded and not c.include_organizations


def test_a_pronoun_after_cheaper_than_is_the_model_named_before(ix: MatchIndex) -> None:
    out = run_match(ix, "something like claude haiku 4.5 but less than what it costs", limit=5)
    assert out.need.cheaper_than and "haiku" in out.need.cheaper_than.lower()
    assert out.need.constraints.max_input_per_mtok is not None


def test_a_named_search_api_bounds_the_price_per_query(ix: MatchIndex) -> None:
    out = run_match(ix, "tavily alternative that costs less per search", limit=5)
    bound = out.need.constraints.max_per_query
    assert bound is not None and out.need.constraints.max_input_per_mtok is None
    assert len(out.results) >= 3
    for r in out.results:
        assert r.prices["per_query"] is not None and r.prices["per_query"] < bound + 1e-12
        assert "tavily" not in r.slug


def test_a_named_transcriber_bounds_the_price_per_second(ix: MatchIndex) -> None:
    out = run_match(ix, "anything that transcribes audio cheaper than whisper-1 does?", limit=5)
    assert out.need.constraints.max_per_second is not None
    assert "capability://audio.transcription" in out.need.constraints.capabilities


def test_the_reference_price_is_the_makers_list_price(ix: MatchIndex) -> None:
    out = run_match(ix, "alternative to gpt-4o-mini at the same input price or lower", limit=5)
    i = ix.find_named("gpt-4o-mini")
    own = [o.prices.get("input_per_mtok") for o in ix.artifacts[i].offers
           if o.status == "active" and o.host == "openai" and o.prices.get("input_per_mtok")]
    assert own, "the maker sells gpt-4o-mini in this catalog"
    assert out.need.constraints.max_input_per_mtok == pytest.approx(min(own), rel=1e-6)


def test_filler_words_are_never_not_understood(ix: MatchIndex) -> None:
    out = run_match(ix, "best model for coding", limit=3)
    assert out.explanation["not_understood"] == []
    # Symbols with no word at all are still said; a result list may stay empty for them.
    emoji = run_match(ix, "🤖🎨🖼️", limit=3)
    assert emoji.explanation.get("not_understood") or not emoji.results


def test_nearest_spelling_prefers_fewest_edits(ix: MatchIndex) -> None:
    assert ix.nearest_word("speach") == "speech"
    out = run_match(ix, "speach to text api for my andriod app", limit=5)
    assert "capability://audio.transcription" in out.need.constraints.capabilities
    assert "capability://retrieval.web-search-api" not in out.need.constraints.capabilities


@pytest.mark.parametrize(("text", "uri"), [
    ("modelo con llamadas a funciones y salida JSON", "tools.function-calling"),
    ("Modell mit Funktionsaufrufen und JSON-Ausgabe", "tools.function-calling"),
    ("modelo que entiende imágenes", "vision.image-understanding"),
    ("ein Modell, das Bilder versteht", "vision.image-understanding"),
    ("能看图片的模型", "vision.image-understanding"),
    ("画像を理解できるモデル", "vision.image-understanding"),
    ("이미지를 이해하는 모델", "vision.image-understanding"),
    ("最便宜的图片生成", "image.generation.text-to-image"),
])
def test_more_tasks_in_other_languages(text: str, uri: str) -> None:
    assert "capability://" + uri in parse_need(text).constraints.capabilities


def test_a_chinese_price_with_words_between_unit_and_amount() -> None:
    c = parse_need("32k上下文，每百万token输入价格不超过0.1美元").constraints
    assert c.max_input_per_mtok == pytest.approx(0.1) and c.min_context == 32000


def test_respelt_words_are_read_even_when_no_rule_names_the_task(ix: MatchIndex) -> None:
    out = run_match(ix, "text too speach api for my andriod app", limit=3)
    assert "capability://audio.speech-synthesis" in out.need.constraints.capabilities
    assert any("'speach' as 'speech'" in n for n in out.need.notes)
