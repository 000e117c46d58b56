"""Lexical matching: the tokenizer shared by every index and query, and a thin ``bm25s`` wrapper."""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

import numpy as np

_WORD_RE = re.compile(r"[^\W_]+")
# Words that appear in almost every need and say nothing about which capability is meant.
_DOMAIN_STOPWORDS = frozenset({
    "model", "models", "ai", "need", "needs", "want", "wants", "looking", "something", "good", "best",
    "great", "find", "please", "one", "use", "using", "able", "like", "really", "thing", "stuff", "help",
    "some", "any", "get", "would", "could", "should", "let", "make", "also", "well",
})
# Longest query the lexical stage reads; a 10 KB paste adds nothing past this but cost.
MAX_QUERY_TOKENS = 64


@functools.cache
def _bm25s() -> Any:
    """Import ``bm25s`` on first use, without its optional JAX top-k.

    ``bm25s`` imports JAX when it is installed and compiles a kernel at import time (about a second
    on start-up of every command); its NumPy top-k serves our corpus sizes, so JAX is hidden for the
    duration of that one import and restored afterwards for any other user.
    """
    if "bm25s" in sys.modules or "jax" in sys.modules:
        import bm25s

        return bm25s
    sys.modules["jax"] = None  # type: ignore[assignment]
    try:
        import bm25s
    finally:
        del sys.modules["jax"]
    return bm25s


@functools.cache
def _stopwords() -> frozenset[str]:
    return frozenset(_bm25s().stopwords.STOPWORDS_EN) | _DOMAIN_STOPWORDS


@functools.lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    # A light plural fold so "images"/"image" and "invoices"/"invoice" meet; no stemmer is installed.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str, limit: int | None = None) -> list[str]:
    """Lowercase word tokens with stopwords dropped and plurals folded (at most ``limit`` tokens)."""
    stop = _stopwords()
    out: list[str] = []
    for m in _WORD_RE.finditer(text.lower()):
        word = m.group(0)
        if word in stop or (len(word) < 2 and word.isascii()):
            continue
        out.append(_fold(word))
        if limit is not None and len(out) >= limit:
            break
    return out


class Lexical:
    """A BM25 index (``bm25s``) over pre-tokenized documents."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.size = len(docs)
        self._bm25 = _bm25s().BM25()
        if docs:
            self._bm25.index(docs, show_progress=False)
        self._vocab: dict[str, int] = dict(self._bm25.vocab_dict or {}) if docs else {}

    def known(self, tokens: list[str]) -> list[str]:
        """The tokens that occur in the corpus, de-duplicated in order."""
        return list(dict.fromkeys(t for t in tokens if t in self._vocab))

    def top(self, tokens: list[str], k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best documents and their scores, straight from ``bm25s`` (for baselines)."""
        known = self.known(tokens)
        if not known or not self.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        docs, scores = self._bm25.retrieve([known], k=min(k, self.size), show_progress=False,
                                           backend_selection="numpy")
        return docs[0], scores[0]

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (zeros when none is known)."""
        known = self.known(tokens)
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
