"""The one interface every source adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from matchgraph.catalog.domain import EvidenceRecord, ModelRecord, SourceRecord
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import is_url


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
    # False for a source read only from a local copy (a repository's folder tree), never from a URL.
    reads_urls: ClassVar[bool] = True

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


# A converter of one raw record into a model record, given the slugs other sources made (or None).
RecordConverter = Callable[[SourceRecord, "frozenset[str] | None"], "ModelRecord | None"]


class ResolvingAdapter(SourceAdapter):
    """A source whose model names resolve against the slugs the other catalog sources made."""

    resolves_against_catalog: ClassVar[bool] = True
    convert: ClassVar[RecordConverter]

    def model_record(self, record: SourceRecord) -> ModelRecord | None:
        """The record converted without the other sources' slugs."""
        return type(self).convert(record, None)

    def model_record_known(self, record: SourceRecord, known_slugs: frozenset[str]) -> ModelRecord | None:
        """The record converted, trying the slugs the other sources already have."""
        return type(self).convert(record, known_slugs)


class LocalTreeAdapter(ResolvingAdapter):
    """An evidence source read from a local copy of a repository's folder tree (no URLs)."""

    role: ClassVar[str] = "evidence"
    reads_urls: ClassVar[bool] = False
    repo_url: ClassVar[str]
    tree: ClassVar[str]  # what the location must be, in words ("a results/ folder")
    empty: ClassVar[str]  # what was expected inside, said as "no …"
    max_bytes: ClassVar[int]
    read_tree: ClassVar[Callable[[Path, str, int], tuple[list[SourceRecord], list[str]]]]
    evidence_rows: ClassVar[Callable[[SourceRecord], list[EvidenceRecord]]]

    def read(self, location: str | None, *, fetched_at: str, max_bytes: int | None = None) -> ReadResult:
        """Read the local tree; unreadable files and out-of-range figures are listed in ``skipped``."""
        if not location:
            raise SourceError(f"{self.name} needs the path of {self.tree} ({self.repo_url})")
        if is_url(location):
            raise SourceError(f"{self.name} reads a local copy of {self.tree}, not a URL")
        root = Path(location).expanduser()
        records, skipped = type(self).read_tree(root, fetched_at, max_bytes or self.max_bytes)
        if not records:
            raise SourceError(f"{root}: no {self.empty}")
        return ReadResult(records=records, location=str(root), skipped=skipped, replaces_source=True)

    def evidence(self, record: SourceRecord) -> list[EvidenceRecord]:
        """The evidence rows the record carries."""
        return type(self).evidence_rows(record)
