"""LMArena adapter and arena name matching, on the pinned leaderboard files and LiteLLM database."""

from __future__ import annotations

import csv
import http.server
import json
import math
import re
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from arena_helpers import LMARENA_DIR, litellm_catalog_index, read_in_catalog

from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.sources.arena_names import (
    ARENA_NAME_OVERRIDES,
    BOARD_MODES,
    RULES,
    match_arena_names,
)
from matchgraph.sources.errors import SourceError
from matchgraph.sources.lmarena import (
    CATEGORY_CAPABILITIES,
    LMArenaAdapter,
    arena_evidence,
    infer_board,
    parse_arena_csv,
    parse_arena_json,
    parse_ci,
    read_arena_csv,
    read_arena_json,
)

# Every test here reads the pinned LMArena files.
pytestmark = pytest.mark.needs_shared
JSON_FILES = sorted(LMARENA_DIR.glob("leaderboard-*.json"))
CSV_FILES = sorted(LMARENA_DIR.glob("lmarena_*.csv"))
FETCHED = "2026-11-20"


def _raw_json(path: Path) -> dict[str, dict[str, dict[str, float]]]:
    return json.loads(path.read_text(encoding="utf-8"))


def _full_names(board: str) -> list[str]:
    return list(_raw_json(LMARENA_DIR / f"leaderboard-{board}.json")["full"])


# ----------------------------------------------------------------------------- reading


def test_board_and_style_control_are_inferred_from_the_file_names() -> None:
    # Five JSON files are pinned: the image board has no style-controlled variant.
    assert sorted(infer_board(p) for p in JSON_FILES) == [
        ("image", False),
        ("text", False),
        ("text", True),
        ("vision", False),
        ("vision", True),
    ]
    assert sorted(infer_board(p) for p in CSV_FILES) == [("image", False), ("text", False), ("vision", False)]


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_read_arena_json(path: Path) -> None:
    entries = read_arena_json(path)
    raw = _raw_json(path)
    board, style = infer_board(path)
    assert len(entries) == sum(len(models) for models in raw.values())
    assert {e.category for e in entries} == set(raw)
    assert all(e.board == board and e.style_control == style for e in entries)
    assert style == ("style-control" in path.name)
    for e in entries:
        stats = raw[e.category][e.model_name]
        assert e.rating == stats["rating"] and math.isfinite(e.rating)
        assert e.ci_low is not None and e.ci_high is not None
        assert e.ci_low <= e.rating <= e.ci_high
        assert (e.ci_low, e.ci_high) == (stats["rating_q025"], stats["rating_q975"])
        assert e.votes is None  # the JSON files carry no vote counts
    assert len({e.source_key for e in entries}) == len(entries)


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_read_arena_csv(path: Path) -> None:
    entries = read_arena_csv(path)
    with path.open(encoding="utf-8") as fh:
        all_rows = list(csv.DictReader(fh))
    # A model listed twice (lmarena_text.csv repeats Yi-34B-Chat) is read once.
    rows, seen = [], set()
    for row in all_rows:
        if row["model"] not in seen:
            seen.add(row["model"])
            rows.append(row)
    assert len(entries) == len(rows) == len({e.model_name for e in entries})
    skipped: list[str] = []
    parse_arena_csv(path.read_text(encoding="utf-8"), board=infer_board(path)[0], skipped=skipped)
    assert len(skipped) == len(all_rows) - len(rows)
    board, _ = infer_board(path)
    for e, row in zip(entries, rows, strict=True):
        assert (e.board, e.category, e.style_control) == (board, "full", False)
        assert e.model_name == row["model"] and e.rating == float(row["arena_score"])
        plus, minus = row["95_pct_ci"].lstrip("+").split("/-")
        assert e.ci_high == e.rating + float(plus) and e.ci_low == e.rating - float(minus)
        assert e.ci_low <= e.rating <= e.ci_high
        assert e.votes == int(row["votes"]) and e.votes > 0
        assert e.organization == (row["organization"] or None)
        assert e.url == (row["url"] or None)


def test_csv_first_text_row() -> None:
    top = read_arena_csv(LMARENA_DIR / "lmarena_text.csv")[0]
    assert (top.model_name, top.rating, top.ci_low, top.ci_high, top.votes) == (
        "Gemini-2.5-Pro",
        1470.0,
        1465.0,
        1475.0,
        26019,
    )
    assert (top.organization, top.license) == ("Google", "Proprietary")


def test_style_control_is_a_different_rating_of_the_same_models() -> None:
    plain = {
        (e.category, e.model_name): e.rating for e in read_arena_json(LMARENA_DIR / "leaderboard-text.json")
    }
    styled = {
        (e.category, e.model_name): e.rating
        for e in read_arena_json(LMARENA_DIR / "leaderboard-text-style-control.json")
    }
    shared = plain.keys() & styled.keys()
    assert len(shared) > 7000
    assert sum(plain[k] != styled[k] for k in shared) > 0.9 * len(shared)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+5/-5", (1395.0, 1405.0)),
        ("+12/-9", (1391.0, 1412.0)),
        ("+3.5/-2.5", (1397.5, 1403.5)),
        ("", (None, None)),
        ("n/a", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_ci(text: str | None, expected: tuple[float | None, float | None]) -> None:
    assert parse_ci(text, 1400.0) == expected


def test_bad_input_raises_or_is_skipped(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="board"):
        infer_board("leaderboard.json")
    with pytest.raises(SourceError, match="board"):
        infer_board("text-vs-image.json")
    with pytest.raises(SourceError, match="map categories"):
        parse_arena_json([], "text")
    with pytest.raises(SourceError, match="category 'full'"):
        parse_arena_json({"full": ["gpt-4o"]}, "text")
    skipped: list[str] = []
    entries = parse_arena_json(
        {"full": {"a": {"rating": 1200.0}, "b": {"rating": "NaN"}, "c": {"rating_q025": 1.0}, "d": 5}},
        "text",
        skipped=skipped,
    )
    assert [e.model_name for e in entries] == ["a"] and entries[0].ci_low is None
    assert len(skipped) == 3
    with pytest.raises(SourceError, match="arena_score"):
        parse_arena_csv("rank,model,score\n1,a,1200\n", "text")
    rows = parse_arena_csv(
        "model,arena_score,95_pct_ci,votes\na,1200,,\nb,,+1/-1,3\n", "text", skipped=skipped
    )
    assert [(e.model_name, e.ci_low, e.votes) for e in rows] == [("a", None, None)]
    garbage = tmp_path / "leaderboard-text.json"
    garbage.write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid JSON"):
        read_arena_json(garbage)
    with pytest.raises(SourceError, match="cannot read"):
        read_arena_json(tmp_path / "leaderboard-vision.json")


# ----------------------------------------------------------------------------- capabilities


def test_every_category_in_the_files_has_an_explicit_mapping() -> None:
    present = {(infer_board(p)[0], category) for p in JSON_FILES for category in _raw_json(p)}
    assert len(present) == 42
    assert sorted(present - CATEGORY_CAPABILITIES.keys()) == []


def test_mapped_capabilities_exist_and_agree_with_the_taxonomy() -> None:
    taxonomy = load_taxonomy()
    uris = {uri for uri in CATEGORY_CAPABILITIES.values() if uri is not None}
    assert sorted(uri for uri in uris if uri not in taxonomy) == []
    for (board, category), uri in CATEGORY_CAPABILITIES.items():
        measured = [c.uri for c in taxonomy.by_metric(f"arena:{board}/{category}")]
        if measured:
            assert uri in measured, (board, category, uri, measured)


def test_image_board_categories_measure_image_generation_only() -> None:
    image = {uri for (board, _), uri in CATEGORY_CAPABILITIES.items() if board == "image"}
    assert image == {"capability://image.generation.text-to-image"}
    assert all(
        uri is None or not uri.startswith("capability://image.")
        for (board, _), uri in CATEGORY_CAPABILITIES.items()
        if board != "image"
    )


def test_arena_evidence_records() -> None:
    styled = read_arena_json(LMARENA_DIR / "leaderboard-text-style-control.json")
    coding = next(e for e in styled if e.category == "coding")
    ev = arena_evidence([coding], FETCHED, "https://lmarena.ai/leaderboard")[0]
    assert ev.metric == "arena_rating:text/coding:style"
    assert ev.capability_uri == "capability://text.coding"
    assert (ev.value, ev.ci_low, ev.ci_high) == (coding.rating, coding.ci_low, coding.ci_high)
    assert (ev.source, ev.source_key, ev.artifact_name) == ("lmarena", coding.source_key, coding.model_name)
    assert ev.slug is None and ev.sample_size is None and ev.fetched_at == FETCHED
    # The board files state no date: the read date is the observed date, and the row says so.
    assert ev.observed_at == FETCHED[:10] and ev.details["observed_date_is_fetch_date"] is True

    csv_entries = read_arena_csv(LMARENA_DIR / "lmarena_vision.csv")
    ev = arena_evidence(csv_entries, FETCHED, None)[0]
    assert ev.metric == "arena_rating:vision/full"
    assert ev.capability_uri == "capability://vision.image-understanding"
    assert ev.sample_size == csv_entries[0].votes

    humor = [e for e in read_arena_json(LMARENA_DIR / "leaderboard-vision.json") if e.category == "humor"]
    assert humor and all(ev.capability_uri is None for ev in arena_evidence(humor, FETCHED, None))


def test_adapter_reads_a_directory_and_round_trips_evidence() -> None:
    adapter = LMArenaAdapter()
    result = adapter.read(str(LMARENA_DIR), fetched_at=FETCHED, max_bytes=5_000_000)
    expected = sum(len(read_arena_json(p)) for p in JSON_FILES) + sum(
        len(read_arena_csv(p)) for p in CSV_FILES
    )
    assert len(result.records) == expected
    assert result.skipped == ["text CSV line 202: second row for 'Yi-34B-Chat' (the first is kept)"]
    assert len({r.key for r in result.records}) == len(result.records)
    assert result.replaces_source is False
    record = next(r for r in result.records if r.key == "image/full/gpt-image-1")
    (ev,) = adapter.evidence(record)
    assert ev.metric == "arena_rating:image/full"
    assert ev.capability_uri == "capability://image.generation.text-to-image"
    assert ev.value == _raw_json(LMARENA_DIR / "leaderboard-image.json")["full"]["gpt-image-1"]["rating"]
    with pytest.raises(SourceError, match="larger than"):
        adapter.read(str(LMARENA_DIR / "leaderboard-text.json"), fetched_at=FETCHED, max_bytes=1000)


@pytest.fixture
def arena_server() -> Iterator[str]:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(LMARENA_DIR))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_adapter_reads_a_url(arena_server: str) -> None:
    url = f"{arena_server}/leaderboard-image.json"
    result = LMArenaAdapter().read(url, fetched_at=FETCHED, max_bytes=1_000_000)
    assert len(result.records) == len(read_arena_json(LMARENA_DIR / "leaderboard-image.json"))
    assert all(r.url == url for r in result.records)
    assert LMArenaAdapter().evidence(result.records[0])[0].source_url == url
    with pytest.raises(SourceError, match="cannot fetch"):
        LMArenaAdapter().read(
            f"{arena_server}/leaderboard-text-missing.json", fetched_at=FETCHED, max_bytes=1000
        )


# ----------------------------------------------------------------------------- name matching

# Hand-checked arena name -> catalog slug pairs (each slug read off the pinned LiteLLM keys).
EXPECTED_TEXT = {
    "gpt-4o-2024-05-13": "openai/gpt-4o-2024-05-13",
    "gpt-4.1-mini-2025-04-14": "openai/gpt-4.1-mini-2025-04-14",
    "gpt-5-high": "openai/gpt-5",
    "gpt-5.1-high": "openai/gpt-5.1",
    "o3-mini-high": "openai/o3-mini",
    "o1-preview": "openai/o1-preview",
    "gpt-4.5-preview-2025-02-27": "openai/gpt-4.5-preview",
    "gpt-oss-120b": "openai/gpt-oss-120b",
    "claude-opus-4-20250514": "anthropic/claude-opus-4-20250514",
    "claude-opus-4-20250514-thinking-16k": "anthropic/claude-opus-4-20250514",
    "claude-sonnet-4-5-20250929-thinking-32k": "anthropic/claude-sonnet-4-5-20250929",
    "claude-3-5-sonnet-20241022": "anthropic/claude-3-5-sonnet-20241022",
    "gemini-2.5-pro": "google/gemini-2.5-pro",
    "gemini-2.0-flash-001": "google/gemini-2.0-flash",
    "gemini-2.5-flash-lite-preview-09-2025-no-thinking": "google/gemini-2.5-flash-lite-preview-09-2025",
    "gemma-3-27b-it": "google/gemma-3-27b-it",
    "deepseek-r1-0528": "deepseek/deepseek-r1-0528",
    "deepseek-v3.1-thinking": "deepseek/deepseek-v3.1",
    "deepseek-v2.5": "deepseek/deepseek-v2.5",
    "llama-3.1-405b-instruct-fp8": "meta-llama/llama-3.1-405b-instruct",
    "llama-4-maverick-17b-128e-instruct": "meta-llama/llama-4-maverick-17b-128e-instruct",
    "nvidia-llama-3.3-nemotron-super-49b-v1.5": "nvidia/llama-3.3-nemotron-super-49b-v1.5",
    "qwen3-235b-a22b-no-thinking": "qwen/qwen3-235b-a22b",
    "qwen3-next-80b-a3b-thinking": "qwen/qwen3-next-80b-a3b-thinking",
    "qwq-32b-preview": "qwen/qwen-qwq-32b-preview",
    "glm-4.6": "z-ai/glm-4.6",
    "kimi-k2-0905-preview": "moonshotai/kimi-k2-instruct-0905",
    "grok-4-0709": "x-ai/grok-4",
    "grok-3-mini-beta": "x-ai/grok-3-mini",
    "mistral-small-2506": "mistralai/mistral-small-3.2-24b-2506",
    "mistral-small-3.1-24b-instruct-2503": "mistralai/mistral-small-3.1-24b-2503",
    "mistral-7b-instruct": "mistralai/mistral-7b-instruct-v0.1",
    "amazon-nova-pro-v1.0": "amazon/nova-pro",
    "command-r-plus-08-2024": "cohere/command-r-plus-08-2024",
    "phi-4": "microsoft/phi-4",
}
EXPECTED_IMAGE = {
    "gpt-image-1": "openai/gpt-image-1",
    "dall-e-3": "openai/dall-e-3",
    "flux-1.1-pro": "black-forest-labs/flux-1.1-pro",
    "flux-1-kontext-pro": "black-forest-labs/flux-kontext-pro",
    "gemini-2.5-flash-image-preview (nano-banana)": "google/gemini-2.5-flash-image",
    "gemini-3-pro-image-preview (nano-banana-pro)": "google/gemini-3-pro-image-preview",
    "gemini-3-pro-image-preview-2k (nano-banana-pro)": "google/gemini-3-pro-image-preview",
    "recraft-v3": "recraft/recraft-v3",
    "stable-diffusion-v35-large": "stability-ai/sd3.5-large",
}
# Names whose model the catalog lacks, or lists only as another snapshot: they must stay unmatched.
MUST_NOT_MATCH = {
    "text": [
        "gemini-pro",  # Gemini 1.0 Pro; the catalog's gemini-pro is a later model's moving alias
        "mistral-medium",  # the 2023 model, not today's Mistral Medium
        "grok-2-2024-08-13",  # the catalog's grok-2 follows the 1212 refresh
        "grok-4.1",  # only grok-4.1-fast is listed
        "chatgpt-4o-latest-20250326",
        "gemini-1.5-pro-002",
        "qwen3-max-2025-09-23",
        "reka-core-20240904",
    ],
    "image": ["seedream-4-2k", "imagen-3.0-generate-002", "qwen-image", "flux-1-kontext-dev"],
}


@pytest.fixture(scope="module")
def reports() -> dict[str, object]:
    index = litellm_catalog_index()
    return {
        board: match_arena_names(_full_names(board), index.aliases, board, slug_modes=index.modes)
        for board in ("text", "vision", "image")
    }


def test_in_catalog_list_names_real_arena_models_and_real_keys() -> None:
    index = litellm_catalog_index()
    listed = read_in_catalog()
    assert len(listed) >= 150
    for item in listed:
        assert item.arena_name in _full_names(item.board), item
        assert all(k in index.key_slugs for k in item.keys), item


@pytest.mark.parametrize("board", ["text", "image"])
def test_arena_models_in_the_catalog_match_the_right_slug(board: str, reports: dict) -> None:
    index = litellm_catalog_index()
    report = reports[board]
    listed = [i for i in read_in_catalog() if i.board == board]
    right, wrong, missed = [], [], []
    for item in listed:
        expected = {index.key_slugs[k] for k in item.keys}
        got = report.matched.get(item.arena_name)
        if got is None:
            missed.append(item.arena_name)
        elif got[0] in expected:
            right.append(item.arena_name)
        else:
            wrong.append((item.arena_name, got, sorted(expected)))
    rate = len(right) / len(listed)
    print(f"\n{board}: {len(right)}/{len(listed)} in-catalog arena models matched right ({rate:.1%})")
    print(f"{board}: {len(report.matched)}/{report.total} arena names matched overall")
    print(f"{board}: matches per rule {dict(report.rule_counts())}")
    print(f"{board} unmatched arena names: {report.unmatched}")
    assert wrong == []
    assert rate >= 0.85, missed


def test_hand_checked_pairs(reports: dict) -> None:
    got_text = {n: reports["text"].matched.get(n, (None, None))[0] for n in EXPECTED_TEXT}
    got_image = {n: reports["image"].matched.get(n, (None, None))[0] for n in EXPECTED_IMAGE}
    assert got_text == EXPECTED_TEXT
    assert got_image == EXPECTED_IMAGE
    for board, names in MUST_NOT_MATCH.items():
        assert [n for n in names if n in reports[board].matched] == []
        assert all(n in reports[board].unmatched for n in names)


@pytest.mark.parametrize("board", ["text", "vision", "image"])
def test_matches_never_cross_artifact_kinds(board: str, reports: dict) -> None:
    modes = litellm_catalog_index().modes
    report = reports[board]
    assert report.matched
    wrong_kind = {n: s for n, (s, _) in report.matched.items() if not modes[s] & BOARD_MODES[board]}
    assert wrong_kind == {}
    if board == "image":
        assert all(modes[s] & {"image_generation", "image_edit"} for s, _ in report.matched.values())


def test_wrong_kind_spelling_is_refused_with_a_reason() -> None:
    index = litellm_catalog_index()
    as_text = match_arena_names(["gpt-image-1"], index.aliases, "text", slug_modes=index.modes)
    assert as_text.unmatched == ["gpt-image-1"]
    assert "openai/gpt-image-1" in as_text.rejected["gpt-image-1"]
    as_image = match_arena_names(["gpt-image-1"], index.aliases, "image", slug_modes=index.modes)
    assert as_image.matched["gpt-image-1"] == ("openai/gpt-image-1", "exact")
    # Without mode information nothing can be refused.
    assert match_arena_names(["gpt-image-1"], index.aliases, "text").matched["gpt-image-1"][0] == (
        "openai/gpt-image-1"
    )


def _board_of(name: str) -> str | None:
    for board in ("text", "vision", "image"):
        csv_names = {e.model_name for e in read_arena_csv(LMARENA_DIR / f"lmarena_{board}.csv")}
        if name in set(_full_names(board)) | csv_names:
            return board
    return None


def test_every_override_names_an_arena_model_points_into_the_catalog_and_is_needed() -> None:
    index = litellm_catalog_index()
    for name, target in ARENA_NAME_OVERRIDES.items():
        board = _board_of(name)
        assert board is not None, f"{name!r} is on no pinned board"
        kw = {"slug_modes": index.modes, "suggestions": 0}
        with_table = match_arena_names([name], index.aliases, board, **kw)
        without = match_arena_names([name], index.aliases, board, overrides={}, **kw)
        if target is None:
            # A None entry blocks a match the rules would otherwise make.
            assert name in with_table.unmatched and name in without.matched, name
        else:
            assert with_table.matched[name][1] == "override", name
            assert without.matched.get(name, (None,))[0] != with_table.matched[name][0], name


def test_display_names_of_the_csv_exports() -> None:
    index = litellm_catalog_index()
    names = [
        "Command R+ (08-2024)",
        "Command R+ (04-2024)",
        "Claude 3.5 Sonnet (20241022)",
        "Meta-Llama-3.2-3B-Instruct",
        "Amazon Nova Pro 1.0",
        "Mistral Medium",
    ]
    report = match_arena_names(names, index.aliases, "text", slug_modes=index.modes)
    assert report.matched["Command R+ (08-2024)"] == ("cohere/command-r-plus-08-2024", "exact")
    # "+" must not fold away: R+ of April 2024 is not in the catalog, and it is not Command R.
    assert "Command R+ (04-2024)" in report.unmatched
    assert report.matched["Claude 3.5 Sonnet (20241022)"][0] == "anthropic/claude-3-5-sonnet-20241022"
    assert report.matched["Meta-Llama-3.2-3B-Instruct"][0] == "meta-llama/llama-3.2-3b-instruct"
    assert report.matched["Amazon Nova Pro 1.0"][0] == "amazon/nova-pro"
    assert "Mistral Medium" in report.unmatched


def test_ambiguous_candidates_are_not_picked() -> None:
    index = {"foo-1p5": "org-a/foo-1p5", "foo-1-5": "org-b/foo-1-5", "bar-2": "org-a/bar-2"}
    report = match_arena_names(["Foo-1.5", "bar-2-thinking", "baz"], index, "text", overrides={})
    assert report.ambiguous == {"Foo-1.5": ["org-a/foo-1p5", "org-b/foo-1-5"]}
    assert report.matched == {"bar-2-thinking": ("org-a/bar-2", "reasoning-mode")}
    assert report.unmatched == ["Foo-1.5", "baz"]
    assert report.suggestions["baz"] and all("->" in s for s in report.suggestions["baz"])


def test_matching_is_deterministic_and_order_free(reports: dict) -> None:
    index = litellm_catalog_index()
    names = _full_names("text")
    again = match_arena_names(list(reversed(names)), index.aliases, "text", slug_modes=index.modes)
    assert again.matched == reports["text"].matched
    assert sorted(again.unmatched) == sorted(reports["text"].unmatched)


def test_report_markdown_lists_rules_and_unmatched_names(reports: dict) -> None:
    report = reports["image"]
    text = report.to_markdown()
    assert f"{len(report.matched)} of {report.total} names matched" in text
    assert all(name in text for name in report.unmatched)
    assert all(s for name in report.unmatched for s in report.suggestions[name])
    assert {r.name for r in RULES} >= {n for rule in report.rule_counts() for n in rule.split("+")} - {
        "exact",
        "override",
        "slug-model-id",
    }


def test_every_category_in_the_files_reads_as_words() -> None:
    """Each category the pinned boards hold is named in words a person reads (as LMArena describes it),
    or, when LMArena documents no meaning, as the board spells it without separators."""
    from matchgraph.catalog.metric_names import (
        ARENA_CATEGORIES,
        ARENA_LANGUAGES,
        arena_category,
        metric_label,
    )

    categories = {(f.stem.removeprefix("leaderboard-").removesuffix("-style-control"), cat)
                  for f in JSON_FILES for cat in json.loads(f.read_text())}
    assert len(categories) >= 40
    documented = 0
    for board, cat in sorted(categories):
        words = arena_category(cat)
        assert words and not re.search(r"[_:/]", words), (cat, words)
        documented += cat in ARENA_CATEGORIES or cat in ARENA_LANGUAGES or cat.startswith("industry_")
        for style in ("", ":style"):
            label = metric_label(f"arena_rating:{board}/{cat}{style}")
            assert not re.search(r"_|\w:\w|/|\(\w+ \d\)|\(if\)", label), label
            assert label.startswith(f"LMArena {board}")
    # Only the image board's two preset categories are undocumented; they read as the board spells them.
    assert documented == len(categories) - 2
    assert arena_category("is_preset_generation") == "is preset generation"
    assert arena_category("hard_6") == "hard prompts" and arena_category("if") == "instruction following"
    assert metric_label("arena_rating:text/full:style") == "LMArena text, style-controlled"
