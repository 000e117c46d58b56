"""Field-level checks for manifest data: each checks one value and reports issues with path and line.

:class:`FieldChecker` never raises for bad data; every problem becomes a :class:`ManifestIssue`
and the check returns None, so one pass reports every problem in a file.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from matchgraph.catalog.manifest_types import ManifestIssue, line_of_path

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHORT_TEXT = 300


class FieldChecker:
    """Checks single fields of plain data and collects every issue with its path and line."""

    def __init__(self, lines: Mapping[str, int], origin: str) -> None:
        self.lines = lines
        self.origin = origin
        self.errors: list[ManifestIssue] = []
        self.warnings: list[ManifestIssue] = []

    # -- reporting

    def error(self, path: str, message: str) -> None:
        self.errors.append(ManifestIssue(path, line_of_path(self.lines, path), message, "error", self.origin))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(ManifestIssue(path, line_of_path(self.lines, path), message, "warning", self.origin))

    # -- building blocks

    def mapping(
        self, value: Any, path: str, *, allowed: Collection[str], required: Collection[str] = ()
    ) -> dict[str, Any] | None:
        """Check that ``value`` is a mapping with only ``allowed`` keys and every ``required`` one."""
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping, got {describe_value(value)}")
            return None
        for key in value:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                hint = f"; did you mean {near[0]!r}?" if near else f"; allowed here: {', '.join(allowed)}"
                self.error(join_path(path, str(key)), f"unknown key {key!r}{hint}")
        for key in required:
            if value.get(key) is None:
                verb = "has no value" if key in value else "is missing"
                self.error(join_path(path, key), f"required key {key!r} {verb}")
        return value

    def list_of(self, value: Any, path: str, item: Any, *, min_items: int = 0) -> list[Any] | None:
        """Check a list and each item with ``item(value, path)``; None when the list itself is bad."""
        if value is None:
            return None
        if not isinstance(value, list):
            self.error(path, f"expected a list, got {describe_value(value)}")
            return None
        if len(value) < min_items:
            self.error(path, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        parsed = [item(entry, f"{path}[{index}]") for index, entry in enumerate(value)]
        return [p for p in parsed if p is not None]

    def text(
        self, obj: Mapping[str, Any], key: str, path: str, *, min_len: int = 1, max_len: int = SHORT_TEXT
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        return self._text_value(value, join_path(path, key), min_len, max_len)

    def _text_value(self, value: Any, path: str, min_len: int, max_len: int) -> str | None:
        if not isinstance(value, str):
            self.error(path, f"expected text, got {describe_value(value)}")
            return None
        value = value.strip()
        if len(value) < min_len:
            need = (
                "must not be empty"
                if min_len <= 1
                else f"must be at least {min_len} characters (has {len(value)})"
            )
            self.error(path, need)
            return None
        if len(value) > max_len:
            self.error(path, f"must be at most {max_len} characters (has {len(value)})")
            return None
        return value

    def texts(
        self, obj: Mapping[str, Any], key: str, path: str, *, min_items: int = 0, unique: bool = False
    ) -> tuple[str, ...]:
        value = obj.get(key)
        where = join_path(path, key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(where, f"expected a list of text, got {describe_value(value)}")
            return ()
        if len(value) < min_items:
            self.error(where, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        out: list[str] = []
        for index, entry in enumerate(value):
            text = self._text_value(entry, f"{where}[{index}]", 1, SHORT_TEXT)
            if text is None:
                continue
            if unique and text in out:
                self.error(f"{where}[{index}]", f"{text!r} is listed twice")
                continue
            out.append(text)
        return tuple(out)

    def choice(self, obj: Mapping[str, Any], key: str, path: str, choices: Collection[str]) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in choices:
            shown = repr(value) if isinstance(value, str) else describe_value(value)
            self.error(join_path(path, key), f"{shown} is not one of {', '.join(choices)}")
            return None
        return value

    def integer(self, obj: Mapping[str, Any], key: str, path: str) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if type(value) is not int:
            self.error(join_path(path, key), f"expected a whole number, got {describe_value(value)}")
            return None
        if value < 1:
            self.error(
                join_path(path, key), f"must be a positive number (got {value}); leave it out when unknown"
            )
            return None
        return value

    def number(self, obj: Mapping[str, Any], key: str, path: str) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if type(value) not in (int, float):
            self.error(join_path(path, key), f"expected a number, got {describe_value(value)}")
            return None
        if not math.isfinite(value) or value < 0:
            self.error(join_path(path, key), f"must be a finite number of at least 0 (got {value})")
            return None
        return float(value)

    def boolean(self, obj: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.error(join_path(path, key), f"expected true or false, got {describe_value(value)}")
            return None
        return value

    def day(self, obj: Mapping[str, Any], key: str, path: str) -> date | None:
        value = obj.get(key)
        if value is None:
            return None
        if type(value) is date:  # already loaded by a YAML library; datetimes are refused
            return value
        if isinstance(value, str) and _DATE_RE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        shown = repr(value) if isinstance(value, str) else describe_value(value)
        self.error(join_path(path, key), f"expected a date as YYYY-MM-DD, got {shown}")
        return None

    def url(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        value = self.text(obj, key, path, max_len=2000)
        if value is None:
            return None
        try:
            parts = urlsplit(value)
            good = parts.scheme in ("http", "https") and bool(parts.hostname) and not re.search(r"\s", value)
        except ValueError:
            good = False
        if not good:
            self.error(join_path(path, key), f"{value!r} is not an http(s) URL")
            return None
        return value


def join_path(path: str, key: str) -> str:
    """The field path of ``key`` inside ``path`` (``capabilities[0]`` + ``uri``)."""
    return f"{path}.{key}" if path else key


def describe_value(value: Any) -> str:
    """A short phrase naming what ``value`` is, for messages such as "expected text, got ..."."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
