"""The one interface every source adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from matchgraph.catalog.domain import EvidenceRecord, ModelRecord, SourceRecord


@dataclass
class ReadResult:
    """What an adapter read from a location: raw records plus what it had to skip and why."""

    records: list[SourceRecord]
    location: str
    skipped: list[str] = field(default_factory=list)
    # True when this read is the whole of the source (a new LiteLLM database replaces the old one);
    # False when it adds to it (one manifest, one arena file).
    replaces_source: bool = True


class SourceAdapter(ABC):
    """Reads a source into raw records, and turns raw records into catalog facts or evidence."""

    name: ClassVar[str]
    role: ClassVar[str]  # "catalog" (artifacts and offers) or "evidence" (figures about artifacts)
    description: ClassVar[str]
    # True for a second catalog whose names are resolved against the artifacts the other sources
    # already made (derivation then calls ``model_record_known`` after every other source).
    resolves_against_catalog: ClassVar[bool] = False

    @abstractmethod
    def read(self, location: str | None, *, fetched_at: str, max_bytes: int) -> ReadResult:
        """Read and parse ``location`` (path or URL); raise SourceError on bad input."""

    def model_record(self, record: SourceRecord) -> ModelRecord | None:
        """Normalise one raw record into an offer of an artifact (catalog sources)."""
        return None

    def model_record_known(self, record: SourceRecord, known_slugs: frozenset[str]) -> ModelRecord | None:
        """Like :meth:`model_record`, knowing the slugs the other catalog sources produced."""
        return self.model_record(record)

    def evidence(self, record: SourceRecord) -> list[EvidenceRecord]:
        """Evidence rows carried by one raw record (evidence sources)."""
        return []
