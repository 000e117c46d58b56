"""Facts resolved from claims: one rule table, applied the same way to every field.

Every normalised record (:class:`~matchgraph.catalog.domain.ModelRecord`) makes claims about its
artifact: it takes images, its context window is 272K, it was released on 2024-07-18. An
artifact's *fact* for a field is resolved from all the claims about it:

====  =====================================================================================
rule  what decides the value
====  =====================================================================================
R1    The creator's own first-party record (see ``is_first_party``) that states the field; a
      subscription host or a local runtime is never the creator.
R2    Otherwise the value stated by the most records; an explicit ``false``
      (``ModelRecord.denied``) counts against a capability or modality, and so does a record
      silent on it when a record of the same source and mode (chat, responses and completion
      are one mode) claims it: that source lists the feature for records like it and not for
      this one. What a record's mode implies (its output modalities, a chat mode's chat
      capability) is contradicted by a record of the same source in another mode (an embedding
      record says the model is an embedder). One host's flag among silent hosts of the same
      catalog is therefore a minority claim. Records silent on a scalar field (a limit, a date)
      do not vote.
R3    Subscription and chat-product hosts (a ChatGPT plan, a coding assistant seat) never set
      a limit (context window, max output): their caps are the product's, not the model's.
      When an artifact has chat, completion or embedding records, the limits of its other
      records (an image host's prompt cap) are not claims about its context window either.
      An image or video generator's records (image_generation, image_edit, video_generation)
      that produce no text state a *prompt limit* (``prompt_limit``: the longest prompt the
      host takes), never a context window or a max output, whatever field the source uses;
      so does every record of an artifact whose outputs resolve to images or video and no text
      (a host listing an image model under a chat mode).
R4    A record from another source than the winning side's (models.dev beside LiteLLM) that
      states the same value makes the fact ``agreed``; one that only states other values
      makes it ``disputed``.
====  =====================================================================================

Counts: for a yes/no fact (capability, modality, open weights) ``for`` counts the records saying
yes and ``against`` those saying no; for any other field ``for`` counts the records stating the
resolved value and ``against`` the records stating something else.

Statuses: ``creator`` (R1 decided and no other source contradicts), ``agreed`` (two independent
sources state the winning value), ``majority`` (more records state it than anything else),
``single_source`` (one record states the field), ``disputed`` (a tie, or the other source
contradicts the winner). A capability or modality is part of the artifact only when its value
is true and it is not disputed; search constraints and generated text read only those.

Resolution is one pass over each artifact's records per field: linear in the records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from matchgraph.catalog.domain import ModelRecord

STATUSES = ("creator", "agreed", "majority", "single_source", "disputed")

# Hosts that sell a chat product or an assistant seat rather than metered API access.
SUBSCRIPTION_HOSTS = frozenset({"chatgpt", "github-copilot", "microsoft-365-copilot", "opencode-go"})

# Hosts that run weights on the user's machine: never the model's creator, whatever the record's organization.
LOCAL_RUNTIME_HOSTS = frozenset({"ollama", "lemonade", "llamafile", "lm-studio", "lm_studio", "lmstudio",
                                 "vllm", "hosted-vllm", "hosted_vllm", "llamacpp", "llama-cpp", "xinference",
                                 "docker-model-runner"})

# Modes whose limits describe a text window (the only ones that may set a context window when present).
TEXT_MODES = frozenset({"chat", "completion", "responses", "embedding", "rerank", "moderation", "realtime"})

# Identity facts resolved by R1/R2 (scalar values, no subscription rule).
IDENTITY_FIELDS = ("release_date", "open_weights", "license", "parameters", "knowledge_cutoff")
LIMIT_FIELDS = ("context_window", "max_output")
# Modes of image and video generators: their input cap is a prompt limit unless they also write text.
GENERATION_MODES = frozenset({"image_generation", "image_edit", "video_generation"})
PROMPT_LIMIT = "prompt_limit"
# Capabilities that follow from a resolved limit rather than from a vote.
CONTEXT_TIER_PREFIX = "capability://text.long-context."


# R5: capabilities that need a modality. A capability claimed while the modality it needs resolves to
# false (a host's image-generation flag on a model whose records say it outputs text only) is disputed:
# the records cannot all be right, and the capability never rests on the weaker side.
NEEDS_MODALITY: tuple[tuple[str, str], ...] = (
    ("capability://image.generation", "output:image"),
    ("capability://image.editing", "output:image"),
    ("capability://video.generation", "output:video"),
    ("capability://audio.speech-synthesis", "output:audio"),
    ("capability://audio.chat-output", "output:audio"),
    ("capability://audio.music-generation", "output:audio"),
    ("capability://vision", "input:image"),
    ("capability://audio.understanding", "input:audio"),
    ("capability://audio.transcription", "input:audio"),
    ("capability://audio.translation", "input:audio"),
)


def needed_modality(uri: str) -> str | None:
    """The modality fact (``output:image``) a capability needs, or None."""
    for prefix, modality in NEEDS_MODALITY:
        if uri == prefix or uri.startswith(prefix + "."):
            return modality
    return None


@dataclass
class Fact:
    """One resolved fact with the claims behind it."""

    value: Any
    status: str
    for_: int
    against: int
    records: list[dict[str, Any]] = field(default_factory=list)
    rule: str = "R2"
    # R4: sources with a record stating the resolved value, and sources that only state other values.
    agreeing: list[str] = field(default_factory=list)
    contradicting: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """True for a capability or modality that is part of the artifact (true and not disputed)."""
        return self.value is True and self.status != "disputed"

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "status": self.status, "for": self.for_, "against": self.against,
                "rule": self.rule, "sources": {"agree": self.agreeing, "disagree": self.contradicting},
                "records": self.records}


@dataclass
class _Claim:
    source: str
    key: str
    value: Any
    first_party: bool
    silent: bool = False


def _equal(a: Any, b: Any) -> bool:
    return bool(a == b)


def close_limits(a: Any, b: Any) -> bool:
    """Two limits agree for R4 when within 10% (131072 and 128000 are the same 128K window)."""
    return bool(a == b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                            and abs(a - b) <= 0.1 * max(abs(a), abs(b)))


def _resolve(claims: Sequence[_Claim], same: Any = _equal) -> Fact | None:
    """Apply R1, R2 and R4 to the claims about one field (R3 is applied when collecting them)."""
    if not claims:
        return None
    records = [{"source": c.source, "key": c.key, "value": c.value, **({"silent": True} if c.silent else {})}
               for c in claims]
    exact: dict[Any, int] = defaultdict(int)
    for c in claims:
        exact[c.value] += 1
    # Support of a value: the claims stating it or a value that counts as the same (limits within 10%).
    counts = exact if same is _equal else {
        v: sum(n for u, n in exact.items() if same(u, v)) for v in exact
    }
    creator_values = {c.value for c in claims if c.first_party}
    rule = "R2"
    if len(creator_values) == 1:
        winner = next(iter(creator_values))
        rule = "R1"
    rivals: list[int] = []
    if rule == "R2":
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -exact[kv[0]], _order(kv[0])))
        winner = ranked[0][0]
        rivals = [n for v, n in ranked[1:] if not same(v, winner)]
    # R4: a source none of whose records state the winner contradicts it.
    agreeing = {c.source for c in claims if same(c.value, winner)}
    contradicting = {c.source for c in claims} - agreeing
    sides = (sorted(agreeing), sorted(contradicting))
    if rule == "R2" and rivals and rivals[0] == ranked[0][1]:
        return Fact(winner, "disputed", *_for_against(counts, winner, len(claims)), records, rule, *sides)
    n_for, against = _for_against(counts, winner, len(claims))
    if contradicting:
        status = "disputed"
    elif rule == "R1":
        status = "creator"
    elif len(agreeing) >= 2:
        status = "agreed"
    elif len(claims) == 1:
        status = "single_source"
    else:
        status = "majority"
    return Fact(winner, status, n_for, against, records, rule, *sides)


def _for_against(counts: dict[Any, int], winner: Any, total: int) -> tuple[int, int]:
    """Counts for and against: of true and false for a yes/no fact, else of the winner and the rest."""
    if isinstance(winner, bool):
        return counts.get(True, 0), counts.get(False, 0)
    return counts[winner], total - counts[winner]


def _order(value: Any) -> tuple[int, str]:
    """Tie order for R2 winners: true before false, then the smaller number / earlier text."""
    if value is True:
        return (0, "")
    if value is False:
        return (1, "")
    if isinstance(value, (int, float)):
        return (2, f"{value:030.6f}")
    return (3, str(value))


def _creator(record: ModelRecord, first_party: Any) -> bool:
    return (bool(first_party(record)) and record.host not in SUBSCRIPTION_HOSTS
            and record.host not in LOCAL_RUNTIME_HOSTS)


def _mode_group(mode: str | None) -> str | None:
    """Chat, responses and completion records describe one text endpoint; other modes stand alone."""
    return "text" if mode in ("chat", "responses", "completion") else mode


def modality_key(direction: str, modality: str) -> str:
    """The fact name of a modality: ``input:image`` / ``output:audio``."""
    return f"{direction}:{modality}"


def resolve_facts(records: Iterable[ModelRecord], first_party: Any) -> dict[str, Fact]:
    """Every fact of one artifact, keyed by field (``context_window``, ``input:image``, a capability URI).

    ``first_party`` is the predicate telling a creator's own record (``derive.is_first_party``).
    """
    records = list(records)
    creator = [_creator(r, first_party) for r in records]
    facts: dict[str, Fact] = {}

    # Booleans: capabilities and modalities. Collect the names any record states, then vote.
    stated: dict[str, list[_Claim]] = defaultdict(list)
    for r, fp in zip(records, creator, strict=True):
        for uri in r.declared:
            if not uri.startswith(CONTEXT_TIER_PREFIX):
                stated[uri].append(_Claim(r.source, r.source_key, True, fp))
        for m in r.input_modalities:
            stated[modality_key("input", m)].append(_Claim(r.source, r.source_key, True, fp))
        for m in r.output_modalities:
            stated[modality_key("output", m)].append(_Claim(r.source, r.source_key, True, fp))
        for name in r.denied:
            if name.startswith("modality:"):
                _, direction, m = name.split(":", 2)
                name = modality_key("input" if direction == "in" else "output", m)
            stated[name].append(_Claim(r.source, r.source_key, False, fp))
    # Keys are unique within a source only (LiteLLM and models.dev both have "azure/gpt-4o-mini").
    by_key = {(r.source, r.source_key): r for r in records}
    # Offer records by (source, mode group) and by (source, None): who could have stated a name.
    by_class: dict[tuple[str, str | None], list[ModelRecord]] = defaultdict(list)
    for r in records:
        if r.is_offer:
            by_class[(r.source, _mode_group(r.mode))].append(r)
            by_class[(r.source, None)].append(r)
    for name, claims in stated.items():
        # R2 for booleans: a record silent on the name counts against it when a record of the same
        # source and mode claims it (that source lists the feature for records like it, not for this one).
        said = {(c.source, c.key) for c in claims}
        yes = [by_key[(c.source, c.key)] for c in claims if c.value is True and (c.source, c.key) in by_key]
        # What a mode implies (a chat mode's text output and chat capability) is contradicted by a
        # record of another mode; a flag only by a record of the same mode.
        any_mode = name.startswith("output:") or (bool(yes) and all(r.declared.get(name) == "mode" for r in yes))
        claiming = {(r.source, None if any_mode else _mode_group(r.mode)) for r in yes}
        silent = [
            _Claim(r.source, r.source_key, False, False, silent=True)
            for cls in sorted(claiming, key=str) for r in by_class[cls] if (r.source, r.source_key) not in said
        ]
        fact = _resolve(_dedupe([*claims, *silent]))
        if fact is not None:
            facts[name] = fact

    # R5: a capability whose needed modality resolves to false is disputed.
    for name, fact in facts.items():
        needed = needed_modality(name) if name.startswith("capability://") else None
        modality = facts.get(needed) if needed else None
        if fact.value is True and modality is not None and modality.value is False:
            fact.status = "disputed"
            fact.rule = fact.rule + "+R5"

    # Limits: R3 drops subscription hosts and non-text records when text records exist, and reads an
    # image or video generator's cap as a prompt limit.
    has_text = any(r.mode in TEXT_MODES for r in records)
    image_only = makes_only_media(facts)
    writes_text = (f := facts.get(modality_key("output", "text"))) is not None and f.holds
    limited = [(r, fp) for r, fp in zip(records, creator, strict=True) if r.host not in SUBSCRIPTION_HOSTS]
    prompt_only = [(r, fp) for r, fp in limited if image_only or is_prompt_cap(r, writes_text)]
    window = [(r, fp) for r, fp in limited if not (image_only or is_prompt_cap(r, writes_text))
              and (not has_text or r.mode in TEXT_MODES or r.mode is None)]
    for name in LIMIT_FIELDS:
        claims = [_Claim(r.source, r.source_key, getattr(r, name), fp) for r, fp in window
                  if getattr(r, name) is not None]
        fact = _resolve(claims, close_limits)
        if fact is not None:
            fact.rule = fact.rule + "+R3"
            facts[name] = fact
    fact = _resolve([_Claim(r.source, r.source_key, r.context_window, fp) for r, fp in prompt_only
                     if r.context_window is not None], close_limits)
    if fact is not None:
        fact.rule = fact.rule + "+R3"
        facts[PROMPT_LIMIT] = fact

    for name in IDENTITY_FIELDS:
        claims = [
            _Claim(r.source, r.source_key, getattr(r, name), fp)
            for r, fp in zip(records, creator, strict=True)
            if getattr(r, name) is not None
        ]
        fact = _resolve(claims)
        if fact is not None:
            facts[name] = fact
    return facts


def makes_only_media(facts: dict[str, Fact]) -> bool:
    """True for an image or video generator that writes no text (its limits are prompt limits)."""
    outputs = set(holding(facts, "output"))
    return bool(outputs & {"image", "video"}) and not outputs & {"text", "embedding", "audio"}


def is_prompt_cap(record: ModelRecord, writes_text: bool = False) -> bool:
    """True when a record's input limit is an image or video generator's prompt cap (R3)."""
    return (record.mode in GENERATION_MODES and "text" not in record.output_modalities
            and not writes_text)


def _dedupe(claims: list[_Claim]) -> list[_Claim]:
    """One claim per record (a record may state a capability through two flags)."""
    seen: dict[tuple[str, str], _Claim] = {}
    for c in claims:
        held = seen.get((c.source, c.key))
        # An explicit denial and a claim from the same record: the denial is the narrower statement.
        if held is None or (held.value is True and c.value is False):
            seen[(c.source, c.key)] = c
    return list(seen.values())


def holding(facts: dict[str, Fact], direction: str) -> list[str]:
    """Modalities (``input`` or ``output``) that hold for the artifact, sorted."""
    prefix = direction + ":"
    return sorted(name[len(prefix):] for name, f in facts.items() if name.startswith(prefix) and f.holds)


def disputed(facts: dict[str, Fact]) -> list[str]:
    """Names of the disputed facts, sorted."""
    return sorted(name for name, f in facts.items() if f.status == "disputed")


def value(facts: dict[str, Fact], name: str) -> Any:
    """The resolved value of a scalar fact, or None when no record states it."""
    fact = facts.get(name)
    return fact.value if fact is not None else None
