"""Rate limits shared through the store: atomic on SQLite and PostgreSQL, not reset by forged headers."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from rank_helpers import private_copy
from web_helpers import live_server

from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.web.security import StoreRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engines(db_url: str) -> Iterator[tuple[sa.Engine, sa.Engine]]:
    """Two engines on one store, as two worker processes or replicas would have."""
    first = open_store(Settings(db_url=db_url))
    second = sa.create_engine(db_url)
    yield first, second
    second.dispose()
    first.dispose()


def test_buckets_are_shared_and_refill(engines: tuple[sa.Engine, sa.Engine]) -> None:
    clock = Clock()
    a, b = (StoreRateLimiter(e, clock) for e in engines)
    results = [(a if n % 2 else b).hit("search", "ip:192.0.2.1", 6) for n in range(8)]
    assert results[:6] == [0.0] * 6 and all(w > 0 for w in results[6:])
    assert results[6] == pytest.approx(10.0, abs=0.01)  # 6 a minute: one token every 10 s
    assert a.hit("search", "ip:192.0.2.2", 6) == 0.0  # another client has its own bucket
    assert a.hit("write", "ip:192.0.2.1", 6) == 0.0   # and another scope too
    clock.now += 10.0
    assert b.hit("search", "ip:192.0.2.1", 6) == 0.0
    assert a.hit("search", "ip:192.0.2.1", 6) > 0
    clock.now += 3600.0  # a long pause refills to the burst size, never beyond it
    assert [a.hit("search", "ip:192.0.2.1", 6) for _ in range(7)].count(0.0) == 6
    assert a.hit("search", "ip:192.0.2.1", 0) == 0.0  # a limit of 0 disables the bucket


def test_an_empty_bucket_rejects_from_memory_until_its_next_token(engines: tuple[sa.Engine, sa.Engine]) -> None:
    """Past the limit, this process answers without a database write until a token is due; then the
    store decides again (another worker may have spent the new token)."""
    clock = Clock()
    a, b = (StoreRateLimiter(e, clock) for e in engines)
    statements: list[str] = []
    sa.event.listen(engines[0], "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert [a.hit("search", "ip:192.0.2.9", 6) for _ in range(6)] == [0.0] * 6
    first = a.hit("search", "ip:192.0.2.9", 6)
    assert first == pytest.approx(10.0, abs=0.01)
    written = len(statements)
    clock.now += 4.0
    assert [a.hit("search", "ip:192.0.2.9", 6) for _ in range(50)] == [pytest.approx(6.0, abs=0.01)] * 50
    assert len(statements) == written  # fifty rejections, no statement
    assert a.hit("search", "ip:192.0.2.10", 6) == 0.0  # other buckets still go to the store
    clock.now += 6.0
    assert b.hit("search", "ip:192.0.2.9", 6) == 0.0  # the other worker takes the token that came due
    assert a.hit("search", "ip:192.0.2.9", 6) > 0 and len(statements) > written + 1


def test_concurrent_hits_never_spend_a_token_twice(engines: tuple[sa.Engine, sa.Engine]) -> None:
    clock = Clock()
    limiters = [StoreRateLimiter(e, clock) for e in engines]
    with ThreadPoolExecutor(max_workers=8) as pool:
        waits = list(pool.map(lambda n: limiters[n % 2].hit("write", "key:1", 10), range(40)))
    assert waits.count(0.0) == 10


def test_forged_forwarded_for_gets_no_fresh_bucket(tmp_path: Path, catalog_db: str) -> None:
    url = private_copy(Path(catalog_db.removeprefix("sqlite:///")), tmp_path)
    with live_server(Settings(db_url=url, search_rate_per_minute=5)) as server, server.client() as http:
        codes = [http.get("/api/v1/search", params={"q": "ocr"}, headers={"X-Forwarded-For": f"203.0.113.{i}"}
                          ).status_code for i in range(7)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
        limited = http.get("/api/v1/search", params={"q": "ocr"}, headers={"X-Forwarded-For": "198.51.100.1"})
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert limited.json()["error"]["code"] == "rate_limited"
    # The same limit is seen by another process on the store: the bucket lives in the database.
    engine = open_store(Settings(db_url=url))
    with engine.connect() as conn:
        buckets = conn.execute(sa.text("SELECT bucket FROM rate_limits")).scalars().all()
    engine.dispose()
    assert buckets == ["search|ip:127.0.0.1"]
