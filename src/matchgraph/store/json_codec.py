"""How JSON columns are written and read, the same on SQLite and PostgreSQL.

Python's ``json`` writes infinite and NaN floats as the bare words ``Infinity`` and ``NaN``, which are
not JSON: SQLite stores the text as given, PostgreSQL's ``json`` type rejects it. Sources do carry such
values (MTEB states ``max_tokens: Infinity`` for models without a limit), so a non-finite float is
written as the one-key object ``{"$float": "inf" | "-inf" | "nan"}`` and read back as that float.

Everything else is written exactly as ``json.dumps`` writes it (the fast path: one C-encoder call
that refuses non-finite floats; only a value that has one is walked). Reading takes the plain decoder
unless the text holds the marker, and text written before this (``Infinity`` on SQLite) still reads.
"""

from __future__ import annotations

import json
import math
from typing import Any

MARKER = "$float"
_NAMES = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}
_MARKER_STR = f'"{MARKER}"'
_MARKER_BYTES = _MARKER_STR.encode()

_strict = json.JSONEncoder(allow_nan=False).encode
_plain_loads = json.JSONDecoder().decode


def _name(value: float) -> str:
    if math.isnan(value):
        return "nan"
    return "inf" if value > 0 else "-inf"


def _finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by its marker object."""
    if isinstance(value, float):
        return value if math.isfinite(value) else {MARKER: _name(value)}
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """JSON text both databases accept for ``value``."""
    try:
        return _strict(value)
    except ValueError:  # a non-finite float somewhere (the only value allow_nan=False refuses)
        return _strict(_finite(value))


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        name = obj.get(MARKER)
        if isinstance(name, str) and name in _NAMES:
            return _NAMES[name]
    return obj


_marked_decoder = json.JSONDecoder(object_hook=_hook)
_marked_loads = _marked_decoder.decode
_plain_scan = json.JSONDecoder().scan_once
_marked_scan = _marked_decoder.scan_once


def _scanned(scan: Any, decode: Any, text: str) -> Any:
    """``decode(text)`` for text that is one JSON value with no whitespace around it (all that ``dumps``
    writes), read by the decoder's own scanner without the wrapper that skips whitespace either side: a
    whole catalog's passports read some 130,000 JSON values, and the wrapper was a third of reading one.
    Any other text (whitespace around it, nothing, something after the value) goes to ``decode``, which
    reads it or raises its usual error."""
    try:
        value, end = scan(text, 0)
    except StopIteration:
        return decode(text)
    return value if end == len(text) else decode(text)


def loads(text: str | bytes | bytearray | memoryview) -> Any:
    """The value ``dumps`` wrote (psycopg hands bytes, SQLite a str)."""
    if isinstance(text, str):
        if _MARKER_STR in text:
            return _scanned(_marked_scan, _marked_loads, text)
        return _scanned(_plain_scan, _plain_loads, text)
    data = bytes(text)
    return json.loads(data, object_hook=_hook) if _MARKER_BYTES in data else json.loads(data)
