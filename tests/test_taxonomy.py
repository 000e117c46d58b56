"""The packaged capability taxonomy: completeness, agreement with real arena data, strict validation."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from shared_data import LMARENA_DIR, SHARED_DATA, require_shared

from matchgraph.catalog.taxonomy import (
    Capability,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    parse_taxonomy,
)

REQUIRED_URIS = [
    "capability://text.chat",
    "capability://text.instruction-following",
    "capability://text.reasoning",
    "capability://text.reasoning.extended-thinking",
    "capability://text.coding",
    "capability://text.math",
    "capability://text.creative-writing",
    "capability://text.summarization",
    "capability://text.multilingual",
    "capability://text.multilingual.chinese",
    "capability://text.multilingual.japanese",
    "capability://text.multilingual.korean",
    "capability://text.multilingual.spanish",
    "capability://text.multilingual.french",
    "capability://text.multilingual.german",
    "capability://text.multilingual.russian",
    "capability://text.long-context.32k",
    "capability://text.long-context.128k",
    "capability://text.long-context.200k",
    "capability://text.long-context.1m",
    "capability://text.structured-output.json-mode",
    "capability://text.structured-output.json-schema",
    "capability://text.completion",
    "capability://tools.function-calling",
    "capability://tools.function-calling.parallel",
    "capability://tools.function-calling.forced",
    "capability://tools.web-search",
    "capability://tools.computer-use",
    "capability://tools.url-context",
    "capability://vision.image-understanding",
    "capability://vision.ocr",
    "capability://vision.diagrams",
    "capability://vision.pdf",
    "capability://vision.video-understanding",
    "capability://audio.understanding",
    "capability://audio.transcription",
    "capability://audio.speech-synthesis",
    "capability://audio.realtime",
    "capability://image.generation.text-to-image",
    "capability://image.editing",
    "capability://image.generation.multi-reference",
    "capability://image.generation.high-resolution",
    "capability://video.generation.text-to-video",
    "capability://video.generation.image-to-video",
    "capability://embeddings.text",
    "capability://embeddings.multimodal",
    "capability://retrieval.reranking",
    "capability://retrieval.web-search-api",
    "capability://safety.moderation",
    "capability://api.prompt-caching",
    "capability://api.batch",
    "capability://api.streaming",
    "capability://api.seed",
    "capability://api.assistant-prefill",
    "capability://api.system-messages",
    "capability://deployment.open-weights",
    "capability://deployment.self-hosting",
    "capability://training.fine-tuning",
    "capability://pricing.free-tier",
    "capability://vision.captioning",
    "capability://vision.entity-recognition",
]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def arena_categories() -> dict[str, set[str]]:
    """Category keys per board, read from the pinned LMArena leaderboard files."""
    out = {}
    for board in ("text", "vision", "image"):
        data = json.loads(require_shared(LMARENA_DIR / f"leaderboard-{board}.json").read_text(encoding="utf-8"))
        out[board] = set(data)
    return out


def test_packaged_taxonomy_loads_with_version_and_size(taxonomy: Taxonomy) -> None:
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", taxonomy.version)
    assert 60 <= len(taxonomy) <= 120
    assert len(list(taxonomy)) == len(taxonomy) == len(set(taxonomy.uris()))


def test_default_load_is_cached_and_explicit_path_is_equivalent(taxonomy: Taxonomy) -> None:
    assert load_taxonomy() is taxonomy
    packaged = Path(__file__).resolve().parents[1] / "src" / "matchgraph" / "catalog" / "taxonomy.yaml"
    fresh = load_taxonomy(packaged)
    assert fresh is not taxonomy
    assert fresh.uris() == taxonomy.uris()


@pytest.mark.parametrize("uri", REQUIRED_URIS)
def test_required_uri_present(taxonomy: Taxonomy, uri: str) -> None:
    assert uri in taxonomy
    assert taxonomy.get(uri).uri == uri


def test_every_node_has_synonyms_intents_and_description(taxonomy: Taxonomy) -> None:
    for cap in taxonomy:
        assert cap.synonyms, cap.uri
        assert len(cap.intents) >= 3, cap.uri
        assert len(set(i.lower() for i in cap.intents)) == len(cap.intents), cap.uri
        # Two or three sentences, as the taxonomy promises.
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", cap.description) if s]
        assert 2 <= len(sentences) <= 3, (cap.uri, cap.description)


def test_uri_format_and_parent_is_dotted_prefix(taxonomy: Taxonomy) -> None:
    for cap in taxonomy:
        assert re.fullmatch(r"capability://[a-z0-9.-]+", cap.uri), cap.uri
        if cap.parent is not None:
            assert cap.parent in taxonomy
            assert cap.uri.startswith(cap.parent + "."), cap.uri


def test_measured_by_names_real_arena_categories(
    taxonomy: Taxonomy, arena_categories: dict[str, set[str]]
) -> None:
    metrics = [m for m in taxonomy.metrics() if m.startswith("arena:")]
    assert metrics, "no node names any arena metric"
    for metric in metrics:
        board, category = metric.removeprefix("arena:").split("/", 1)
        assert category in arena_categories[board], metric


def test_by_metric_maps_arena_categories_to_expected_nodes(taxonomy: Taxonomy) -> None:
    assert [c.uri for c in taxonomy.by_metric("arena:text/coding")] == ["capability://text.coding"]
    assert [c.uri for c in taxonomy.by_metric("arena:vision/ocr")] == ["capability://vision.ocr"]
    assert "capability://image.generation.text-to-image" in {
        c.uri for c in taxonomy.by_metric("arena:image/full")
    }
    for language in ("chinese", "japanese", "korean", "spanish", "french", "german", "russian"):
        nodes = taxonomy.by_metric(f"arena:text/{language}")
        assert [c.uri for c in nodes] == [f"capability://text.multilingual.{language}"]
    assert taxonomy.by_metric("arena:text/no_such_category") == []


def test_arena_industry_categories_have_domain_nodes(
    taxonomy: Taxonomy, arena_categories: dict[str, set[str]]
) -> None:
    industries = {c for c in arena_categories["text"] if c.startswith("industry_")}
    assert industries
    for category in sorted(industries):
        assert taxonomy.by_metric(f"arena:text/{category}"), category


def test_ancestors_and_children_are_consistent(taxonomy: Taxonomy) -> None:
    for cap in taxonomy:
        ancestors = taxonomy.ancestors(cap.uri)
        assert [a.uri for a in ancestors] == list(cap.ancestors)
        assert cap.depth == len(ancestors)
        if cap.parent is None:
            assert ancestors == []
        else:
            assert ancestors[0].uri == cap.parent
            assert cap in taxonomy.children(cap.parent)
            assert ancestors[-1].parent is None
        for child in taxonomy.children(cap.uri):
            assert child.parent == cap.uri
            assert taxonomy.ancestors(child.uri)[0] == cap
    assert [c.uri for c in taxonomy.ancestors("capability://text.multilingual.korean")] == [
        "capability://text.multilingual",
        "capability://text",
    ]
    below_function_calling = {c.uri for c in taxonomy.descendants("capability://tools.function-calling")}
    assert below_function_calling == {
        "capability://tools.function-calling.parallel",
        "capability://tools.function-calling.forced",
    }
    every_node = {c.uri for root in taxonomy.roots() for c in [root, *taxonomy.descendants(root.uri)]}
    assert every_node == set(taxonomy.uris())


def test_get_accepts_bare_keys_and_explains_unknown(taxonomy: Taxonomy) -> None:
    assert taxonomy.get("text.coding") is taxonomy.get("capability://text.coding")
    assert "vision.ocr" in taxonomy
    assert 42 not in taxonomy
    with pytest.raises(KeyError, match=r"capability://text\.codng.*capability://text\.coding"):
        taxonomy.get("capability://text.codng")


def test_search_text_carries_how_people_ask(taxonomy: Taxonomy) -> None:
    ocr = taxonomy.get("capability://vision.ocr")
    text = taxonomy.search_text(ocr.uri)
    for part in (ocr.name, *ocr.synonyms, *ocr.intents):
        assert part in text
    assert "invoices" in text.lower()
    assert "json" in taxonomy.search_text("capability://text.structured-output.json-mode").lower()


# ------------------------------------------------------------------------------ validation

GOOD_NODE = """
  - uri: {uri}
    name: Node
    parent: {parent}
    description: A node used in a test. It has two sentences.
    synonyms: [node]
    intents: [one, two, three]
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "taxonomy.yaml"
    path.write_text('version: "test.1"\ncapabilities:\n' + textwrap.dedent(body), encoding="utf-8")
    return path


def _node(uri: str, parent: str = "null") -> str:
    return GOOD_NODE.format(uri=uri, parent=parent)


def test_small_valid_file_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, _node("capability://a") + _node("capability://a.b", "capability://a"))
    tax = load_taxonomy(path)
    assert tax.version == "test.1"
    assert [c.uri for c in tax.children("capability://a")] == ["capability://a.b"]
    assert isinstance(tax.get("capability://a.b"), Capability)


@pytest.mark.parametrize(
    ("body", "uri", "reason"),
    [
        (_node("capability://a") + _node("capability://a"), "capability://a", "duplicate"),
        (_node("capability://a.b", "capability://a"), "capability://a.b", "does not exist"),
        (
            _node("capability://x", "capability://y") + _node("capability://y", "capability://x"),
            "capability://x",
            "cycle",
        ),
        (
            _node("capability://a").replace("[one, two, three]", "[one, two]"),
            "capability://a",
            "at least 3 intents",
        ),
        (_node("capability://Bad_Uri"), "capability://Bad_Uri", "URI must look like"),
        (
            _node("capability://a").replace("A node used in a test. It has two sentences.", '""'),
            "capability://a",
            "description",
        ),
        (
            _node("capability://a") + "    measured_by: [lmarena-coding]\n",
            "capability://a",
            "measured_by",
        ),
        (
            _node("capability://a") + "    measured_by: [arena:audio/full]\n",
            "capability://a",
            "measured_by",
        ),
        (_node("capability://a").replace("[node]", "[]"), "capability://a", "synonym"),
        (_node("capability://a") + "    colour: blue\n", "capability://a", "unknown field"),
    ],
    ids=[
        "duplicate",
        "missing-parent",
        "cycle",
        "too-few-intents",
        "bad-uri",
        "empty-description",
        "metric-format",
        "metric-board",
        "no-synonyms",
        "unknown-field",
    ],
)
def test_validation_rejects_broken_file_naming_the_uri(
    tmp_path: Path, body: str, uri: str, reason: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    message = str(info.value)
    assert uri in message
    assert reason in message
    assert str(path) in message


def test_validation_rejects_malformed_documents(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="version"):
        parse_taxonomy({"capabilities": []})
    with pytest.raises(TaxonomyError, match="capabilities"):
        parse_taxonomy({"version": "1", "capabilities": []})
    with pytest.raises(TaxonomyError, match=r"capabilities\[0\]"):
        parse_taxonomy({"version": "1", "capabilities": [{"name": "no uri"}]})
    bad_yaml = tmp_path / "broken.yaml"
    bad_yaml.write_text("version: [unclosed\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        load_taxonomy(bad_yaml)
    # A comma inside a flow list silently turns one synonym into a number; validation catches it.
    numeric = _write(tmp_path, _node("capability://a").replace("[node]", "[32,000 tokens]"))
    with pytest.raises(TaxonomyError, match=r"capability://a.*synonyms"):
        load_taxonomy(numeric)


def test_benchmark_metrics_agree_with_their_adapters(taxonomy: Taxonomy) -> None:
    from matchgraph.sources import aider, llmstats, mteb

    benchmarks = [m for m in taxonomy.metrics() if not m.startswith("arena:")]
    assert {"aider:polyglot:pass_rate_2", "mteb:eng-v2-retrieval:mean_ndcg_at_10", "llmstats:gpqa"} <= set(benchmarks)
    for metric in benchmarks:
        nodes = [c.uri for c in taxonomy.by_metric(metric)]
        if metric.startswith("aider:"):
            assert metric == aider.METRIC and nodes == [aider.CAPABILITY]
        elif metric.startswith("mteb:"):
            assert nodes == [mteb.CAPABILITY]
        else:
            assert nodes == [llmstats.benchmark_capability(metric.removeprefix("llmstats:"))], metric


@pytest.mark.needs_shared
def test_llmstats_metrics_name_real_benchmarks(taxonomy: Taxonomy) -> None:
    folder = require_shared(SHARED_DATA / "llm-stats" / "data" / "benchmarks")
    for metric in taxonomy.metrics():
        if metric.startswith("llmstats:"):
            assert (folder / f"{metric.removeprefix('llmstats:')}.json").is_file(), metric
