"""Bradley–Terry fitting: known answers, agreement with arena-rank, recovery of real arena ratings."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from shared_data import LMARENA_DIR, require_shared

from matchgraph.rank import AggregatedVotes, VoteError, aggregate_votes, fit_ratings, load_votes, parse_votes
from matchgraph.rank.bradley_terry import SCALE

# pinned LMArena snapshot, read in place from the shared data next to the repository
ARENA_TEXT = LMARENA_DIR / "leaderboard-text.json"
Z95 = float(stats.norm.ppf(0.975))


def arena_full_ratings() -> dict[str, float]:
    """Real LMArena text ratings (category ``full``), best first."""
    board = json.loads(require_shared(ARENA_TEXT).read_text())["full"]
    return dict(sorted(((m, float(v["rating"])) for m, v in board.items()), key=lambda kv: -kv[1]))


def synthetic_votes(
    truth: dict[str, float], n_votes: int, seed: int, tie_rate: float = 0.0
) -> tuple[list[str], list[str], list[str]]:
    """Votes between uniformly drawn distinct pairs; the winner follows Bradley–Terry on ``truth``."""
    rng = np.random.default_rng(seed)
    names = np.array(list(truth), dtype=object)
    rating = np.array(list(truth.values()))
    k = len(names)
    a = rng.integers(0, k, n_votes)
    b = rng.integers(0, k - 1, n_votes)
    b = np.where(b >= a, b + 1, b)
    p_a = 1.0 / (1.0 + 10.0 ** ((rating[b] - rating[a]) / 400.0))
    winner = np.where(rng.random(n_votes) < p_a, "model_a", "model_b").astype(object)
    winner[rng.random(n_votes) < tie_rate] = "tie"
    return list(names[a]), list(names[b]), list(winner)


def votes_from_matrix(teams: list[str], wins: list[list[int]]) -> AggregatedVotes:
    """One vote per game from a matrix wins[i][j] = games team i won against team j."""
    a, b, w = [], [], []
    for i, row in enumerate(wins):
        for j, n in enumerate(row):
            a += [teams[i]] * n
            b += [teams[j]] * n
            w += ["model_a"] * n
    return aggregate_votes(a, b, w)


def assert_all_finite(result) -> None:
    rows = result.to_rows()
    json.dumps(rows, allow_nan=False)  # raises on NaN or infinity
    for row in rows:
        for key in ("rating", "lower", "upper"):
            assert row[key] is None or math.isfinite(row[key])


# --- known answers ----------------------------------------------------------------------------------

# 1987 American League East, games won by the row team against the column team (13 games per pair).
# Agresti, Categorical Data Analysis, 2nd ed. (2002), Table 10.10; the same data ship as `baseball`
# in the R package BradleyTerry2. Agresti's Table 10.11 (and BradleyTerry2's reproduction of it)
# reports the ML estimates with Baltimore fixed at 0.
TEAMS = ["Milwaukee", "Detroit", "Toronto", "New York", "Boston", "Cleveland", "Baltimore"]
WINS = [
    [0, 7, 9, 7, 7, 9, 11],
    [6, 0, 7, 5, 11, 9, 9],
    [4, 6, 0, 7, 7, 8, 12],
    [6, 8, 6, 0, 6, 7, 10],
    [6, 2, 6, 7, 0, 7, 12],
    [4, 4, 5, 6, 6, 0, 6],
    [2, 4, 1, 3, 1, 7, 0],
]
PUBLISHED = {"Milwaukee": 1.5814, "Detroit": 1.4364, "Toronto": 1.2945, "New York": 1.2476,
             "Boston": 1.1077, "Cleveland": 0.6839, "Baltimore": 0.0}


def zermelo_mm(wins: np.ndarray, iterations: int = 20_000) -> np.ndarray:
    """Log-strengths by the classic Zermelo / Hunter (2004) MM fixed point, an independent solver."""
    games = wins + wins.T
    total_wins = wins.sum(axis=1)
    gamma = np.ones(len(wins))
    for _ in range(iterations):
        denom = (games / (gamma[:, None] + gamma[None, :])).sum(axis=1)
        gamma = total_wins / denom
        gamma /= np.exp(np.log(gamma).mean())
    return np.log(gamma)


def test_baseball_example_matches_published_estimates_and_zermelo_iteration():
    result = fit_ratings(votes_from_matrix(TEAMS, WINS), ci="none", l2=1e-10)
    theta = {r.competitor: (r.rating - 1000.0) / SCALE for r in result.ratings}
    for team, published in PUBLISHED.items():
        assert theta[team] - theta["Baltimore"] == pytest.approx(published, abs=6e-5)
    mm = zermelo_mm(np.array(WINS, dtype=float))
    ours = np.array([theta[t] for t in TEAMS])
    assert np.allclose(ours - ours.mean(), mm - mm.mean(), atol=1e-6)
    assert [r.competitor for r in result.ratings] == TEAMS  # the published order
    assert np.mean([r.rating for r in result.ratings]) == pytest.approx(1000.0, abs=1e-9)


def test_two_players_closed_form_rating_and_sandwich_interval():
    # 7 wins, 3 losses, 4 ties: MLE odds = (7 + 4/2) / (3 + 4/2)
    wa, wb, t = 7, 3, 4
    votes = aggregate_votes(["a"] * 14, ["b"] * 14, ["model_a"] * wa + ["model_b"] * wb + ["tie"] * t)
    result = fit_ratings(votes, ci="sandwich", l2=1e-10).by_competitor()
    gap = SCALE * math.log((wa + t / 2) / (wb + t / 2))
    assert result["a"].rating - result["b"].rating == pytest.approx(gap, abs=1e-5)
    assert result["a"].rating + result["b"].rating == pytest.approx(2000.0, abs=1e-9)
    # Sandwich for two players: Var(θ_a) = meat / (4·h²) with h = n·p(1-p) and
    # meat = Σ (outcome - p)² over the votes (outcome 1, 0, ½).
    n = wa + wb + t
    p = (wa + t / 2) / n
    h = n * p * (1 - p)
    meat = wa * (1 - p) ** 2 + wb * p**2 + t * (0.5 - p) ** 2
    half_width = Z95 * SCALE * math.sqrt(meat / (4 * h * h))
    assert result["a"].upper - result["a"].rating == pytest.approx(half_width, rel=1e-6)
    assert result["a"].rating - result["a"].lower == pytest.approx(half_width, rel=1e-6)


def test_rank_intervals_follow_interval_overlap():
    truth = dict(list(arena_full_ratings().items())[:40])
    result = fit_ratings(aggregate_votes(*synthetic_votes(truth, 20_000, seed=5)))
    rows = result.to_rows()
    n = len(rows)
    for row in rows:
        best = 1 + sum(other["lower"] > row["upper"] for other in rows)
        worst = n - sum(other["upper"] < row["lower"] for other in rows)
        assert (row["rank_lower"], row["rank_upper"]) == (best, worst)
        assert row["rank_lower"] <= row["rank"] <= row["rank_upper"]
        assert row["rank"] == 1 + sum(other["rating"] > row["rating"] for other in rows)
    assert [row["rating"] for row in rows] == sorted((row["rating"] for row in rows), reverse=True)
    assert any(row["rank_upper"] - row["rank_lower"] > 0 for row in rows)


# --- agreement with arena-rank ---------------------------------------------------------------------


def test_agrees_with_arena_rank_on_ratings_and_sandwich_intervals():
    import pandas as pd  # installed with arena-rank (a dev dependency)
    from arena_rank.models.bradley_terry import BradleyTerry
    from arena_rank.utils.data_utils import PairDataset

    board = arena_full_ratings()
    truth = dict(list(board.items())[::6][:40])  # 40 competitors across the whole leaderboard
    a, b, w = synthetic_votes(truth, 60_000, seed=11, tie_rate=0.1)

    ours = fit_ratings(aggregate_votes(a, b, w), ci="sandwich").by_competitor()
    dataset = PairDataset.from_pandas(pd.DataFrame({"model_a": a, "model_b": b, "winner": w}))
    reference = BradleyTerry(n_competitors=len(dataset.competitors)).compute_ratings_and_cis(
        dataset, significance_level=0.05, ci_method="sandwich"
    )
    assert set(reference["competitors"]) == set(ours)
    for i, name in enumerate(reference["competitors"]):
        mine = ours[name]
        assert mine.rating == pytest.approx(float(reference["ratings"][i]), abs=0.5)
        width = float(reference["rating_upper"][i] - reference["rating_lower"][i])
        assert abs((mine.upper - mine.lower) - width) <= max(1.0, 0.1 * width)


# --- recovery of real arena ratings -----------------------------------------------------------------


@pytest.fixture(scope="module")
def arena_truth() -> dict[str, float]:
    board = arena_full_ratings()
    return dict(list(board.items())[::2])  # ~140 competitors spanning the whole text leaderboard


@pytest.fixture(scope="module")
def arena_votes(arena_truth) -> AggregatedVotes:
    return aggregate_votes(*synthetic_votes(arena_truth, 300_000, seed=2024))


def centred(truth: dict[str, float]) -> dict[str, float]:
    """Truth on our anchor: mean rating 1000 over the competitors."""
    mean = float(np.mean(list(truth.values())))
    return {k: v - mean + 1000.0 for k, v in truth.items()}


@pytest.mark.parametrize("ci", ["sandwich", "bootstrap"])
def test_recovers_real_arena_ratings_with_covering_intervals(arena_truth, arena_votes, ci):
    assert len(arena_truth) >= 140
    result = fit_ratings(arena_votes, ci=ci, bootstrap_rounds=200, seed=7)
    truth = centred(arena_truth)
    rows = result.to_rows()
    estimated = [r["rating"] for r in rows]
    rho = stats.spearmanr(estimated, [truth[r["competitor"]] for r in rows]).statistic
    assert rho >= 0.99
    covered = np.mean([r["lower"] <= truth[r["competitor"]] <= r["upper"] for r in rows])
    assert covered >= 0.85
    assert result.warnings == ()
    assert_all_finite(result)


def test_bootstrap_and_sandwich_widths_agree_on_rich_data(arena_votes):
    sandwich = fit_ratings(arena_votes, ci="sandwich").by_competitor()
    boot = fit_ratings(arena_votes, ci="bootstrap", bootstrap_rounds=200, seed=3).by_competitor()
    ratio = [(boot[c].upper - boot[c].lower) / (sandwich[c].upper - sandwich[c].lower) for c in sandwich]
    assert 0.85 <= float(np.median(ratio)) <= 1.15
    assert all(boot[c].rating == sandwich[c].rating for c in sandwich)


def test_order_survives_fifteen_percent_ties(arena_truth):
    votes = aggregate_votes(*synthetic_votes(arena_truth, 300_000, seed=99, tie_rate=0.15))
    assert votes.ties.sum() / votes.n_votes == pytest.approx(0.15, abs=0.01)
    rows = fit_ratings(votes).to_rows()
    rho = stats.spearmanr([r["rating"] for r in rows], [arena_truth[r["competitor"]] for r in rows]).statistic
    assert rho >= 0.99


def test_bootstrap_is_reproducible_with_a_seed():
    truth = dict(list(arena_full_ratings().items())[:25])
    votes = aggregate_votes(*synthetic_votes(truth, 10_000, seed=1))
    first = fit_ratings(votes, ci="bootstrap", bootstrap_rounds=50, seed=4).to_rows()
    again = fit_ratings(votes, ci="bootstrap", bootstrap_rounds=50, seed=4).to_rows()
    other = fit_ratings(votes, ci="bootstrap", bootstrap_rounds=50, seed=5).to_rows()
    assert first == again
    assert first != other


# --- awkward data -----------------------------------------------------------------------------------


def base_votes() -> tuple[list[str], list[str], list[str]]:
    truth = {"p": 1100.0, "q": 1050.0, "r": 1000.0, "s": 950.0}
    return synthetic_votes(truth, 4000, seed=8, tie_rate=0.1)


@pytest.mark.parametrize("ci", ["sandwich", "bootstrap"])
def test_a_competitor_that_only_wins_gets_a_finite_rating_and_a_warning(ci):
    a, b, w = base_votes()
    a += ["winner-only"] * 5
    b += ["p", "q", "r", "s", "p"]
    w += ["model_a"] * 5
    result = fit_ratings(aggregate_votes(a, b, w), ci=ci, bootstrap_rounds=100)
    top = result.ratings[0]
    assert top.competitor == "winner-only"
    assert any("winner-only" in warning and "only win" in warning for warning in result.warnings)
    assert top.lower < top.rating < top.upper
    assert top.upper - top.lower > 1000  # the data put no upper bound on it
    assert (top.rank_lower, top.rank_upper) == (1, 5)
    assert_all_finite(result)


@pytest.mark.parametrize("outcome", ["model_a", "model_b", "tie"])
@pytest.mark.parametrize("ci", ["sandwich", "bootstrap"])
def test_a_single_vote_competitor_gets_a_wide_finite_interval_and_a_warning(outcome, ci):
    a, b, w = base_votes()
    a.append("newcomer")
    b.append("q")
    w.append(outcome)
    result = fit_ratings(aggregate_votes(a, b, w), ci=ci, bootstrap_rounds=100)
    newcomer = result.by_competitor()["newcomer"]
    assert newcomer.votes == 1
    assert newcomer.upper - newcomer.lower > 400  # one vote says little
    assert newcomer.rank_lower == 1 and newcomer.rank_upper == 5
    assert any("newcomer" in warning and "fewer than" in warning for warning in result.warnings)
    assert_all_finite(result)


def test_groups_never_compared_stay_finite_with_a_warning():
    a, b, w = base_votes()
    a += ["u", "v", "u", "v"]
    b += ["v", "u", "v", "u"]
    w += ["model_a", "model_a", "tie", "model_b"]
    result = fit_ratings(aggregate_votes(a, b, w))
    assert any("2 competitor(s) (u, v)" in warning and "never compared" in warning
               for warning in result.warnings)
    assert_all_finite(result)


def test_no_votes_is_a_clear_error():
    empty = AggregatedVotes(
        competitors=(), pair_a=np.zeros(0, np.int64), pair_b=np.zeros(0, np.int64),
        wins_a=np.zeros(0, np.int64), wins_b=np.zeros(0, np.int64), ties=np.zeros(0, np.int64),
    )
    with pytest.raises(VoteError, match="no votes"):
        fit_ratings(empty)
    with pytest.raises(VoteError, match="empty"):
        parse_votes(b"")


def test_unknown_label_is_a_vote_error(tmp_path):
    path = tmp_path / "votes.jsonl"
    path.write_text('{"model_a": "x", "model_b": "y", "winner": "model_a"}\n'
                    '{"model_a": "x", "model_b": "y", "winner": "both win"}\n')
    with pytest.raises(VoteError) as info:
        load_votes(path)
    assert info.value.line == 2


def test_no_intervals_mode_reports_unknown_bounds():
    result = fit_ratings(aggregate_votes(*base_votes()), ci="none")
    rows = result.to_rows()
    assert set(rows[0]) == {"competitor", "rating", "lower", "upper", "votes", "rank", "rank_lower",
                            "rank_upper"}
    assert all(r["lower"] is None and r["upper"] is None and r["rank_lower"] is None for r in rows)
    assert sum(r["votes"] for r in rows) == 2 * result.n_votes


@pytest.mark.parametrize(
    "kwargs",
    [{"ci": "wald"}, {"l2": 0.0}, {"l2": float("nan")}, {"confidence": 1.0},
     {"ci": "bootstrap", "bootstrap_rounds": 1}],
)
def test_invalid_options_are_rejected(kwargs):
    with pytest.raises(ValueError):
        fit_ratings(aggregate_votes(*base_votes()), **kwargs)


def test_a_single_vote_in_total_flags_both_sides_and_stays_finite():
    result = fit_ratings(aggregate_votes(["a"], ["b"], ["model_a"]), ci="sandwich")
    assert [r.competitor for r in result.ratings] == ["a", "b"]
    assert any("2 competitor(s) (a, b)" in warning for warning in result.warnings)
    assert all((r.rank_lower, r.rank_upper) == (1, 2) for r in result.ratings)
    assert_all_finite(result)


small_votes = st.lists(
    st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef"), st.sampled_from(["model_a", "model_b", "tie"])),
    min_size=1,
    max_size=40,
).filter(lambda rows: any(a != b for a, b, _ in rows))


@settings(max_examples=60, deadline=None)
@given(rows=small_votes, ci=st.sampled_from(["sandwich", "bootstrap"]))
def test_any_small_vote_set_gives_finite_consistent_ratings(rows, ci):
    result = fit_ratings(aggregate_votes(*map(list, zip(*rows, strict=True))), ci=ci, bootstrap_rounds=20)
    assert_all_finite(result)
    assert result.converged
    n = len(result.ratings)
    for r in result.ratings:
        assert 1 <= r.rank_lower <= r.rank <= r.rank_upper <= n
        assert r.lower < r.upper
        if ci == "sandwich":
            assert r.lower <= r.rating <= r.upper
    assert np.mean([r.rating for r in result.ratings]) == pytest.approx(1000.0, abs=1e-6)
