"""The evaluation set and its harness: split sizes, languages, and raw-record checks on real records."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from shared_data import LITELLM_JSON, require_shared

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.needs import PARTS, load_needs, load_split  # noqa: E402
from evaluation.raw import record_price, violations  # noqa: E402
from matchgraph.match.index import host_key, org_key  # noqa: E402


def test_the_set_is_large_multilingual_and_mostly_held_out() -> None:
    needs = load_needs()
    assert len(needs) >= 250
    held = [n for n in needs if n.split == "heldout"]
    assert len(held) / len(needs) >= 0.40
    assert sum(n.lang != "en" for n in needs) / len(needs) >= 0.25
    assert {"de", "es", "fr", "pt", "zh", "ja"} <= {n.lang for n in held}
    assert sum(1 for n in held if n.best) >= 10


def test_every_part_is_registered_and_the_new_parts_are_mostly_multilingual() -> None:
    on_disk = {p.stem for p in (ROOT / "tests" / "eval").glob("*.yaml")}
    assert on_disk == {p for parts in PARTS.values() for p in parts}
    for part in ("dev2", "heldout2", "dev3", "heldout4", "dev4", "heldout5"):
        needs = load_needs(parts=(part,))
        assert len(needs) >= 60 and {n.part for n in needs} == {part}
        assert sum(n.lang != "en" for n in needs) / len(needs) >= 0.40
        assert {"de", "es", "fr", "pt", "zh", "ja", "ru", "ko"} <= {n.lang for n in needs}


def test_labels_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("- {id: a, need: x, hard: {capabilities: [text.coding]}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not checkable on raw records"):
        load_split(bad, "dev")
    bad.write_text("- {id: a, need: x, hard: {max_price: {per_minute: 1}}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a Prices field"):
        load_split(bad, "dev")


@pytest.fixture(scope="module")
def litellm() -> dict[str, dict]:
    return json.loads(require_shared(LITELLM_JSON).read_text(encoding="utf-8"))


def _check(slug: str, keys: list[str], hard: dict, db: dict[str, dict]) -> list[str]:
    return violations(slug, [("litellm", db[k]) for k in keys], hard, fold_host=host_key, fold_org=org_key,
                      today="2026-01-01")


def test_raw_checks_read_the_records_own_fields(litellm: dict[str, dict]) -> None:
    # whisper-1 bills $0.0001 per second of audio: a $0.006-a-minute bound is met, a $0.003 one is not.
    assert _check("openai/whisper-1", ["whisper-1"], {"capabilities": ["capability://audio.transcription"],
                                                      "max_price": {"per_second": 0.0001}}, litellm) == []
    assert _check("openai/whisper-1", ["whisper-1"], {"max_price": {"per_second": 0.00005}},
                  litellm) == ["offer:max_price"]
    # A chat model neither produces images nor states a per-image price.
    bad = _check("openai/gpt-4o-mini", ["gpt-4o-mini"], {"output": ["image"], "max_price": {"per_image": 1}}, litellm)
    assert bad == ["output:image", "offer:max_price"]
    # Offer-level constraints must hold on one record: the Azure record is checked for the host.
    assert _check("openai/gpt-4o-mini", ["gpt-4o-mini", "azure/gpt-4o-mini"],
                  {"include_hosts": ["azure"], "max_price": {"input_per_mtok": 0.2}}, litellm) == []
    assert "include_organizations" in _check("openai/gpt-4o-mini", ["gpt-4o-mini"],
                                             {"include_organizations": ["anthropic"]}, litellm)


def test_a_zero_outside_the_billing_unit_is_not_a_price(litellm: dict[str, dict]) -> None:
    image = next(r for r in litellm.values() if isinstance(r, dict) and r.get("mode") == "image_generation"
                 and r.get("input_cost_per_token") == 0)
    assert record_price("litellm", image, "input_per_mtok") is None


@pytest.fixture(scope="module")
def modelsdev() -> dict[str, dict]:
    import gzip

    path = require_shared(Path(LITELLM_JSON).parent.parent / "modelsdev" / "api.json.gz")
    return json.loads(gzip.decompress(path.read_bytes()))


def _md(data: dict[str, dict], provider: str, model_id: str) -> tuple[str, dict]:
    # The payload as the models.dev adapter stores it: the model object nested beside its provider.
    return ("modelsdev", {"provider": provider, "model_id": model_id, "model": data[provider]["models"][model_id]})


def test_models_dev_records_are_read_from_their_nested_model(modelsdev: dict[str, dict]) -> None:
    rec = _md(modelsdev, "openai", "gpt-4o-mini")

    def check(hard: dict, recs: list[tuple[str, dict]] = [rec]) -> list[str]:  # noqa: B006
        return violations("openai/gpt-4o-mini", recs, hard, fold_host=host_key, fold_org=org_key,
                          today="2026-01-01")

    assert check({"input": ["image", "file"], "output": ["text"], "min_context": 128000,
                  "capabilities": ["capability://tools.function-calling", "capability://text.structured-output",
                                   "capability://vision.image-understanding"]}) == []
    assert check({"include_hosts": ["openai"], "max_price": {"input_per_mtok": 0.15, "output_per_mtok": 0.6}}) == []
    assert check({"max_price": {"input_per_mtok": 0.1}}) == ["offer:max_price"]
    assert check({"output": ["image"], "open_weights": True, "min_context": 200000}) == [
        "output:image", "min_context", "open_weights"]
    assert check({"include_hosts": ["azure"]}) == ["offer:include_hosts"]
    assert check({"free": True}) == ["offer:free"]
    # A per-image unit is not stated by a per-token cost table.
    assert check({"max_price": {"per_image": 1.0}}) == ["offer:max_price"]
    image = _md(modelsdev, "openai", "gpt-image-1")
    assert check({"output": ["image"], "capabilities": ["capability://image.generation.text-to-image"]},
                 [image]) == []


def test_a_deprecated_models_dev_offer_states_no_offer(modelsdev: dict[str, dict]) -> None:
    provider, model_id = next((p, k) for p, v in sorted(modelsdev.items()) for k, m in sorted(v["models"].items())
                              if m.get("status") == "deprecated" and isinstance((m.get("cost") or {}).get("input"),
                                                                                  int | float))
    rec = _md(modelsdev, provider, model_id)
    price = record_price(*rec, "input_per_mtok")
    assert price is not None
    assert violations("x/y", [rec], {"max_price": {"input_per_mtok": price + 1}}, fold_host=host_key,
                      fold_org=org_key, today="2026-01-01") == ["offer:max_price"]


def test_llm_stats_weights_link_states_open_weights() -> None:
    rec = ("llmstats", {"model": {"model_id": "m", "source_weights_link": "https://huggingface.co/x/m"}})
    assert violations("x/m", [rec], {"open_weights": True}, fold_host=host_key, fold_org=org_key) == []
    closed = ("llmstats", {"model": {"model_id": "m", "source_weights_link": None}})
    assert violations("x/m", [closed], {"open_weights": True}, fold_host=host_key, fold_org=org_key) == [
        "open_weights"]


def test_an_image_generator_priced_per_pixel_is_priced_per_image_at_its_keys_size(litellm: dict[str, dict]) -> None:
    key = next(k for k, r in sorted(litellm.items()) if isinstance(r, dict) and r.get("mode") == "image_generation"
               and "1024-x-1024" in k and isinstance(r.get("input_cost_per_pixel"), float)
               and r["input_cost_per_pixel"] > 0)
    rec = {**litellm[key], "_key": key}
    expected = (rec["input_cost_per_pixel"] + (rec.get("output_cost_per_pixel") or 0.0)) * 1024 * 1024
    assert record_price("litellm", rec, "per_image") == pytest.approx(expected)


def test_a_subscription_providers_costs_meet_no_price_bound(modelsdev: dict[str, dict]) -> None:
    model_id = next(k for k, m in sorted(modelsdev["poe"]["models"].items())
                    if isinstance((m.get("cost") or {}).get("input"), int | float))
    rec = _md(modelsdev, "poe", model_id)
    bound = record_price(*rec, "input_per_mtok") + 1
    assert violations("x/y", [rec], {"max_price": {"input_per_mtok": bound}}, fold_host=host_key,
                      fold_org=org_key, today="2026-01-01") == ["offer:max_price"]


def test_a_mode_less_speech_record_states_speech_output(litellm: dict[str, dict]) -> None:
    # Deepgram's Aura rows name no mode; they bill per character and their own note says text-to-speech.
    key = next(k for k, r in sorted(litellm.items()) if isinstance(r, dict) and not r.get("mode")
               and "text-to-speech" in str((r.get("metadata") or {}).get("note", "")))
    assert _check("deepgram/aura", [key], {"output": ["audio"], "capabilities": ["capability://audio.speech-synthesis"]},
                  litellm) == []
    assert _check("deepgram/aura", [key], {"output": ["image"]}, litellm) == ["output:image"]


def test_an_input_image_price_beside_an_output_image_price_is_not_the_generated_images_price(
        litellm: dict[str, dict]) -> None:
    rec = {**litellm["gemini-3-pro-image"], "_key": "gemini-3-pro-image"}
    assert rec["input_cost_per_image"] < rec["output_cost_per_image"]
    assert record_price("litellm", rec, "per_image") == pytest.approx(rec["output_cost_per_image"])
    titan = {**litellm["amazon.titan-image-generator-v1"], "_key": "amazon.titan-image-generator-v1"}
    assert record_price("litellm", titan, "per_image") == pytest.approx(titan["output_cost_per_image"])


def test_a_transcribers_zero_per_output_second_is_not_its_price(litellm: dict[str, dict]) -> None:
    # Deepgram's records price each second of audio in and state 0 per output second: the price of a
    # second is the input charge, so it meets neither a tighter bound nor the "free" constraint.
    rec = litellm["deepgram/nova-3"]
    assert rec["output_cost_per_second"] == 0 and rec["input_cost_per_second"] > 0
    assert record_price("litellm", rec, "per_second") == rec["input_cost_per_second"]
    assert _check("deepgram/nova-3", ["deepgram/nova-3"], {"max_price": {"per_second": 1e-6}},
                  litellm) == ["offer:max_price"]
    assert _check("deepgram/nova-3", ["deepgram/nova-3"], {"free": True}, litellm) == ["offer:free"]
