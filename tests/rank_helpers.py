"""Test helpers for rankings: a session copy of the catalog with the pinned LMArena files ingested."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from shared_data import LMARENA_DIR, require_shared

from matchgraph.service.catalog import ingest
from matchgraph.settings import Settings
from matchgraph.store import open_store

__all__ = ["LMARENA_DIR"]
_BUILT: dict[str, Path] = {}


def _copy_sqlite(src: Path, dst: Path) -> None:
    # The backup API copies a consistent snapshot even while the source has a WAL open.
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def arena_catalog_file(tmp_path_factory: pytest.TempPathFactory, catalog_db: str) -> Path:
    """A SQLite file: the session catalog plus ``ingest lmarena`` of the pinned files (built once).

    Callers must not write to it; :func:`private_copy` gives a writable copy.
    """
    require_shared(LMARENA_DIR)
    if "file" not in _BUILT:
        path = tmp_path_factory.mktemp("arena") / "arena.db"
        _copy_sqlite(Path(catalog_db.removeprefix("sqlite:///")), path)
        engine = open_store(Settings(db_url=f"sqlite:///{path}"))
        try:
            ingest(engine, "lmarena", str(LMARENA_DIR), max_bytes=Settings(db_url="").max_source_bytes)
        finally:
            engine.dispose()
        _BUILT["file"] = path
    return _BUILT["file"]


def private_copy(src: Path, dst_dir: Path) -> str:
    """A writable copy of a catalog file; returns its URL."""
    dst = dst_dir / "copy.db"
    _copy_sqlite(src, dst)
    return f"sqlite:///{dst}"


def log_share(count: int, largest: int) -> float:
    """The count scale of MatchRank, written out independently of the code under test."""
    return 100 * math.log1p(count) / math.log1p(largest)


def _check_part(name: str, part: dict[str, Any]) -> None:
    """A part's score recomputes from the facts in its evidence; a null part says why."""
    score = part["score"]
    if score is None:
        assert part.get("reason"), (name, part)
        return
    assert 0 <= score <= 100, (name, part)
    if "catalog_max" in part:
        assert score == pytest.approx(log_share(part["count"], part["catalog_max"]), abs=0.05), (name, part)
        assert (score == 0) == (part["count"] == 0), (name, part)
    elif name == "feature_coverage":
        assert part["declared"], part
        assert score == pytest.approx(100 * len(part["declared"]) / len(part["relevant"]), abs=0.05)
    elif name == "open_weights":
        assert score == (100.0 if part["value"] else 0.0)
    elif name == "success_rate":
        prior = part["prior_outcomes"]
        expected = 100 * (part["successes"] + prior / 2) / (part["successes"] + part["failures"] + prior)
        assert score == pytest.approx(expected, abs=0.05), part
    elif name == "reach":
        n = part["keyed_clients"]
        assert score == pytest.approx(100 * n / (n + part["half"]), abs=0.05), part
    else:
        raise AssertionError(f"part {name} has no checkable evidence: {part}")


def check_matchrank(d: dict[str, Any]) -> None:
    """Every component is a number backed by its evidence, or null with a reason; totals add up."""
    comps = d["components"]
    assert set(comps) == {"adoption", "quality", "ecosystem", "match_graph"}
    known = {n: c["score"] for n, c in comps.items() if c["score"] is not None}
    assert d["known"] == len(known) and d["total"] == 4
    if set(known) & {"adoption", "quality"}:
        # Every known component weighs 1, except Match graph, which ramps up with its keyed sample.
        w = {n: d["weights"][n] for n in known}
        assert all(w[n] == 1.0 for n in known if n != "match_graph")
        if "match_graph" in known:
            assert 0 < w["match_graph"] == comps["match_graph"]["evidence"]["weight"] <= 1
        expected = sum(w[n] * v for n, v in known.items()) / sum(w.values())
        assert d["score"] == pytest.approx(expected, abs=0.1)
        assert d["lower"] <= d["score"] + 0.05 and d["score"] <= d["upper"] + 0.05
    else:
        # Without evidence of use or of quality (a license flag or learned signal alone) there is no rank.
        assert d["score"] is None and d["lower"] is None and d["upper"] is None
    for name, c in comps.items():
        ev = c["evidence"]
        assert ev, name
        if name == "quality":
            entries = ev["capabilities"]
            if c["score"] is None:
                assert not entries and ev["reason"]
                continue
            # Self-reported figures weigh half (rank/quality.py SELF_REPORTED_WEIGHT).
            weights = [0.5 if e.get("self_reported") else 1.0 for e in entries]
            mean = sum(e["percentile"] * w for e, w in zip(entries, weights, strict=True)) / sum(weights)
            assert c["score"] == pytest.approx(mean, abs=0.1)
            if c["score"] == 0:  # last among its peers on every rated capability
                assert all(e["rank"] == e["peers"] > 1 for e in entries)
            continue
        if "parts" not in ev:
            assert c["score"] is None and ev["reason"]
            continue
        for part_name, part in ev["parts"].items():
            _check_part(part_name, part)
        part_scores = [p["score"] for p in ev["parts"].values() if p["score"] is not None]
        if part_scores:
            assert c["score"] == pytest.approx(sum(part_scores) / len(part_scores), abs=0.1)
        else:
            assert c["score"] is None
