"""The command line's on-disk cache: a directory of small files, settable and bounded in size.

``MATCHGRAPH_CACHE_DIR`` names the directory (default: ``matchgraph`` in the user's cache directory);
``MATCHGRAPH_CACHE_MB`` bounds its size (default 32 MB). Every write checks the bound and, when it is
passed, removes the least recently used files (a hit refreshes a file's time) until the cache is at
three quarters of it. Everything here is best effort: an unreadable or read-only cache is no cache.
Paths are plain strings (``os.path``): pathlib costs a replayed command a noticeable share of its time."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

ENV_CACHE_DIR = "MATCHGRAPH_CACHE_DIR"
ENV_CACHE_MB = "MATCHGRAPH_CACHE_MB"
DEFAULT_MB = 32


def root_dir() -> str:
    """The cache directory (not created here)."""
    configured = os.environ.get(ENV_CACHE_DIR, "").strip()
    if configured:
        return os.path.expanduser(configured)
    import platformdirs

    return platformdirs.user_cache_dir("matchgraph", appauthor=False)


def root() -> Path:
    """The cache directory as a Path."""
    from pathlib import Path

    return Path(root_dir())


def limit_bytes() -> int:
    """The size bound in bytes (a value that is not a positive number means the default)."""
    try:
        mb = float(os.environ.get(ENV_CACHE_MB, DEFAULT_MB))
    except ValueError:
        mb = DEFAULT_MB
    return int((mb if mb > 0 else DEFAULT_MB) * 1024 * 1024)


def path(area: str, digest: str, suffix: str) -> str:
    return os.path.join(root_dir(), area, digest[:2], f"{digest}{suffix}")


def read(file: str | os.PathLike[str]) -> bytes | None:
    """The file's bytes (refreshing its time, so pruning keeps what is used), or None."""
    try:
        with open(file, "rb") as f:
            data = f.read()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(file)
    return data


def write(file: str | os.PathLike[str], data: bytes) -> None:
    """Store ``data`` atomically, then keep the cache within its bound."""
    name = os.fspath(file)
    try:
        os.makedirs(os.path.dirname(name), exist_ok=True)
        tmp = f"{name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, name)
    except OSError:
        return
    prune()


def prune(limit: int | None = None) -> int:
    """Remove least recently used files until the cache is within ``limit`` (default: the bound);
    returns how many files were removed."""
    bound = limit_bytes() if limit is None else limit
    entries: list[tuple[float, int, str]] = []
    total = 0
    for dirpath, _dirs, files in os.walk(root_dir()):
        for name in files:
            full = os.path.join(dirpath, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            entries.append((st.st_mtime, st.st_size, full))
            total += st.st_size
    if total <= bound:
        return 0
    removed = 0
    target = bound * 3 // 4
    for _mtime, size, full in sorted(entries):
        if total <= target:
            break
        try:
            os.remove(full)
        except OSError:
            continue
        total -= size
        removed += 1
    return removed
