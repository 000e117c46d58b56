"""Workloads for cost estimates: ``requests=10000/month,input=1500,output=300`` or ``images=500,size=1024x1024``.

A workload is a monthly volume. Token counts are per request; images are per month. Volumes may carry a
period (``/day``, ``/week``, ``/month``) and a k/m suffix (``10k``, ``1.5m``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from typing import Any

# Periods are converted to a month of 30 days; the factor is stated in the workload's description.
_PERIODS = {"day": 30.0, "d": 30.0, "week": 30.0 / 7.0, "w": 30.0 / 7.0, "month": 1.0, "mo": 1.0, "m": 1.0}
_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6}
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?|\.\d+)([km]?)$")
# Split on commas that start a new key=value, so "requests=2,000/month" keeps its thousands separator.
_PARTS = re.compile(r",(?=\s*[A-Za-z_]+\s*=)")
_SIZE = re.compile(r"^(\d{1,5})\s*[x×]\s*(\d{1,5})$")
_ALIASES = {
    "requests": "requests", "request": "requests", "calls": "requests",
    "input": "input", "input_tokens": "input", "in": "input",
    "output": "output", "output_tokens": "output", "out": "output",
    "images": "images", "image": "images",
    "size": "size",
}
_KNOWN = ("requests", "input", "output", "images", "size")


class WorkloadError(ValueError):
    """A workload string that cannot be read; the message says which part and what is expected."""


@dataclass(frozen=True)
class Workload:
    """A monthly workload. ``None`` means the workload does not mention that quantity."""

    requests_per_month: float | None = None
    input_tokens: float | None = None
    output_tokens: float | None = None
    images_per_month: float | None = None
    image_size: str | None = None
    text: str = ""
    assumed: bool = False

    @property
    def has_tokens(self) -> bool:
        """Whether the workload states requests (and so tokens)."""
        return self.requests_per_month is not None

    @property
    def has_images(self) -> bool:
        """Whether the workload states images."""
        return self.images_per_month is not None

    def describe(self) -> str:
        """The workload in words (used in pages and FAQ answers)."""
        parts: list[str] = []
        if self.has_tokens:
            parts.append(
                f"{_num(self.requests_per_month)} requests a month with {_num(self.input_tokens or 0)} input "
                f"and {_num(self.output_tokens or 0)} output tokens each"
            )
        if self.has_images:
            size = f" at {self.image_size}" if self.image_size else ""
            parts.append(f"{_num(self.images_per_month)} images a month{size}")
        return " and ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        out = asdict(self)
        out["description"] = self.describe()
        return out


# Stated defaults so that the cost section always shows a figure; pages say the workload was assumed.
DEFAULT_WORKLOAD_TEXT = "requests=1000/month,input=1000,output=500,images=100/month"


def _num(value: float | None) -> str:
    if value is None:
        return "unknown"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _amount(key: str, raw: str, *, allow_period: bool) -> float:
    text = raw.strip().lower().replace(",", "").replace("_", "")
    factor = 1.0
    if "/" in text:
        if not allow_period:
            raise WorkloadError(f"{key}={raw!r}: a per-request token count takes no period (drop '/…')")
        text, period = (p.strip() for p in text.split("/", 1))
        if period not in _PERIODS:
            raise WorkloadError(f"{key}={raw!r}: unknown period {period!r}; use /day, /week or /month")
        factor = _PERIODS[period]
    m = _NUMBER.match(text)
    if not m:
        raise WorkloadError(f"{key}={raw!r}: expected a non-negative number such as 1500, 1.5k or 10000/month")
    return float(m.group(1)) * _SUFFIX[m.group(2)] * factor


def parse_workload(text: str, *, assumed: bool = False) -> Workload:
    """Parse a comma-separated ``key=value`` workload; raise WorkloadError naming the bad part."""
    if not text or not text.strip():
        raise WorkloadError("empty workload; example: requests=10000/month,input=1500,output=300")
    values: dict[str, Any] = {}
    for part in (p.strip() for p in _PARTS.split(text)):
        if not part:
            continue
        if "=" not in part:
            raise WorkloadError(f"{part!r}: expected key=value (keys: {', '.join(_KNOWN)})")
        raw_key, raw_value = (s.strip() for s in part.split("=", 1))
        key = _ALIASES.get(raw_key.lower())
        if key is None:
            close = difflib.get_close_matches(raw_key.lower(), list(_ALIASES), n=1)
            hint = f"; did you mean {_ALIASES[close[0]]!r}?" if close else ""
            raise WorkloadError(f"unknown workload key {raw_key!r}{hint} (keys: {', '.join(_KNOWN)})")
        if key in values:
            raise WorkloadError(f"{key!r} is given twice")
        if not raw_value:
            raise WorkloadError(f"{raw_key}=: missing value")
        if key == "size":
            m = _SIZE.match(raw_value.lower())
            if not m or int(m.group(1)) == 0 or int(m.group(2)) == 0:
                raise WorkloadError(f"size={raw_value!r}: expected WIDTHxHEIGHT in pixels, e.g. 1024x1024")
            values[key] = f"{int(m.group(1))}x{int(m.group(2))}"
        else:
            values[key] = _amount(raw_key, raw_value, allow_period=key in ("requests", "images"))
    if ("input" in values or "output" in values) and "requests" not in values:
        raise WorkloadError("input/output are tokens per request; add requests=N/month")
    if "size" in values and "images" not in values:
        raise WorkloadError("size applies to images; add images=N/month")
    if not any(k in values for k in ("requests", "images")):
        raise WorkloadError("a workload needs requests=N/month or images=N/month")
    return Workload(
        requests_per_month=values.get("requests"),
        input_tokens=values.get("input", 0.0 if "requests" in values else None),
        output_tokens=values.get("output", 0.0 if "requests" in values else None),
        images_per_month=values.get("images"),
        image_size=values.get("size"),
        text=text.strip(),
        assumed=assumed,
    )


def default_workload() -> Workload:
    """The workload used when none is given (marked ``assumed``)."""
    return parse_workload(DEFAULT_WORKLOAD_TEXT, assumed=True)
