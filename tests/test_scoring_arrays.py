"""The array shortcuts of scoring and text matching give exactly what the plain formulas give."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matchgraph.match import scoring

# Few distinct values, so ties and NaN are common, as prices of one catalog are.
_VALUES = st.lists(st.sampled_from([np.nan, 0.0, -0.0, 0.1, 0.15, 0.5, 2.0, 2.5, np.inf]), max_size=60)


def _percentile_reference(values: np.ndarray) -> np.ndarray:
    out = np.full(values.shape, np.nan)
    known = ~np.isnan(values)
    m = int(known.sum())
    if m == 1:
        out[known] = 1.0
    elif m > 1:
        v = values[known]
        s = np.sort(v)
        lo, hi = np.searchsorted(s, v, side="left"), np.searchsorted(s, v, side="right") - 1
        out[known] = 1.0 - ((lo + hi) / 2.0) / (m - 1)
    return out


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_price_fit_ranks_ties_as_the_sorted_search_does(values: list[float]) -> None:
    arr = np.array(values, dtype=np.float64)
    np.testing.assert_array_equal(scoring._percentile_fit(arr), _percentile_reference(arr))


def _cheapest_reference(artifact: np.ndarray, candidates: np.ndarray, sel: np.ndarray, price: np.ndarray
                        ) -> np.ndarray:
    key = np.where(np.isnan(price[sel]), np.inf, price[sel])
    order = np.lexsort((sel, key, artifact[sel]))
    arts = artifact[sel][order]
    chosen = np.full(len(candidates), -1, dtype=np.int64)
    if len(arts):
        first = np.searchsorted(arts, candidates, side="left")
        ok = (first < len(arts)) & (arts[np.minimum(first, len(arts) - 1)] == candidates)
        chosen[ok] = sel[order][first[ok]]
    return chosen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=40), st.data())
def test_cheapest_offer_per_candidate_matches_the_sorting_formula(offers_per_artifact: list[int],
                                                                  data: st.DataObject) -> None:
    artifact = np.repeat(np.arange(len(offers_per_artifact)), offers_per_artifact).astype(np.int64)
    prices = np.array(data.draw(st.lists(st.sampled_from([np.nan, 0.0, 0.2, 0.5, 3.0]), min_size=len(artifact),
                                         max_size=len(artifact))), dtype=np.float64)
    sel = np.flatnonzero(np.array(data.draw(st.lists(st.booleans(), min_size=len(artifact),
                                                     max_size=len(artifact))), dtype=bool))
    n = len(offers_per_artifact)
    candidates = np.flatnonzero(np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool))
    index = SimpleNamespace(offers=SimpleNamespace(artifact=artifact))
    got = scoring._cheapest(index, candidates, sel, prices)  # type: ignore[arg-type]
    np.testing.assert_array_equal(got, _cheapest_reference(artifact, candidates, sel, prices))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.1, 0.12344, 0.12345, 0.12346, 0.5, 0.99999, 1.0]), min_size=1, max_size=80),
       st.integers(1, 90), st.randoms(use_true_random=False))
def test_the_first_rows_of_the_score_order_are_those_of_the_full_order(totals: list[float], first: int,
                                                                       rnd: object) -> None:
    n = len(totals)
    slug_rank = np.arange(n + 5)
    rnd.shuffle(slug_rank)  # type: ignore[attr-defined]
    candidates = np.sort(np.array(rnd.sample(range(n + 5), n), dtype=np.int64))  # type: ignore[attr-defined]
    scores = scoring.Scores(candidates, {}, np.array(totals), {}, np.zeros(n, dtype=np.int64), np.zeros(n), [])
    index = SimpleNamespace(slug_rank=slug_rank)
    full = scores.order(index)  # type: ignore[arg-type]
    np.testing.assert_array_equal(scores.order(index, first=first), full[:first])  # type: ignore[arg-type]
