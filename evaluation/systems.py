"""The catalog the evaluation runs on, and the systems it compares.

The catalog is the bundled snapshot loaded into a temporary SQLite file, plus every evidence source
whose pinned copy is present under ``../shared/data`` and whose adapter is registered (LMArena
today; Aider, MTEB and llm-stats when their adapters exist), so quality needs can be graded.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

from evaluation.metrics import Catalog, System
from evaluation.needs import ROOT, LabelledNeed
from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex, build_index
from matchgraph.service.catalog import ingest
from matchgraph.service.context import Services
from matchgraph.service.snapshot import init_catalog
from matchgraph.settings import Settings
from matchgraph.sources.registry import ADAPTERS
from matchgraph.store import open_store
from matchgraph.store.read_model import cited_records
from matchgraph.store.schema import artifacts, source_records

SHARED = ROOT.parent / "shared" / "data"
# Adapter name -> pinned copy to ingest, when both exist.
EVIDENCE = {"lmarena": SHARED / "lmarena", "aider": SHARED / "aider" / "polyglot_leaderboard.yml",
            "mteb": SHARED / "mteb" / "results", "llmstats": SHARED / "llm-stats" / "data",
            "modelsdev": SHARED / "modelsdev" / "api.json.gz"}


def build_catalog(db_url: str | None = None, workdir: Path | None = None) -> tuple[Catalog, list[str]]:
    """Load the catalog (a fresh one from the snapshot plus pinned evidence unless ``db_url`` is given)."""
    loaded: list[str] = []
    if db_url is None:
        workdir = workdir or Path(tempfile.mkdtemp(prefix="mg-eval-"))
        db_url = f"sqlite:///{workdir}/eval.db"
        engine = open_store(Settings(db_url=db_url))
        init_catalog(engine)
        for name, path in EVIDENCE.items():
            if name in ADAPTERS and path.exists():
                ingest(engine, name, str(path), max_bytes=1 << 30)
                loaded.append(name)
    else:
        engine = open_store(Settings(db_url=db_url))
    services = Services(engine)
    index = build_index(services.view(), load_taxonomy())
    with engine.connect() as conn:
        raw = {(r.source, r.key): r.payload for r in conn.execute(
            select(source_records.c.source, source_records.c.key, source_records.c.payload))}
        cited = {r.slug: cited_records(r.facts or {}) for r in conn.execute(select(artifacts.c.slug,
                                                                                     artifacts.c.facts))}
    engine.dispose()
    return Catalog(index, raw, cited=cited), loaded



def matchgraph_system(index: MatchIndex, **kwargs: Any) -> System:
    """The full engine (parse, retrieve, filter, score) as it runs behind ``search``."""
    def run(need: LabelledNeed) -> tuple[list[int], str | None]:
        out = run_match(index, need.text, limit=10, **kwargs)
        return [r.position for r in out.results], out.explanation.get("message")
    return run


def bm25_system(index: MatchIndex) -> System:
    """Baseline: BM25 of the raw need over the artifact-capability texts, best text per artifact."""
    def run(need: LabelledNeed) -> tuple[list[int], str | None]:
        scores = index.text_scores(need.text)
        if scores is None:
            return [], None
        order = np.lexsort((index.slug_rank, -scores))
        return [int(i) for i in order[:10] if scores[i] > 0], None
    return run


def embedding_system(index: MatchIndex, encode_docs: Callable[[list[str]], np.ndarray],
                     encode_query: Callable[[str], np.ndarray]) -> System:
    """Baseline: cosine of the raw need to every artifact-capability text, best text per artifact."""
    docs = index.doc_texts()
    doc_art = np.array([i for i, _ in docs], dtype=np.int64)
    emb = encode_docs([t for _, t in docs])

    def run(need: LabelledNeed) -> tuple[list[int], str | None]:
        if not need.text.strip():
            return [], None
        sims = emb @ encode_query(need.text[:2000])
        best = np.full(index.n, -np.inf)
        np.maximum.at(best, doc_art, sims)
        order = np.lexsort((index.slug_rank, -best))
        return [int(i) for i in order[:10]], None
    return run
