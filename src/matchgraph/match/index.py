"""The match index: array views of the catalog for filtering and scoring, plus BM25 retrieval.

Built once per catalog version from a :class:`CatalogView` (see ``Services.cached``). Learned
outcome counters are deliberately *not* part of it: they change without the catalog changing and
are passed to scoring per query.

Lexical retrieval (:mod:`matchgraph.match.lexical`, ``bm25s``) runs over two corpora:

- taxonomy nodes (name, synonyms, intents, description), to map the soft text of a need to
  capability URIs;
- artifact-capability texts (the artifact's name, slug words, organization and family, plus the
  capability's name and synonyms), to score how well each artifact's own texts match the soft text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from matchgraph.catalog.taxonomy import Taxonomy
from matchgraph.match.lexical import MAX_QUERY_TOKENS, Lexical, tokenize
from matchgraph.match.lexical import _fold as _fold_word
from matchgraph.match.semantic import SemanticIndex, semantic_index, soft_matches
from matchgraph.rank.quality import QualityEntry, compute_quality, is_self_reported, preferred_metric
from matchgraph.rank.quality import QualityTable as RankedQuality
from matchgraph.sources.hosts import normalize_host
from matchgraph.store.read_model import ArtifactView, CatalogView, EvidenceView, OfferView

# Words in model names that describe a size or tier rather than name a model family.
_GENERIC_NAME_WORDS = frozenset({
    "pro", "mini", "fast", "large", "small", "lite", "light", "plus", "max", "ultra", "turbo", "flash", "latest",
    "preview", "new", "instruct", "base", "open", "beta", "high", "low", "medium", "nano", "micro", "tiny", "big",
    "standard", "premium", "exp", "experimental", "edge", "online", "live", "think", "thinking", "cheap", "cheapest",
    "budget", "affordable", "free", "quick", "smart", "strong", "powerful", "accurate", "simple", "general",
})
# Function words of the languages needs are written in that also occur in some model name ("jasper-en-…",
# "mit/ast-…", "…-plus", "le-…"): in a need they are grammar, not a model's name.
_FUNCTION_WORDS = frozenset({
    "en", "de", "del", "la", "le", "el", "los", "las", "les", "un", "une", "una", "uno", "mit", "und", "oder",
    "für", "fur", "per", "para", "pour", "con", "avec", "sur", "du", "des", "di", "da", "do", "em", "no", "na",
    "il", "lo", "et", "y", "o", "e", "der", "die", "das", "ein", "eine", "est", "es", "ist", "que", "qui", "plus",
    "mais", "más", "mas", "sin", "sans", "ohne", "nur", "solo", "seulement", "apenas", "im", "am", "zu", "van",
    "het", "een", "och", "og", "ne", "nie", "w", "z", "и", "в", "на", "с", "не",
})
# Words people misspell in needs that name no capability themselves but complete a phrase rule.
_COMMON_TASK_WORDS = frozenset({"model", "search", "semantic", "image", "images", "generate", "generator",
                                "transcribe", "speech", "voice", "video", "embedding", "embeddings", "vector"})
# Organizations that are one company under two slug prefixes in the catalog.
ORG_FAMILY: dict[str, str] = {"meta": "meta-llama", "alibaba": "qwen", "runwayml": "runway"}
# Catalog host keys that are product lines of one host family (the need parser names the family).
HOST_FAMILY: dict[str, str] = {"azure-ai": "azure", "meta-llama-api": "meta"}


def org_key(name: str | None) -> str:
    """Fold an organization name to the key the filter compares (``meta`` and ``meta-llama`` agree)."""
    key = (name or "").strip().lower()
    return ORG_FAMILY.get(key, key)


def host_key(name: str) -> str:
    """Fold a host name, as the catalog or the need parser spells it, to one comparable key.

    ``vertex_ai`` → ``vertex-ai``, ``together_ai`` → ``together``, ``azure_ai``/``azure-ai`` → ``azure``.
    """
    key = normalize_host(name)
    return HOST_FAMILY.get(key, key)


# Hosts that run the weights on the user's own hardware, for catalogs whose offers carry no kind yet.
LOCAL_HOSTS = frozenset({"ollama", "ollama_chat", "lemonade", "llamafile", "lm_studio", "lmstudio", "vllm",
                         "hosted_vllm", "llama.cpp", "llamacpp", "xinference"})
_DATE_SUFFIX_RE = re.compile(r"(?:[-_@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{6}|\d{4}|latest|preview|exp(?:erimental)?|"
                             r"\d{3}|v\d+(?:\.\d+)?|beta|alpha))+$")


def is_local_offer(offer: object) -> bool:
    """A local runtime (availability on one's own hardware, never a $0 price): ``kind`` when the offer has
    one, else the host name."""
    kind = getattr(offer, "kind", None)
    if kind:
        return str(kind) == "local_runtime"
    return normalize_host(str(getattr(offer, "host", ""))).replace("-", "_") in LOCAL_HOSTS


def family_key(a: ArtifactView) -> str:
    """The family an artifact belongs to: ``family_head`` when derivation set one, else its slug without
    date, version and preview suffixes (``openai/gpt-4o-mini-2024-07-18`` → ``openai/gpt-4o-mini``)."""
    head = getattr(a, "family_head", None)
    if head:
        return str(head)
    return _DATE_SUFFIX_RE.sub("", a.slug) or a.slug


def _identity_text(a: ArtifactView) -> str:
    slug_words = a.slug.replace("/", " ").replace("-", " ").replace(".", " ")
    return " ".join(x for x in (a.name, slug_words, a.organization or "", a.family or "") if x)


@dataclass
class QualityTable:
    """Per capability: the percentile of each artifact's rating among its peers (NaN = no figure).

    Placement comes from :mod:`matchgraph.rank.quality` (one peer set for search, rankings and passports:
    one row per family and modality group on the same metric), so a search reason's "#3 of 39" is the
    position the artifact's page shows. ``entry`` holds that placement; ``figure`` the row it rests on;
    ``measured_on`` names the version a figure was measured on when it is not the artifact itself.
    """

    percentile: dict[str, np.ndarray] = field(default_factory=dict)
    figure: dict[str, dict[int, EvidenceView]] = field(default_factory=dict)
    measured_on: dict[str, dict[int, str]] = field(default_factory=dict)
    entry: dict[str, dict[int, QualityEntry]] = field(default_factory=dict)


# A self-reported figure counts half as far from the middle as an independent one.
SELF_REPORTED_WEIGHT = 0.5


def _measures(metric: str, uri: str, taxonomy: Taxonomy) -> bool:
    """Arena ratings always count for their capability; any other metric when the taxonomy names it for that
    capability (a maker's own chat benchmark among four models is not what "the best" is ranked by)."""
    if metric.startswith("arena_rating:"):
        return True
    return uri in taxonomy and metric in taxonomy.get(uri).measured_by


def _search_entries(ranked: RankedQuality, slug: str, taxonomy: Taxonomy) -> dict[str, QualityEntry]:
    """Per capability, the position search scores ``slug`` by: among the metrics that measure it."""
    by_uri: dict[str, list[tuple[str, bool]]] = {}
    for metric in ranked.metrics_of(slug):
        row = ranked.row(slug, metric)
        if row is not None and row.capability_uri and _measures(metric, row.capability_uri, taxonomy):
            by_uri.setdefault(row.capability_uri, []).append((metric, is_self_reported(row)))
    out: dict[str, QualityEntry] = {}
    for uri, metrics in by_uri.items():
        entry = ranked.position_entry(slug, preferred_metric(uri, metrics, taxonomy))
        if entry is not None:
            out[uri] = entry
    return out


def _quality(view: CatalogView, artifacts: list[ArtifactView], taxonomy: Taxonomy) -> QualityTable:
    """Every artifact's placement on each capability it has quality evidence for: a family's versions carry
    the family head's placement (the head is rated on its own and its versions' rows), and the versions
    the row was not measured on say where it was."""
    ranked = compute_quality(view, taxonomy)
    table = QualityTable()
    n = len(artifacts)
    chosen: dict[str, dict[str, QualityEntry]] = {}
    for i, a in enumerate(artifacts):
        rep = ranked.stands_for(a.slug)
        if rep not in chosen:
            chosen[rep] = _search_entries(ranked, rep, taxonomy)
        for uri, entry in chosen[rep].items():
            row = ranked.row(rep, entry.metric)
            if row is None:
                continue
            if uri not in table.percentile:
                table.percentile[uri] = np.full(n, np.nan)
                table.figure[uri], table.measured_on[uri], table.entry[uri] = {}, {}, {}
            p = 0.5 if entry.percentile is None else entry.percentile / 100.0
            if entry.self_reported:
                p = 0.5 + (p - 0.5) * SELF_REPORTED_WEIGHT
            table.percentile[uri][i] = p
            table.figure[uri][i] = row
            table.entry[uri][i] = entry
            if entry.measured_on and entry.measured_on != a.slug:
                table.measured_on[uri][i] = entry.measured_on
    return table


@dataclass
class OfferArrays:
    """Every offer as parallel arrays (prices NaN when unknown)."""

    artifact: np.ndarray
    host: np.ndarray
    active: np.ndarray
    input: np.ndarray
    output: np.ndarray
    image: np.ndarray
    free: np.ndarray
    other_billing: np.ndarray
    # Prices in the other billing units, by ``Prices`` field (per_second, per_character, per_query, per_page).
    units: dict[str, np.ndarray] = field(default_factory=dict)
    local: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # A hosted offer whose source states $0 for every price it gives, unconfirmed (so not ``free``): what a
    # need for "free" may be shown when nothing is confirmed free, said as such.
    listed_zero: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def _offer_free(prices: dict[str, float | None]) -> bool:
    # Free = at least one price is stated and every stated price is zero (a per-query price counts).
    known = [v for v in prices.values() if v is not None]
    return bool(known) and all(v == 0 for v in known)


_OTHER_UNITS = ("per_query", "per_second", "per_character", "per_page")
# Offer kinds a host sells as a service to call (not a subscription product, not a runtime on one's machine).
_SOLD_KINDS = frozenset({"api", "preview", "free_tier"})


def lists_only_zero(offer: OfferView) -> bool:
    """A hosted offer whose source states $0 for every price it gives (the raw statement, unconfirmed; a local
    runtime's $0 never counts)."""
    return offer.kind in _SOLD_KINDS and not is_local_offer(offer) and _offer_free(offer.stated_prices)


def _num(value: float | int | None) -> float:
    return math.nan if value is None else float(value)


class MatchIndex:
    """Arrays over the artifacts of one catalog version, and the two lexical indexes."""

    def __init__(self, view: CatalogView, taxonomy: Taxonomy, *, semantic: bool = True,
                 vectors: dict[str, np.ndarray] | None = None) -> None:
        self.version = view.version
        self.taxonomy = taxonomy
        self.artifacts: list[ArtifactView] = list(view.artifacts)
        arts = self.artifacts
        n = self.n = len(arts)
        self.position = {a.slug: i for i, a in enumerate(arts)}
        self.slug_rank = np.argsort(np.argsort(np.array([a.slug for a in arts], dtype=object), kind="stable"))
        self.active = np.array([a.status == "active" for a in arts], dtype=bool)
        self.context = np.array([_num(a.context_window) for a in arts])
        self.hosts_count = np.array([a.hosts_count for a in arts], dtype=np.float64)
        # Hosts that sell the model as a service: local runtimes say it runs at home, not that it is adopted.
        self.service_hosts = np.array([len({host_key(o.host) for o in a.offers if not is_local_offer(o)})
                                       for a in arts], dtype=np.float64)
        families = [family_key(a) for a in arts]
        self.family_codes, _ = self._codes(families)
        # The version a person types for its family (``openai/gpt-4o-mini``, not the dated snapshot).
        self.family_head = np.array([f == a.slug for f, a in zip(families, arts, strict=True)], dtype=bool)
        # The resolved fact only: a capability some offers declare does not settle a disputed fact
        # (cohere/embed-v4.0: open weights per 2 of 10 offers, disputed, so unknown).
        self.open_weights = np.array(
            [1.0 if a.open_weights is True else (0.0 if a.open_weights is False else math.nan) for a in arts])
        self.kinds = np.array([a.kind for a in arts], dtype=object)
        self.org_codes, self.org_names = self._codes([org_key(a.organization) for a in arts])
        self.input_mod = self._modality_masks([a.input_modalities for a in arts])
        self.output_mod = self._modality_masks([a.output_modalities for a in arts])
        self.cap_direct = self._capability_masks(arts, n)
        self.cap_mask = self._with_descendants()
        self.cap_confidence = self._confidences(arts, n)
        # Artifacts with at least one active offer that states any price.
        self.priced = np.array([any(o.status == "active" and any(v is not None for v in o.prices.values())
                                    for o in a.offers) for a in arts], dtype=bool)
        self.free_tier = self.cap_mask.get("capability://pricing.free-tier", np.zeros(n, dtype=bool))
        self.offers, self.host_names = self._offers(arts)
        # Per-offer prices and per-artifact cheapest offers, filled lazily by scoring.
        self.best_offer: dict[str, np.ndarray] = {}
        self.host_codes = {name: code for code, name in enumerate(self.host_names)}
        self.quality = _quality(view, arts, taxonomy)
        self.cap_uris = [c.uri for c in taxonomy]
        tax_docs = [tokenize(c.search_text()) for c in taxonomy]
        self.tax_lex = Lexical(tax_docs)
        # Words that name capabilities; intents and descriptions may mention models ("llama.cpp").
        self.tax_vocab = frozenset(t for c in taxonomy for t in tokenize(" ".join((c.name, *c.synonyms))))
        doc_tokens, doc_art, names = self._lexical_docs()
        self.name_vocab = frozenset(t for t in names - self.tax_vocab
                                    if t not in _GENERIC_NAME_WORDS and t not in _FUNCTION_WORDS
                                    and not t.isdigit())
        self.doc_artifact = np.array(doc_art, dtype=np.int64)
        self._docs_in_artifact_order = bool(np.all(self.doc_artifact[1:] >= self.doc_artifact[:-1]))
        self.doc_lex = Lexical(doc_tokens)
        self._ident = self._name_postings()
        self._family_caps: dict[str, np.ndarray] = {}
        self._tax_words: list[str] | None = None
        # None where the encoder's wheel is not installed: matching then runs on the lexical stage alone.
        self.semantic: SemanticIndex | None = semantic_index(taxonomy, vectors) if semantic else None

    # -- construction helpers -------------------------------------------------------------------

    def _name_postings(self) -> dict[str, list[int]]:
        """Word -> artifacts whose name or slug has it (ascending), so :meth:`find_named` intersects a
        few short lists instead of testing every artifact (built with the index, not by a search)."""
        postings: dict[str, list[int]] = {}
        for i, a in enumerate(self.artifacts):
            for w in {w for w in re.split(r"[^a-z0-9.]+", f"{a.name} {a.slug}".lower().replace("-", " ")) if w}:
                postings.setdefault(w, []).append(i)
        return postings

    @staticmethod
    def _codes(values: list[str]) -> tuple[np.ndarray, dict[str, int]]:
        names: dict[str, int] = {}
        codes = np.array([names.setdefault(v, len(names)) for v in values], dtype=np.int64)
        return codes, names

    def _modality_masks(self, sets: list[frozenset[str]]) -> dict[str, np.ndarray]:
        masks: dict[str, np.ndarray] = {}
        for i, mods in enumerate(sets):
            for m in mods:
                masks.setdefault(m, np.zeros(self.n, dtype=bool))[i] = True
        return masks

    @staticmethod
    def _capability_masks(arts: list[ArtifactView], n: int) -> dict[str, np.ndarray]:
        masks: dict[str, np.ndarray] = {}
        for i, a in enumerate(arts):
            for uri in a.capabilities:
                masks.setdefault(uri, np.zeros(n, dtype=bool))[i] = True
        return masks

    def _with_descendants(self) -> dict[str, np.ndarray]:
        # A node is served by an artifact that has it or any narrower node (the tree is "is-a").
        out = dict(self.cap_direct)
        for cap in self.taxonomy:
            below = [self.cap_direct[d.uri] for d in self.taxonomy.descendants(cap.uri) if d.uri in self.cap_direct]
            if below:
                mask = self.cap_direct.get(cap.uri, np.zeros(self.n, dtype=bool)).copy()
                for m in below:
                    mask |= m
                out[cap.uri] = mask
        return out

    def _confidences(self, arts: list[ArtifactView], n: int) -> dict[str, np.ndarray]:
        # Confidence that an artifact serves a node: the best among the node and its narrower nodes.
        direct: dict[str, np.ndarray] = {}
        for i, a in enumerate(arts):
            for uri, cap in a.capabilities.items():
                direct.setdefault(uri, np.zeros(n))[i] = cap.confidence
        out = dict(direct)
        for cap in self.taxonomy:
            below = [direct[d.uri] for d in self.taxonomy.descendants(cap.uri) if d.uri in direct]
            if below:
                out[cap.uri] = np.maximum.reduce([direct.get(cap.uri, np.zeros(n)), *below])
        return out

    def _lexical_docs(self) -> tuple[list[list[str]], list[int], set[str]]:
        """Tokens of every artifact-capability text, its artifact, and every word of artifact names.

        Same texts as :meth:`doc_texts`, tokenized piecewise so each capability's words are read once.
        """
        doc_tokens: list[list[str]] = []
        doc_art: list[int] = []
        names: set[str] = set()
        cap_tokens: dict[str, list[str]] = {}
        for i, a in enumerate(self.artifacts):
            ident = tokenize(_identity_text(a))
            # Name words come from the model's own name, not its maker's slug ("opensearch-project",
            # "geogpt-research-project" would make "project" and "research" read as model names).
            # A word of one or two letters is a name only where a name starts with it ("yi-large"): inside a
            # name ("magnum-v4-se") it is more often a word of the need's language (Spanish "se").
            for words in (tokenize(a.name), tokenize(a.slug.split('/', 1)[-1])):
                names.update(t for j, t in enumerate(words) if j == 0 or len(t) > 2 or not t.isalpha())
            for uri in a.capabilities:
                if uri not in cap_tokens:
                    cap_tokens[uri] = tokenize(self._capability_words(uri))
                doc_tokens.append(ident + cap_tokens[uri])
                doc_art.append(i)
            if not a.capabilities:
                doc_tokens.append(ident)
                doc_art.append(i)
        return doc_tokens, doc_art, names

    def doc_texts(self) -> list[tuple[int, str]]:
        """The artifact-capability texts the lexical index holds: (artifact position, text)."""
        out: list[tuple[int, str]] = []
        for i, a in enumerate(self.artifacts):
            ident = _identity_text(a)
            out.extend((i, f"{ident} {self._capability_words(uri)}") for uri in a.capabilities)
            if not a.capabilities:
                out.append((i, ident))
        return out

    def _capability_words(self, uri: str) -> str:
        if uri in self.taxonomy:
            cap = self.taxonomy.get(uri)
            return " ".join((cap.name, *cap.synonyms))
        return uri.removeprefix("capability://").replace(".", " ")

    def _offers(self, arts: list[ArtifactView]) -> tuple[OfferArrays, list[str]]:
        art, host, active, inp, out, img, free, other = [], [], [], [], [], [], [], []
        units: dict[str, list[float]] = {k: [] for k in _OTHER_UNITS}
        local_flags: list[bool] = []
        listed_zero: list[bool] = []
        names: dict[str, int] = {}
        for i, a in enumerate(arts):
            for o in a.offers:
                local = is_local_offer(o)
                prices = {} if local else o.prices  # a local runtime is availability, never a price
                art.append(i)
                host.append(names.setdefault(host_key(o.host), len(names)))
                active.append(o.status == "active")
                inp.append(_num(prices.get("input_per_mtok")))
                out.append(_num(prices.get("output_per_mtok")))
                img.append(_num(prices.get("per_image")))
                free.append(_offer_free(prices))
                other.append(any((o.prices.get(k) or 0) > 0 for k in _OTHER_UNITS))
                local_flags.append(local)
                listed_zero.append(lists_only_zero(o))
                for k in _OTHER_UNITS:
                    units[k].append(_num(prices.get(k)))
        arrays = OfferArrays(
            np.array(art, dtype=np.int64), np.array(host, dtype=np.int64), np.array(active, dtype=bool),
            np.array(inp), np.array(out), np.array(img), np.array(free, dtype=bool),
            np.array(other, dtype=bool), {k: np.array(v, dtype=np.float64) for k, v in units.items()},
            np.array(local_flags, dtype=bool), np.array(listed_zero, dtype=bool),
        )
        return arrays, list(names)

    # -- queries ------------------------------------------------------------------------------------

    def slug_positions(self) -> dict[str, int]:
        """Slug → position in :attr:`artifacts`."""
        return self.position

    def has_capability(self, uri: str) -> np.ndarray:
        """Artifacts that have ``uri`` or a narrower capability."""
        mask = self.cap_mask.get(uri)
        return mask if mask is not None else np.zeros(self.n, dtype=bool)

    def family_has(self, uri: str) -> np.ndarray:
        """Artifacts any version of whose family has ``uri``: what a family is measured or declared to do,
        for preferences (filters read each artifact's own capabilities)."""
        got = self._family_caps.get(uri)
        if got is None:
            fam = np.zeros(int(self.family_codes.max()) + 1 if self.n else 0, dtype=bool)
            fam[self.family_codes[self.has_capability(uri)]] = True
            got = self._family_caps[uri] = fam[self.family_codes] if self.n else np.zeros(0, dtype=bool)
        return got

    def matched_uris(self, i: int, uris: list[str]) -> list[str]:
        """For artifact ``i``, the URIs it actually carries that serve each requested URI."""
        a = self.artifacts[i]
        out: list[str] = []
        for uri in uris:
            if a.has(uri):
                out.append(uri)
            elif uri in self.taxonomy:
                out.extend(d.uri for d in self.taxonomy.descendants(uri) if a.has(d.uri))
        return list(dict.fromkeys(out))

    def retrieve_capabilities(self, text: str, k: int = 3, min_ratio: float = 0.5) -> list[tuple[str, float]]:
        """Taxonomy nodes that match ``text`` by BM25, with weights relative to the best hit (0..1].

        Root areas (``capability://text``) are skipped: they say nothing a filter or score can use.
        """
        scores = self.tax_lex.scores(tokenize(text, MAX_QUERY_TOKENS))
        top = float(scores.max()) if scores.size else 0.0
        if top <= 0:
            return []
        out: list[tuple[str, float]] = []
        for j in np.argsort(-scores, kind="stable"):
            s = float(scores[j])
            if s < top * min_ratio or len(out) >= k:
                break
            uri = self.cap_uris[j]
            if self.taxonomy.get(uri).depth == 0:
                continue
            out.append((uri, round(s / top, 4)))
        return out

    def semantic_similarities(self, text: str) -> tuple[list[str], np.ndarray] | None:
        """Taxonomy URIs and the need's similarity to each (None without the semantic stage)."""
        if self.semantic is None or not text.strip():
            return None
        return self.semantic.uris, self.semantic.node_similarities(self.without_names(text))

    def without_names(self, text: str) -> str:
        """``text`` without the words that name models ("llama", "sonnet"): they say which artifact, not
        which task, so capability retrieval does not read them."""
        names = set(self.name_words(text))
        if not names:
            return text
        return "".join(w for w in re.split(r"(\W+)", text)
                       if w.lower() not in names and _fold_word(w.lower()) not in names)

    def hybrid_capabilities(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """Lexical and semantic retrieval merged: each URI keeps its better weight (0..1]."""
        text = self.without_names(text)
        merged = dict(self.retrieve_capabilities(text, k=k))
        sem = self.semantic_similarities(text)
        if sem is not None:
            for uri, w in soft_matches(*sem, k=k):
                merged[uri] = max(w, merged.get(uri, 0.0))
        return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[: k + 1]

    def nearest_word(self, word: str) -> str | None:
        """The taxonomy word closest in spelling to ``word`` (edit similarity ≥ 80%), or None."""
        if len(word) < 4:
            return None
        if self._tax_words is None:
            self._tax_words = sorted(w for w in self.tax_vocab | _COMMON_TASK_WORDS if len(w) >= 4 and w.isascii())
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import Levenshtein

        hits = process.extract(word, self._tax_words, scorer=fuzz.ratio, score_cutoff=80, limit=8)
        if not hits:
            return None
        # Equal similarity ("speach": "search" and "speech") goes to the fewest edits, a substituted letter
        # counting once, then to the word sharing the longer start.
        def key(hit: tuple[str, float, int]) -> tuple[int, float, int, str]:
            cand = hit[0]
            prefix = next((k for k, (x, y) in enumerate(zip(word, cand, strict=False)) if x != y),
                          min(len(word), len(cand)))
            return (Levenshtein.distance(word, cand), -hit[1], -prefix, cand)

        return min(hits, key=key)[0]

    def find_named(self, name: str) -> int | None:
        """The active artifact a person means by ``name`` ("claude haiku", "dall-e 3"): every word of
        the name is in its name or slug; among those, the most widely hosted, then the shortest slug."""
        words = [w for w in re.split(r"[^a-z0-9.]+", name.lower().replace("-", " ")) if w]
        if not words or len(words) > 6 or not any(re.search(r"[a-z]", w) for w in words):
            return None  # bare numbers name no model
        lists = sorted((self._ident.get(w, ()) for w in set(words)), key=len)
        common = set(lists[0]).intersection(*lists[1:]) if lists[0] else set()
        hits = [i for i in sorted(common) if self.active[i]]
        if len(words) == 1 and len(words[0]) <= 2 and words[0].isalpha():
            # "like it", "se": a word that short names a model only as the start of its name ("yi-large"),
            # not as a suffix inside one ("gemma-4-31b-it").
            hits = [i for i in hits if re.match(rf"{words[0]}(?:[^a-z]|$)", self.artifacts[i].slug.split("/", 1)[-1])]
        if not hits:
            return None
        return min(hits, key=lambda i: (-self.service_hosts[i], len(self.artifacts[i].slug), self.artifacts[i].slug))

    def name_words(self, text: str) -> list[str]:
        """Words of ``text`` that occur in artifact names but nowhere in the taxonomy ("llama", "sonnet")."""
        return list(dict.fromkeys(t for t in tokenize(text, MAX_QUERY_TOKENS) if t in self.name_vocab))

    def text_scores(self, text: str) -> np.ndarray | None:
        """Per artifact, the best BM25 score of its texts for ``text``; None when nothing matches."""
        tokens = tokenize(text, MAX_QUERY_TOKENS)
        if not tokens or self.doc_lex.size == 0:
            return None
        doc = self.doc_lex.scores(tokens)
        hits = np.flatnonzero(doc)
        if not hits.size:
            return None
        best = np.zeros(self.n, dtype=np.float64)
        # Only the matching texts: a scatter over a million zeros would cost more than the BM25 query.
        arts, vals = self.doc_artifact[hits], doc[hits].astype(np.float64)
        if self._docs_in_artifact_order:
            # Texts come artifact by artifact, so the hits of one artifact are a run: one max per run.
            starts = np.flatnonzero(np.r_[True, arts[1:] != arts[:-1]])
            best[arts[starts]] = np.maximum(np.maximum.reduceat(vals, starts), 0.0)  # as a max over zeros
        else:
            np.maximum.at(best, arts, vals)
        return best


def build_index(view: CatalogView, taxonomy: Taxonomy, *, semantic: bool = True,
                vectors: dict[str, np.ndarray] | None = None) -> MatchIndex:
    """Build the match index for one catalog version (``semantic=False``: lexical stage only;
    ``vectors``: stored text vectors by key, see :func:`matchgraph.match.semantic.load_vectors`)."""
    return MatchIndex(view, taxonomy, semantic=semantic, vectors=vectors)
