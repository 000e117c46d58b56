"""The fact rule table (catalog/claims.py) on small synthetic records, and the override table."""

from __future__ import annotations

import pytest

from matchgraph.catalog.claims import resolve_facts
from matchgraph.catalog.derive import group_records, is_first_party
from matchgraph.catalog.domain import ModelRecord
from matchgraph.catalog.overrides import OverrideError, load_overrides, parse_overrides
from matchgraph.catalog.taxonomy import load_taxonomy

VISION = "capability://vision.image-understanding"
TOOLS = "capability://tools.function-calling"


def rec(key: str, host: str, *, source: str = "litellm", org: str = "acme", **kw) -> ModelRecord:
    kw.setdefault("input_modalities", ["text"])
    kw.setdefault("output_modalities", ["text"])
    kw.setdefault("mode", "chat")
    return ModelRecord(source=source, source_key=key, slug="acme/m1", name="M1", organization=org,
                       host=host, host_key=key, **kw)


def facts(*records: ModelRecord):
    return resolve_facts(list(records), is_first_party)


def test_creator_record_decides_against_a_reseller_majority() -> None:
    f = facts(
        rec("acme/m1", "acme", context_window=100_000),
        rec("a/m1", "host-a", context_window=32_000),
        rec("b/m1", "host-b", context_window=32_000),
    )["context_window"]
    assert (f.value, f.status, f.for_, f.against) == (100_000, "creator", 1, 2)
    assert {r["key"] for r in f.records} == {"acme/m1", "a/m1", "b/m1"}


def test_majority_of_stating_records_with_explicit_false_against() -> None:
    f = facts(
        rec("a/m1", "host-a", declared={TOOLS: "supports_function_calling"}),
        rec("b/m1", "host-b", denied={TOOLS: "supports_function_calling"}),
        rec("c/m1", "host-c", denied={TOOLS: "supports_function_calling"}),
        rec("d/m1", "host-d"),  # silent in the same source and mode: counts against
        rec("e/m1", "host-e", source="modelsdev"),  # silent in another source: no vote
    )[TOOLS]
    assert (f.value, f.status, f.for_, f.against) == (False, "majority", 1, 3)
    assert not f.holds
    assert [r["key"] for r in f.records if r.get("silent")] == ["d/m1"]


def test_one_host_flag_among_silent_hosts_is_a_minority_claim() -> None:
    f = facts(*[rec(f"{h}/m1", h) for h in ("a", "b", "c")],
              rec("d/m1", "host-d", declared={VISION: "supports_vision"}, input_modalities=["text", "image"]))
    assert (f[VISION].value, f[VISION].for_, f[VISION].against) == (False, 1, 3)
    assert not f["input:image"].holds


def test_a_flag_is_not_contradicted_by_a_record_of_another_mode() -> None:
    f = facts(rec("a/m1", "host-a", declared={TOOLS: "supports_function_calling"}),
              rec("b/m1", "host-b", mode="responses", declared={TOOLS: "supports_function_calling"}),
              rec("e/m1", "host-e", mode="embedding", output_modalities=["embedding"]))[TOOLS]
    assert (f.value, f.status, f.for_, f.against) == (True, "majority", 2, 0)


def test_a_mode_is_contradicted_by_records_of_another_mode() -> None:
    chat = rec("x/m1", "host-x", declared={"capability://text.chat": "mode"})
    embed = [rec(f"{h}/m1", h, mode="embedding", output_modalities=["embedding"]) for h in ("a", "b")]
    f = facts(chat, *embed)
    assert not f["capability://text.chat"].holds and not f["output:text"].holds
    assert f["output:embedding"].holds


def test_a_tie_is_disputed_and_does_not_hold() -> None:
    f = facts(
        rec("a/m1", "host-a", declared={VISION: "supports_vision"}),
        rec("b/m1", "host-b", denied={VISION: "supports_vision"}),
    )[VISION]
    assert f.status == "disputed" and not f.holds


def test_creator_silence_counts_once_against_a_single_reseller_claim() -> None:
    f = facts(
        rec("acme/m1", "acme"),
        rec("a/m1", "host-a", declared={VISION: "supports_vision"}, input_modalities=["text", "image"]),
    )
    assert f[VISION].status == "disputed" and not f[VISION].holds
    assert f["input:image"].status == "disputed"
    assert any(r.get("silent") for r in f[VISION].records)


def test_one_stating_record_is_single_source() -> None:
    f = facts(rec("a/m1", "host-a", declared={VISION: "x"}), rec("b/m1", "host-b", source="modelsdev"))[VISION]
    assert (f.value, f.status, f.for_, f.against) == (True, "single_source", 1, 0)
    assert f.holds


def test_second_source_agreeing_makes_agreed() -> None:
    f = facts(
        rec("a/m1", "host-a", release_date="2024-07-18"),
        rec("acme/m1@md", "host-a", source="modelsdev", release_date="2024-07-18"),
    )["release_date"]
    assert (f.value, f.status, f.for_) == ("2024-07-18", "agreed", 2)
    assert (f.agreeing, f.contradicting) == (["litellm", "modelsdev"], [])


def test_second_source_disagreeing_disputes_the_majority() -> None:
    records = [rec(f"{h}/m1", h, declared={VISION: "supports_vision"}) for h in ("a", "b", "c")]
    records.append(rec("m1@md", "a", source="modelsdev", denied={VISION: "attachment"}))
    f = facts(*records)[VISION]
    assert (f.value, f.status, f.for_, f.against) == (True, "disputed", 3, 1)
    assert not f.holds
    assert (f.agreeing, f.contradicting) == (["litellm"], ["modelsdev"])
    assert f.as_dict()["sources"] == {"agree": ["litellm"], "disagree": ["modelsdev"]}


def test_second_source_disagreeing_disputes_the_creator() -> None:
    f = facts(
        rec("acme/m1", "acme", open_weights=False),
        rec("m1@md", "x", source="modelsdev", open_weights=True),
    )["open_weights"]
    assert f.value is False and f.status == "disputed"


def test_subscription_hosts_never_set_limits() -> None:
    f = facts(
        rec("chatgpt/m1", "chatgpt", context_window=8_000),
        rec("a/m1", "host-a", context_window=128_000),
    )["context_window"]
    assert (f.value, f.status, f.for_) == (128_000, "single_source", 1)


def test_image_host_prompt_cap_is_not_a_context_window() -> None:
    f = facts(
        rec("a/m1", "host-a", context_window=1_000_000),
        rec("img/m1", "host-i", mode="image_generation", context_window=4_000),
    )["context_window"]
    assert f.value == 1_000_000 and f.for_ == 1


def test_limits_within_ten_percent_agree_across_sources() -> None:
    f = facts(
        rec("a/m1", "host-a", context_window=128_000),
        rec("m1@md", "host-a", source="modelsdev", context_window=131_072),
    )["context_window"]
    assert (f.value, f.status, f.for_, f.against) == (128_000, "agreed", 2, 0)
    far = facts(
        rec("a/m1", "host-a", context_window=128_000),
        rec("m1@md", "host-a", source="modelsdev", context_window=200_000),
    )["context_window"]
    assert (far.value, far.status) == (128_000, "disputed")


def test_identity_only_records_claim_but_are_not_offers() -> None:
    drafts = group_records(
        [rec("a/m1", "host-a"), rec("stats/m1", "llm-stats", source="llmstats", is_offer=False,
                                   release_date="2025-01-02", parameters=7_000_000_000)],
        "2026-12-01",
    )
    (d,) = drafts
    assert [o.record.source_key for o in d.offers] == ["a/m1"]
    assert d.release_date == "2025-01-02" and d.parameters == 7_000_000_000
    assert d.facts["release_date"].status == "single_source"


def test_disputed_capability_is_not_declared_for_search() -> None:
    drafts = group_records(
        [rec("acme/m1", "acme"),
         rec("a/m1", "host-a", declared={VISION: "supports_vision"}, input_modalities=["text", "image"])],
        "2026-12-01",
    )
    (d,) = drafts
    assert VISION not in d.declared
    assert "image" not in d.input_modalities
    assert d.facts[VISION].status == "disputed"


def test_context_tiers_follow_the_resolved_window_and_image_to_video_is_derived() -> None:
    drafts = group_records(
        [rec("acme/m1", "acme", mode="video_generation", input_modalities=["text", "image"],
             output_modalities=["video"], declared={"capability://text.long-context.1m": "max_input_tokens"})],
        "2026-12-01",
    )
    (d,) = drafts
    assert "capability://text.long-context.1m" not in d.declared  # no context window resolved
    assert "capability://video.generation.image-to-video" in d.declared


def test_resolution_is_linear_in_records() -> None:
    records = [rec(f"h{i}/m1", f"host-{i}", declared={TOOLS: "f"}, context_window=1000 * (1 + i % 3))
               for i in range(3000)]
    f = facts(*records)
    assert f[TOOLS].for_ == 3000 and f["context_window"].for_ == 1000


# ------------------------------------------------------------------------------------------ overrides


def test_packaged_overrides_are_valid_and_name_taxonomy_nodes() -> None:
    taxonomy = load_taxonomy()
    table = load_overrides()
    assert table
    for o in table:
        assert o.source_url.startswith("https://") and o.reason
        assert o.replace_capability in taxonomy
        assert o.capability is None or o.capability in taxonomy


GOOD = """
overrides:
  - id: x
    slugs: [acme/m1]
    replace_capability: capability://audio.speech-synthesis
    capability: capability://audio.music-generation
    reason: it makes music
    source_url: https://example.org/m1
    reviewed: "2026-12-01"
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("source_url: https://example.org/m1", "source_url: http://example.org/m1"), "https"),
        (("slugs: [acme/m1]", "slugs: [Acme M1]"), "slugs"),
        (("reason: it makes music", "reason: ''"), "reason"),
        (("reviewed: \"2026-12-01\"", "reviewed: soon"), "reviewed"),
        (("capability: capability://audio.music-generation", "capability: music"), "capability"),
        (("    reviewed: \"2026-12-01\"\n", "    reviewed: \"2026-12-01\"\n    extra: 1\n"), "unknown field"),
    ],
)
def test_override_schema_rejects_bad_entries(change: tuple[str, str], message: str) -> None:
    assert parse_overrides(GOOD)[0].slugs == ("acme/m1",)
    with pytest.raises(OverrideError, match=message):
        parse_overrides(GOOD.replace(*change))


def test_override_moves_a_misfiled_capability() -> None:
    table = parse_overrides(GOOD)
    drafts = group_records(
        [rec("acme/m1", "acme", mode="audio_speech", output_modalities=["audio"],
             declared={"capability://audio.speech-synthesis": "mode"})],
        "2026-12-01", table,
    )
    (d,) = drafts
    assert "capability://audio.speech-synthesis" not in d.declared
    assert "capability://audio.music-generation" in d.declared
    assert d.overrides == ["x"]
    assert d.facts["capability://audio.music-generation"].rule.startswith("override x")


def test_identity_only_records_alone_make_no_artifact() -> None:
    from matchgraph.catalog.derive import identity_only_slugs

    only = ModelRecord(source="llmstats", source_key="x/other", slug="acme/other", name="Other",
                       organization="acme", host="llm-stats", host_key="x/other", is_offer=False)
    records = [rec("a/m1", "host-a"), only]
    assert [d.slug for d in group_records(records, "2026-12-01")] == ["acme/m1"]
    assert identity_only_slugs(records) == ["acme/other"]


def test_the_same_key_in_two_sources_is_two_records() -> None:
    f = facts(
        rec("azure/m1", "azure", declared={TOOLS: "supports_function_calling"}),
        rec("azure/m1", "azure", source="modelsdev", declared={TOOLS: "tool_call"}),
        rec("b/m1", "host-b", source="modelsdev", declared={TOOLS: "tool_call"}),
    )[TOOLS]
    assert (f.for_, f.against, f.status) == (3, 0, "agreed")
    only_litellm = facts(
        rec("azure/m1", "azure", declared={"capability://api.batch": "input_cost_per_token_batches"}),
        rec("azure/m1", "azure", source="modelsdev"),
        rec("b/m1", "host-b", source="modelsdev"),
    )["capability://api.batch"]
    # models.dev states nothing about batch pricing: its silence is no vote.
    assert (only_litellm.for_, only_litellm.against, only_litellm.status) == (1, 0, "single_source")


def test_a_capability_whose_needed_modality_resolves_false_is_disputed() -> None:
    image = "capability://image.generation.text-to-image"
    # One source's image-generation flag on a model whose other records say it outputs text only.
    f = facts(*[rec(f"{h}/m1", f"host-{h}", source="modelsdev") for h in ("a", "b", "c")],
              rec("d/m1", "host-d", source="modelsdev", declared={image: "modalities.output"},
                  output_modalities=["text", "image"], mode="image_generation"))
    assert f["output:image"].value is False
    assert f[image].status == "disputed" and not f[image].holds and "R5" in f[image].rule
    # The same flag with image output agreed by the records stays a fact.
    g = facts(*[rec(f"{h}/m1", h, declared={image: "mode"}, output_modalities=["image"], mode="image_generation")
                for h in ("a", "b")])
    assert g[image].holds and g["output:image"].holds


def test_an_identity_record_that_documents_a_model_makes_an_artifact_without_offers() -> None:
    page = ModelRecord(source="mteb", source_key="acme__embed/rev1", slug="acme/embed", name="embed",
                       organization="acme", host="mteb", host_key="acme/embed", mode="embedding",
                       input_modalities=["text"], output_modalities=["embedding"], release_date="2025-03-01",
                       open_weights=True, context_window=8192, is_offer=False)
    (d,) = [x for x in group_records([rec("a/m1", "host-a"), page], "2026-12-01") if x.slug == "acme/embed"]
    assert d.offers == [] and d.cheapest is None and d.reference is None
    # No offer is not a retirement: the status stays active and nothing is priced.
    assert d.status == "active" and d.deprecation_date is None
    row = d.row()
    assert row["hosts_count"] == 0 and row["starting_offer_id"] is None
    assert row["input_per_mtok"] is None and row["per_image"] is None
    assert d.open_weights is True and d.facts["open_weights"].status == "single_source"
    assert d.release_date == "2025-03-01"


def test_an_identity_record_with_evidence_but_no_fact_is_an_artifact() -> None:
    from matchgraph.catalog.identity_only import documents_model

    bare = ModelRecord(source="mteb", source_key="x/rev", slug="acme/bare", name="bare", organization="acme",
                       host="mteb", host_key="acme/bare", is_offer=False)
    assert not documents_model(bare)
    assert documents_model(bare, has_evidence=True)
    bare.extra = {"carries_evidence": True}
    assert [d.slug for d in group_records([bare], "2026-12-01")] == ["acme/bare"]
    nameless = ModelRecord(source="mteb", source_key="y/rev", slug="acme/y", name=" ", organization="acme",
                           host="mteb", host_key="acme/y", release_date="2025-01-01", is_offer=False)
    assert not documents_model(nameless, has_evidence=True)


def test_identity_records_spelled_otherwise_land_on_the_hosted_artifact() -> None:
    from matchgraph.catalog.identity_only import match_hosted, offered_catalog

    hosted = [
        ModelRecord(source="litellm", source_key="bedrock/amazon.titan-embed-text-v2:0",
                    slug="amazon/titan-embed-text-v2", name="Titan Embed Text v2", organization="amazon",
                    host="bedrock", host_key="amazon.titan-embed-text-v2:0", mode="embedding"),
        ModelRecord(source="litellm", source_key="cohere/command-r-plus-08-2024", slug="cohere/command-r-plus-08-2024",
                    name="Command R+", organization="cohere", host="cohere", host_key="command-r-plus-08-2024",
                    mode="chat"),
        ModelRecord(source="litellm", source_key="together/Qwen/Qwen2.5-VL-72B-Instruct",
                    slug="qwen/qwen2.5-vl-72b-instruct", name="Qwen2.5 VL 72B Instruct", organization="qwen",
                    host="together", host_key="Qwen/Qwen2.5-VL-72B-Instruct", mode="chat"),
    ]

    def page(slug: str, key: str, name: str, mode: str | None = None) -> ModelRecord:
        return ModelRecord(source="llmstats", source_key=f"x/{key}", slug=slug, name=name, organization="x",
                           host="llm-stats", host_key=key, mode=mode, release_date="2024-01-01", is_offer=False)

    pages = [
        page("amazon/amazon-titan-embed-text-v2", "amazon/titan-embed-text-v2", "titan-embed-text-v2", "embedding"),
        # A name that drops the version ("Command R+") never stands for a versioned key.
        page("cohere/command-r-plus-04-2024", "command-r-plus-04-2024", "Command R+"),
        # A name stating every part of the key may: it adds "Instruct".
        page("qwen/qwen2.5-vl-72b", "qwen2.5-vl-72b", "Qwen2.5 VL 72B Instruct"),
        # An embedding page never lands on a chat model.
        page("cohere/command-r-plus-08-2024-embed", "command-r-plus-08-2024", "x", "embedding"),
    ]
    hits = match_hosted(pages, offered_catalog(hosted))
    assert hits[0][0] == "amazon/titan-embed-text-v2"
    assert 1 not in hits
    assert hits[2][0] == "qwen/qwen2.5-vl-72b-instruct"
    assert 3 not in hits


def test_an_image_generators_prompt_cap_is_a_prompt_limit_not_a_context_window() -> None:
    def image(key: str, host: str, **kw) -> ModelRecord:
        return rec(key, host, mode="image_generation", input_modalities=["text"], output_modalities=["image"], **kw)

    f = facts(image("a/flux", "host-a", context_window=512), image("b/flux", "host-b", context_window=512))
    assert "context_window" not in f and "max_output" not in f
    assert (f["prompt_limit"].value, f["prompt_limit"].for_) == (512, 2)
    # A host filing the image model under a chat mode does not give it a context window either.
    chat_filed = facts(image("a/flux", "host-a"), image("b/flux", "host-b"),
                       rec("c/flux", "host-c", output_modalities=["image"], context_window=4096, max_output=4096))
    assert "context_window" not in chat_filed and chat_filed["prompt_limit"].value == 4096
    # A model that writes text beside images keeps its context window.
    both = facts(rec("acme/m1", "acme", mode="image_generation", output_modalities=["text", "image"],
                     context_window=32_768))
    assert both["context_window"].value == 32_768 and "prompt_limit" not in both
    (d,) = group_records([image("a/flux", "host-a", context_window=512, max_output=4096)], "2026-12-01")
    assert d.context_window is None and d.max_output is None
    assert [o.row()["context_window"] for o in d.offers] == [None]
    assert not any(u.startswith("capability://text.long-context") for u in d.declared)
