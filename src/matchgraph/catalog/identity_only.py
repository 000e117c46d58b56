"""Models a source documents but nobody in the catalog hosts: when they become artifacts.

An identity-only record (``ModelRecord.is_offer=False``: an MTEB model page, an llm-stats model page)
is a way to know a model, not a way to use it. Its slug joins a hosted artifact when it is one under
another spelling; otherwise it makes an artifact of its own when the record documents a real model:
it has a name and states an identity fact (release date, open weights, license, parameter count,
knowledge cutoff) or carries evidence. Such an artifact has no offers: no starting price, no API.

Before a new artifact is made the record's keys (the source's model id and its aliases, and its
display name only when it states every part of the key: "Command R+", which several versions share,
never stands for ``command-r-plus-04-2024``) are matched against the hosted
catalog by the rules that attach evidence by key (:func:`matchgraph.catalog.evidence_match.match_key`:
the LiteLLM key rule, an alias, an alias of the last path segment) and then by those arena-name rules
that fold spellings of one model (date formats, precisions, organization prefixes, Bedrock ids,
version spellings). Rules that name another version or mode of a model (``-preview``,
``-thinking``, a reasoning effort) are not used: such a model is its own artifact, grouped with its
release by the family rules. The spelling rules run only for a record whose maker has hosted
models (they look for that maker's own model). A hit of another mode (an embedding benchmark's name
on a chat model) is refused. Every step is one pass over the records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from matchgraph.catalog.domain import ModelRecord
from matchgraph.catalog.evidence_match import match_key
from matchgraph.catalog.names import normalize_alias
from matchgraph.sources.arena_names import ARENA_NAME_OVERRIDES, match_arena_names

IDENTITY_FACTS = ("release_date", "open_weights", "license", "parameters", "knowledge_cutoff")


def documents_model(record: ModelRecord, has_evidence: bool = False) -> bool:
    """True when an identity-only record is about a real model: a name and an identity fact or evidence."""
    if not (record.name or "").strip():
        return False
    return has_evidence or any(getattr(record, f) is not None for f in IDENTITY_FACTS)


@dataclass
class OfferedCatalog:
    """Aliases and modes of the artifacts offer records make, for matching identity-only names."""

    index: dict[str, str] = field(default_factory=dict)  # normalised alias -> slug
    modes: dict[str, set[str]] = field(default_factory=dict)  # slug -> offer modes

    @property
    def slugs(self) -> Collection[str]:
        return self.modes.keys()

    @property
    def orgs(self) -> set[str]:
        """Organizations of the hosted slugs."""
        return {s.split("/", 1)[0] for s in self.modes}


def offered_catalog(records: Iterable[ModelRecord]) -> OfferedCatalog:
    """The alias index of offer records (slug, model part, name, keys, last key segment, aliases).

    An alias several slugs share goes to the slug it spells exactly, else to the most-hosted one.
    """
    hosts: dict[str, set[str]] = defaultdict(set)
    candidates: dict[str, set[str]] = defaultdict(set)
    modes: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if not r.is_offer:
            continue
        hosts[r.slug].add(r.host)
        if r.mode:
            modes[r.slug].add(r.mode)
        else:
            modes.setdefault(r.slug, set())
        names = [r.slug, r.slug.split("/", 1)[1], r.name, r.source_key, r.host_key,
                 r.source_key.rsplit("/", 1)[-1], *(str(a) for a in r.extra.get("aliases") or [])]
        for alias in names:
            norm = normalize_alias(alias or "")
            if norm:
                candidates[norm].add(r.slug)
    index: dict[str, str] = {}
    for norm, slugs in candidates.items():
        exact = [s for s in slugs if normalize_alias(s) == norm]
        index[norm] = exact[0] if exact else sorted(slugs, key=lambda s: (-len(hosts[s]), s))[0]
    return OfferedCatalog(index, dict(modes))


# Model ids of benchmark sites (llm-stats) that name a release by its size or generation where hosts
# use the creator's release id, each checked by hand, as a catalog alias (like the arena table, which
# is consulted too): Codestral 22B is Codestral 24.05 (Mistral's announcement of 2024-05-29), Mistral
# Large 2 is 24.07, and Gemini 1.0 Pro is gemini-pro.
IDENTITY_NAME_OVERRIDES: dict[str, str | None] = {
    "codestral-22b": "codestral-2405",
    "mistral-large-2-2407": "mistral-large-2407",
    "gemini-1.0-pro": "gemini-pro",
}
_OVERRIDES = {**ARENA_NAME_OVERRIDES, **IDENTITY_NAME_OVERRIDES}


# The modes an identity record's own mode may land on (an embedding page on an embedding model).
_COMPATIBLE: Mapping[str, frozenset[str]] = {
    "embedding": frozenset({"embedding"}),
}
_TEXT = frozenset({"chat", "completion", "responses"})
# Match rules that fold spellings of one model; the others (pre-release, reasoning mode or effort,
# output resolution) name a different version or setting.
SPELLING_RULES = frozenset({"identity", "alias", "alias-last-segment", "exact", "slug-model-id", "override",
                            "date-format", "parenthetical-note", "precision", "org-prefix", "bedrock-id",
                            "version-spelling", "serving-host"})


def _as_specific(name: str, key: str) -> bool:
    """True when a display name states every part of the key (it may add some: "... Instruct").

    "Command R+" does not stand for ``command-r-plus-04-2024``: it drops the version, and several
    versions share it; "Qwen2.5 VL 72B Instruct" states all of ``qwen2.5-vl-72b``.
    """
    key_parts = set(normalize_alias(key.rsplit("/", 1)[-1]).split("-"))
    return key_parts <= set(normalize_alias(name).split("-"))


def _spelling(rule: str) -> bool:
    return all(part in SPELLING_RULES for part in rule.replace("name:", "").split("+"))


def _fits(record: ModelRecord, modes: Collection[str]) -> bool:
    wanted = _COMPATIBLE.get(record.mode or "", _TEXT if record.mode is None else frozenset({record.mode}))
    return not modes or bool(set(modes) & wanted)


def match_hosted(records: list[ModelRecord], catalog: OfferedCatalog) -> dict[int, tuple[str, str]]:
    """For each identity-only record naming a hosted model under another spelling: (slug, rule).

    Keyed by the record's position in ``records``; records matching nothing (or only a model of
    another mode) are left out.
    """
    out: dict[int, tuple[str, str]] = {}
    pending: dict[int, list[str]] = {}
    orgs = catalog.orgs
    for i, r in enumerate(records):
        keys = [r.host_key, *(str(a) for a in r.extra.get("aliases") or [])]
        for key in dict.fromkeys(k for k in keys if k):
            hit = match_key(key, r.name, catalog.index, catalog.slugs)
            if hit is not None and _spelling(hit[1]) and _fits(r, catalog.modes.get(hit[0], ())):
                out[i] = hit
                break
        else:
            # The spelling rules look for a maker's own model: a maker with nothing hosted has none to find.
            if r.slug.split("/", 1)[0] not in orgs:
                continue
            pending[i] = list(dict.fromkeys(keys))
            if r.name and _as_specific(r.name, r.host_key):
                pending[i].append(r.name)
    for board in ("embedding", "text"):
        idx = [i for i in pending if (records[i].mode == "embedding") == (board == "embedding")]
        names = sorted({n for i in idx for n in pending[i]})
        if not names:
            continue
        report = match_arena_names(names, catalog.index, board, slug_modes=catalog.modes, suggestions=0,
                                   overrides=_OVERRIDES)
        for i in idx:
            for name in pending[i]:
                hit = report.matched.get(name)
                if hit is not None and _spelling(hit[1]) and _fits(records[i], catalog.modes.get(hit[0], ())):
                    out[i] = (hit[0], f"name:{hit[1]}")
                    break
    return out
