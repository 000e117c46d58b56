"""Entity-resolution accuracy on an independent, hand-labelled random sample of LiteLLM keys.

The labels in ``tests/data/litellm_labels.yaml`` were written from the raw records before the
resolver was run on them (see the file's header for how the keys were drawn). A key counts as right
when its record is kept or skipped as labelled, its slug equals the label, and its grouping agrees
with the labels: two labelled keys share a resolved slug exactly when they share a label.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from shared_data import LITELLM_JSON

from matchgraph.sources.litellm_identity import resolve_identity, skip_reason

pytestmark = pytest.mark.needs_shared
LABELS = Path(__file__).parent / "data" / "litellm_labels.yaml"
BAR = 0.99


@cache
def database() -> dict[str, Any]:
    return json.loads(LITELLM_JSON.read_text(encoding="utf-8"))


@cache
def label_file() -> dict[str, Any]:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def resolved(key: str) -> str | None:
    """The slug the resolver gives a key, or None when the adapter skips its record."""
    record = database()[key]
    if skip_reason(key, record) is not None:
        return None
    return resolve_identity(key, record).slug


def score(labels: list[dict[str, Any]]) -> tuple[float, list[str]]:
    """Accuracy over ``labels`` (slug and grouping both right) and one line per wrong key."""
    got = {row["key"]: resolved(row["key"]) for row in labels}
    want = {row["key"]: row["slug"] for row in labels}
    by_want: dict[str, set[str]] = defaultdict(set)
    by_got: dict[str, set[str]] = defaultdict(set)
    for key in want:
        if want[key] is not None:
            by_want[want[key]].add(key)
        if got[key] is not None:
            by_got[got[key]].add(key)
    wrong = []
    for key in want:
        if got[key] != want[key]:
            wrong.append(f"{key}: expected {want[key]}, got {got[key]}")
            continue
        if want[key] is not None and by_want[want[key]] != by_got[got[key]]:
            merged = sorted(by_got[got[key]] - by_want[want[key]])
            split = sorted(by_want[want[key]] - by_got[got[key]])
            wrong.append(f"{key}: merged with {merged}, split from {split}")
    return 1 - len(wrong) / len(labels), wrong


def test_sample_is_the_documented_draw() -> None:
    """The labelled keys are exactly the seeded draws the file's header describes."""
    data = label_file()
    keys = sorted(k for k in database() if k != "sample_spec")
    main = random.Random(data["seed"]).sample(keys, 200)
    assert [row["key"] for row in data["labels"]] == main
    if data["holdout"]:
        rest = [k for k in keys if k not in set(main)]
        holdout = random.Random(data["holdout_seed"]).sample(rest, len(data["holdout"]))
        assert [row["key"] for row in data["holdout"]] == holdout


def test_labels_are_well_formed() -> None:
    for row in label_file()["labels"] + label_file()["holdout"]:
        assert set(row) <= {"key", "slug", "why"}, row
        if row["slug"] is None:
            assert row.get("why"), row  # a skipped record says what it is
        else:
            org, _, model = row["slug"].partition("/")
            assert org and model and model == model.lower() and "/" not in model, row


def test_labelled_sample_accuracy() -> None:
    accuracy, wrong = score(label_file()["labels"])
    for line in wrong:
        print(line)
    print(f"labelled sample: accuracy {accuracy:.3f} on {len(label_file()['labels'])} keys")
    assert accuracy >= BAR, wrong


def test_holdout_accuracy() -> None:
    holdout = label_file()["holdout"]
    if not holdout:
        pytest.skip("no holdout labels yet")
    accuracy, wrong = score(holdout)
    for line in wrong:
        print(line)
    print(f"holdout: accuracy {accuracy:.3f} on {len(holdout)} keys")
    assert accuracy >= 0.95, wrong


# Classes of error behind the holdout's wrong keys, checked on every key of the pinned file.


def kept() -> dict[str, str]:
    """Every kept key -> its resolved slug."""
    return {k: resolve_identity(k, r).slug for k, r in database().items() if skip_reason(k, r) is None}


def test_a_hosts_fast_tier_of_an_open_weights_model_is_that_model() -> None:
    slugs = kept()
    tiers = {k: s for k, s in slugs.items()
             if k.lower().endswith(("-fast", "_fast")) and s.split("/")[0] in {"deepseek", "z-ai", "moonshotai"}}
    assert len(tiers) >= 10, tiers
    assert not [s for s in tiers.values() if s.endswith("-fast")]
    # Where the host lists the plain key too, both are one artifact.
    pairs = [(k, k[:-5]) for k in tiers if k[:-5] in slugs]
    assert pairs and all(slugs[a] == slugs[b] for a, b in pairs), pairs
    assert slugs["baseten/deepseek-ai/DeepSeek-V4.1-Flash-1017-Fast"] == "deepseek/deepseek-v4.1-flash-1017"


def test_a_creators_own_fast_model_keeps_its_name() -> None:
    slugs = kept()
    own = {k: s for k, s in slugs.items() if "grok" in k.lower() and k.lower().endswith("-fast")}
    assert own and all(s.endswith("-fast") for s in own.values()), own
    assert slugs["vercel_ai_gateway/xai/grok-3-fast"] == "x-ai/grok-3-fast"


def test_qwen_2507_and_next_ids_without_a_suffix_are_the_instruct_release() -> None:
    slugs = kept()
    q = {k: s for k, s in slugs.items() if re.search(r"qwen3-(\d+b-a\d+b.*2507|next-80b-a3b)", k.lower())
         and database()[k].get("mode") == "chat"}
    assert len(q) >= 20
    assert all(re.search(r"-(instruct|thinking)(-|$)", s) for s in q.values()), q
    bedrock = slugs["qwen.qwen3-235b-a22b-2507-v1:0"]
    assert bedrock == slugs["novita/qwen/qwen3-235b-a22b-instruct-2507"] == "qwen/qwen3-235b-a22b-instruct-2507"
    assert slugs["bedrock/eu-west-1/qwen.qwen3-next-80b-a3b"] == slugs["together_ai/Qwen/Qwen3-Next-80B-A3B-Instruct"]


def test_an_output_word_and_v_before_a_generators_version_are_the_hosts() -> None:
    slugs = kept()
    gen = {k: s for k, s in slugs.items() if re.search(r"-image-v\d", k.lower())}
    assert gen
    for k, s in gen.items():
        mode = database()[k].get("mode")
        # An image generator's "image-v5.0" is the host's; an embedder's "embed-image-v3.0" names what it embeds.
        assert ("-image-v" in s) == (mode == "embedding"), (k, s, mode)
    assert slugs["tencent/seedream-image-v5.0-pro"] == "bytedance/seedream-5.0-pro"
