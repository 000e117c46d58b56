"""The typed result of reading a need: hard constraints, soft preferences and the leftover text.

Semantics the filter relies on (``None`` or an empty tuple always means "not constrained"):

- ``input_modalities`` / ``output_modalities``: every listed modality must be accepted / produced.
- ``capabilities``: every listed ``capability://`` URI is required (hard). Only capabilities that
  catalog sources declare as flags or modes (vision, JSON schema, tool calling, image generation,
  embeddings, prompt caching, …) land here.
- ``Need.preferences``: quality-type capabilities (coding, math, creative writing, reasoning
  quality, languages, long-context tiers without a number) that steer scoring but never filter.
- ``max_input_per_mtok`` / ``max_output_per_mtok``: USD per 1M tokens ceilings; ``max_per_image``:
  USD per generated image ceiling; ``max_per_second`` / ``max_per_character`` / ``max_per_query`` /
  ``max_per_page``: ceilings in the other billing units of ``catalog.domain.Prices`` (minutes and hours
  are read as seconds, "per 1K requests" as per query).
- ``min_context``: minimum context window in tokens.
- ``open_weights``: True = weights must be downloadable, False = must be closed.
- ``free``: True = zero price or a declared free tier.
- ``cheapest``: a preference for low price when no number was given; not a ceiling.
- ``include_*``: any of the listed names is acceptable; ``exclude_*``: none of them is.
  Organizations are artifact creators as slug prefixes (``meta-llama``); hosts are families as
  returned by :func:`host_family` (``bedrock``, ``vertex_ai``, ``together_ai``).
- ``kinds``: artifact kinds (``model``, ``mcp``, …); empty means any kind.
- ``hosted``: True = some host must sell it as a service (an API), not only run it locally.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

MODALITIES = ("text", "image", "audio", "video", "embedding")

# Host keys that are variants of one host family (per-product endpoints of the same provider).
_HOST_FAMILY_ALIASES: dict[str, str] = {
    "bedrock_converse": "bedrock",
    "bedrock_mantle": "bedrock",
    "azure_ai": "azure",
    "azure_text": "azure",
    "cohere_chat": "cohere",
    "codestral": "mistral",
    "meta_llama": "meta",
}


def host_family(host: str) -> str:
    """Fold a host key to the family the need parser names.

    ``vertex_ai-language-models`` → ``vertex_ai``, ``bedrock_converse`` → ``bedrock``,
    ``text-completion-openai`` → ``openai``, ``azure_ai`` → ``azure``. Unknown keys come back
    lowercased and otherwise unchanged.
    """
    key = host.strip().lower()
    key = key.removeprefix("text-completion-")
    # Catalog sources suffix product lines with "-<what>" (e.g. "-embedding-models").
    if "-" in key and "_" in key.split("-", 1)[0]:
        key = key.split("-", 1)[0]
    return _HOST_FAMILY_ALIASES.get(key, key)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Understood:
    """One span of the need that was read as a constraint, a preference or a negation.

    ``start``/``end`` are character offsets into ``Need.text`` (end exclusive).
    """

    span: str
    meaning: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"span": self.span, "meaning": self.meaning, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Understood:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["span"]), str(data["meaning"]), int(data["start"]), int(data["end"]))


@dataclass(frozen=True)
class Constraints:
    """Hard constraints read from a need (see the module docstring for each field's meaning)."""

    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    max_input_per_mtok: float | None = None
    max_output_per_mtok: float | None = None
    max_per_image: float | None = None
    max_per_second: float | None = None
    max_per_character: float | None = None
    max_per_query: float | None = None
    max_per_page: float | None = None
    min_context: int | None = None
    open_weights: bool | None = None
    free: bool | None = None
    cheapest: bool = False
    include_organizations: tuple[str, ...] = ()
    exclude_organizations: tuple[str, ...] = ()
    include_hosts: tuple[str, ...] = ()
    exclude_hosts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    hosted: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (tuples become lists, unset values stay ``None``)."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Constraints:
        """Inverse of :meth:`to_dict`; unknown keys are ignored so older events still load."""
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            kwargs[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)

    def is_empty(self) -> bool:
        """True when nothing is constrained (every field at its default)."""
        return self == Constraints()


@dataclass(frozen=True)
class Need:
    """A parsed need.

    ``text`` is the need as given; ``soft_text`` is what is left of the parsed part once the
    understood spans are removed; ``preferences`` are soft ``capability://`` URIs for scoring;
    ``not_needed`` are capability URIs the person said they do not need; ``notes`` explain
    readings and assumptions; ``conflicts`` explain requirements that cannot all hold;
    ``cheaper_than`` is a model named as a price bound ("less than what claude haiku costs") and
    ``like`` a model named as a reference ("an alternative to dall-e"), both resolved by the engine;
    ``cheaper_on`` is ``"output"`` when the price to undercut is the named model's output price
    ("cheaper than gpt-4o on output").
    """

    text: str
    constraints: Constraints
    soft_text: str
    understood: tuple[Understood, ...] = ()
    notes: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    preferences: tuple[str, ...] = ()
    not_needed: tuple[str, ...] = ()
    cheaper_than: str | None = None
    like: str | None = None
    cheaper_on: str | None = None  # "output" when the need undercuts the named model's output price
    # "video", "audio" or "music": what a whole item priced in the need is made of ("each 8-second clip under
    # $1"); the engine reads the task among those of that medium.
    priced_item: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the constraints and understood spans nested."""
        return {
            "text": self.text,
            "constraints": self.constraints.to_dict(),
            "soft_text": self.soft_text,
            "understood": [u.to_dict() for u in self.understood],
            "notes": list(self.notes),
            "conflicts": list(self.conflicts),
            "preferences": list(self.preferences),
            "not_needed": list(self.not_needed),
            "cheaper_than": self.cheaper_than,
            "like": self.like,
            "cheaper_on": self.cheaper_on,
            "priced_item": self.priced_item,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Need:
        """Inverse of :meth:`to_dict`."""
        return cls(
            text=str(data["text"]),
            constraints=Constraints.from_dict(data.get("constraints", {})),
            soft_text=str(data.get("soft_text", "")),
            preferences=tuple(data.get("preferences", ())),
            understood=tuple(Understood.from_dict(u) for u in data.get("understood", ())),
            notes=tuple(data.get("notes", ())),
            conflicts=tuple(data.get("conflicts", ())),
            not_needed=tuple(data.get("not_needed", ())),
            cheaper_than=data.get("cheaper_than"),
            like=data.get("like"),
            cheaper_on=data.get("cheaper_on"),
        )
