"""A repeated need reuses its match outcome while the catalog and the learned state stay the same; every
search is still logged with its own event, and an outcome (which moves the learned state) is seen."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from matchgraph.service import search as search_module
from matchgraph.service.context import Services
from matchgraph.service.events import record_outcome
from matchgraph.service.search import search
from matchgraph.settings import Settings
from matchgraph.store import open_store

NEED = "cheap vision model with function calling"


def test_a_repeated_need_is_matched_once_and_logged_every_time(catalog_db: str, tmp_path: Path,
                                                               monkeypatch) -> None:
    from web_helpers import sqlite_copy

    engine = open_store(Settings(db_url=sqlite_copy(catalog_db, tmp_path / "memo.db")))
    services = Services(engine)
    calls: list[str] = []
    real = search_module.run_match

    def counted(index, text, **kw):
        calls.append(text)
        return real(index, text, **kw)

    monkeypatch.setattr(search_module, "run_match", counted)
    try:
        first = search(services, NEED)
        again = search(services, NEED)
        assert len(calls) == 1
        assert first["event_id"] != again["event_id"]
        assert {k: v for k, v in first.items() if k != "event_id"} == {k: v for k, v in again.items()
                                                                      if k != "event_id"}
        search(services, NEED, limit=3)
        assert len(calls) == 2  # another limit is another outcome
        with engine.connect() as conn:
            logged = conn.execute(sa.text("SELECT count(*) FROM match_events")).scalar_one()
        assert logged == 3
        top = first["results"][0]["slug"]
        record_outcome(services, first["event_id"], top, "success")
        search(services, NEED)
        assert len(calls) == 3  # an outcome moves the learned state: matched again
    finally:
        engine.dispose()
