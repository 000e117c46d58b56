"""Plain domain records shared by sources, derivation, the store and the service layer.

They carry no database or HTTP objects. A missing fact is ``None``, never 0.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Kinds of artifact. Models come from catalogs; the rest arrive through manifests.
ARTIFACT_KINDS = ("model", "mcp", "api", "agent", "tool", "dataset")

# Ways a capability can be known for an artifact, strongest evidence last.
HOW_KNOWN = ("declared_by_source", "declared_by_manifest", "derived", "measured")

MODALITIES = ("text", "image", "audio", "video", "file", "embedding")

# Long-context capability tiers: the smallest context window (tokens) each one needs.
CONTEXT_TIERS: tuple[tuple[int, str], ...] = (
    (32_000, "capability://text.long-context.32k"),
    (128_000, "capability://text.long-context.128k"),
    (200_000, "capability://text.long-context.200k"),
    (1_000_000, "capability://text.long-context.1m"),
)

# Kinds of offer (one way to use an artifact). Only ``api`` and confirmed ``free_tier`` offers carry a
# price that counts as a starting price or in a price comparison; a local runtime is availability.
OFFER_KINDS = ("api", "free_tier", "preview", "local_runtime", "self_hosted", "subscription")

# Kinds of evidence: measured by a party other than the model's maker, or reported by the maker.
EVIDENCE_KINDS = ("independent", "self_reported")


def mode_from_outputs(outputs: Iterable[str]) -> str | None:
    """The coarse mode a model's stated output modalities imply (image wins over text); None if none fits."""
    outputs = set(outputs)
    for modality, mode in (("image", "image_generation"), ("embedding", "embedding"), ("text", "chat")):
        if modality in outputs:
            return mode
    return None


def content_hash(payload: Any) -> str:
    """Stable SHA-256 of a JSON-serialisable payload (keys sorted)."""
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceRecord:
    """A raw record as ingested, kept for audit and re-derivation."""

    source: str  # "litellm", "openrouter", "lmarena", "manifest"
    key: str  # the source's own key for the record
    url: str | None  # where the record (or the file it came from) lives
    fetched_at: str  # ISO-8601 date or datetime
    payload: dict[str, Any]
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.payload))


@dataclass
class Prices:
    """Prices in USD. Unknown is None; a price the source states as 0 stays 0."""

    input_per_mtok: float | None = None
    output_per_mtok: float | None = None
    cached_input_per_mtok: float | None = None
    per_image: float | None = None  # output image
    input_per_image: float | None = None
    per_second: float | None = None  # audio/video output or transcription
    per_character: float | None = None  # speech synthesis
    per_query: float | None = None  # search, rerank
    per_page: float | None = None  # OCR
    batch_input_per_mtok: float | None = None
    batch_output_per_mtok: float | None = None

    def as_dict(self) -> dict[str, float | None]:
        return dict(self.__dict__)

    def known(self) -> dict[str, float]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class ModelRecord:
    """One catalog source record normalised: a single offer of one artifact.

    Entity resolution has already decided ``slug``; derivation groups records by slug.
    """

    source: str
    source_key: str
    slug: str
    name: str
    organization: str | None
    host: str
    host_key: str
    kind: str = "model"
    mode: str | None = None  # chat, embedding, image_generation, ...
    family: str | None = None
    input_modalities: list[str] = field(default_factory=list)
    output_modalities: list[str] = field(default_factory=list)
    context_window: int | None = None
    max_output: int | None = None
    prices: Prices = field(default_factory=Prices)
    # Capability URIs the source declares (from flags and modes), with the flag that says so.
    declared: dict[str, str] = field(default_factory=dict)
    release_date: str | None = None
    deprecation_date: str | None = None
    open_weights: bool | None = None
    license: str | None = None
    parameters: int | None = None
    url: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # One of OFFER_KINDS when the adapter can tell; None lets derivation classify the offer.
    offer_kind: str | None = None
    knowledge_cutoff: str | None = None
    # Capability URIs (and modalities as "modality:in:image" / "modality:out:audio") the source
    # states explicitly as unsupported, with the field that says so: claims that count against.
    denied: dict[str, str] = field(default_factory=dict)
    # False for identity-only records (a benchmark site's model page): they make claims about the
    # artifact but are not a way to use it, so they never become an offer.
    is_offer: bool = True


@dataclass
class EvidenceRecord:
    """A measured or published figure about an artifact (optionally for one capability)."""

    artifact_name: str  # the name as the source spells it
    metric: str  # e.g. "arena_rating:text/coding"
    value: float
    source: str
    source_key: str
    capability_uri: str | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    sample_size: int | None = None
    source_url: str | None = None
    observed_at: str | None = None
    fetched_at: str | None = None
    slug: str | None = None  # filled by name matching
    kind: str = "independent"  # one of EVIDENCE_KINDS
    # A catalog key naming the model (a LiteLLM key, a models.dev id); matched through the alias
    # index instead of the arena name rules when set.
    match_key: str | None = None
    # Extra facts about the run (edit format, reasoning setting, task count...) kept for display.
    details: dict[str, Any] = field(default_factory=dict)
