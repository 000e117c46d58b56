"""Run Alembic migrations programmatically on an open engine.

Opening a store that is already at the newest revision is the common case (every CLI command), so
that check reads the migration files and the ``alembic_version`` table directly; Alembic (about a
tenth of a second to import) is loaded only when there is something to upgrade or the revision
graph is not a plain chain."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""^(?:None|(["'])([^"']+)\1)$""")


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("matchgraph.store") / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest migration revision shipped with this version."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def plain_head() -> str | None:
    """The head revision read from the migration files, when they form one chain of plainly
    written revisions; None whenever anything is unusual (then Alembic decides)."""
    revisions: dict[str, str | None] = {}
    for path in (files("matchgraph.store") / "migrations" / "versions").iterdir():
        if not path.name.endswith(".py") or path.name.startswith("_"):
            continue
        found: dict[str, str | None] = {}
        for name, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            m = _QUOTED.match(value)
            if m is None or name in found:
                return None
            found[name] = m.group(2)
        if "revision" not in found or "down_revision" not in found or found["revision"] is None:
            return None
        revisions[found["revision"]] = found["down_revision"]
    heads = set(revisions) - {down for down in revisions.values() if down is not None}
    roots = [r for r, down in revisions.items() if down is None]
    if len(heads) != 1 or len(roots) != 1 or any(d is not None and d not in revisions for d in revisions.values()):
        return None
    return heads.pop()


def _stored_revisions(engine: Engine) -> list[str] | None:
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    except DBAPIError:
        return None  # no table yet: an empty database


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (idempotent)."""
    if revision == "head":
        head = plain_head()
        if head is not None and _stored_revisions(engine) == [head]:
            return
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
