"""Ingest end to end on SQLite and PostgreSQL: real files in, a consistent catalog out, atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from matchgraph.service.catalog import ingest
from matchgraph.service.passport import passport
from matchgraph.service.stats import catalog_stats
from matchgraph.sources.errors import SourceError
from tests.shared_data import LITELLM_JSON, LMARENA_DIR, require_shared

ROOT = Path(__file__).resolve().parent
MAX = 200 * 1024 * 1024


def _fingerprint(engine: sa.Engine) -> dict:
    stats = catalog_stats(engine)
    with engine.connect() as conn:
        stats["slugs"] = conn.execute(sa.text("SELECT count(DISTINCT slug) FROM artifacts")).scalar_one()
        stats["hashes"] = conn.execute(
            sa.text("SELECT content_hash FROM source_records ORDER BY source, key")
        ).scalars().all()
    return stats


@pytest.fixture
def litellm_engine(fresh_engine: sa.Engine) -> sa.Engine:
    require_shared(LITELLM_JSON)
    ingest(fresh_engine, "litellm", str(LITELLM_JSON), max_bytes=MAX)
    return fresh_engine


def test_litellm_ingest_builds_the_catalog(litellm_engine: sa.Engine) -> None:
    stats = catalog_stats(litellm_engine)
    assert stats["source_records"] >= 4000
    assert sum(stats["artifacts"].values()) >= 1500
    assert stats["unsourced_artifacts"] == 0
    p = passport(litellm_engine, "gpt-4o-mini")
    assert p["slug"] == "openai/gpt-4o-mini"
    assert p["prices"]["input_per_mtok"] == 0.15
    assert p["prices"]["output_per_mtok"] == 0.6
    assert {"azure/gpt-4o-mini", "gpt-4o-mini"} <= {s["key"] for s in p["sources"]}


def test_failure_midway_leaves_the_previous_catalog(litellm_engine: sa.Engine) -> None:
    before = _fingerprint(litellm_engine)

    def interrupt(stage: str, done: int, total: int) -> None:
        # Stop after some derived rows are already written inside the transaction.
        if stage == "offers" and done >= 2000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(litellm_engine, "openrouter", str(ROOT / "data" / "openrouter" / "models.json"),
               max_bytes=MAX, progress=interrupt)
    assert _fingerprint(litellm_engine) == before


def test_openrouter_offers_join_litellm_artifacts(litellm_engine: sa.Engine) -> None:
    ingest(litellm_engine, "openrouter", str(ROOT / "data" / "openrouter" / "models.json"), max_bytes=MAX)
    p = passport(litellm_engine, "openai/gpt-4o-mini")
    assert "openrouter" in p["hosts"]
    assert any(s["source"] == "openrouter" for s in p["sources"])
    # The LiteLLM offers are still there: an OpenRouter ingest adds, it does not replace them.
    assert any(s["source"] == "litellm" for s in p["sources"])


@pytest.mark.parametrize(
    ("source", "location", "message"),
    [
        ("nosuchsource", "x.json", "unknown source"),
        ("litellm", "/nonexistent/file.json", "/nonexistent/file.json"),
        ("openrouter", str(ROOT / "data" / "openrouter" / "not_models.json"), "no .data. list"),
        ("manifest", "/nonexistent/matchgraph.yml", "no such file"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    litellm_engine: sa.Engine, source: str, location: str, message: str
) -> None:
    before = _fingerprint(litellm_engine)
    with pytest.raises(SourceError, match=message):
        ingest(litellm_engine, source, location, max_bytes=MAX)
    assert _fingerprint(litellm_engine) == before


def test_malformed_and_huge_files(litellm_engine: sa.Engine, tmp_path: Path) -> None:
    before = _fingerprint(litellm_engine)
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"gpt-x": {"litellm_provider": "openai", "mode": "chat"', encoding="utf-8")
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as fh:
        fh.truncate(1 << 30)  # a sparse 1 GB file: refused by size, never read
    bomb = tmp_path / "bomb.yml"
    bomb.write_text("a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n")
    for source, path in (("litellm", garbage), ("litellm", huge), ("openrouter", huge), ("lmarena", huge),
                         ("manifest", bomb), ("manifest", huge)):
        with pytest.raises(SourceError):
            ingest(litellm_engine, source, str(path), max_bytes=MAX)
    assert _fingerprint(litellm_engine) == before


def test_duplicate_manifest_slugs_are_refused(litellm_engine: sa.Engine, tmp_path: Path) -> None:
    good = (ROOT / "data" / "manifests").glob("*.yml")
    text = next(p for p in good if "good" in p.name).read_text(encoding="utf-8")
    (tmp_path / "one.yml").write_text(text, encoding="utf-8")
    (tmp_path / "two.yml").write_text(text, encoding="utf-8")
    before = _fingerprint(litellm_engine)
    with pytest.raises(SourceError, match="slug"):
        ingest(litellm_engine, "manifest", str(tmp_path), max_bytes=MAX)
    assert _fingerprint(litellm_engine) == before


def test_reingest_is_idempotent(litellm_engine: sa.Engine) -> None:
    before = _fingerprint(litellm_engine)
    ingest(litellm_engine, "litellm", str(LITELLM_JSON), max_bytes=MAX)
    after = _fingerprint(litellm_engine)
    assert after == before


def test_lmarena_evidence_attaches_to_artifacts(litellm_engine: sa.Engine) -> None:
    result = ingest(litellm_engine, "lmarena", str(LMARENA_DIR), max_bytes=MAX)
    assert result.derive.evidence > 1000
    p = passport(litellm_engine, "openai/gpt-4o-2024-05-13")
    metrics = {e["metric"] for e in p["evidence"]}
    assert "arena_rating:text/full" in metrics
    coding = [e for e in p["evidence"] if e["metric"] == "arena_rating:text/coding"]
    assert coding and coding[0]["ci_low"] <= coding[0]["value"] <= coding[0]["ci_high"]
    assert coding[0]["capability"] == "capability://text.coding"
    cap = next(c for c in p["capabilities"] if c["uri"] == "capability://text.coding")
    assert cap["how_known"] == "measured"
    # Re-deriving after another ingest keeps the evidence (it is re-attached from raw records).
    ingest(litellm_engine, "litellm", str(LITELLM_JSON), max_bytes=MAX)
    assert passport(litellm_engine, "openai/gpt-4o-2024-05-13")["evidence"]
