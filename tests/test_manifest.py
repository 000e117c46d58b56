"""Manifests: strict validation with paths and lines, YAML safety, file limits, the adapter, curation."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from shared_data import LITELLM_JSON, require_shared

from matchgraph.catalog import manifest as manifest_module
from matchgraph.catalog.manifest import (
    MAX_DEPTH,
    MAX_MANIFEST_BYTES,
    Capability,
    Conditions,
    Execution,
    FailureMode,
    ManifestResult,
    SourceRef,
    load_manifest_file,
    manifest_to_data,
    parse_manifest,
)
from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.sources.errors import SourceError
from matchgraph.sources.manifests import (
    ManifestAdapter,
    check_duplicate_slugs,
    curated_manifest_results,
    load_curated_manifests,
    manifest_source_record,
    manifest_to_model_record,
)

DATA = Path(__file__).resolve().parent / "data" / "manifests"
GOOD = DATA / "good.yml"


def good_text() -> str:
    return GOOD.read_text(encoding="utf-8")


def error_at(result: ManifestResult, path: str) -> str:
    """The message of the one error at ``path``."""
    found = [e for e in result.errors if e.path == path]
    assert len(found) == 1, f"expected one error at {path}, got {result.errors}"
    return found[0].message


# ----------------------------------------------------------------------------- curated manifests


def test_curated_manifests_validate_without_errors() -> None:
    results = curated_manifest_results()
    assert results, "the package ships curated manifests"
    for result in results:
        assert result.errors == [], [str(e) for e in result.errors]
        assert result.manifest is not None
    assert check_duplicate_slugs(results) == []
    slugs = {m.identity.slug for m, _, _ in load_curated_manifests()}
    assert {"openai/gpt-5-image-mini", "openai/gpt-5.4-image-2"} <= slugs


def test_curated_prices_are_the_seed_pages_prompt_prices_with_sources() -> None:
    by_slug = {m.identity.slug: m for m, _, _ in load_curated_manifests()}
    expected = {
        "openai/gpt-5-image-mini": (2.5, "openai-gpt-5-image-mini-vs-flux-1-pro"),
        "openai/gpt-5.4-image-2": (8.0, "openai-gpt-5.4-image-2-vs-flux-1-pro"),
    }
    for slug, (price, page) in expected.items():
        m = by_slug[slug]
        assert m.pricing is not None
        assert m.pricing.input_per_mtok == price
        # The pages state no output or per-image price: those stay unknown, never 0.
        assert m.pricing.output_per_mtok is None and m.pricing.per_image is None
        assert m.pricing.source.url.endswith(page)
        assert "prompt-token price" in (m.pricing.source.note or "").lower()
        assert m.limits.context_window is None and m.identity.release_date is None
        assert "image" in m.modalities.output
        assert all(cap.uri in load_taxonomy() for cap in m.capabilities)


def test_curated_manifests_cover_models_the_litellm_database_lacks() -> None:
    keys = json.loads(require_shared(LITELLM_JSON).read_text(encoding="utf-8")).keys()
    for m, _, _ in load_curated_manifests():
        model_id = m.identity.slug.split("/", 1)[1]
        assert not [k for k in keys if k == model_id or k.endswith("/" + model_id)], model_id


# ----------------------------------------------------------------------------- parsing


def test_good_example_parses_into_typed_values() -> None:
    result = load_manifest_file(GOOD)
    assert result.errors == [] and result.warnings == []
    m = result.manifest
    assert m is not None
    assert m.identity.slug == "openai/gpt-4o-mini"
    assert m.identity.kind == "model" and m.identity.status == "active"
    assert m.identity.aliases == ("gpt-4o-mini", "OpenAI: GPT-4o-mini")
    assert m.identity.parameters is None and m.identity.open_weights is None
    assert m.modalities.input == ("text", "image") and m.modalities.output == ("text",)
    assert (m.limits.context_window, m.limits.max_output) == (128000, 16384)
    assert [c.uri for c in m.capabilities] == [
        "capability://tools.function-calling",
        "capability://text.structured-output.json-schema",
        "capability://vision.image-understanding",
    ]
    first = m.capabilities[0]
    assert isinstance(first, Capability)
    assert first.conditions == Conditions(
        best_for=("agents that call a handful of tools per turn",),
        limitations=("tool definitions count against the 128,000-token context window",),
        requires=("an OpenAI API key",),
    )
    assert first.description.endswith("as the LiteLLM entry flags for this model.")
    assert "\n" not in first.description  # folded block scalar
    assert m.capabilities[1].unique_aspect == "Schema-following output at $0.15 per million input tokens."
    assert m.pricing is not None
    assert (m.pricing.input_per_mtok, m.pricing.output_per_mtok, m.pricing.per_image) == (0.15, 0.6, None)
    assert m.pricing.currency == "USD" and m.pricing.free_tier is None
    assert m.pricing.source.as_of == date(2026, 11, 21)
    assert m.failure_modes == (
        FailureMode(
            mode="context-overflow",
            description="Requests longer than the 128,000-token context window cannot be sent in one call.",
            mitigation="Split or summarise long documents first.",
        ),
    )
    assert m.permissions == ("network",)
    assert m.execution == Execution(
        protocol="openai-compatible", auth="api-key", endpoint="https://api.openai.com/v1"
    )
    assert m.sources[1] == SourceRef(
        url="https://developers.openai.com/api/docs/pricing", as_of=date(2026, 11, 21)
    )


def test_bad_manifest_reports_every_error_with_path_and_line() -> None:
    result = load_manifest_file(DATA / "bad_many_errors.yml")
    assert result.manifest is None
    assert [(e.path, e.line) for e in result.errors] == [
        ("identity.slug", 4),
        ("identity.kind", 7),
        ("identity.release_date", 8),
        ("identity.colour", 9),
        ("modalities.input[1]", 11),
        ("capabilities[0].description", 15),
        ("capabilities[0].intents", 16),
        ("pricing.currency", 18),
        ("pricing.input_per_mtok", 19),
        ("pricing.source.url", 21),
        ("sources", 23),
        ("extra_section", 24),
    ]
    assert all(e.severity == "error" and e.origin == str(DATA / "bad_many_errors.yml") for e in result.errors)
    assert "not a valid slug" in error_at(result, "identity.slug")
    assert "'smell'" in error_at(result, "modalities.input[1]")
    assert "at least 100 characters" in error_at(result, "capabilities[0].description")
    assert "unknown key 'colour'" in error_at(result, "identity.colour")
    assert str(result.errors[0]).startswith(f"{DATA / 'bad_many_errors.yml'}:4: error: identity.slug:")


def test_empty_mapping_reports_each_missing_section_once() -> None:
    result = parse_manifest("{}\n")
    assert [(e.path, e.line, e.message) for e in result.errors] == [
        (key, 1, f"required key {key!r} is missing")
        for key in ("capabilities", "identity", "manifest_version", "modalities", "sources")
    ]


def test_the_documented_example_is_valid() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "manifest.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = parse_manifest(example, "docs/manifest.md")
    assert result.errors == [] and result.warnings == []
    assert result.manifest == load_manifest_file(GOOD).manifest


def test_missing_required_keys_point_at_the_enclosing_mapping() -> None:
    text = (
        good_text()
        .replace("  name: GPT-4o mini\n", "")
        .replace("    intents:\n      - read a photo", "    x:\n      - read a photo")
    )
    result = parse_manifest(text)
    assert "is missing" in error_at(result, "identity.name")
    assert result.errors[0].line == 4  # the `identity:` line
    assert error_at(result, "capabilities[2].x").startswith("unknown key 'x'")
    missing = [e for e in result.errors if e.path == "capabilities[2].intents"]
    assert missing and missing[0].line == 36  # the line of that capability's first key


def test_unknown_nested_key_names_path_and_suggests() -> None:
    text = good_text().replace("      best_for:", "      best_fr:")
    result = parse_manifest(text)
    assert (
        error_at(result, "capabilities[0].conditions.best_fr")
        == "unknown key 'best_fr'; did you mean 'best_for'?"
    )
    assert result.errors[0].line == 26


def test_unknown_capability_uri_names_the_nearest_known_uri() -> None:
    text = good_text().replace(
        "capability://vision.image-understanding", "capability://vision.image-understandin"
    )
    result = parse_manifest(text)
    message = error_at(result, "capabilities[2].uri")
    assert message.startswith("unknown capability URI capability://vision.image-understandin;")
    assert message.endswith("nearest known URI is capability://vision.image-understanding")
    assert result.errors[0].line == 37


def test_capability_uri_syntax_and_duplicates() -> None:
    text = good_text().replace("capability://tools.function-calling", "tools.function-calling")
    assert "is not a capability URI" in error_at(parse_manifest(text), "capabilities[0].uri")
    text = good_text().replace(
        "capability://vision.image-understanding", "capability://tools.function-calling"
    )
    assert "already declared at capabilities[0]" in error_at(parse_manifest(text), "capabilities[2].uri")


def test_known_uris_override_and_taxonomy_check_switch() -> None:
    custom = parse_manifest(good_text(), known_uris={"capability://tools.function-calling"})
    assert {e.path for e in custom.errors} == {"capabilities[1].uri", "capabilities[2].uri"}
    text = good_text().replace("capability://vision.image-understanding", "capability://vision.not-a-node")
    assert parse_manifest(text, check_taxonomy=False).ok


def test_warnings_for_few_capabilities_and_no_failure_modes() -> None:
    lines = good_text().splitlines(keepends=True)
    # Drop the third capability (lines 37-43) and the failure modes (lines 52-55).
    result = parse_manifest("".join(lines[:36] + lines[43:51] + lines[55:]))
    assert result.ok
    assert [(w.path, w.line) for w in result.warnings] == [("failure_modes", 1), ("capabilities", 17)]
    assert all(w.severity == "warning" for w in result.warnings)


@pytest.mark.parametrize(
    ("replace", "by", "path", "fragment"),
    [
        ("manifest_version: 1", "manifest_version: 2", "manifest_version", "unsupported manifest_version 2"),
        ("manifest_version: 1", "manifest_version: '1'", "manifest_version", "expected the integer 1"),
        ("  max_output: 16384", "  max_output: 0", "limits.max_output", "positive"),
        ("  max_output: 16384", "  max_output: 16k", "limits.max_output", "expected a whole number"),
        ("  max_output: 16384", "  max_output: true", "limits.max_output", "expected a whole number"),
        ("  input_per_mtok: 0.15", "  input_per_mtok: .nan", "pricing.input_per_mtok", "finite"),
        ("  input_per_mtok: 0.15", "  input_per_mtok: '0.15'", "pricing.input_per_mtok", "expected a number"),
        ("  status: active", "  status: retired", "identity.status", "not one of active, deprecated"),
        ("  status: active", "  open_weights: maybe", "identity.open_weights", "expected true or false"),
        ("  status: active", "  homepage: ftp://example.org", "identity.homepage", "not an http(s) URL"),
        ("  output: [text]", "  output: [text, text]", "modalities.output[1]", "listed twice"),
        ("  output: [text]", "  output: []", "modalities.output", "at least 1 item"),
        ("permissions: [network]", "permissions: [netwrok]", "permissions[0]", "did you mean 'network'?"),
        ("  protocol: openai-compatible", "  protocol: mcp-stdio", "execution.endpoint", "runs locally"),
        ("  auth: api-key", "  auth: password", "execution.auth", "not one of none, api-key, oauth, other"),
        (
            "    as_of: 2026-11-21\n    note: As",
            "    as_of: 21/11/2026\n    note: As",
            "pricing.source.as_of",
            "YYYY-MM-DD",
        ),
        (
            "  status: active",
            "  release_date: 2025-01-02\n  deprecation_date: 2024-01-01",
            "identity.deprecation_date",
            "before release_date",
        ),
    ],
)
def test_single_field_errors(replace: str, by: str, path: str, fragment: str) -> None:
    text = good_text()
    assert replace in text
    result = parse_manifest(text.replace(replace, by, 1))
    assert result.manifest is None
    assert fragment in error_at(result, path)


def test_pricing_needs_a_source_and_a_price() -> None:
    text = good_text()
    start, end = text.index("  source:\n    url: https://developers"), text.index("failure_modes:")
    no_source = text[:start] + text[end:]
    assert "required key 'source' is missing" in error_at(parse_manifest(no_source), "pricing.source")
    no_price = text.replace("  input_per_mtok: 0.15\n  output_per_mtok: 0.6\n", "")
    assert "states no price" in error_at(parse_manifest(no_price), "pricing")


def test_duplicate_keys_are_errors() -> None:
    text = good_text().replace("  kind: model\n", "  kind: model\n  kind: tool\n")
    result = parse_manifest(text)
    assert error_at(result, "identity.kind") == "duplicate key 'kind'"
    assert result.errors[0].line == 9


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("", "empty", None),
        ("# only a comment\n", "empty", None),
        ("- a\n- b\n", "expected a mapping", 1),
        ("a: 1\n---\nb: 2\n", "exactly one YAML document", 2),
        ("a: [1, 2\nb: 3\n", "invalid YAML", 2),
        ("a: !!python/object/apply:os.system ['true']\n", "explicit YAML tags", 1),
        ("a: !include other.yml\n", "explicit YAML tags", 1),
        ("x: 1\na: &anchor 1\n", "anchors", 2),
        ("a: 1\nb: *undefined\n", "aliases", 2),
        ("identity:\n  <<: {b: 1}\n", "unknown key '<<'", 2),
        ("a: \x07\n", "invalid YAML", 1),
        ("a: '\ud800'\n", "not valid Unicode", 1),
    ],
)
def test_yaml_level_problems_are_errors_not_exceptions(text: str, fragment: str, line: int | None) -> None:
    result = parse_manifest(text)
    assert result.manifest is None
    matching = [e for e in result.errors if fragment in e.message]
    assert matching, [str(e) for e in result.errors]
    assert matching[0].line == line


def test_yaml_bomb_is_refused_at_its_first_anchor() -> None:
    # Expanding this would build 9**9 strings; the anchor is refused before any tree is walked.
    result = load_manifest_file(DATA / "bomb.yml")
    assert result.manifest is None
    assert len(result.errors) == 1
    assert result.errors[0].line == 1 and "anchors" in result.errors[0].message


def test_deep_nesting_is_refused() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    assert "nested more than" in parse_manifest(deep).errors[0].message
    very_deep = "[" * 100_000 + "]" * 100_000  # would overflow a recursive composer
    assert "nested more than" in parse_manifest(very_deep).errors[0].message
    # The limit is the project's own, whatever the YAML library would say about such depth.
    for text in ("a: " + very_deep, '{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)):
        assert parse_manifest(text).errors[0].message == f"the manifest is nested more than {MAX_DEPTH} levels deep"


def test_brackets_in_scalars_and_comments_are_not_nesting() -> None:
    brackets = "[" * (MAX_DEPTH + 5)
    for text in (f'a: "{brackets}"\n', f"a: '{brackets}'\n", f"a: foo{brackets}\n", f"# {brackets}\na: 1\n"):
        assert all("nested more than" not in e.message for e in parse_manifest(text).errors), text


# ----------------------------------------------------------------------------- files


def test_oversized_text_is_refused() -> None:
    text = good_text() + "#" * MAX_MANIFEST_BYTES
    result = parse_manifest(text)
    assert result.manifest is None and result.errors[0].message.startswith("manifest too large")
    multibyte = "é" * (MAX_MANIFEST_BYTES // 2 + 1)  # few characters, too many bytes
    assert parse_manifest(multibyte).errors[0].message.startswith("manifest too large")


def _forbid_open(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(manifest_module, "open", refuse, raising=False)


def test_large_and_sparse_files_are_refused_without_being_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    large = tmp_path / "large.yml"
    large.write_text(good_text() + "#" * MAX_MANIFEST_BYTES, encoding="utf-8")
    sparse = tmp_path / "sparse.yml"
    with open(sparse, "wb") as handle:
        handle.truncate(1 << 30)
    _forbid_open(monkeypatch)
    for path in (large, sparse):
        result = load_manifest_file(path)
        assert result.manifest is None
        assert result.errors[0].message.startswith("manifest too large")
        assert str(path.stat().st_size) in result.errors[0].message


def test_file_that_grows_past_the_cap_after_stat_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    small = manifest_module.os.stat(path)
    path.write_bytes(b"#" * (MAX_MANIFEST_BYTES + 10))
    # A writer filling the file between stat and read: stat still reports the small size.
    monkeypatch.setattr(manifest_module.os, "stat", lambda p: small)
    result = load_manifest_file(path)
    assert result.errors[0].message.startswith(f"manifest too large: {MAX_MANIFEST_BYTES + 1} bytes")


def test_non_utf8_directory_missing_and_special_files(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yml"
    bad.write_bytes("manifest_version: 1\nidentity:\n  name: caf\xe9\n".encode("latin-1"))
    result = load_manifest_file(bad)
    assert result.errors[0].line == 3 and "not valid UTF-8" in result.errors[0].message
    assert "is a directory" in load_manifest_file(tmp_path).errors[0].message
    assert "no such file" in load_manifest_file(tmp_path / "absent.yml").errors[0].message
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    assert "not a regular file" in load_manifest_file(fifo).errors[0].message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes())
    assert load_manifest_file(path).ok


# ----------------------------------------------------------------------------- across manifests


def test_duplicate_slugs_across_manifests_are_reported(tmp_path: Path) -> None:
    first = parse_manifest(good_text(), "first.yml")
    second = parse_manifest(good_text(), "second.yml")
    other = parse_manifest(good_text().replace("openai/gpt-4o-mini", "openai/gpt-4o-mini-copy"), "third.yml")
    issues = check_duplicate_slugs([first, other, second])
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.origin, issue.path, issue.line) == ("second.yml", "identity.slug", 5)
    assert issue.message == "slug 'openai/gpt-4o-mini' is already used by first.yml:5"


# ----------------------------------------------------------------------------- adapter


def test_source_record_keeps_data_and_raw_text() -> None:
    m, text, origin = next(
        t for t in load_curated_manifests() if t[0].identity.slug == "openai/gpt-5-image-mini"
    )
    sr = manifest_source_record(m, text, origin, "2026-11-21")
    assert (sr.source, sr.key, sr.fetched_at) == ("manifest", "openai/gpt-5-image-mini", "2026-11-21")
    assert sr.url == "https://unfragile.ai/compare/openai-gpt-5-image-mini-vs-flux-1-pro"
    assert sr.payload["text"] == text and sr.payload["manifest"] == manifest_to_data(m)
    assert (
        sr.content_hash
        and sr.content_hash == manifest_source_record(m, text, origin, "2027-01-01").content_hash
    )


def test_model_record_from_curated_manifest() -> None:
    m, text, origin = next(
        t for t in load_curated_manifests() if t[0].identity.slug == "openai/gpt-5.4-image-2"
    )
    record = manifest_to_model_record(manifest_source_record(m, text, origin, "2026-11-21"))
    assert (record.source, record.slug, record.host, record.host_key) == (
        "manifest",
        "openai/gpt-5.4-image-2",
        "openai",
        "gpt-5.4-image-2",
    )
    assert record.name == "GPT-5.4 Image 2" and record.extra["organization_name"] == "OpenAI"
    assert record.prices.input_per_mtok == 8.0 and record.prices.output_per_mtok is None
    assert record.context_window is None and record.release_date is None
    assert record.input_modalities == ["text", "image"] and record.output_modalities == ["text", "image"]
    assert record.mode == "image_generation"
    assert record.declared == {c.uri: "manifest" for c in m.capabilities}
    ocr = next(c for c in record.extra["capabilities"] if c["uri"] == "capability://vision.ocr")
    assert ocr["intents"][0] == "read the text in a scanned page"
    assert record.extra["pricing_source"]["url"].endswith("openai-gpt-5.4-image-2-vs-flux-1-pro")


def test_model_record_carries_conditions_failure_modes_and_execution() -> None:
    result = load_manifest_file(GOOD)
    assert result.manifest is not None and result.text is not None
    record = manifest_to_model_record(
        manifest_source_record(result.manifest, result.text, result.origin, "2026-11-21")
    )
    assert (record.context_window, record.max_output, record.mode) == (128000, 16384, "chat")
    assert record.prices.known() == {"input_per_mtok": 0.15, "output_per_mtok": 0.6}
    tools = record.extra["capabilities"][0]
    assert tools["uri"] == "capability://tools.function-calling"
    assert tools["conditions"]["requires"] == ["an OpenAI API key"]
    assert record.extra["failure_modes"][0]["mode"] == "context-overflow"
    assert record.extra["permissions"] == ["network"]
    assert record.extra["execution"] == {
        "protocol": "openai-compatible",
        "endpoint": "https://api.openai.com/v1",
        "auth": "api-key",
    }
    assert record.extra["aliases"] == ["gpt-4o-mini", "OpenAI: GPT-4o-mini"]


def test_model_record_rejects_a_payload_that_is_not_a_manifest() -> None:
    result = load_manifest_file(GOOD)
    assert result.manifest is not None
    sr = manifest_source_record(result.manifest, "", "x", "2026-11-21")
    broken = type(sr)(sr.source, sr.key, sr.url, sr.fetched_at, {"manifest": {"identity": {}}})
    with pytest.raises(SourceError, match="not a valid manifest"):
        manifest_to_model_record(broken)


def test_adapter_reads_a_directory_and_refuses_duplicates(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "a.yml")
    read = ManifestAdapter().read(str(tmp_path), fetched_at="2026-11-21", max_bytes=MAX_MANIFEST_BYTES)
    assert [r.key for r in read.records] == ["openai/gpt-4o-mini"]
    assert read.replaces_source is False
    assert read.records[0].payload["text"] == good_text()
    shutil.copy(GOOD, tmp_path / "b.yaml")
    with pytest.raises(SourceError, match="already used by"):
        ManifestAdapter().read(str(tmp_path), fetched_at="2026-11-21", max_bytes=MAX_MANIFEST_BYTES)
    with pytest.raises(SourceError, match=r"capabilities\[0\]\.description"):
        ManifestAdapter().read(str(DATA / "bad_many_errors.yml"), fetched_at="2026-11-21", max_bytes=1 << 20)
