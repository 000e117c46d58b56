"""Publishing manifests with an API key: owned slugs and namespaces, never an overwrite of others' records.

Rules (checked and applied in the one transaction that stores the record and re-derives):

- A key **owns** each slug it publishes first, and the namespace (the organization part before
  ``/``) of the first slug it publishes there. Later manifests for an owned slug or namespace must
  come from the same key; anyone else gets :class:`ForbiddenError` naming the owner.
- A slug that already names an artifact derived from other records (a source such as LiteLLM, or
  a curated manifest) is not owned by anyone, and a manifest may not overwrite it. A namespace that
  holds such artifacts cannot be claimed either.
- With ``extend=True`` a key may add to such an artifact: its manifest is stored as one more
  manifest source record with the same slug under its own key (``SLUG@key:NAME``), attributed to the
  publisher, so derivation reads it next to the other records; the other records stay untouched.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from matchgraph.catalog.manifest import parse_manifest
from matchgraph.rank.clients import keyed
from matchgraph.service.catalog import now_iso, rebuild
from matchgraph.service.context import Services
from matchgraph.service.errors import ForbiddenError, ServiceError
from matchgraph.service.validate import result_payload
from matchgraph.sources.manifests import SOURCE, manifest_source_record
from matchgraph.store import catalog_repo
from matchgraph.store.schema import artifacts, offers, slug_owners


class InvalidManifest(ServiceError):
    """The submitted manifest has errors; ``report`` is the full validation payload."""

    def __init__(self, report: dict[str, Any]) -> None:
        first = "; ".join(f"{e['path']} (line {e['line']}): {e['message']}" for e in report["errors"][:5])
        super().__init__(f"the manifest has {len(report['errors'])} error(s): {first}")
        self.report = report


def extension_key(slug: str, publisher: str) -> str:
    """The source-record key of a publisher's extension of someone else's artifact."""
    return f"{slug}@{keyed(publisher)}"


def owner_of(conn: Connection, kind: str, name: str) -> str | None:
    """The key name owning a slug or namespace, or None."""
    return conn.execute(select(slug_owners.c.owner).where(slug_owners.c.kind == kind,
                                                          slug_owners.c.name == name)).scalar()


def _claim(conn: Connection, kind: str, name: str, publisher: str) -> None:
    """Own ``name`` unless someone does; a concurrent claim by another key loses with 403."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(slug_owners).values(kind=kind, name=name, owner=publisher, created_at=now_iso())
                 .on_conflict_do_nothing(index_elements=[slug_owners.c.kind, slug_owners.c.name]))
    owner = owner_of(conn, kind, name)
    if owner != publisher:
        raise ForbiddenError(f"the {kind} {name!r} is owned by the API key {owner!r}", owner=f"key:{owner}")


def _sources_of(conn: Connection, slug: str) -> list[str]:
    """Sources of the records an existing artifact is derived from (empty when no such artifact)."""
    rows = conn.execute(select(offers.c.source, offers.c.source_key).join(
        artifacts, artifacts.c.id == offers.c.artifact_id).where(artifacts.c.slug == slug)).all()
    exists = rows or conn.execute(select(artifacts.c.id).where(artifacts.c.slug == slug)).first()
    return sorted({r.source for r in rows}) if rows else (["unknown"] if exists else [])


def _namespace_in_use(conn: Connection, namespace: str) -> bool:
    pattern = namespace.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"
    return conn.execute(select(artifacts.c.id).where(artifacts.c.slug.like(pattern, escape="\\")).limit(1)
                        ).first() is not None


def _check(conn: Connection, slug: str, publisher: str, extend: bool) -> bool:
    """Apply the ownership rules; returns True when the manifest goes in as an extension."""
    namespace = slug.split("/", 1)[0]
    owner = owner_of(conn, "slug", slug)
    if owner is not None and owner != publisher:
        raise ForbiddenError(f"{slug} is owned by the API key {owner!r}, which published it first; a manifest "
                             "from another key may not change it", owner=f"key:{owner}")
    if owner == publisher:
        return False  # the owner updates its own record
    sources = _sources_of(conn, slug)
    if sources:
        if not extend:
            raise ForbiddenError(
                f"{slug} is derived from source records ({', '.join(sources)}), so no key owns it and a manifest "
                "may not overwrite it; send \"extend\": true to add your claims next to the sources' instead",
                owner="sources: " + ", ".join(sources))
        return True
    ns_owner = owner_of(conn, "namespace", namespace)
    if ns_owner is not None and ns_owner != publisher:
        raise ForbiddenError(f"the namespace {namespace!r} is owned by the API key {ns_owner!r}; publish under "
                             "a namespace of your own", owner=f"key:{ns_owner}")
    if ns_owner is None and _namespace_in_use(conn, namespace):
        raise ForbiddenError(f"the namespace {namespace!r} holds artifacts derived from sources; publish under a "
                             "namespace of your own", owner="sources")
    _claim(conn, "namespace", namespace, publisher)
    _claim(conn, "slug", slug, publisher)
    return False


def publish_manifest(services: Services, text: str, publisher: str, *, extend: bool = False) -> dict[str, Any]:
    """Validate one manifest and store it for ``publisher`` (an API key name) under the ownership rules,
    re-deriving the catalog in the same transaction. Raises InvalidManifest or ForbiddenError."""
    origin = f"api submission by {publisher}"
    result = parse_manifest(text, origin)
    report = result_payload(result)
    if not report["valid"] or result.manifest is None:
        raise InvalidManifest(report)
    slug = report["slug"]
    fetched = now_iso()
    record = manifest_source_record(result.manifest, text, origin, fetched)
    with services.engine.begin() as conn:
        extension = _check(conn, slug, publisher, extend)
        payload = {**record.payload, "publisher": keyed(publisher), "extends": extension}
        record = replace(record, key=extension_key(slug, publisher) if extension else slug, payload=payload,
                         content_hash="")
        catalog_repo.put_source_records(conn, [record])
        derived = rebuild(conn)
        catalog_repo.record_ingest_run(conn, {
            "source": SOURCE, "location": origin, "started_at": fetched, "finished_at": now_iso(), "records": 1,
            "report": {"skipped": [], "derive": derived.as_dict(), "publisher": keyed(publisher),
                       "extends": extension}})
    services.invalidate()
    return {"slug": slug, "artifacts": derived.artifacts, "warnings": report["warnings"],
            "publisher": keyed(publisher), "mode": "extension" if extension else "owner",
            "record_key": record.key}
