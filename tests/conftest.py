"""Shared fixtures: real SQLite and PostgreSQL stores, the pinned data, a session catalog."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings
from shared_data import IN_CI, require_shared

from matchgraph.settings import Settings
from matchgraph.store import open_store

# The command line's disk cache (passports, replayed output) goes to a fresh directory, never the user's.
os.environ["MATCHGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="matchgraph-test-cache-")

# Property tests draw new random inputs on every local run, which is how they keep finding cases; in CI
# they draw the same inputs each run, so a green commit stays green and a red one is a real, repeatable
# failure. The cases found locally are kept as explicit examples in the tests.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "explore"))

PG_SERVER = os.environ.get("MATCHGRAPH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# CI must test PostgreSQL for real: there an unreachable server is a failure, not a skip.
PG_REQUIRED = IN_CI or bool(os.environ.get("MATCHGRAPH_REQUIRE_PG"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_shared: reads the pinned real data in ../shared/data")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests of the pinned data skip with the reason when ../shared is absent, and fail in CI."""
    if item.get_closest_marker("needs_shared") is not None:
        require_shared()


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # An expected failure ran and failed as recorded (pytest reports it as skipped):
    # it is a known gap written down, not a test that did not run.
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI nothing may skip: a skipped test there is a test that did not run."""
    if IN_CI and _skipped and session.exitstatus == 0:
        print(f"\nCI=true: {len(_skipped)} test(s) skipped, which CI does not allow: {_skipped[:10]}")
        session.exitstatus = 1


def _pg_reachable() -> str | None:
    try:
        engine = sa.create_engine(PG_SERVER, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # any failure means "not reachable" here
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL server URL, or a skip with the reason (a failure when PostgreSQL is required)."""
    problem = _pg_reachable()
    if problem:
        if PG_REQUIRED:
            pytest.fail(f"PostgreSQL is required here but unreachable at {PG_SERVER}: {problem}")
        pytest.skip(f"PostgreSQL not reachable at {PG_SERVER} ({problem})")
    return PG_SERVER


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL to a fresh, private PostgreSQL schema, dropped after the test."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on both backends, for real."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def fresh_engine(db_url: str) -> Iterator[sa.Engine]:
    """A migrated, empty store on the parametrised backend."""
    engine = open_store(Settings(db_url=db_url))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def catalog_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store initialised from the bundled snapshot once per session (treat as read-only)."""
    from matchgraph.service.snapshot import init_catalog

    url = f"sqlite:///{tmp_path_factory.mktemp('catalog') / 'catalog.db'}"
    engine = open_store(Settings(db_url=url))
    init_catalog(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def catalog_engine(catalog_db: str) -> Iterator[sa.Engine]:
    """An engine on the session catalog."""
    engine = open_store(Settings(db_url=catalog_db))
    yield engine
    engine.dispose()
