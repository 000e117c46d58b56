"""Bounded reads of source files and URLs, shared by every adapter.

Nothing is fetched unless the user names a URL. Sizes are checked before reading a file and while
reading a response, so a 1 GB input is refused without being loaded.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from matchgraph.sources.errors import SourceError

TIMEOUT_SECONDS = 30.0


def is_url(location: str) -> bool:
    """True for http(s) URLs."""
    return location.startswith(("http://", "https://"))


def read_path(path: Path, max_bytes: int) -> bytes:
    """The bytes of a local file of at most ``max_bytes``; SourceError otherwise."""
    try:
        if path.stat().st_size > max_bytes:
            raise SourceError(f"{path} is larger than {max_bytes} bytes")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(f"cannot read {path}: no such file") from exc
    except IsADirectoryError as exc:
        raise SourceError(f"cannot read {path}: is a directory") from exc
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_url(url: str, max_bytes: int, *, accept: str = "application/json",
             timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The body of an http(s) response of at most ``max_bytes``; SourceError otherwise."""
    request = urllib.request.Request(url, headers={"User-Agent": "matchgraph", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceError(f"cannot fetch {url}: {exc}") from exc
    if len(body) > max_bytes:
        raise SourceError(f"{url} is larger than {max_bytes} bytes")
    return body


def decode_text(body: bytes, origin: str) -> str:
    """UTF-8 text (a byte-order mark is accepted); SourceError naming ``origin`` otherwise."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{origin} is not UTF-8 text: {exc}") from exc
