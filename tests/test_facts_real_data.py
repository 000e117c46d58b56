"""Resolved facts, offer kinds, prices and families on the pinned LiteLLM database and the bundled snapshot."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from matchgraph.catalog.claims import LOCAL_RUNTIME_HOSTS, STATUSES, SUBSCRIPTION_HOSTS
from matchgraph.catalog.derive import ArtifactDraft, group_records, is_first_party
from matchgraph.catalog.offers import PRICED_KINDS
from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.service.catalog import derive_catalog
from matchgraph.service.passport import passport
from matchgraph.service.stats import catalog_stats
from matchgraph.sources.litellm import litellm_source_records, to_model_record
from tests.shared_data import LITELLM_JSON, require_shared

pytestmark = pytest.mark.needs_shared


@pytest.fixture(scope="module")
def source_records() -> list:
    path = require_shared(LITELLM_JSON)
    data = json.loads(path.read_text("utf-8"))
    return litellm_source_records(data, str(path), "2026-12-01")


@pytest.fixture(scope="module")
def drafts(source_records: list) -> list[ArtifactDraft]:
    records = [m for m in (to_model_record(sr) for sr in source_records) if m is not None]
    return group_records(records, "2026-12-01")


@pytest.fixture(scope="module")
def by_slug(drafts: list[ArtifactDraft]) -> dict[str, ArtifactDraft]:
    return {d.slug: d for d in drafts}


def _creator_claims(d: ArtifactDraft, says: object) -> bool:
    return any(says(r) for r in d.records
               if is_first_party(r) and r.host not in SUBSCRIPTION_HOSTS | LOCAL_RUNTIME_HOSTS)


def test_no_fact_rests_on_a_minority_claim(drafts: list[ArtifactDraft]) -> None:
    """The issue's measure: unless the creator's own record says so, a capability or modality of an
    artifact is claimed by at least half of all its records (silent ones included)."""
    checked = 0
    for d in drafts:
        n = len(d.records)
        for uri, entries in d.declared.items():
            if all(e["source"] == "derived" for e in entries) or "(override" in entries[0]["flag"]:
                continue
            claims = sum(uri in r.declared for r in d.records)
            assert _creator_claims(d, lambda r, u=uri: u in r.declared) or claims * 2 >= n, (d.slug, uri, claims, n)
            checked += 1
        for attr in ("input_modalities", "output_modalities"):
            for m in getattr(d, attr):
                claims = sum(m in getattr(r, attr) for r in d.records)
                creator = _creator_claims(d, lambda r, m=m, a=attr: m in getattr(r, a))
                assert creator or claims * 2 >= n, (d.slug, attr, m, claims, n)
                checked += 1
    assert checked > 5000


def test_disputed_facts_exist_and_never_reach_capabilities(drafts: list[ArtifactDraft]) -> None:
    disputed = [(d, name) for d in drafts for name, f in d.facts.items() if f.status == "disputed"]
    assert len(disputed) > 20
    for d, name in disputed:
        assert name not in d.declared
        if name.startswith(("input:", "output:")):
            direction, m = name.split(":", 1)
            assert m not in (d.input_modalities if direction == "input" else d.output_modalities)


def test_every_fact_has_a_known_status_and_its_records(drafts: list[ArtifactDraft]) -> None:
    for d in drafts:
        for name, f in d.facts.items():
            assert f.status in STATUSES, (d.slug, name)
            assert f.records and len(f.records) == f.for_ + f.against, (d.slug, name)


def test_zero_starting_prices_are_confirmed_free_tiers(drafts: list[ArtifactDraft]) -> None:
    for d in drafts:
        if d.cheapest is None:
            continue
        p = d.cheapest.prices
        zero = p.input_per_mtok == 0 or p.per_image == 0 or (p.input_per_mtok is None and p.output_per_mtok == 0)
        assert not zero or d.cheapest.kind == "free_tier", d.slug


def test_local_runtimes_and_subscriptions_never_set_a_starting_price(drafts: list[ArtifactDraft]) -> None:
    kinds = {o.kind for d in drafts for o in d.offers}
    assert {"api", "local_runtime", "subscription", "self_hosted", "preview"} <= kinds
    for d in drafts:
        if d.cheapest is not None:
            assert d.cheapest.kind in PRICED_KINDS, d.slug
    ollama_only = [d for d in drafts if d.offers and all(o.kind == "local_runtime" for o in d.offers)]
    assert ollama_only and all(d.cheapest is None for d in ollama_only)


def test_gpt_4o_mini_facts_carry_statuses_and_counts(by_slug: dict[str, ArtifactDraft]) -> None:
    d = by_slug["openai/gpt-4o-mini"]
    ctx = d.facts["context_window"]
    assert (ctx.value, ctx.status) == (128_000, "creator")
    assert ctx.for_ >= 5 and ctx.for_ + ctx.against == len(ctx.records)
    # The GitHub Copilot seat states a limit of its own; it is not a claim about the model.
    assert not any(r["key"].startswith("github_copilot/") for r in ctx.records)
    image = d.facts["input:image"]
    assert image.value is True and image.status == "creator" and image.for_ >= 5
    assert "image" in d.input_modalities
    assert "capability://vision.image-understanding" in d.declared
    assert d.family_head == "openai/gpt-4o-mini"
    assert by_slug["openai/gpt-4o-mini-2024-07-18"].family_head == "openai/gpt-4o-mini"


@pytest.fixture(scope="module")
def derived(source_records: list) -> tuple:
    return derive_catalog(source_records, load_taxonomy(), "2026-12-01")


def test_prose_states_no_disputed_capability_and_no_unconfirmed_zero(derived: tuple) -> None:
    tables, _ = derived
    kinds = {o["id"]: o["kind"] for o in tables["offers"]}
    start = {a["id"]: kinds.get(a["starting_offer_id"]) for a in tables["artifacts"]}
    disputed = {a["id"]: {n for n, f in a["facts"].items() if f["status"] == "disputed"} for a in tables["artifacts"]}
    for row in tables["artifact_capabilities"]:
        assert row["capability_uri"] not in disputed[row["artifact_id"]]
        if "Starting price $0 " in row["description"]:
            assert start[row["artifact_id"]] == "free_tier", row["description"]


def test_lyria_is_music_generation_by_a_listed_override(derived: tuple) -> None:
    tables, report = derived
    applied = {(o["id"], o["slug"]) for o in report.overrides}
    assert ("lyria-not-speech", "google/lyria-002") in applied
    art = next(a for a in tables["artifacts"] if a["slug"] == "google/lyria-002")
    caps = {r["capability_uri"] for r in tables["artifact_capabilities"] if r["artifact_id"] == art["id"]}
    assert "capability://audio.music-generation" in caps
    assert "capability://audio.speech-synthesis" not in caps
    assert report.disputed_facts > 0 and report.offers_by_kind["api"] > 1000


def test_safety_classifiers_filed_as_chat_are_moderation_models(derived: tuple) -> None:
    """Llama Guard, Granite Guardian and kin come from their hosts as chat models: each listed override
    moves them to content moderation, so a moderation need finds them and a chat need does not."""
    tables, report = derived
    applied = {o["slug"] for o in report.overrides if o["id"].endswith("-is-moderation")}
    assert {"meta-llama/llama-guard-3-8b", "ibm/granite-guardian-3.3-8b", "openai/gpt-oss-safeguard-20b"} <= applied
    by_id = {a["id"]: a["slug"] for a in tables["artifacts"]}
    caps: dict[str, set[str]] = {}
    for r in tables["artifact_capabilities"]:
        caps.setdefault(by_id[r["artifact_id"]], set()).add(r["capability_uri"])
    for slug in applied:
        assert "capability://safety.moderation" in caps[slug], slug
        assert "capability://text.chat" not in caps[slug], slug
    # The prompt-injection classifiers are not content moderation and keep what their hosts say.
    assert "capability://safety.moderation" not in caps.get("meta-llama/llama-prompt-guard-2-86m", set())


def test_chat_audio_output_is_apart_from_text_to_speech(drafts: list[ArtifactDraft]) -> None:
    chat_audio = [d for d in drafts if "capability://audio.chat-output" in d.declared]
    assert chat_audio
    for d in chat_audio:
        modes = {o.record.mode for o in d.offers}
        if "capability://audio.speech-synthesis" in d.declared:
            assert "audio_speech" in modes, d.slug


def test_snapshot_passport_and_stats(catalog_engine: sa.Engine) -> None:
    p = passport(catalog_engine, "gpt-4o-mini")
    assert p["family_head"] == "openai/gpt-4o-mini"
    assert "openai/gpt-4o-mini-2024-07-18" in [v["slug"] for v in p["versions"]]
    assert p["facts"]["context_window"]["status"] in STATUSES
    assert {"value", "status", "for", "against", "records"} <= set(p["facts"]["context_window"])
    assert all(o["kind"] in ("api", "subscription", "preview", "free_tier", "local_runtime", "self_hosted")
               for o in p["offers"])
    assert p["prices"]["offer"]["kind"] in PRICED_KINDS
    # The bundled identity sources date the model (directly, or through its dated snapshot).
    assert p["release_date"] == "2024-07-18"
    assert p["facts"]["release_date"]["status"] in STATUSES and p["facts"]["release_date"]["for"] >= 1
    assert all("measured_on" in e for e in p["evidence"])
    stats = catalog_stats(catalog_engine)
    assert stats["offers_by_kind"]["api"] > 1000
    assert sum(stats["offers_by_kind"].values()) == stats["offers"]
    assert sum(stats["records_by_source"].values()) == stats["source_records"]
    assert stats["disputed_facts"] > 0
    assert stats["zero_starting_prices"] == stats["zero_starting_prices_by_kind"].get("free_tier", 0)


def test_ingest_report_lists_overrides_and_fact_counts(tmp_path) -> None:
    from matchgraph.service.catalog import ingest
    from matchgraph.service.reports import ingest_report_markdown
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    engine = open_store(Settings(db_url=f"sqlite:///{tmp_path / 'r.db'}"))
    try:
        result = ingest(engine, "litellm", str(require_shared(LITELLM_JSON)), max_bytes=100 * 1024 * 1024)
        text = ingest_report_markdown(engine, result)
    finally:
        engine.dispose()
    assert "## Overrides applied" in text and "`google/lyria-002`" in text and "lyria-not-speech" in text
    assert f"- disputed facts: {result.derive.disputed_facts}" in text and result.derive.disputed_facts > 0
    assert "local_runtime" in text


@pytest.fixture(scope="module")
def snapshot_derived() -> tuple:
    from matchgraph.service.snapshot import read_snapshot

    _, records = read_snapshot()
    return derive_catalog(records, load_taxonomy(), "2026-12-01")


def test_coverage_counts_models_a_source_documents_but_nobody_hosts(snapshot_derived: tuple) -> None:
    tables, report = snapshot_derived
    arts = tables["artifacts"]
    offered = {o["artifact_id"] for o in tables["offers"]}
    sources = {o["source"] for o in tables["offers"]}
    assert len(arts) >= 2500 and len(sources) >= 2
    offerless = [a for a in arts if a["id"] not in offered]
    assert len(offerless) == len(report.identity_only_artifacts) >= 300
    for a in offerless:
        assert a["hosts_count"] == 0 and a["starting_offer_id"] is None
        assert a["input_per_mtok"] is None and a["output_per_mtok"] is None and a["per_image"] is None
        assert a["status"] == "active", a["slug"]  # no offer is not a retirement
        # Each rests on an identity fact or on evidence of its own records.
        stated = [f for n, f in a["facts"].items() if n in ("release_date", "open_weights", "license", "parameters",
                                                          "knowledge_cutoff")]
        assert stated or any(e["artifact_id"] == a["id"] for e in tables["evidence"]), a["slug"]
        # Its own claims come from identity records (a family head also cites its versions' records).
        assert all(r["source"] in ("mteb", "llmstats") for f in a["facts"].values() for r in f["records"]
                   if "version" not in r), a["slug"]


# Identity-only names and the artifact each must land on: hosted models spelled otherwise by a
# benchmark (labelled by hand from the records), and look-alikes that are other models.
SAME_MODEL = {
    "amazon/titan-text-embeddings-v2": "amazon/titan-embed-text-v2",  # MTEB spelling of the Bedrock id
    "mistralai/codestral-22b": "mistralai/codestral-2405",  # llm-stats' size name of Codestral 24.05
    "mistralai/mistral-large-2-2407": "mistralai/mistral-large-2407",
    "google/gemini-1.0-pro": "google/gemini-pro",
    "qwen/qwen2.5-vl-72b": "qwen/qwen2.5-vl-72b-instruct",  # its page names "Qwen2.5 VL 72B Instruct"
}


def test_identity_names_of_hosted_models_join_them(snapshot_derived: tuple) -> None:
    tables, report = snapshot_derived
    slugs = {a["slug"] for a in tables["artifacts"]}
    placed = {m.split(" -> ")[0]: m.split(" -> ")[1].split(" ")[0] for m in report.identity_matched}
    for named, slug in SAME_MODEL.items():
        assert placed.get(named) == slug and named not in slugs, named
    # Another maker's model of the same name, and another version under a shared display name, stay apart.
    assert {"facebook/sonar", "perplexity/sonar"} <= slugs
    assert {"cohere/command-r-plus-04-2024", "cohere/command-r-plus-08-2024"} <= slugs
    # Hugging Face namespaces of creators the catalog names otherwise, and a host's product segment.
    assert "jina/jina-embeddings-v4" in slugs and not any(s.startswith("jina/jinaai-") for s in slugs)
    assert "baai/bge-large-en-v1.5" in slugs and not any(s.startswith("workers-ai/") for s in slugs)
    hosts = {a["slug"]: a["hosts_count"] for a in tables["artifacts"]}
    assert hosts["sentence-transformers/all-minilm-l6-v2"] >= 1  # DigitalOcean's all-mini-lm-l6-v2 and MTEB's


def test_no_offerless_artifact_shares_a_model_key_with_a_hosted_one(snapshot_derived: tuple) -> None:
    """An alias (source key, host key) of an artifact without offers is never also a key of a hosted one:
    the same id at two artifacts is a duplicate. Display names shared by versions are allowed."""
    tables, _ = snapshot_derived
    hosted = {a["id"] for a in tables["artifacts"] if a["hosts_count"]}
    by_norm: dict[str, set[int]] = {}
    for r in tables["aliases"]:
        if r["source"] not in ("name", "slug"):
            by_norm.setdefault(r["alias_norm"], set()).add(r["artifact_id"])
    clashes = [n for n, ids in by_norm.items() if ids & hosted and ids - hosted]
    assert clashes == []


def test_image_generators_state_prompt_limits_not_context_windows(snapshot_derived: tuple) -> None:
    tables, _ = snapshot_derived
    media = [a for a in tables["artifacts"]
             if set(a["output_modalities"]) & {"image", "video"} and "text" not in a["output_modalities"]]
    assert len(media) > 50
    assert [a["slug"] for a in media if a["context_window"] is not None or a["max_output"] is not None] == []
    ids = {a["id"] for a in media}
    assert all(o["context_window"] is None for o in tables["offers"] if o["artifact_id"] in ids)
    flux = next(a for a in media if a["slug"] == "black-forest-labs/flux-1.1-pro")
    assert flux["facts"]["prompt_limit"]["value"] in {r["value"] for r in flux["facts"]["prompt_limit"]["records"]}


def test_passport_of_a_model_nobody_hosts(catalog_engine: sa.Engine) -> None:
    p = passport(catalog_engine, "jina/jina-embeddings-v4")
    assert p["offers"] == [] and p["hosts"] == []
    assert p["status"] == "active"
    assert p["availability"]["hosted_offer_known"] is False
    assert p["availability"]["note"].startswith("no hosted offer known")
    assert p["prices"]["input_per_mtok"] is None and p["prices"]["offer"] is None
    assert p["open_weights"] is True and "open weights" in p["availability"]["note"]
    adoption = p["matchrank"]["components"]["adoption"]
    assert adoption["score"] is None  # no offer known: unknown, not a score of 0
    assert p["evidence"] and all(e["source"] == "mteb" for e in p["evidence"])
    assert {s["source"] for s in p["sources"]} == {"mteb"}
    stats = catalog_stats(catalog_engine)
    assert stats["artifacts_without_offers"] >= 300 and stats["unsourced_artifacts"] == 0


def test_init_report_lists_every_merge_and_every_models_dev_id_no_other_source_names(
        catalog_engine: sa.Engine, snapshot_derived: tuple) -> None:
    from collections import defaultdict

    from matchgraph.service.reports import catalog_report_markdown

    tables, report = snapshot_derived
    text = catalog_report_markdown(catalog_engine, "Init report", report.source_records, [], report, ["modelsdev"])
    keys: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for o in tables["offers"]:
        keys[o["artifact_id"]].append((o["source"], o["source_key"]))
    slugs = {a["id"]: a["slug"] for a in tables["artifacts"]}
    merged = [i for i, ks in keys.items() if len(ks) > 1]
    added = [(slugs[i], k) for i, ks in keys.items() if {s for s, _ in ks} == {"modelsdev"} for _, k in ks]
    assert len(merged) > 500 and len(added) > 500
    section = text.split("## modelsdev ids no other source names")[1].split("\n## ")[0]
    assert all(f"`modelsdev:{k}`" in section for _, k in added)
    assert all(f"- `{slugs[i]}` ← " in text for i in merged)
    offerless = text.split("## Artifacts known only from identity records")[1].split("\n## ")[0]
    assert all(f"- `{s}`" in offerless for s in report.identity_only_artifacts)
