"""Entity resolution of LiteLLM keys, on the pinned database and a hand-labelled set of keys."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import LITELLM_JSON

from matchgraph.catalog.names import is_valid_slug
from matchgraph.sources.litellm_identity import (
    KEPT_MODES,
    grouping_report,
    record_mode,
    resolve_identity,
    resolve_with_provenance,
    skip_reason,
)

# Every test here reads the pinned LiteLLM database.
pytestmark = pytest.mark.needs_shared
LABELS = Path(__file__).parent / "data" / "entity_resolution_labels.csv"


@cache
def database() -> dict[str, Any]:
    return json.loads(LITELLM_JSON.read_text(encoding="utf-8"))


def record_for(key: str, provider: str) -> dict[str, Any]:
    """The pinned record when the key is in the database; otherwise the smallest record for it."""
    rec = database().get(key)
    if rec is not None:
        assert rec["litellm_provider"] == provider, (key, rec["litellm_provider"])
        return rec
    return {"litellm_provider": provider, "mode": "chat"}


def slug(key: str, provider: str) -> str:
    return resolve_identity(key, record_for(key, provider)).slug


# --- the hand-labelled set ----------------------------------------------------------------------


def test_labelled_keys_resolve_to_the_expected_slug() -> None:
    rows = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    assert len(rows) >= 170
    db = database()
    failures = []
    for row in rows:
        got = resolve_identity(row["key"], db[row["key"]]).slug
        if got != row["expected_slug"]:
            failures.append(f"{row['key']}: expected {row['expected_slug']}, got {got}")
    for line in failures:
        print(line)
    accuracy = 1 - len(failures) / len(rows)
    print(f"label accuracy {accuracy:.4f} on {len(rows)} keys")
    assert accuracy >= 0.98, failures


def test_labelled_set_spans_hosts_and_kinds() -> None:
    db = database()
    rows = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    modes = {db[r["key"]]["mode"] for r in rows}
    providers = {db[r["key"]]["litellm_provider"] for r in rows}
    assert {"chat", "image_generation", "embedding", "audio_transcription", "audio_speech",
            "video_generation", "rerank"} <= modes  # fmt: skip
    assert len(providers) >= 40


# --- required examples --------------------------------------------------------------------------

# (expected slug, LiteLLM key, litellm_provider). Keys missing from the pinned file (OpenRouter is not
# a LiteLLM provider there) are resolved with the smallest record naming their provider.
SAME_ARTIFACT = [
    ("openai/gpt-4o-mini", "gpt-4o-mini", "openai"),
    ("openai/gpt-4o-mini", "azure/gpt-4o-mini", "azure"),
    ("openai/gpt-4o-mini", "openrouter/openai/gpt-4o-mini", "openrouter"),
    ("openai/gpt-4o", "gpt-4o", "openai"),
    ("openai/gpt-4o", "azure/gpt-4o", "azure"),
    ("openai/gpt-4o", "azure/eu/gpt-4o", "azure"),
    ("openai/gpt-4o", "openrouter/openai/gpt-4o", "openrouter"),
    ("openai/gpt-4o", "github_copilot/gpt-4o", "github_copilot"),
    ("black-forest-labs/flux-pro", "black_forest_labs/flux-pro", "black_forest_labs"),
    ("black-forest-labs/flux-pro", "aiml/flux-pro", "aiml"),
    ("black-forest-labs/flux-1.1-pro", "black_forest_labs/flux-pro-1.1", "black_forest_labs"),
    ("black-forest-labs/flux-1.1-pro", "aiml/flux-pro/v1.1", "aiml"),
    ("black-forest-labs/flux-1.1-pro", "fal_ai/fal-ai/flux-pro/v1.1", "fal_ai"),
    ("black-forest-labs/flux-1.1-pro", "azure_ai/FLUX-1.1-pro", "azure_ai"),
    ("black-forest-labs/flux-1.1-pro-ultra", "black_forest_labs/flux-pro-1.1-ultra", "black_forest_labs"),
    ("black-forest-labs/flux-1.1-pro-ultra", "aiml/flux-pro/v1.1-ultra", "aiml"),
    ("black-forest-labs/flux-1.1-pro-ultra", "fal_ai/fal-ai/flux-pro/v1.1-ultra", "fal_ai"),
    ("mistralai/ministral-3-8b-2512", "mistral/ministral-3-8b-2512", "mistral"),
    ("anthropic/claude-3-5-sonnet-20240620", "anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"),
    ("anthropic/claude-3-5-sonnet-20240620", "eu.anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"),
    ("anthropic/claude-3-5-sonnet-20240620", "vertex_ai/claude-3-5-sonnet@20240620",
     "vertex_ai-anthropic_models"),
    ("anthropic/claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20240620", "anthropic"),
    ("meta-llama/llama-3.3-70b-instruct", "us.meta.llama3-3-70b-instruct-v1:0", "bedrock_converse"),
    ("meta-llama/llama-3.3-70b-instruct", "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo",
     "together_ai"),
    ("meta-llama/llama-3.3-70b-instruct", "fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct",
     "fireworks_ai"),
    ("meta-llama/llama-3.3-70b-instruct", "deepinfra/meta-llama/Llama-3.3-70B-Instruct", "deepinfra"),
    ("meta-llama/llama-3.3-70b-instruct", "groq/llama-3.3-70b-instruct", "groq"),
    ("meta-llama/llama-guard-3-8b", "groq/llama-guard-3-8b", "groq"),
    ("meta-llama/llama-guard-3-8b", "deepinfra/meta-llama/Llama-Guard-3-8B", "deepinfra"),
    ("google/gemini-2.5-flash", "gemini/gemini-2.5-flash", "gemini"),
    ("google/gemini-2.5-flash", "gemini-2.5-flash", "vertex_ai-language-models"),
    ("google/gemini-2.5-flash", "oci/google.gemini-2.5-flash", "oci"),
    ("qwen/qwen3-32b", "deepinfra/Qwen/Qwen3-32B", "deepinfra"),
    ("qwen/qwen3-32b", "cerebras/qwen-3-32b", "cerebras"),
    ("qwen/qwen3-32b", "qwen.qwen3-32b-v1:0", "bedrock_converse"),
    ("deepseek/deepseek-v3.2", "deepseek.v3.2", "bedrock_converse"),
    ("deepseek/deepseek-v3.2", "fireworks_ai/accounts/fireworks/models/deepseek-v3p2", "fireworks_ai"),
    ("deepseek/deepseek-v3.2", "deepinfra/deepseek-ai/DeepSeek-V3.2", "deepinfra"),
    ("deepseek/deepseek-v3.2", "deepseek/deepseek-v3.2", "deepseek"),
    ("openai/dall-e-3", "azure/hd/1024-x-1792/dall-e-3", "azure"),
    ("openai/dall-e-3", "azure/standard/1024-x-1024/dall-e-3", "azure"),
    ("openai/dall-e-3", "aiml/dall-e-3", "aiml"),
]


@pytest.mark.parametrize(("expected", "key", "provider"), SAME_ARTIFACT, ids=[k for _, k, _ in SAME_ARTIFACT])
def test_one_model_served_by_many_hosts_is_one_artifact(expected: str, key: str, provider: str) -> None:
    assert slug(key, provider) == expected


DIFFERENT_ARTIFACTS = [
    [("gpt-4o", "openai"), ("gpt-4o-mini", "openai"),
     ("gpt-4o-2024-08-06", "openai"), ("gpt-4o-2024-05-13", "openai")],
    [("black_forest_labs/flux-pro", "black_forest_labs"),
     ("black_forest_labs/flux-pro-1.1", "black_forest_labs"),
     ("black_forest_labs/flux-pro-1.1-ultra", "black_forest_labs"),
     ("black_forest_labs/flux-dev", "black_forest_labs")],
    [("together_ai/meta-llama/Meta-Llama-3.1-8B", "together_ai"),
     ("deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct", "deepinfra"),
     ("deepinfra/meta-llama/Meta-Llama-3.1-70B-Instruct", "deepinfra")],
    [("anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"),
     ("anthropic.claude-3-5-sonnet-20241022-v2:0", "bedrock"),
     ("vertex_ai/claude-3-5-sonnet", "vertex_ai-anthropic_models")],
    [("amazon.titan-embed-text-v1", "bedrock"), ("amazon.titan-embed-text-v2:0", "bedrock")],
    [("mistral.mistral-7b-instruct-v0:2", "bedrock"),
     ("together_ai/mistralai/Mistral-7B-Instruct-v0.1", "together_ai")],
    [("deepgram/nova-2", "deepgram"), ("amazon.nova-2-lite-v1:0", "bedrock_converse")],
    [("dashscope/wan2.7-t2v", "dashscope"), ("dashscope/wan2.7-i2v", "dashscope")],
]  # fmt: skip


@pytest.mark.parametrize("keys", DIFFERENT_ARTIFACTS)
def test_different_models_stay_apart(keys: list[tuple[str, str]]) -> None:
    slugs = [slug(k, p) for k, p in keys]
    assert len(set(slugs)) == len(slugs), slugs


def test_identity_fields() -> None:
    ident = resolve_identity("azure/eu/gpt-4o-mini", record_for("azure/eu/gpt-4o-mini", "azure"))
    assert ident.organization == "openai"
    assert ident.host == "azure"
    assert ident.host_key == "eu/gpt-4o-mini"
    assert ident.family == "gpt-4o"
    assert "GPT-4o" in ident.name
    bedrock = resolve_identity("anthropic.claude-3-5-sonnet-20240620-v1:0",
                               record_for("anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"))
    assert (bedrock.host, bedrock.organization) == ("bedrock", "anthropic")
    assert bedrock.name == "Claude 3.5 Sonnet 20240620"


def test_fine_tuner_and_quantiser_namespaces() -> None:
    # A namespace that is not a known creator names a fine-tune; a quantisation tag means the
    # namespace only repackaged the creator's weights.
    assert slug("publicai/aisingapore/Qwen-SEA-LION-v4-32B-IT", "publicai").startswith("aisingapore/")
    assert slug("together_ai/Salesforce/Llama-Rank-V1", "together_ai").startswith("salesforce/")
    assert slug("tensormesh/lukealonso/GLM-5.1-NVFP4-MTP", "tensormesh") == "z-ai/glm-5.1"
    assert slug("sail/nvidia/Gemma-4-31B-IT-NVFP4", "sail") == "google/gemma-4-31b-it"


# --- every record on the pinned database --------------------------------------------------------


def test_every_kept_record_gets_a_valid_slug() -> None:
    kept = 0
    for key, rec in database().items():
        if skip_reason(key, rec) is not None:
            continue
        ident = resolve_identity(key, rec)
        assert is_valid_slug(ident.slug), (key, ident.slug)
        assert ident.organization and ident.host and ident.host_key, key
        kept += 1
    assert kept > 4000


def test_skip_rules_on_real_records() -> None:
    db = database()
    assert skip_reason("sample_spec", db["sample_spec"]) is not None
    no_provider = skip_reason("fallback_generalizations", db["fallback_generalizations"])
    assert "no litellm_provider" in (no_provider or "")
    assert "evaluation" in (skip_reason("fireworks_ai/accounts/fireworks/routers/rune",
                                        db["fireworks_ai/accounts/fireworks/routers/rune"]) or "")
    assert "no mode" in (skip_reason("fireworks-ai-default", db["fireworks-ai-default"]) or "")
    assert "price row" in (skip_reason("together-ai-up-to-4b", db["together-ai-up-to-4b"]) or "")
    assert skip_reason("gpt-4o-mini", db["gpt-4o-mini"]) is None
    kept_modes = {record_mode(key, rec) for key, rec in db.items() if skip_reason(key, rec) is None}
    assert kept_modes <= KEPT_MODES


def test_records_without_a_mode_take_the_mode_their_prices_state() -> None:
    db = database()
    # Deepgram's Aura voices are priced per input character and name no mode: text-to-speech.
    for key in ("deepgram/aura", "deepgram/aura-2"):
        assert skip_reason(key, db[key]) is None
        assert record_mode(key, db[key]) == "audio_speech"
    assert resolve_identity("deepgram/aura-2", db["deepgram/aura-2"]).slug == "deepgram/aura-2"
    # Size-bracket rows without a mode stay skipped.
    assert record_mode("fireworks-ai-up-to-4b", db["fireworks-ai-up-to-4b"]) is None


def test_add_on_and_service_rows_are_not_models() -> None:
    db = database()
    reasons = {key: skip_reason(key, db[key]) or "" for key in db if key.startswith(("ft:", "scaledown/"))}
    assert len(reasons) >= 15 and all(reasons.values()), reasons
    assert "fine-tun" in reasons["ft:gpt-4o-mini-2024-07-18"]
    for key in ("openai/container", "azure/container"):  # code-interpreter sessions
        assert "add-on" in (skip_reason(key, db[key]) or "")
    # A model priced per token that also has a search price stays a model.
    assert skip_reason("gpt-4o-mini-search-preview", db["gpt-4o-mini-search-preview"]) is None


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # a reseller's plan prefix before another creator's model
        ("aihubmix/coding-kimi-k3", "moonshotai/kimi-k3"),
        ("aihubmix/coding-xiaomi-mimo-v2.5-pro", "xiaomi/mimo-v2.5-pro"),
        # a reseller's squashed spelling after its own name
        ("morph/morph-kimik3", "moonshotai/kimi-k3"),
        ("morph/morph-dsv41flash", "deepseek/deepseek-v4.1-flash"),
        ("morph/morph-glm53flash", "z-ai/glm-5.3-flash"),
        # a cloud id without the -instruct suffix (and active parameters) of an instruct-only release
        ("ollama/qwen3-coder:480b-cloud", "qwen/qwen3-coder-480b-a35b-instruct"),
        ("qwen.qwen3-coder-30b-a3b-v1:0", "qwen/qwen3-coder-30b-a3b-instruct"),
        ("vercel_ai_gateway/meta/llama-3.3-70b", "meta-llama/llama-3.3-70b-instruct"),
        ("novita/moonshotai/kimi-k2-0905", "moonshotai/kimi-k2-instruct-0905"),
        # a squashed version and a split brand token
        ("novita/sao10k/l31-70b-euryale-v2.2", "sao10k/l3.1-70b-euryale-v2.2"),
        ("github_copilot/gpt-4-o-preview", "openai/gpt-4o-preview"),
        # a product alias whose own record's model card names the model
        ("mistral/mistral-vibe-cli-latest", "mistralai/mistral-medium-3.5"),
        ("mistral/mistral-vibe-cli-fast", "mistralai/mistral-small-4"),
        # an alias of one release spelled three ways
        ("1024-x-1024/50-steps/stability.stable-diffusion-xl-v1", "stability-ai/stable-diffusion-xl-base-1.0"),
        ("fireworks_ai/accounts/fireworks/models/stable-diffusion-xl-1024-v1-0",
         "stability-ai/stable-diffusion-xl-base-1.0"),
        ("nscale/stabilityai/stable-diffusion-xl-base-1.0", "stability-ai/stable-diffusion-xl-base-1.0"),
        # the creator, not the host that serves it; a three-part version kept whole
        ("fireworks_ai/accounts/fireworks/models/dolphin-2-9-2-qwen2-72b",
         "cognitivecomputations/dolphin-2.9.2-qwen2-72b"),
        # community fine-tunes a host serves, filed under who made them
        ("fireworks_ai/accounts/fireworks/models/openhermes-2p5-mistral-7b", "teknium/openhermes-2.5-mistral-7b"),
        ("fireworks_ai/accounts/fireworks/models/code-qwen-1p5-7b", "qwen/codeqwen1.5-7b"),
        ("llamagate/dolphin3-8b", "cognitivecomputations/dolphin3-8b"),
        ("databricks/databricks-gte-large-en", "alibaba-nlp/gte-large-en"),
        # a key naming an API operation prices the host's service
        ("transcribe/StartTranscriptionJob", "amazon/transcribe"),
        ("azure_ai/whisper", "openai/whisper-1"),
    ],
)
def test_split_identities_join(key: str, expected: str) -> None:
    assert resolve_identity(key, database()[key]).slug == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mistral/mistral-medium-3", "mistral/mistral-medium-3.5"),  # shares a model card, not a version
        ("mistral/voxtral-mini-tts-latest", "mistral/mistral-medium-3.5"),
        ("snowflake/snowflake-llama-3.3-70b", "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"),  # derivative
        ("fireworks_ai/accounts/fireworks/models/llama-v3p2-1b",
         "fireworks_ai/accounts/fireworks/models/llama-v3p2-1b-instruct"),  # base vs instruct
        ("morph/morph-v3-fast", "morph/morph-kimik3-fast"),  # the reseller's own model
        ("morph/morph-dsv41flash-abliterated", "morph/morph-dsv41flash"),  # someone else's derivative
        ("mistral/labs-leanstral-1-5-1", "mistral/labs-leanstral-1-5"),
        ("dolphin", "llamagate/dolphin3-8b"),  # NLP Cloud's own Dolphin is not Cognitive Computations'
        ("fireworks_ai/accounts/fireworks/models/firellava-13b", "llamagate/llava-7b"),
    ],
)
def test_versions_and_derivatives_stay_apart(a: str, b: str) -> None:
    db = database()
    if a not in db or b not in db:
        pytest.fail(f"pinned key missing: {a if a not in db else b}")
    assert resolve_identity(a, db[a]).slug != resolve_identity(b, db[b]).slug


def test_grouping_report_on_pinned_database() -> None:
    db = database()
    report = grouping_report(db)
    assert report.kept + sum(report.skipped.values()) == len(db)
    assert len(report.groups) >= 1500
    assert sum(len(keys) for keys in report.groups.values()) == report.kept
    assert len(report.merged["openai/gpt-4o-mini"]) >= 8
    assert set(report.singletons).isdisjoint(report.merged)
    # Most organizations come from the model name or path; the host is a fallback.
    assert report.fallback_count < report.kept * 0.1
    text = report.to_markdown()
    assert f"distinct slugs: {len(report.groups)}" in text
    largest = max(report.merged, key=lambda s: len(report.merged[s]))
    assert f"`{largest}` | {len(report.merged[largest])} |" in text
    print(text)


def test_provenance_of_organization() -> None:
    assert resolve_with_provenance("gpt-4o-mini", record_for("gpt-4o-mini", "openai"))[1] == "name"
    assert resolve_with_provenance("tavily/search", record_for("tavily/search", "tavily"))[1] == "host"
    assert resolve_with_provenance("minimax/speech-02-hd",
                                   record_for("minimax/speech-02-hd", "minimax"))[1] == "host-creator"


# --- never raises -------------------------------------------------------------------------------

_KEY_ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))
_KEYISH = st.text(alphabet="abcdefgxyzAQ0123456789-_./:@ *", max_size=60)
_PROVIDERS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["bedrock", "fireworks_ai", "azure", "vertex_ai-anthropic_models", "fal_ai", ""]),
)


@settings(max_examples=400, deadline=None)
@given(key=st.one_of(st.text(alphabet=_KEY_ALPHABET, max_size=80), _KEYISH), provider=_PROVIDERS)
def test_resolve_never_raises_and_slug_is_valid(key: str, provider: str | None) -> None:
    ident = resolve_identity(key, {"litellm_provider": provider, "mode": "chat"})
    assert is_valid_slug(ident.slug), (key, provider, ident.slug)
    assert ident.host


@settings(max_examples=100, deadline=None)
@given(key=st.text(max_size=40), record=st.none() | st.dictionaries(st.text(max_size=8), st.integers()))
def test_resolve_tolerates_any_record_shape(key: str, record: dict[str, int] | None) -> None:
    assert is_valid_slug(resolve_identity(key, record).slug)  # type: ignore[arg-type]


_FIELD_VALUES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12)
_FIELDS = st.sampled_from(
    ["mode", "litellm_provider", "input_cost_per_character", "input_cost_per_token", "output_cost_per_token",
     "code_interpreter_cost_per_session", "source", "metadata"]
) | st.text(max_size=10)


@settings(max_examples=200, deadline=None)
@given(key=st.text(max_size=40), record=st.dictionaries(_FIELDS, _FIELD_VALUES, max_size=6))
def test_skip_rules_and_mode_tolerate_any_record(key: str, record: dict[str, Any]) -> None:
    mode = record_mode(key, record)
    stated = record.get("mode")
    if isinstance(stated, str) and stated.strip():
        assert mode == stated  # a stated mode is never overridden
    reason = skip_reason(key, record)
    assert reason is None or isinstance(reason, str)
    if reason is None:  # a kept record has a model mode and resolves to a valid slug
        assert mode in KEPT_MODES
        assert is_valid_slug(resolve_identity(key, record).slug)
