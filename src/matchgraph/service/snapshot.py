"""The bundled snapshot: raw records of every bundled source and the curated manifests.

Bundled sources (each permissively licensed; ``matchgraph/data/NOTICE.md`` names them, their
version and license): the LiteLLM database, models.dev, llm-stats (identity facts and benchmark
scores), Aider's polyglot board and MTEB retrieval results. LMArena is never bundled.

Built by ``matchgraph snapshot build`` with the project's own adapters; never edited by hand.
``matchgraph init`` loads it and derives the catalog from it.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.engine import Engine

from matchgraph.catalog.domain import SourceRecord
from matchgraph.service.catalog import DeriveReport, Progress, catalog_is_empty, now_iso, rebuild
from matchgraph.service.errors import ServiceError
from matchgraph.sources.manifests import load_curated_manifests, manifest_source_record
from matchgraph.sources.registry import get_adapter
from matchgraph.store import catalog_repo
from matchgraph.store.schema import source_records

SNAPSHOT_FORMAT = 1


def bundled_snapshot_path() -> Path:
    """Where the package keeps its snapshot."""
    return Path(str(files("matchgraph") / "data" / "snapshot.json.gz"))


# Where each bundled source is published: cited instead of the local path a file was read from.
PUBLIC_LOCATIONS = {
    "modelsdev": "https://models.dev/api.json",
    "llmstats": "https://github.com/JonathanChavezTamales/llm-leaderboard",
    "aider": "https://github.com/Aider-AI/aider/blob/main/aider/website/_data/polyglot_leaderboard.yml",
    "mteb": "https://github.com/embeddings-benchmark/results",
}


def _read_public(source: str, location: str | None, built_at: str, max_bytes: int,
                 public: str | None) -> tuple[list[SourceRecord], str, int]:
    """Records of one source, with the local location replaced by where the source is published."""
    read = get_adapter(source).read(location, fetched_at=built_at, max_bytes=max_bytes)
    if public:
        read.records = [replace(r, url=public) if r.url == read.location else r for r in read.records]
        read.location = public
    return read.records, read.location, len(read.skipped)


def build_snapshot(out: Path, litellm_location: str | None, *, max_bytes: int,
                   litellm_url: str | None = None, modelsdev: str | None = None,
                   llmstats: str | None = None, aider: str | None = None, mteb: str | None = None
                   ) -> dict[str, Any]:
    """Read the bundled sources and the curated manifests and write the snapshot file.

    ``litellm_url`` names where the database file is published; records without their own source
    URL cite it instead of the local path the file was read from. Each of ``modelsdev``,
    ``llmstats``, ``aider`` and ``mteb`` is a location of that source (``modelsdev`` also accepts
    ``package``); a source left out is not in the snapshot, and ``inputs`` says so.
    """
    built_at = now_iso()
    litellm = get_adapter("litellm").read(litellm_location, fetched_at=built_at, max_bytes=max_bytes)
    if litellm_url:
        litellm.records = [
            replace(r, url=litellm_url) if r.url == litellm.location else r for r in litellm.records
        ]
        litellm.location = litellm_url
    curated = [manifest_source_record(m, text, origin, built_at) for m, text, origin in load_curated_manifests()]
    records = litellm.records + curated
    inputs: dict[str, Any] = {"litellm": litellm.location, "manifest": "matchgraph/catalog/manifests"}
    counts = {"litellm": len(litellm.records), "manifest": len(curated)}
    skipped = len(litellm.skipped)
    for source, location in (("modelsdev", modelsdev), ("llmstats", llmstats), ("aider", aider), ("mteb", mteb)):
        if location is None:
            inputs[source] = None
            continue
        recs, where, n_skipped = _read_public(source, location, built_at, max_bytes, PUBLIC_LOCATIONS[source])
        records += recs
        inputs[source] = where
        counts[source] = len(recs)
        skipped += n_skipped
    doc = {
        "format": SNAPSHOT_FORMAT,
        "built_at": built_at,
        "inputs": inputs,
        "records": [
            {"source": r.source, "key": r.key, "url": r.url, "fetched_at": r.fetched_at,
             "content_hash": r.content_hash, "payload": r.payload}
            for r in records
        ],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical for identical inputs.
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(data)
    return {"records": len(records), **counts, "skipped": skipped, "path": str(out)}


def read_snapshot(path: Path | None = None) -> tuple[dict[str, Any], list[SourceRecord]]:
    """The snapshot's header and its raw records."""
    path = path or bundled_snapshot_path()
    try:
        with gzip.open(path, "rb") as fh:
            doc = json.loads(fh.read())
    except (OSError, ValueError) as exc:
        raise ServiceError(f"cannot read snapshot {path}: {exc}") from exc
    if doc.get("format") != SNAPSHOT_FORMAT:
        raise ServiceError(f"snapshot {path} has format {doc.get('format')!r}; expected {SNAPSHOT_FORMAT}")
    records = [SourceRecord(**r) for r in doc["records"]]
    header = {k: v for k, v in doc.items() if k != "records"}
    return header, records


def init_catalog(engine: Engine, *, snapshot: Path | None = None, force: bool = False,
                 progress: Progress | None = None) -> DeriveReport:
    """Load the snapshot into the store and derive the catalog (one transaction)."""
    if not force and not catalog_is_empty(engine):
        raise ServiceError("the catalog is already initialised; use --force to reload the snapshot")
    header, records = read_snapshot(snapshot)
    with engine.begin() as conn:
        # Only the snapshot's own sources are replaced: imported evidence (arena) stays.
        conn.execute(delete(source_records).where(source_records.c.source.in_({r.source for r in records})))
        catalog_repo.put_source_records(conn, records)
        report = rebuild(conn, progress=progress)
        catalog_repo.set_meta(conn, {"snapshot_built_at": header["built_at"],
                                     "snapshot_inputs": json.dumps(header["inputs"])})
    return report


def ensure_catalog(engine: Engine, progress: Progress | None = None) -> bool:
    """Initialise an empty store from the snapshot on first use; True when it did."""
    if catalog_is_empty(engine):
        init_catalog(engine, progress=progress)
        return True
    return False
