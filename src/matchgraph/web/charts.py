"""Chart geometry for server-rendered inline SVG: price vs quality scatter and rating intervals.

These functions only place given numbers on a canvas; templates draw the shapes (autoescaped).
Points without a known price or rating are left out and counted, never drawn at 0.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Point:
    """One artifact on a chart: ``value`` with an optional interval, and a price for scatters."""

    label: str
    url: str
    value: float | None
    low: float | None = None
    high: float | None = None
    price: float | None = None
    mark: str = ""  # "a" or "b": drawn larger, coloured by side and named (the pair on a comparison page)


@dataclass(frozen=True)
class Axis:
    """A linear axis: its drawn range ``lo``..``hi`` (whole steps, so the first and last ticks are its ends and
    the data lies between them), the step, and each tick with its label."""

    lo: float
    hi: float
    step: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]


_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def axis(lo: float, hi: float, count: int = 5, bounds: tuple[float, float] | None = None) -> Axis:
    """About ``count`` intervals of a step of 1, 2, 2.5 or 5 x 10^k covering ``lo``..``hi``. Every label
    shows as many decimals as the step needs and no more, so neighbouring labels always differ.

    ``bounds`` is the scale's own domain (0–100 for a percentile): the axis never reaches past it, and
    an end cut to a bound is a labelled tick, so the drawn range always reads at both ends."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"an axis needs finite ends, not {lo!r}..{hi!r}")
    lo, hi = min(lo, hi), max(lo, hi)
    if hi == lo:
        half = abs(lo) * 0.05 or 1.0
        lo, hi = lo - half, hi + half
    raw = (hi - lo) / max(1, count)
    exp = math.floor(math.log10(raw))
    # The tolerance keeps a step that equals ``raw`` (0.2 for 0..1) from losing to float rounding.
    mantissa = next(m for m in _STEPS if m * 10.0 ** exp >= raw * (1 - 1e-9))
    step = mantissa * 10.0 ** exp
    # Only float rounding of the division is forgiven (a few ulps of the quotient): a value a hair below a
    # round number (-2.8e-9 or -1.2e-7 for 0) still gets the tick below it, so the axis covers every value.
    def slack(q: float) -> float:
        return 8 * sys.float_info.epsilon * abs(q)
    first, last = math.floor(lo / step + slack(lo / step)), math.ceil(hi / step - slack(hi / step))
    decimals = max(0, {1.0: -exp, 2.0: -exp, 5.0: -exp, 2.5: 1 - exp, 10.0: -exp - 1}[mantissa])
    ticks = tuple(round(i * step, decimals + 1) + 0.0 for i in range(first, last + 1))  # + 0.0: no "-0"
    if bounds is not None:
        floor, ceiling = bounds
        inside = [t for t in ticks if floor <= t <= ceiling]
        start, end = float(max(ticks[0], floor)), float(min(ticks[-1], ceiling))
        ticks = tuple(sorted({start, *inside, end}))
        if len(ticks) == 1:  # data pressed against one bound: the axis still spans a step
            ticks = (ticks[0], min(ticks[0] + step, ceiling)) if ticks[0] < ceiling else (max(ceiling - step, floor),
                                                                                          ticks[0])
        decimals = max(decimals, *(_decimals(t) for t in (ticks[0], ticks[-1])))
    return Axis(ticks[0], ticks[-1], step, ticks, tuple(f"{t:,.{decimals}f}" for t in ticks))


def _decimals(value: float) -> int:
    """Decimals a bound needs to be written exactly (a bound of 0.5 needs one), at most 6."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def _clamp(value: float, lo: float, hi: float) -> float:
    return min(max(value, lo), hi)


def _money(v: float) -> str:
    return f"${v:,.3g}" if v < 1 else f"${v:,.2f}".rstrip("0").rstrip(".")


def scatter(points: list[Point], *, x_label: str, y_label: str, width: int = 400, height: int = 300,
            unit: str = "per 1M input tokens", bounds: tuple[float, float] | None = None) -> dict[str, Any]:
    """Price (log scale, x) against rating (y), with vertical interval whiskers. The canvas is small so
    that its 12-unit text stays at least 11 px when a phone draws it at full width. ``bounds`` is the
    y scale's domain (0–100 for percentiles and MatchRank): the axis and every mark stay inside it."""
    drawn = [p for p in points if p.value is not None and p.price is not None and p.price > 0]
    drawn.sort(key=lambda p: p.mark)  # marked points last, so they are drawn on top
    left, right, top, bottom = 52, 22, 14, 44
    out: dict[str, Any] = {"width": width, "height": height, "x_label": x_label, "y_label": y_label,
                           "left": left, "top": top, "plot_w": width - left - right,
                           "plot_h": height - top - bottom, "points": [], "x_ticks": [], "y_ticks": [],
                           "omitted": len(points) - len(drawn)}
    if not drawn:
        return out
    xs = [math.log10(p.price) for p in drawn]  # type: ignore[arg-type]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
    x1 = x1 if x1 > x0 else x0 + 1
    ys = [v for p in drawn for v in (p.value, p.low, p.high) if v is not None]
    pad = max((max(ys) - min(ys)) * 0.08, 1.0)
    y_axis = axis(min(ys) - pad, max(ys) + pad, bounds=bounds)
    y0, y1 = y_axis.lo, y_axis.hi
    pw, ph = out["plot_w"], out["plot_h"]

    def px(price: float) -> float:
        return round(left + (math.log10(price) - x0) / (x1 - x0) * pw, 1)

    def py(value: float) -> float:
        return round(top + (y1 - _clamp(value, y0, y1)) / (y1 - y0) * ph, 1)

    out["x_ticks"] = [{"x": px(10.0 ** e), "label": _money(10.0 ** e)} for e in range(x0, x1 + 1)]
    out["y_ticks"] = [{"y": py(t), "label": text} for t, text in zip(y_axis.ticks, y_axis.labels, strict=True)]
    for p in drawn:
        out["points"].append({
            "label": p.label, "url": p.url, "cx": px(p.price), "cy": py(p.value),  # type: ignore[arg-type]
            "y_low": py(p.low) if p.low is not None else None, "y_high": py(p.high) if p.high is not None else None,
            "title": f"{p.label}: {p.value:g} at {_money(p.price)} {unit}",  # type: ignore[arg-type]
            "mark": p.mark,
        })
    return out


def intervals(points: list[Point], *, label: str, width: int = 640, row: int = 22,
              bounds: tuple[float, float] | None = None) -> dict[str, Any]:
    """Horizontal rating intervals, one row per artifact, in the order given. ``bounds`` is the scale's
    domain (0–100 for percentiles and MatchRank): the axis and every mark stay inside it."""
    drawn = [p for p in points if p.value is not None]
    left, right, top = 220, 56, 24
    height = top + row * len(drawn) + 32
    out: dict[str, Any] = {"width": width, "height": height, "label": label, "left": left, "top": top,
                           "plot_w": width - left - right, "rows": [], "ticks": [],
                           "omitted": len(points) - len(drawn)}
    if not drawn:
        return out
    vals = [v for p in drawn for v in (p.value, p.low, p.high) if v is not None]
    pad = max((max(vals) - min(vals)) * 0.05, 1.0)
    v_axis = axis(min(vals) - pad, max(vals) + pad, bounds=bounds)
    v0, v1 = v_axis.lo, v_axis.hi

    def px(v: float) -> float:
        return round(left + (_clamp(v, v0, v1) - v0) / (v1 - v0) * out["plot_w"], 1)

    def pct(v: float | None) -> float | None:
        return None if v is None else round((_clamp(v, v0, v1) - v0) / (v1 - v0) * 100, 2)

    out["ticks"] = [{"x": px(t), "pct": pct(t), "label": text}
                    for t, text in zip(v_axis.ticks, v_axis.labels, strict=True)]
    for i, p in enumerate(drawn):
        y = top + i * row + row / 2
        interval = (f" (95% interval {p.low:g} to {p.high:g})" if p.low is not None and p.high is not None
                    else " (interval unknown)")
        out["rows"].append({
            "label": p.label, "url": p.url, "y": y, "x": px(p.value), "mark": p.mark,  # type: ignore[arg-type]
            "x_low": px(p.low) if p.low is not None else None, "x_high": px(p.high) if p.high is not None else None,
            "pct": pct(p.value), "pct_low": pct(p.low), "pct_high": pct(p.high),
            "value": f"{p.value:.4g}", "interval": (f"{p.low:.4g}–{p.high:.4g}" if interval[2:5] == "95%"
                         and f"{p.low:.4g}" != f"{p.high:.4g}" else None),
            "title": f"{p.label}: {p.value:.4g}{interval}",
        })
    return out


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, dict):
        for key in ("rating", "usd"):
            if isinstance(v.get(key), int | float):
                return float(v[key])
    return None


def versus(rows: list[Any], a_name: str, b_name: str) -> list[dict[str, Any]]:
    """Bars for the comparison table's numeric rows, the two models on one scale per row.

    Counts, limits, prices and 0–100 scores are bars from zero (a price bar notes that shorter is
    cheaper); arena ratings are dots with their 95% intervals on a scale fitted to the two intervals.
    A row is drawn only when both values are known."""
    out: list[dict[str, Any]] = []
    for r in rows:
        va, vb = _num(r.a), _num(r.b)
        if va is None or vb is None or r.key in ("capabilities", "times_matched", "starting_price"):
            continue
        if r.key.startswith("arena:"):
            lo = min(r.a.get("ci_low") or va, r.b.get("ci_low") or vb)
            hi = max(r.a.get("ci_high") or va, r.b.get("ci_high") or vb)
            pad = max((hi - lo) * 0.15, 1.0)
            lo, hi = lo - pad, hi + pad

            def at(v: float | None, lo: float = lo, hi: float = hi) -> float | None:
                return None if v is None else round((v - lo) / (hi - lo) * 100, 2)

            sides = [{"name": n, "text": t, "dot": at(v), "low": at(d.get("ci_low")), "high": at(d.get("ci_high"))}
                     for n, t, v, d in ((a_name, r.a_text, va, r.a), (b_name, r.b_text, vb, r.b))]
            out.append({"label": r.label, "kind": "dots", "sides": sides, "winner": r.winner})
            continue
        top = max(va, vb)
        if top <= 0:
            continue
        scale = 100.0 if r.key.startswith("matchrank") else top
        sides = [{"name": n, "text": t.split(",")[0].split(" (")[0], "width": round(v / scale * 100, 2)}
                 for n, t, v in ((a_name, r.a_text, va), (b_name, r.b_text, vb))]
        note = "shorter is cheaper" if "price" in r.key else None
        out.append({"label": r.label, "kind": "bars", "sides": sides, "winner": r.winner, "note": note})
    return out
