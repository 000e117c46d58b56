"""API keys: created once (the plain key is returned a single time), stored only as a keyed hash.

Used by the CLI (``matchgraph keys create``) and by the web app's write protection. Keys carry 32
random bytes, so a fast keyed hash (HMAC-SHA256 with the configured pepper) is enough: there is
nothing to brute-force that a slow password hash would protect.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from matchgraph.service.errors import NotFoundError, ServiceError
from matchgraph.store.schema import api_keys

KEY_PREFIX = "mgk_"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,127}$")


@dataclass(frozen=True)
class ApiKey:
    """A stored key's public record (never the key itself)."""

    id: int
    name: str
    prefix: str
    created_at: str
    revoked_at: str | None


def hash_key(key: str, pepper: str) -> str:
    """The stored form of ``key``: hex HMAC-SHA256 keyed by the pepper."""
    return hmac.new(pepper.encode("utf-8"), key.encode("utf-8"), hashlib.sha256).hexdigest()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def create_key(engine: Engine, name: str, pepper: str) -> tuple[str, ApiKey]:
    """Create a key named ``name``; returns the plain key (shown once) and its record."""
    if not _NAME_RE.match(name):
        raise ServiceError("a key name is 1-128 characters: letters, digits, space, '.', '_', '@', '-'")
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    record = {"name": name, "prefix": plain[:10], "key_hash": hash_key(plain, pepper), "created_at": _now()}
    try:
        with engine.begin() as conn:
            new_id = conn.execute(insert(api_keys).values(**record)).inserted_primary_key[0]
    except IntegrityError as exc:
        raise ServiceError(f"a key named {name!r} already exists; pick another name") from exc
    return plain, ApiKey(new_id, name, record["prefix"], record["created_at"], None)


def verify_key(engine: Engine, plain: str, pepper: str) -> ApiKey | None:
    """The active key record matching ``plain``, or None (unknown, malformed or revoked)."""
    if not plain.startswith(KEY_PREFIX) or len(plain) > 100:
        return None
    digest = hash_key(plain, pepper)
    with engine.connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.key_hash == digest)).first()
    # The lookup is by hash; compare again in constant time so equality is not timed by the index.
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.key_hash, digest):
        return None
    return ApiKey(row.id, row.name, row.prefix, row.created_at, row.revoked_at)


def list_keys(engine: Engine) -> list[ApiKey]:
    """Every key's public record, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(api_keys).order_by(api_keys.c.id)).all()
    return [ApiKey(r.id, r.name, r.prefix, r.created_at, r.revoked_at) for r in rows]


def revoke_key(engine: Engine, name: str) -> ApiKey:
    """Revoke the key named ``name`` (idempotent); NotFoundError when no such key exists."""
    with engine.begin() as conn:
        conn.execute(update(api_keys).where(api_keys.c.name == name, api_keys.c.revoked_at.is_(None))
                     .values(revoked_at=_now()))
        row = conn.execute(select(api_keys).where(api_keys.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"no API key is named {name!r}")
    return ApiKey(row.id, row.name, row.prefix, row.created_at, row.revoked_at)
