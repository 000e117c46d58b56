"""Exactly one outcome per (event, artifact): enforced by the database, across server processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from matchgraph.service.context import Services
from matchgraph.service.errors import ConflictError
from matchgraph.service.events import export_events, log_search, record_outcome, replay_events
from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.store.schema import capability_stats, match_events, outcomes
from matchgraph.web.keys import create_key

PEPPER = "race-pepper"
SLUGS = ("openai/gpt-4o-mini", "mistralai/mistral-ocr")
OCR = "capability://vision.ocr"
TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def servers(pg_url: str) -> Iterator[tuple[str, list[str]]]:
    """Two uvicorn processes serving one PostgreSQL store."""
    open_store(Settings(db_url=pg_url)).dispose()
    env = {**os.environ, "MATCHGRAPH_DB": pg_url, "MATCHGRAPH_API_KEY_PEPPER": PEPPER,
           "PYTHONPATH": os.pathsep.join([str(SRC), str(TESTS)])}
    ports = [_free_port(), _free_port()]
    procs = [subprocess.Popen([sys.executable, "-m", "uvicorn", "guard_server:app", "--factory", "--port", str(p),
                               "--log-level", "warning", "--no-access-log"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for p in ports]
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        deadline = time.monotonic() + 60
        for url, proc in zip(urls, procs, strict=True):
            while True:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        yield pg_url, urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)


def _counts(engine: sa.Engine) -> tuple[int, int, dict[tuple[str, str], tuple[int, int, int]]]:
    with engine.connect() as conn:
        events = conn.execute(sa.select(sa.func.count()).select_from(match_events)).scalar_one()
        outs = conn.execute(sa.select(sa.func.count()).select_from(outcomes)).scalar_one()
        stats = {(r.slug, r.capability_uri): (r.times_matched, r.successes, r.failures)
                 for r in conn.execute(sa.select(capability_stats))}
    return events, outs, stats


def test_ten_concurrent_reports_on_two_servers_store_one(servers: tuple[str, list[str]], tmp_path: Path) -> None:
    url, bases = servers
    engine = open_store(Settings(db_url=url))
    services = Services(engine)
    keys = [create_key(engine, f"agent-{i}", PEPPER)[0] for i in range(2)]
    shown = [{"slug": s, "rank": n, "score": 0.9, "matched": [OCR]} for n, s in enumerate(SLUGS, 1)]
    events = [log_search(services, f"reads invoices {i}", {}, shown, client="key:agent-0") for i in range(40)]

    def report(job: tuple[int, str]) -> int:
        n, event = job
        body = {"slug": SLUGS[0], "outcome": "success" if n % 2 else "failure"}
        r = httpx.post(f"{bases[n % 2]}/api/v1/events/{event}/outcome", json=body, timeout=60,
                       headers={"Authorization": f"Bearer {keys[n % 2]}"})
        if r.status_code == 409:
            err = r.json()["error"]
            assert err["code"] == "conflict" and err["stored"]["slug"] == SLUGS[0], err
        return r.status_code

    jobs = [(n, ev) for ev in events for n in range(10)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = Counter(pool.map(report, jobs))
    assert statuses == {200: 40, 409: 360}, statuses
    with engine.connect() as conn:
        per_pair = conn.execute(sa.select(outcomes.c.event_id, sa.func.count()).group_by(outcomes.c.event_id)).all()
    assert len(per_pair) == 40 and all(c == 1 for _, c in per_pair)
    print(f"\nrace: 2 servers, 40 events x 10 concurrent reports -> {dict(statuses)}, {len(per_pair)} stored")
    # The same check in-process: the constraint holds even when a writer skips the check before insert.
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(outcomes.insert().values(event_id=events[0], slug=SLUGS[0], outcome="success",
                                              created_at="2026-01-01T00:00:00+00:00", client="key:agent-1"))
    with pytest.raises(ConflictError, match="already recorded"):
        record_outcome(services, events[0], SLUGS[0], "success", client="key:agent-1")

    before = _counts(engine)
    path = tmp_path / "events.jsonl"
    assert export_events(services, path) == {"events": 40, "outcomes": 40}
    fresh = open_store(Settings(db_url=f"sqlite:///{tmp_path / 'replayed.db'}"))
    assert replay_events(Services(fresh), path)["outcomes"] == 40
    assert _counts(fresh) == before
    # Each key counts once per artifact however many events it reported on.
    stats = before[2][(SLUGS[0], OCR)]
    assert stats[0] == 40 and stats[1] + stats[2] == 2
    fresh.dispose()
    engine.dispose()


def test_the_migration_keeps_the_first_of_duplicates_and_recounts_under_the_keyed_rule(db_url: str) -> None:
    from matchgraph.store.migrate import upgrade

    engine = sa.create_engine(db_url)
    upgrade(engine, "0002")
    shown = [{"slug": s, "rank": n, "score": 1.0, "matched": [OCR]} for n, s in enumerate(SLUGS, 1)]
    with engine.begin() as conn:
        for ev in ("e1", "e2"):
            conn.execute(match_events.insert().values(id=ev, query="q", constraints={}, created_at="2026-01-01",
                                                      results=shown))
        # Old counters counted every report, anonymous and repeated ones included.
        conn.execute(capability_stats.insert(), [
            {"slug": SLUGS[0], "capability_uri": OCR, "times_matched": 2, "successes": 2, "failures": 3},
            {"slug": SLUGS[1], "capability_uri": OCR, "times_matched": 2, "successes": 1, "failures": 0}])
        rows = [("e1", SLUGS[0], "success", "key:a"), ("e1", SLUGS[0], "failure", "key:a"),
                ("e1", SLUGS[0], "failure", "key:b"), ("e2", SLUGS[0], "success", "key:a"),
                ("e1", SLUGS[1], "success", None)]
        for n, (ev, slug, word, client) in enumerate(rows):
            conn.execute(sa.text("INSERT INTO outcomes (event_id, slug, outcome, created_at, client) "
                                 "VALUES (:e, :s, :w, :t, :c)"),
                         {"e": ev, "s": slug, "w": word, "t": f"2026-01-02T00:00:0{n}", "c": client})
    upgrade(engine)
    with engine.connect() as conn:
        kept = conn.execute(sa.select(outcomes.c.event_id, outcomes.c.slug, outcomes.c.outcome, outcomes.c.client,
                                      outcomes.c.counted).order_by(outcomes.c.id)).all()
        stats = {r.slug: (r.successes, r.failures) for r in conn.execute(sa.select(capability_stats))}
    # e1 keeps its first report; key:a's report on e2 is stored but its credit went to e1; the
    # anonymous report is kept and counts for nothing.
    assert [tuple(r) for r in kept] == [("e1", SLUGS[0], "success", "key:a", True),
                                        ("e2", SLUGS[0], "success", "key:a", False),
                                        ("e1", SLUGS[1], "success", None, False)]
    assert stats == {SLUGS[0]: (1, 0), SLUGS[1]: (0, 0)}
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(outcomes.insert().values(event_id="e1", slug=SLUGS[0], outcome="failure", created_at="x"))
    engine.dispose()
