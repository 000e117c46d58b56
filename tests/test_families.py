"""Families: version markers stripped to the head a person types (catalog/families.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matchgraph.catalog.derive import group_records
from matchgraph.catalog.domain import ModelRecord
from matchgraph.catalog.families import family_heads, stripped_forms

SLUGS = [
    "openai/gpt-4o-mini", "openai/gpt-4o-mini-2024-07-18", "openai/gpt-3.5-turbo", "openai/gpt-3.5-turbo-0125",
    "anthropic/claude-3-5-sonnet", "anthropic/claude-3-5-sonnet-20240620", "anthropic/claude-3-5-sonnet-latest",
    "google/gemini-2.5-flash", "google/gemini-2.5-flash-preview-05-20", "google/gemini-exp-1206",
    "mistralai/mistral-large", "mistralai/mistral-large-2407", "deepseek/deepseek-v3.2-exp",
    "acme/orphan-2024-01-01",
]


def test_heads_are_the_names_people_type() -> None:
    heads = family_heads(SLUGS)
    assert heads["openai/gpt-4o-mini-2024-07-18"] == "openai/gpt-4o-mini"
    assert heads["openai/gpt-3.5-turbo-0125"] == "openai/gpt-3.5-turbo"
    assert heads["anthropic/claude-3-5-sonnet-20240620"] == "anthropic/claude-3-5-sonnet"
    assert heads["anthropic/claude-3-5-sonnet-latest"] == "anthropic/claude-3-5-sonnet"
    assert heads["google/gemini-2.5-flash-preview-05-20"] == "google/gemini-2.5-flash"
    assert heads["mistralai/mistral-large-2407"] == "mistralai/mistral-large"
    # No head artifact: its own head.
    assert heads["acme/orphan-2024-01-01"] == "acme/orphan-2024-01-01"
    assert heads["google/gemini-exp-1206"] == "google/gemini-exp-1206"
    assert heads["deepseek/deepseek-v3.2-exp"] == "deepseek/deepseek-v3.2-exp"
    assert heads["openai/gpt-4o-mini"] == "openai/gpt-4o-mini"


def test_sizes_and_versions_are_not_dates() -> None:
    assert family_heads(["acme/m-7b", "acme/m-7b-v2"])["acme/m-7b-v2"] == "acme/m-7b-v2"
    assert family_heads(["acme/embed", "acme/embed-3072"])["acme/embed-3072"] == "acme/embed-3072"


def test_each_version_keeps_its_own_facts() -> None:
    def rec(key: str, slug: str, ctx: int) -> ModelRecord:
        return ModelRecord(source="litellm", source_key=key, slug=slug, name=slug, organization="openai",
                           host="openai", host_key=key, mode="chat", context_window=ctx)

    drafts = group_records([rec("m", "openai/m", 128_000), rec("m-2024-07-18", "openai/m-2024-07-18", 64_000)],
                           "2026-12-01")
    by = {d.slug: d for d in drafts}
    assert by["openai/m-2024-07-18"].family_head == "openai/m"
    assert by["openai/m"].family_head == "openai/m"
    assert by["openai/m-2024-07-18"].context_window == 64_000 and by["openai/m"].context_window == 128_000


@given(st.from_regex(r"[a-z0-9]{1,8}/[a-z0-9._-]{1,40}", fullmatch=True))
def test_stripping_only_shortens_and_keeps_the_organization(slug: str) -> None:
    org = slug.split("/", 1)[0]
    for form in stripped_forms(slug):
        assert form.startswith(org + "/") and len(form) < len(slug) and slug.startswith(form)
    heads = family_heads([slug, *stripped_forms(slug)])
    assert heads[slug] in [slug, *stripped_forms(slug)]


def test_passport_of_a_head_lists_versions_and_their_evidence(fresh_engine) -> None:
    """Stored on SQLite and PostgreSQL: the head's passport shows a version's evidence, labelled."""
    from matchgraph.catalog.domain import SourceRecord
    from matchgraph.catalog.taxonomy import load_taxonomy
    from matchgraph.service.catalog import capability_rows, derive_catalog
    from matchgraph.service.passport import passport
    from matchgraph.store import catalog_repo

    def sr(key: str, ctx: int) -> SourceRecord:
        return SourceRecord(source="litellm", key=key, url=None, fetched_at="2026-12-01",
                            payload={"litellm_provider": "openai", "mode": "chat", "max_input_tokens": ctx,
                                     "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07})

    records = [sr("gpt-4o-mini", 128_000), sr("gpt-4o-mini-2024-07-18", 64_000)]
    taxonomy = load_taxonomy()
    tables, _ = derive_catalog(records, taxonomy, "2026-12-01")
    by_slug = {a["slug"]: a for a in tables["artifacts"]}
    version = by_slug["openai/gpt-4o-mini-2024-07-18"]
    tables["evidence"] = [{
        "artifact_id": version["id"], "capability_uri": None, "metric": "arena_rating:text/overall",
        "value": 1272.0, "ci_low": 1268.0, "ci_high": 1276.0, "sample_size": 1000, "source": "lmarena",
        "source_key": "gpt-4o-mini-2024-07-18", "source_url": None, "observed_at": None, "fetched_at": None,
    }]
    with fresh_engine.begin() as conn:
        catalog_repo.put_source_records(conn, records, replace_source="litellm")
        catalog_repo.replace_derived(conn, tables, capability_rows(taxonomy))
    head = passport(fresh_engine, "gpt-4o-mini")
    assert head["family_head"] == "openai/gpt-4o-mini"
    assert [v["slug"] for v in head["versions"]] == ["openai/gpt-4o-mini-2024-07-18"]
    assert [(e["value"], e["measured_on"]) for e in head["evidence"]] == [(1272.0, "openai/gpt-4o-mini-2024-07-18")]
    assert head["facts"]["context_window"]["value"] == 128_000
    own = passport(fresh_engine, "gpt-4o-mini-2024-07-18")
    assert own["family_head"] == "openai/gpt-4o-mini" and own["versions"] == []
    assert own["context_window"] == 64_000
    assert [e["measured_on"] for e in own["evidence"]] == ["openai/gpt-4o-mini-2024-07-18"]


def test_read_model_states_no_disputed_identity_fact(fresh_engine) -> None:
    from matchgraph.catalog.domain import SourceRecord
    from matchgraph.catalog.taxonomy import load_taxonomy
    from matchgraph.service.catalog import capability_rows, derive_catalog
    from matchgraph.store import catalog_repo
    from matchgraph.store.read_model import load_catalog_view

    record = SourceRecord(source="litellm", key="ollama/acme-7b", url=None, fetched_at="2026-12-01",
                          payload={"litellm_provider": "ollama", "mode": "chat", "max_input_tokens": 8192})
    taxonomy = load_taxonomy()
    tables, _ = derive_catalog([record], taxonomy, "2026-12-01")
    (art,) = tables["artifacts"]
    assert art["open_weights"] is True and art["facts"]["open_weights"]["status"] == "single_source"
    art["facts"]["open_weights"] = {**art["facts"]["open_weights"], "status": "disputed"}
    with fresh_engine.begin() as conn:
        catalog_repo.replace_derived(conn, tables, capability_rows(taxonomy))
    with fresh_engine.connect() as conn:
        view = load_catalog_view(conn)
    (a,) = view.artifacts
    assert a.open_weights is None and "open_weights" in a.disputed
    assert all(o.prices.get("input_per_mtok") is None for o in a.offers)  # a local runtime has no comparable price
    assert a.offers[0].kind == "local_runtime"


def test_a_head_without_identity_claims_takes_them_from_its_versions() -> None:
    def rec(key: str, slug: str, **kw) -> ModelRecord:
        return ModelRecord(source="litellm", source_key=key, slug=slug, name=slug, organization="openai",
                           host="openai", host_key=key, mode="chat", **kw)

    stats = dict(source="llmstats", is_offer=False)
    records = [
        rec("m", "openai/m"),
        rec("m-2024-05-13", "openai/m-2024-05-13"), rec("m-2024-08-06", "openai/m-2024-08-06"),
        ModelRecord(**stats, source_key="s1", slug="openai/m-2024-05-13", name="m", organization="openai",
                    host="llm-stats", host_key="s1", release_date="2024-05-13", license="Proprietary"),
        ModelRecord(**stats, source_key="s2", slug="openai/m-2024-08-06", name="m", organization="openai",
                    host="llm-stats", host_key="s2", release_date="2024-08-06", license="Proprietary"),
    ]
    by = {d.slug: d for d in group_records(records, "2026-12-01")}
    head = by["openai/m"]
    assert head.release_date == "2024-05-13" and head.license == "Proprietary"
    fact = head.facts["release_date"]
    assert fact.rule.startswith("family: from version openai/m-2024-05-13")
    assert fact.records[0]["version"] == "openai/m-2024-05-13"
    assert head.row()["release_date"] == "2024-05-13"
    # Versions keep their own.
    assert by["openai/m-2024-08-06"].release_date == "2024-08-06"


def test_an_offerless_version_joins_its_hosted_family() -> None:
    def rec(key: str, slug: str, **kw) -> ModelRecord:
        return ModelRecord(source="litellm", source_key=key, slug=slug, name=slug, organization="openai",
                           host="openai", host_key=key, mode="chat", **kw)

    page = ModelRecord(source="llmstats", source_key="openai/m-2025-09-15", slug="openai/m-2025-09-15", name="M",
                       organization="openai", host="llm-stats", host_key="m-2025-09-15", release_date="2025-09-15",
                       is_offer=False)
    by = {d.slug: d for d in group_records([rec("m", "openai/m"), page], "2026-12-01")}
    assert by["openai/m-2025-09-15"].family_head == "openai/m"
    assert by["openai/m-2025-09-15"].offers == []
    # The head keeps its offer and takes the release date from the version it lacks.
    assert len(by["openai/m"].offers) == 1 and by["openai/m"].release_date == "2025-09-15"
