"""The match pipeline on the bundled catalog: contract, filters, reasons, ordering and bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from match_helpers import has, index_for, violations

from matchgraph.catalog.facts import fmt_money, fmt_tokens
from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex
from matchgraph.match.need import Constraints, Need
from matchgraph.match.need_parser import parse_need
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError, ServiceError
from matchgraph.service.search import resolve, search
from matchgraph.settings import Settings
from matchgraph.store import open_store

RESULT_KEYS = {"slug", "name", "score", "components", "reasons", "capabilities", "prices", "sources"}
COMPONENTS = {"coverage", "quality", "price_fit", "learned_success", "adoption", "text_match"}


@pytest.fixture(scope="module")
def ix(catalog_db: str) -> MatchIndex:
    return index_for(catalog_db)


@pytest.fixture(scope="module")
def services(catalog_db: str) -> Iterator[Services]:
    engine = open_store(Settings(db_url=catalog_db))
    yield Services(engine)
    engine.dispose()


def test_search_json_contract(services: Services) -> None:
    doc = search(services, "image generator under 2¢ a picture", limit=5, log=False)
    assert {"query", "constraints", "event_id", "results", "explanation", "notes"} <= set(doc)
    assert doc["event_id"] is None
    assert doc["constraints"]["max_per_image"] == 0.02
    assert 3 <= len(doc["results"]) <= 5
    for r in doc["results"]:
        assert set(r) >= RESULT_KEYS
        assert set(r["components"]) == COMPONENTS
        assert all(v is None or 0.0 <= v <= 1.0 for v in r["components"].values())
        assert 0.0 <= r["score"] <= 1.0
        assert "capability://image.generation.text-to-image" in r["capabilities"]
        assert r["prices"]["per_image"] is not None and r["prices"]["per_image"] <= 0.02
        assert any(s["source"] == "litellm" for s in r["sources"])
        # The first reason states the per-image price that the prices block shows.
        assert fmt_money(r["prices"]["per_image"]) + " per image" in r["reasons"][0]


def test_gpt_4o_mini_reasons_state_its_facts(ix: MatchIndex) -> None:
    out = run_match(ix, "openai model with vision and tool calling under $0.20 per million input tokens", limit=20)
    mini = next(r for r in out.results if r.slug == "openai/gpt-4o-mini")
    a = ix.artifacts[mini.position]
    first = mini.reasons[0]
    assert f"{fmt_money(mini.prices['input_per_mtok'])}/M input" in first
    assert f"{fmt_tokens(a.context_window)} context" in first
    assert "vision" in first and "tool calling" in first
    assert mini.prices["input_per_mtok"] <= 0.20
    assert any(r.startswith("Has every required capability") for r in mini.reasons)


@pytest.mark.parametrize("need", [
    "cheap model that returns JSON with 128K context and vision",
    "claude on bedrock",
    "embedding model cheapest",
    "text to speech",
    "model with function calling under $0.50 per million input tokens, not from openai",
    "gpt models on azure",
])
def test_results_meet_every_parsed_constraint(ix: MatchIndex, need: str) -> None:
    out = run_match(ix, need, limit=25)
    assert len(out.results) >= 3, out.explanation
    c = out.need.constraints
    for r in out.results:
        assert violations(ix, c, r.to_dict()) == [], r.slug


def test_host_and_price_hold_on_the_same_offer(ix: MatchIndex) -> None:
    out = run_match(ix, "llama on bedrock under $1/M", limit=30)
    assert out.need.constraints.include_hosts == ("bedrock",)
    assert out.results
    for r in out.results:
        assert r.prices["offer"]["host"] == "bedrock"
        assert r.prices["input_per_mtok"] is not None and r.prices["input_per_mtok"] <= 1.0
    # The name in the soft text lifts Llama models: the best-placed one ranks higher than without
    # the name, and every Llama result scores its text match. (Its absolute place depends on the
    # price-fit of peers within 0.002 of each other, which moves whenever a bogus $0 leaves them.)
    plain = run_match(ix, "on bedrock under $1/M", limit=30)

    def first_llama(results: list) -> int:
        return next(i for i, r in enumerate(results) if r.slug.startswith("meta-llama/"))

    assert first_llama(out.results) < first_llama(plain.results)
    assert all(r.components["text_match"] > 0.5 for r in out.results if r.slug.startswith("meta-llama/"))


def test_unknown_context_never_passes_a_minimum(ix: MatchIndex) -> None:
    unknown = {a.slug for a in ix.artifacts if a.context_window is None}
    assert unknown
    out = run_match(ix, "at least 1k context", limit=100)
    assert out.need.constraints.min_context == 1000
    assert not {r.slug for r in out.results} & unknown
    step = next(s for s in out.explanation["steps"] if s["constraint"] == "min_context")
    assert step["unknown"] == len(unknown)


def test_ordering_is_deterministic_and_ties_break_by_slug(ix: MatchIndex) -> None:
    first = run_match(ix, "text embeddings", limit=50)
    second = run_match(ix, "text embeddings", limit=50)
    assert [r.slug for r in first.results] == [r.slug for r in second.results]
    pairs = list(zip(first.results, first.results[1:], strict=False))
    assert all(x.score >= y.score for x, y in pairs)
    ties = [(x.slug, y.slug) for x, y in pairs if x.score == y.score]
    assert ties, "the embeddings list has equal scores to break"
    assert all(x < y for x, y in ties)


def test_cheapest_need_ranks_lower_prices_first(ix: MatchIndex) -> None:
    out = run_match(ix, "cheapest model with tool calling", limit=10)
    fits = [r.components["price_fit"] for r in out.results]
    assert fits[0] is not None and fits[0] >= 0.9
    assert all(has(ix, r.slug, "capability://tools.function-calling") for r in out.results)


def test_deprecated_artifacts_are_left_out(ix: MatchIndex) -> None:
    deprecated = {a.slug for a in ix.artifacts if a.status != "active"}
    out = run_match(ix, "chat model", limit=100)
    assert deprecated and not {r.slug for r in out.results} & deprecated
    assert out.explanation["steps"][0]["constraint"] == "status"


# -- bad input ------------------------------------------------------------------------------------

def test_empty_and_unrecognised_needs_explain(ix: MatchIndex) -> None:
    for need in ("", "   ", "qwzx vbnm"):
        out = run_match(ix, need)
        assert out.results == []
        assert out.explanation["emptied_by"] == "nothing_understood"
        assert "Describe the task" in out.explanation["message"]


def test_ten_kilobyte_need_is_read_and_bounded(ix: MatchIndex) -> None:
    need = ("I need a model with vision that returns JSON. " * 250)[:10_240]
    out = run_match(ix, need, limit=5)
    assert len(need) == 10_240
    assert any("of 10240 characters were parsed" in n for n in out.need.notes)
    assert len(out.results) == 5
    for r in out.results:
        assert violations(ix, out.need.constraints, r.to_dict()) == []


def test_emoji_and_mixed_scripts(ix: MatchIndex) -> None:
    out = run_match(ix, "🚀🔥 модель для 中文 перевода 😀 under $1/M 👍", limit=5)
    assert out.need.constraints.max_input_per_mtok == 1.0
    assert out.results
    for r in out.results:
        assert violations(ix, out.need.constraints, r.to_dict()) == []


def test_contradictory_need_returns_nothing_and_says_why(ix: MatchIndex) -> None:
    out = run_match(ix, "free and at least $10 per million")
    assert out.results == []
    assert out.explanation["emptied_by"] == "conflict"
    assert "contradicts itself" in out.explanation["message"]
    assert "free" in out.explanation["message"]


def test_impossible_need_names_the_constraint_that_emptied_the_list(ix: MatchIndex) -> None:
    out = run_match(ix, "10M context image generator under 1 cent")
    assert out.results == []
    assert out.explanation["emptied_by"] == "min_context"
    msg = out.explanation["message"]
    assert "10M tokens" in msg and "meet the rest" in msg
    rest = next(s for s in out.explanation["steps"] if s["constraint"] == "min_context")["without"]
    # The count left without the context rule is exactly the image generators under 1 cent.
    c = parse_need("image generator under 1 cent").constraints
    assert rest == len(run_match(ix, parse_need("image generator under 1 cent"), limit=100).results)
    assert c.max_per_image == 0.01


def test_unknown_fact_never_passes_a_hard_constraint(ix: MatchIndex) -> None:
    out = run_match(ix, "open weights model", limit=1000)
    known_open = {a.slug for a in ix.artifacts if a.open_weights is True}
    assert out.results, "local-runtime offers state open weights for some artifacts"
    # Only artifacts whose open weights are stated pass; unknown (None) is excluded, not guessed.
    assert {r.slug for r in out.results} <= known_open
    assert len(known_open) < ix.n


def test_search_service_bad_input(services: Services) -> None:
    for need in ("", "x" * 10_240, "free and at least $10 per million"):
        doc = search(services, need, log=False)
        assert doc["results"] == [] and doc["explanation"]["message"]
    nul = search(services, "vision\x00 model \ud800 with json mode", log=False)
    assert "\x00" not in nul["query"] and nul["results"]
    with pytest.raises(ServiceError, match="at most 20,000"):
        search(services, "x" * 20_001, log=False)
    with pytest.raises(ServiceError, match="limit must be between 1 and 100"):
        search(services, "chat", limit=0, log=False)


def test_resolve_postures_narrow_the_list(services: Services) -> None:
    uri = "capability://text.structured-output.json-schema"
    counts = {}
    for risk in ("default", "production", "strict"):
        doc = resolve(services, uri, risk=risk, limit=20, log=False)
        assert doc["capability"]["uri"] == uri and doc["results"] and doc["risk_rules"]
        counts[risk] = doc["explanation"]["after_filters"]
        for r in doc["results"]:
            p = r["passport"]
            assert uri in r["capabilities"]
            if risk != "default":
                assert p["status"] == "active" and p["priced"]
                assert p["capabilities"][0]["confidence"] >= 0.6
            if risk == "strict":
                assert len(p["hosts"]) >= 2 and p["capabilities"][0]["confidence"] >= 0.8
    assert counts["default"] > counts["production"] > counts["strict"] > 0
    phrase = resolve(services, "read text from scanned documents", log=False)
    assert phrase["resolved_from"] == "phrase" and phrase["capability"]["uri"] == "capability://vision.ocr"
    nothing = resolve(services, "qwzx vbnm", log=False)
    assert nothing["results"] == [] and nothing["explanation"]["emptied_by"] == "no_capability"
    with pytest.raises(NotFoundError, match=r"Did you mean: capability://vision\.ocr"):
        resolve(services, "vision.ocrr", log=False)


def test_free_chat_finds_the_confirmed_free_tiers(ix: MatchIndex) -> None:
    out = run_match(ix, "free model for chatting", limit=5)
    assert out.need.constraints.free is True
    assert len(out.results) >= 3
    for r in out.results:
        assert violations(ix, out.need.constraints, r.to_dict()) == []


def test_music_wording_requires_audio_output(ix: MatchIndex) -> None:
    out = run_match(ix, "compose a short jingle for my podcast", limit=5)
    assert "audio" in out.need.constraints.output_modalities
    for r in out.results:
        assert "audio" in ix.artifacts[ix.position[r.slug]].output_modalities


def test_bare_numbers_or_emoji_name_no_task_and_say_so(ix: MatchIndex) -> None:
    for need in ("0.5 128 2", "🚀🔥😀", "42"):
        out = run_match(ix, need)
        assert out.results == []
        assert out.explanation["emptied_by"] == "nothing_understood"
    # A number with its unit is still read.
    assert run_match(ix, "128k", limit=3).need.constraints.min_context == 128_000


def test_a_model_nobody_hosts_meets_no_price_host_or_free_constraint(ix: MatchIndex) -> None:
    offerless = {i for i, a in enumerate(ix.artifacts) if not a.offers}
    assert len(offerless) >= 300
    for need in ("embedding model under $1 per million tokens", "free chat model",
                 "embedding model on bedrock", "cheapest open weights embedding model under $0.5/M"):
        out = run_match(ix, need, limit=50)
        assert out.results, need
        assert not [r.slug for r in out.results if r.position in offerless], need
    # No embedding offer is confirmed free: those a host lists at $0 (unconfirmed) are shown, said not to be
    # confirmed free, and never an unhosted model nor one only a local runtime lists at $0.
    out = run_match(ix, "free embedding api for a hobby project", limit=50)
    assert out.results and not [r.slug for r in out.results if r.position in offerless]
    assert out.explanation["relaxed"] == ["free"]
    assert "not confirmed free" in out.explanation["notes"][0]
    assert out.need.constraints.free is None and out.need.constraints.cheapest
    for r in out.results:
        listed = [o for o in ix.artifacts[r.position].offers if o.status == "active" and o.kind in ("api", "preview")
                  and o.stated_prices and all(v in (None, 0) for v in o.stated_prices.values())
                  and any(v is not None for v in o.stated_prices.values())]
        assert listed, r.slug
    assert any(r.reasons[0].startswith("listed at $0, not confirmed free") for r in out.results)


def test_free_with_nothing_listed_at_zero_shows_the_cheapest_said_not_free(ix: MatchIndex) -> None:
    o = ix.offers
    listed = set(o.artifact[o.listed_zero & o.active].tolist())
    speech = ix.has_capability("capability://audio.speech-synthesis")
    assert not any(speech[i] for i in listed)  # the bundled catalog lists no speech synthesiser at $0
    out = run_match(ix, "free text to speech voice", limit=50)
    assert out.results and out.explanation["relaxed"] == ["free"]
    assert "none of them is free" in out.explanation["notes"][0]


def test_a_model_nobody_hosts_may_answer_open_weights_and_quality_needs(ix: MatchIndex) -> None:
    offerless = {i for i, a in enumerate(ix.artifacts) if not a.offers}
    out = run_match(ix, "best open weights embedding model for retrieval to self-host", limit=20)
    shown = [r for r in out.results if r.position in offerless]
    assert shown, [r.slug for r in out.results]
    for r in shown:
        a = ix.artifacts[r.position]
        assert a.open_weights is True
        assert r.reasons[0].startswith("no hosted offer known")
        assert any(x.startswith("No hosted offer known") for x in r.reasons)
        assert r.components["adoption"] == 0.0 and r.prices["offer"] is None
        assert r.sources and {s["source"] for s in r.sources} <= {"mteb", "llmstats"}


def test_two_tasks_no_artifact_does_together_keep_the_rarer(ix: MatchIndex) -> None:
    # "We already run vector search; which reranker scores best?": both are read, no artifact does both.
    need = "we already have an embedding model for vector search, looking for the best reranker"
    both = parse_need(need).constraints
    assert {"capability://retrieval.reranking", "capability://embeddings.text"} <= set(both.capabilities) or \
        "embedding" in both.output_modalities
    out = run_match(ix, need)
    assert len(out.results) >= 3
    assert all(has(ix, r.slug, "capability://retrieval.reranking") for r in out.results)
    assert "rival_task" in out.explanation["relaxed"]
    assert any("rarer" in n for n in out.explanation["notes"])
    # Tasks that some artifact does together are never split.
    out = run_match(ix, "speech to text with function calling")
    assert "rival_task" not in out.explanation.get("relaxed", [])


def test_free_that_empties_the_answer_shows_the_cheapest_whatever_empties_it(ix: MatchIndex) -> None:
    out = run_match(ix, "free moderation endpoint for chat messages")
    assert out.results, out.explanation["message"]
    assert all(has(ix, r.slug, "capability://safety.moderation") for r in out.results)
    assert out.explanation["relaxed"] == ["free"]


def test_a_weaker_semantic_reading_is_taken_when_the_rules_read_nothing(ix: MatchIndex) -> None:
    if ix.semantic is None:
        pytest.skip("the sentence encoder package is not installed")
    # Arabic "we want to review offensive comments before publishing": nothing for the rules to read, and a
    # similarity to moderation (about 0.45) below what a need that states other things must reach.
    need = "نريد مراجعة التعليقات المسيئة قبل النشر"
    assert parse_need(need).constraints.is_empty()
    out = run_match(ix, need)
    assert out.results
    assert all(has(ix, r.slug, "capability://safety.moderation") for r in out.results)
    # Read by meaning, or by the situation's words ("offensive" is a cue word; see test_situations).
    assert any(("semantic match" in n or "the words" in n) and "this is a filter" in n for n in out.need.notes)
    # The same words beside a stated context size are not enough to filter on by meaning alone.
    out = run_match(ix, need + " 128k")
    assert not any("semantic match" in n for n in out.need.notes)


def test_a_task_the_rules_only_prefer_still_leads(ix: MatchIndex) -> None:
    # Music generation is a preference (few artifacts declare it); chat features retrieved from "an API"
    # beside it must not let speech or chat models outrank the music generators.
    out = run_match(ix, "Looking for an API that can generate full songs w/ vocals from a prompt")
    assert all(has(ix, r.slug, "capability://audio.music-generation") for r in out.results[:3])


def test_a_feature_no_artifact_meeting_the_rest_has_steers_instead_of_emptying(ix: MatchIndex) -> None:
    need = "streaming speech-to-text, under $0.004/min"
    assert "capability://api.streaming" in parse_need(need).constraints.capabilities
    out = run_match(ix, need)
    assert len(out.results) >= 3, out.explanation["message"]
    assert all(has(ix, r.slug, "capability://audio.transcription") for r in out.results)
    assert "capability" in out.explanation["relaxed"]
    assert any("preference, not a filter" in n for n in out.explanation["notes"])
    # A task is not a feature: a need nobody meets for its task still says so.
    out = run_match(ix, "text to video under $0.000001 per second")
    assert not out.results


def test_a_kind_of_artifact_is_never_relaxed_into_a_preference(ix: MatchIndex) -> None:
    # No web search API is confirmed free: the answer is search APIs, cheapest first and said not to be free,
    # never chat models that lack the API the need is about.
    out = run_match(ix, "completely free web search API for my agent")
    assert out.results
    assert all(has(ix, r.slug, "capability://retrieval.web-search-api") for r in out.results)
    assert "capability" not in out.explanation.get("relaxed", [])


def test_a_maker_the_catalog_lacks_is_answered_with_none_from_it(ix: MatchIndex) -> None:
    out = run_match(ix, "music model from Suno")
    assert out.need.constraints.include_organizations == ("suno",)
    assert not out.results and out.explanation["message"]


def test_a_price_per_character_reads_the_wording_as_speech(ix: MatchIndex) -> None:
    if ix.semantic is None:
        pytest.skip("the sentence encoder package is not installed")
    # "my novels must become books one listens to, at most $30 per million characters": no rule names the task,
    # and speech is what is billed per character (chat models priced per character are not what is asked).
    need = "mes romans doivent devenir des livres que l'on écoute, 30 dollars le million de caractères au maximum"
    assert not parse_need(need).constraints.capabilities
    out = run_match(ix, need)
    assert len(out.results) >= 3
    assert all(has(ix, r.slug, "capability://audio.speech-synthesis") for r in out.results)
    assert any("text to speech" in n and "this is a filter" in n for n in out.need.notes)
    # Without the price, the same words are not read as that filter.
    out = run_match(ix, "mes romans doivent devenir des livres que l'on écoute")
    assert not any("text to speech" in n and "this is a filter" in n for n in out.need.notes)


def test_a_clip_priced_whole_is_read_as_making_video(ix: MatchIndex) -> None:
    # "each 8 second clip under a dollar" names no task; a clip priced whole is video, and of the tasks
    # billed per second only video generation makes one. Transcribers, also billed per second, are not it.
    need = "I want each 8 second clip to cost less than a dollar"
    parsed = parse_need(need)
    assert parsed.priced_item == "video" and not parsed.constraints.capabilities
    out = run_match(ix, need)
    assert len(out.results) >= 3
    assert all(has(ix, r.slug, "capability://video.generation") for r in out.results)
    assert any("video item priced whole" in n for n in out.need.notes)
    # A sound word before the clip makes it sound: no video task is read.
    assert parse_need("each 15 second audio clip for 10 cents max").priced_item == "audio"
    out = run_match(ix, "each 15 second audio clip for 10 cents max")
    assert not any(has(ix, r.slug, "capability://video.generation") for r in out.results)


def test_listed_free_offers_and_the_cheapest_beside_them_stay_in_score_order(ix: MatchIndex) -> None:
    # Fewer than three audio makers are listed at $0: the cheapest others are shown beside them, and the
    # rows are still in score order (each row says how it is priced).
    need = Need(text="", constraints=Constraints(output_modalities=("audio",), free=True), soft_text="")
    out = run_match(ix, need, limit=20)
    assert out.explanation["relaxed"] == ["free"]
    assert "fewer than three" in out.explanation["notes"][0]
    scores = [r.score for r in out.results]
    assert len(scores) >= 3 and scores == sorted(scores, reverse=True)
    o = ix.offers
    listed = set(o.artifact[o.listed_zero & o.active].tolist())
    assert any(r.position in listed for r in out.results)
    assert any(r.position not in listed for r in out.results)


def test_moderation_of_uploaded_pictures_takes_images_when_only_the_situation_reads_it(ix: MatchIndex) -> None:
    # No rule names moderation here; the situation words do, and the picture word makes it image moderation.
    need = "うちのアプリ、ユーザーが画像投稿できるんだけど、たまにエロとかグロいのが混ざってて…公開前に自動で弾きたい"
    out = run_match(ix, need)
    assert out.results
    for r in out.results:
        assert has(ix, r.slug, "capability://safety.moderation")
        assert "image" in ix.artifacts[r.position].input_modalities
    assert any("content moderation, image input" in n for n in out.need.notes)
    # Without a picture word the same task reads text moderation, and the safety classifiers are among the answers.
    text = run_match(ix, "our forum comments are full of insults, need to block the worst before they go live")
    assert len(text.results) >= 3
    assert all(has(ix, r.slug, "capability://safety.moderation") for r in text.results)


def test_a_spelling_guess_names_a_task_never_a_flag(ix: MatchIndex) -> None:
    # Spanish "frene" (stop) is one letter from "free": no free filter comes of it, and no note says so.
    out = run_match(ix, "quiero que se frene lo peor de los comentarios antes de que se publique, hay insultos")
    assert out.need.constraints.free is None
    assert not any("'frene'" in n for n in out.need.notes)
    # A typo of a task word is still read.
    typo = run_match(ix, "embeding modle for serch over our docs")
    assert "capability://embeddings.text" in typo.need.constraints.capabilities


def test_a_two_letter_word_names_a_model_only_as_the_start_of_its_name(ix: MatchIndex) -> None:
    # "se" sits inside "magnum-v4-se" and "it" inside "gemma-4-31b-it": neither makes a Spanish or English
    # sentence a search for those models; "yi" starts "yi-large" and still does.
    assert "se" not in ix.name_words("quiero que se publique")
    assert ix.find_named("it") is None
    assert ix.artifacts[ix.find_named("yi large")].slug == "01-ai/yi-large"
    assert ix.find_named("yi") is not None


@pytest.mark.parametrize("need", [
    "un assistant qui peut appeler des outils pour lancer mes tests",
    "necesito un modelo que pueda llamar herramientas externas",
    "ein Modell, das Tools selbst aufrufen kann",
    "um modelo que consiga chamar ferramentas",
])
def test_calling_tools_in_other_languages_asks_for_tool_calling(ix: MatchIndex, need: str) -> None:
    out = run_match(ix, need)
    assert "capability://tools.function-calling" in out.need.constraints.capabilities
    assert out.results and all(has(ix, r.slug, "capability://tools.function-calling") for r in out.results)


@pytest.mark.parametrize(("need", "task"), [
    ("modelo pra gerar voz em português brasileiro", "capability://audio.speech-synthesis"),
    ("brauche ein Modell für Spracheingabe → Text", "capability://audio.transcription"),
    ("bhai koi sasta model batao jo images samajh sake", "capability://vision.image-understanding"),
])
def test_a_task_told_by_its_situation_words_in_other_languages(ix: MatchIndex, need: str, task: str) -> None:
    out = run_match(ix, need)
    assert task in out.need.constraints.capabilities
    assert out.results and all(has(ix, r.slug, task) for r in out.results)


def test_free_moderation_read_from_the_situation_keeps_the_task(ix: MatchIndex) -> None:
    # The situation reads moderation and nothing is confirmed free: the free relaxation keeps moderation
    # rather than dropping the task and answering with free chat models.
    out = run_match(ix, "algo para moderar comentarios ofensivos en mi foro, gratis")
    assert out.results
    assert all(has(ix, r.slug, "capability://safety.moderation") for r in out.results)


@pytest.mark.parametrize("need", ["something like claude sonnet but from a different company",
                                  "algo como claude sonnet pero de otra empresa"])
def test_like_a_model_from_another_company_leaves_its_maker_out(ix: MatchIndex, need: str) -> None:
    out = run_match(ix, need)
    assert out.results
    assert all(not r.slug.startswith("anthropic/") for r in out.results)


def test_a_tie_the_situation_reads_is_settled_by_meaning(ix: MatchIndex) -> None:
    # Photos of invoices and "识别" read both OCR and telling what is in a picture; the nearer in meaning is taken
    # however little it leads, so the answer takes pictures in instead of falling back to text chat models.
    out = run_match(ix, "每天有几千张发票照片，想自动把上面的金额和日期识别出来")
    read = {*out.need.constraints.capabilities, *out.need.preferences}
    assert read & {"capability://vision.ocr", "capability://vision.image-understanding"}
    assert "image" in out.need.constraints.input_modalities
    assert out.results and all(violations(ix, out.need.constraints, r.to_dict()) == [] for r in out.results)


def test_a_clip_made_from_a_photo_takes_the_photo_in(ix: MatchIndex) -> None:
    out = run_match(ix, "Mam zdjęcie plaży i chcę zrobić z niego krótki film na Instagram")
    assert "image" in out.need.constraints.input_modalities
    assert "video" in out.need.constraints.output_modalities
    assert out.results and all(has(ix, r.slug, "capability://video.generation") for r in out.results)


def test_a_common_word_is_not_respelt_into_a_taxonomy_word(ix: MatchIndex) -> None:
    # "catch" is one letter from "batch"; typing slips seldom hit the first letter, so it is left as written
    out = run_match(ix, "we want to catch spam and sexual content in user bios before they go live")
    assert "capability://api.batch" not in out.need.constraints.capabilities
    assert not any("'batch'" in n for n in out.need.notes)


def test_an_accented_first_letter_still_allows_a_respelling() -> None:
    # "áudio" and "audio" start with the same letter; only the accent differs
    from matchgraph.match.engine import _first_letter

    assert _first_letter("áudio") == _first_letter("audio") == "a"
    assert _first_letter("catch") != _first_letter("batch")


@pytest.mark.parametrize("need", ["an LLM to summarize our support tickets, at most $0.30 per million input tokens",
                                  "Je cherche un LLM pour résumer nos tickets de support, pas plus de 0,30 $ le "
                                  "million de tokens en entrée"])
def test_a_text_task_the_rules_read_keeps_embeddings_retrieved_from_other_words_out(ix: MatchIndex, need: str) -> None:
    """"Support tickets" is near text embeddings in meaning, but a summary is text: the results are models that
    write it, not embedding models that are cheaper per token."""
    out = run_match(ix, need, limit=5)
    assert len(out.results) == 5
    for r in out.results:
        assert not has(ix, r.slug, "capability://embeddings"), r.slug
        assert "text" in ix.artifacts[ix.position[r.slug]].output_modalities, r.slug


def test_a_two_letter_word_is_not_the_model_to_undercut(ix: MatchIndex) -> None:
    """Tagalog "shop ko" (my shop) shares "ko" with a Korean embedding model's name; "cheaper than a dime per
    second" bounds the price and names no model, so the answer is not emptied by that model's outputs."""
    out = run_match(ix, "Gagawa ako ng product video para sa online shop ko, text prompt lang. Basta cheaper than "
                        "a dime per second", limit=5)
    assert out.need.cheaper_than is None or out.need.cheaper_than.strip() != "ko"
    assert "embedding" not in out.need.constraints.output_modalities and len(out.results) >= 3
    assert all("video" in ix.artifacts[ix.position[r.slug]].output_modalities for r in out.results)
