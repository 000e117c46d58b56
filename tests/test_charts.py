"""Chart axes: known answers for awkward ranges, and the rules every axis keeps."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from matchgraph.web.charts import Point, axis, intervals, scatter


@pytest.mark.parametrize(("lo", "hi", "labels"), [
    # A narrow span round a whole number: steps of 0.2, not "99…101" with repeated rounded ticks.
    (99.6, 100.4, ["99.6", "99.8", "100.0", "100.2", "100.4"]),
    (0.0, 1.0, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
    # The last tick reaches past the largest value (1047), so the range the axis names covers the data.
    (1003.0, 1047.0, ["1,000", "1,010", "1,020", "1,030", "1,040", "1,050"]),
    (1180.0, 1305.0, ["1,175", "1,200", "1,225", "1,250", "1,275", "1,300", "1,325"]),
    (0.0, 12.0, ["0.0", "2.5", "5.0", "7.5", "10.0", "12.5"]),
    (0.12, 0.31, ["0.10", "0.15", "0.20", "0.25", "0.30", "0.35"]),
    (-3.0, 2.0, ["-3", "-2", "-1", "0", "1", "2"]),
    (5.0, 5.0, ["4.7", "4.8", "4.9", "5.0", "5.1", "5.2", "5.3"]),
    (0.0, 0.0, ["-1.0", "-0.5", "0.0", "0.5", "1.0"]),
    (2_000_000.0, 9_500_000.0, ["2,000,000", "4,000,000", "6,000,000", "8,000,000", "10,000,000"]),
])
def test_axis_known_answers(lo: float, hi: float, labels: list[str]) -> None:
    ax = axis(lo, hi)
    assert list(ax.labels) == labels
    assert ax.lo <= min(lo, hi) and ax.hi >= max(lo, hi)


def test_axis_step_of_a_narrow_span() -> None:
    ax = axis(99.6, 100.4)
    assert ax.step == pytest.approx(0.2)
    assert ax.ticks == (99.6, 99.8, 100.0, 100.2, 100.4)


def test_axis_refuses_infinite_ends() -> None:
    with pytest.raises(ValueError, match="finite"):
        axis(0.0, math.inf)


@given(st.floats(-1e7, 1e7, allow_nan=False), st.floats(1e-6, 1e7, allow_nan=False))
@example(-2.8e-9, 13.0)  # a value a hair below a round number still gets the tick below it
@example(-1.192092896e-07, 1e6)
def test_axis_ticks_are_distinct_cover_the_data_and_use_round_steps(lo: float, span: float) -> None:
    # Below a millionth of the values' size, float spacing itself is coarser than any step.
    assume(span >= 1e-6 * max(1.0, abs(lo)))
    hi = lo + span
    ax = axis(lo, hi)
    assert len(set(ax.labels)) == len(ax.labels), ax.labels
    assert ax.ticks[0] <= lo + 1e-9 * max(1.0, abs(lo)) and ax.ticks[-1] >= hi - 1e-9 * max(1.0, abs(hi))
    assert 3 <= len(ax.ticks) <= 12
    mantissa = ax.step / 10 ** math.floor(math.log10(ax.step) + 1e-12)
    assert any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 2.5, 5)), ax.step
    gaps = [b - a for a, b in zip(ax.ticks, ax.ticks[1:], strict=False)]
    assert all(math.isclose(g, ax.step, rel_tol=1e-6, abs_tol=1e-9) for g in gaps)


def test_interval_chart_range_names_ticks_that_cover_every_interval() -> None:
    pts = [Point("a", "/a", 1040.0, 1031.0, 1047.0), Point("b", "/b", 1010.0, 1003.0, 1016.0)]
    chart = intervals(pts, label="rating")
    labels = [t["label"] for t in chart["ticks"]]
    assert len(set(labels)) == len(labels)
    first, last = float(labels[0].replace(",", "")), float(labels[-1].replace(",", ""))
    assert first <= 1003.0 and last >= 1047.0
    # Ticks sit on the drawn scale: the first at 0 %, the last at 100 %.
    assert chart["ticks"][0]["pct"] == 0.0 and chart["ticks"][-1]["pct"] == 100.0
    assert all(0.0 <= r["pct_low"] <= r["pct"] <= r["pct_high"] <= 100.0 for r in chart["rows"])


def test_scatter_y_ticks_are_distinct_and_inside_the_plot() -> None:
    pts = [Point("a", "/a", 99.7, price=0.5), Point("b", "/b", 100.3, price=3.0)]
    chart = scatter(pts, x_label="price", y_label="score")
    labels = [t["label"] for t in chart["y_ticks"]]
    assert len(set(labels)) == len(labels) >= 3
    ys = [t["y"] for t in chart["y_ticks"]]
    assert min(ys) >= chart["top"] and max(ys) <= chart["top"] + chart["plot_h"]
    assert all(chart["top"] <= p["cy"] <= chart["top"] + chart["plot_h"] for p in chart["points"])


@pytest.mark.parametrize(("lo", "hi"), [(55.0, 112.0), (-7.0, 40.0), (-4.0, 104.0), (98.5, 100.5), (0.0, 100.0)])
def test_a_bounded_axis_ends_inside_its_domain_with_labelled_ends(lo: float, hi: float) -> None:
    ax = axis(lo, hi, bounds=(0.0, 100.0))
    assert ax.lo >= 0.0 and ax.hi <= 100.0
    assert all(0.0 <= t <= 100.0 for t in ax.ticks)
    assert (ax.ticks[0], ax.ticks[-1]) == (ax.lo, ax.hi)
    assert ax.lo == max(0.0, axis(lo, hi).lo) and ax.hi == min(100.0, axis(lo, hi).hi)
    assert len(set(ax.labels)) == len(ax.labels)


def test_bounded_charts_draw_percentiles_inside_0_to_100() -> None:
    pts = [Point("a", "#", 99.0, 96.0, 100.0, 1.0), Point("b", "#", 62.0, 55.0, 70.0, 3.0)]
    iv = intervals(pts, label="percentile", bounds=(0.0, 100.0))
    assert iv["ticks"][-1]["label"] == "100"
    assert all(0 <= r[k] <= 100 for r in iv["rows"] for k in ("pct", "pct_low", "pct_high"))
    sc = scatter(pts, x_label="price", y_label="percentile", bounds=(0.0, 100.0))
    assert sc["y_ticks"][-1]["label"] == "100"  # the highest tick is the domain's end
    top, bottom = sc["top"], sc["top"] + sc["plot_h"]
    assert all(top <= p[k] <= bottom for p in sc["points"] for k in ("cy", "y_low", "y_high"))
