"""Match events and outcomes: logging what was shown, learning from what worked, export and replay.

State rules (replay reproduces them exactly, because live writes and replay share these functions):

- Logging a search stores the event (query, constraints, results with slug, rank, score and the
  capability URIs each result matched) and adds 1 to ``times_matched`` of every (slug, URI) shown.
- Exactly one outcome per (event, slug), enforced by a unique constraint; a second one raises
  :class:`ConflictError` naming the stored outcome.
- An outcome (``success`` or ``failure``) is always stored, but only a **keyed** one (client
  ``key:NAME``, i.e. sent with an API key) that is that key's **first** outcome for the slug adds 1
  to ``successes`` or ``failures`` of every URI the slug matched in that event. The credit is a row
  of ``outcome_credits`` (primary key client × slug), so concurrent writers cannot both take it, and
  the outcome stores the decision (``counted``), which export and replay carry. Anonymous and
  repeated reports are kept for audit and never move learned success or MatchRank.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from matchgraph.match.scoring import LearnedTable, beta_mean
from matchgraph.rank.clients import is_keyed
from matchgraph.rank.success import success_rate
from matchgraph.service.context import Services
from matchgraph.service.errors import ConflictError, NotFoundError, ServiceError
from matchgraph.store.schema import capability_stats, catalog_meta, match_events, outcome_credits, outcomes

OUTCOMES = ("success", "failure")
EXPORT_FORMAT = 1


def now_iso() -> str:
    """UTC timestamp with microseconds, so events logged in one second keep their order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@functools.cache
def _bump_statement(dialect_name: str) -> Any:
    # Built once per dialect: constructing the upsert (its ``excluded`` columns) cost more than running it.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(capability_stats)
    return stmt.on_conflict_do_update(
        index_elements=[capability_stats.c.slug, capability_stats.c.capability_uri],
        set_={
            "times_matched": capability_stats.c.times_matched + stmt.excluded.times_matched,
            "successes": capability_stats.c.successes + stmt.excluded.successes,
            "failures": capability_stats.c.failures + stmt.excluded.failures,
        },
    )


def _bump(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add the given deltas to ``capability_stats`` (insert when missing), on SQLite and PostgreSQL."""
    if not rows:
        return
    conn.execute(_bump_statement(conn.dialect.name), rows)


_INSERT_EVENT = match_events.insert()


def _insert_event(conn: Connection, event: dict[str, Any]) -> None:
    conn.execute(_INSERT_EVENT, {
        "id": event["id"], "query": event["query"], "constraints": event["constraints"], "results": event["results"],
        "created_at": event["created_at"], "client": event.get("client"),
    })
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for r in event["results"]:
        for uri in r.get("matched", []):
            rows.setdefault((r["slug"], uri), {"slug": r["slug"], "capability_uri": uri, "times_matched": 0,
                                               "successes": 0, "failures": 0})["times_matched"] += 1
    _bump(conn, list(rows.values()))


def log_search(services: Services, query: str, constraints: dict[str, Any], results: list[dict[str, Any]],
               *, client: str | None = None) -> str:
    """Store one search or resolve event and count the matches it showed; returns the event id.

    ``results`` items need ``slug``, ``rank``, ``score`` and ``matched`` (capability URIs).
    """
    event = {"id": str(uuid.uuid4()), "query": query, "constraints": constraints,
             "results": [{"slug": r["slug"], "rank": r["rank"], "score": r["score"],
                          "matched": list(r.get("matched", []))} for r in results],
             "created_at": now_iso(), "client": client}
    with services.engine.begin() as conn:
        _insert_event(conn, event)
    return event["id"]


def _check_outcome_word(outcome: str) -> str:
    word = str(outcome).strip().lower()
    if word not in OUTCOMES:
        raise ServiceError(f"outcome must be 'success' or 'failure', not {outcome!r}")
    return word


def _stored(conn: Connection, event_id: str, slug: str) -> dict[str, Any] | None:
    row = conn.execute(select(outcomes.c.outcome, outcomes.c.created_at, outcomes.c.client).where(
        outcomes.c.event_id == event_id, outcomes.c.slug == slug)).first()
    if row is None:
        return None
    return {"event_id": event_id, "slug": slug, "outcome": row.outcome, "created_at": row.created_at,
            "keyed": is_keyed(row.client)}


def _conflict(stored: dict[str, Any]) -> ConflictError:
    return ConflictError(f"an outcome for {stored['slug']} in event {stored['event_id']} was already recorded "
                         f"({stored['outcome']}, at {stored['created_at']}); one outcome per event and "
                         "artifact is kept", stored)


def _credit(conn: Connection, client: str, slug: str, event_id: str) -> bool:
    """Claim the one credit of (client, slug); False when another outcome holds it (also concurrently:
    the primary key makes the later writer wait and then insert nothing)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(outcome_credits).values(client=client, slug=slug, event_id=event_id)
    stmt = stmt.on_conflict_do_nothing(index_elements=[outcome_credits.c.client, outcome_credits.c.slug])
    return conn.execute(stmt.returning(outcome_credits.c.client)).first() is not None


def _apply_outcome(conn: Connection, event_id: str, slug: str, outcome: str, created_at: str,
                   client: str | None, credited: bool | None = None) -> tuple[list[str], bool]:
    """Validate and store one outcome; returns the capability URIs it was credited to and whether it
    counts (a keyed client's first outcome for that slug). ``credited`` replays a stored decision."""
    word = _check_outcome_word(outcome)
    row = conn.execute(select(match_events.c.results).where(match_events.c.id == event_id)).first()
    if row is None:
        raise NotFoundError(f"no search event has id {event_id!r}; use the event_id printed by `search --json`.")
    shown = {r["slug"]: r for r in row.results}
    key = slug.strip().lower()
    if key not in shown:
        listed = ", ".join(list(shown)[:10]) or "nothing"
        raise ServiceError(f"{slug!r} was not among the results of event {event_id} (it showed: {listed}).")
    earlier = _stored(conn, event_id, key)
    if earlier is not None:
        raise _conflict(earlier)
    counts = is_keyed(client) and credited is not False and _credit(conn, str(client), key, event_id)
    # The unique constraint on (event_id, slug) settles a race between writers: the loser's
    # transaction fails here and is reported as a conflict by the caller.
    conn.execute(outcomes.insert().values(event_id=event_id, slug=key, outcome=word, created_at=created_at,
                                          client=client, counted=counts))
    uris = list(shown[key].get("matched", []))
    if counts:
        _bump(conn, [{"slug": key, "capability_uri": u, "times_matched": 0,
                      "successes": int(word == "success"), "failures": int(word == "failure")} for u in uris])
    return uris, counts


def record_outcome(services: Services, event_id: str, slug: str, outcome: str, *,
                   client: str | None = None) -> dict[str, Any]:
    """Record that ``slug``, shown in event ``event_id``, worked (``success``) or not (``failure``).

    Raises NotFoundError for an unknown event, ConflictError for a second outcome on the same
    (event, slug) — also when another process stored it first — and ServiceError for a slug the
    event did not show or an outcome word other than success/failure.
    """
    event_id, key = str(event_id).strip(), str(slug).strip().lower()
    try:
        with services.engine.begin() as conn:
            uris, counted = _apply_outcome(conn, event_id, str(slug), outcome, now_iso(), client)
            stats = conn.execute(select(capability_stats).where(
                capability_stats.c.slug == key, capability_stats.c.capability_uri.in_(uris))
                .order_by(capability_stats.c.capability_uri)).all()
    except IntegrityError:
        with services.engine.connect() as conn:
            stored = _stored(conn, event_id, key)
        if stored is None:
            raise
        raise _conflict(stored) from None
    note = None
    if not counted:
        note = ("stored for audit only: learned success and MatchRank count a key's first outcome per artifact, "
                "and only outcomes sent with an API key")
    elif not uris:
        note = ("this result matched no capability in that event, so no capability counter changed; the outcome "
                "itself is stored.")
    return {
        "event_id": event_id, "slug": key, "outcome": _check_outcome_word(outcome), "counted": counted,
        "capabilities": [
            {"uri": s.capability_uri, "times_matched": s.times_matched, "successes": s.successes,
             "failures": s.failures,
             "success_rate": success_rate(s.successes, s.failures),
             "posterior_mean": round(beta_mean(s.successes, s.failures), 4)}
            for s in stats
        ],
        "note": note,
    }


# The catalog version and the newest outcome id in one round trip: outcomes are only ever appended,
# so the highest id changes exactly when learned counters can have changed.
VERSIONS_SQL = select(
    select(catalog_meta.c.value).where(catalog_meta.c.key == "derived_at").scalar_subquery(),
    select(func.max(outcomes.c.id)).scalar_subquery(),
)
_HAS_OUTCOME = or_(capability_stats.c.successes > 0, capability_stats.c.failures > 0)
_LEARNED_SQL = select(capability_stats).where(_HAS_OUTCOME)


def versions(services: Services) -> tuple[str, str]:
    """(catalog version, learned-state version) read in one query."""
    with services.engine.connect() as conn:
        catalog, newest = conn.execute(VERSIONS_SQL).one()
    return catalog or "", str(newest or 0)


def learned_table(services: Services, version: str | None = None) -> LearnedTable:
    """slug → URI → (successes, failures) for every pair with an outcome, cached until an outcome arrives."""
    if version is None:
        version = versions(services)[1]

    def build() -> LearnedTable:
        table: dict[str, dict[str, tuple[int, int]]] = {}
        with services.engine.connect() as conn:
            for r in conn.execute(_LEARNED_SQL):
                table.setdefault(r.slug, {})[r.capability_uri] = (int(r.successes), int(r.failures))
        return table

    return services.cached("learned_outcomes", build, version=version)


def _records(conn: Connection) -> Iterator[dict[str, Any]]:
    events = [{"type": "search", "id": e.id, "query": e.query, "constraints": e.constraints, "results": e.results,
               "created_at": e.created_at, "client": e.client}
              for e in conn.execute(select(match_events).order_by(match_events.c.created_at, match_events.c.id))]
    outs = [{"type": "outcome", "event_id": o.event_id, "slug": o.slug, "outcome": o.outcome,
             "created_at": o.created_at, "client": o.client, "counted": bool(o.counted)}
            for o in conn.execute(select(outcomes).order_by(outcomes.c.id))]
    # Chronological, an event before the outcomes reported on it.
    merged = sorted([*events, *outs], key=lambda r: (r["created_at"], 0 if r["type"] == "search" else 1))
    yield {"type": "header", "format": EXPORT_FORMAT, "exported_at": now_iso(), "events": len(events),
           "outcomes": len(outs)}
    yield from merged


def export_events(services: Services, path: str | Path) -> dict[str, int]:
    """Write every event and outcome as JSON Lines (a header line first); returns the counts."""
    target = Path(path)
    counts = {"events": 0, "outcomes": 0}
    with services.engine.connect() as conn, target.open("w", encoding="utf-8") as fh:
        for rec in _records(conn):
            if rec["type"] == "search":
                counts["events"] += 1
            elif rec["type"] == "outcome":
                counts["outcomes"] += 1
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    return counts


def _read_lines(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ServiceError(f"events file not found: {path}") from exc
    except UnicodeDecodeError as exc:
        raise ServiceError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ServiceError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
        if not isinstance(rec, dict) or rec.get("type") not in ("header", "search", "outcome"):
            raise ServiceError(f"{path}:{n}: expected an object with type 'search', 'outcome' or 'header'")
        yield n, rec


_SEARCH_KEYS = ("id", "query", "constraints", "results", "created_at")
_OUTCOME_KEYS = ("event_id", "slug", "outcome", "created_at")


def replay_events(services: Services, path: str | Path) -> dict[str, int]:
    """Import an exported events file in one transaction, reproducing the exported learning state.

    Events whose id is already stored, and outcomes already stored for the same (event, slug), are
    skipped, so importing the same file twice changes nothing. Any malformed line aborts the import
    with its line number and nothing is written.
    """
    source = Path(path)
    counts = {"events": 0, "outcomes": 0, "skipped_events": 0, "skipped_outcomes": 0}
    with services.engine.begin() as conn:
        known = {r.id for r in conn.execute(select(match_events.c.id))}
        for n, rec in _read_lines(source):
            kind = rec["type"]
            if kind == "header":
                continue
            needed = _SEARCH_KEYS if kind == "search" else _OUTCOME_KEYS
            missing = [k for k in needed if k not in rec]
            if missing:
                raise ServiceError(f"{source}:{n}: {kind} record lacks {', '.join(missing)}")
            if kind == "search":
                if rec["id"] in known:
                    counts["skipped_events"] += 1
                    continue
                if not isinstance(rec["results"], list) or not all(
                        isinstance(r, dict) and "slug" in r for r in rec["results"]):
                    raise ServiceError(f"{source}:{n}: results must be a list of objects with a slug")
                _insert_event(conn, rec)
                known.add(rec["id"])
                counts["events"] += 1
                continue
            done = conn.execute(select(outcomes.c.id).where(
                outcomes.c.event_id == rec["event_id"], outcomes.c.slug == str(rec["slug"]).lower())).first()
            if done is not None:
                counts["skipped_outcomes"] += 1
                continue
            try:
                counted = rec.get("counted")
                _apply_outcome(conn, rec["event_id"], str(rec["slug"]), rec["outcome"], rec["created_at"],
                               rec.get("client"), counted if isinstance(counted, bool) else None)
            except ServiceError as exc:
                raise ServiceError(f"{source}:{n}: {exc}") from exc
            counts["outcomes"] += 1
    return counts
