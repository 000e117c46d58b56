"""Bradley–Terry ratings with 95% intervals from aggregated pairwise votes.

Model: P(i beats j) = 1 / (1 + exp(-(θ_i - θ_j))). A tie counts as half a win for each side, as
LMArena does. θ is the maximiser of the log-likelihood minus a small ridge penalty (l2/2)·Σθ², which
keeps every rating finite when the data leave some competitors unbounded (one only wins, or two
groups never met) and fixes the otherwise free additive constant: at the optimum Σθ = 0.
The fit is L-BFGS (scipy) on the convex objective with its analytic gradient, finished by Newton
steps so that the result does not depend on L-BFGS stopping rules.

Scale and anchoring: rating = 1000 + 400/ln(10)·θ, so the *mean* rating over the competitors in the
data is 1000 and a 400-point gap means 10:1 odds. arena-rank's ``BradleyTerry`` lands on the same
anchor (it starts L-BFGS at θ = 0 and its gradients sum to zero), so the two compare directly.

Intervals (95% by default) are for these mean-anchored ratings:

* ``sandwich``: robust covariance H⁻¹ M H⁻¹, where H is the Hessian of the penalised objective and
  M the sum over votes of the outer products of per-vote score vectors. Ties make the observed
  outcome less variable than the model assumes, which the sandwich picks up.
* ``bootstrap``: the pair-outcome counts are resampled (Poisson bootstrap: each count redrawn as
  Poisson with the observed count as mean), every replicate is refitted, and the percentile
  interval is reported. ``seed`` makes it reproducible.
* ``none``: no intervals; ``lower``/``upper`` and the rank bounds are ``None``.

Both interval methods are asymptotic; with very few votes they understate uncertainty (a single tie
even gives a zero-width sandwich). Competitors with fewer than ``SPARSE_VOTES`` votes, or outside the
largest group in which everyone has both won (or tied) and lost (or tied) against the rest, get an
interval at least as wide as the model-based one, diag(H⁻¹), and a warning.

Ranks: ``rank`` is 1 + the number of competitors rated strictly higher. The rank interval runs from
``rank_lower`` (best: 1 + the number of competitors whose lower bound is above this one's upper
bound) to ``rank_upper`` (worst: N - the number whose upper bound is below this one's lower bound),
widened if needed to contain ``rank``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

import numpy as np
from scipy import linalg, optimize, sparse, special
from scipy.sparse import csgraph

from matchgraph.rank.votes import AggregatedVotes, VoteError

CiMethod = Literal["sandwich", "bootstrap", "none"]

#: Rating points per unit of θ (natural-log odds): 400 points = a factor of 10 in odds.
SCALE = 400.0 / math.log(10.0)
#: Mean rating of the competitors in a fit.
ANCHOR = 1000.0
#: Ridge penalty on θ; as a prior it is N(0, 10²) on θ, i.e. about ±1737 rating points (1 sd).
DEFAULT_L2 = 0.01
#: Competitors with fewer votes than this get at least the model-based interval.
SPARSE_VOTES = 10

_METHOD = "bradley-terry maximum likelihood (ties = half win), ridge-stabilised"
_NEWTON_TOL = 1e-9  # largest Newton step counted as converged, in θ units (~2e-7 rating points)
_NEWTON_MAX_ITER = 100
_LINE_SEARCH_HALVINGS = 40
_FULL_STEP = 0.25  # Newton steps up to this size (θ units, ~43 points) skip the line search
_PCG_RTOL = 1e-10
_PCG_MAX_ITER = 200
_BOOT_CHUNK_CELLS = 1_000_000  # bootstrap rounds x pairs refitted at once (bounds memory)
_MAX_NAMES_IN_WARNING = 8


@dataclass(frozen=True)
class Rating:
    """One competitor's rating with its interval, and its rank with its rank interval.

    ``rank_lower`` is the best (numerically smallest) rank the intervals allow, ``rank_upper`` the
    worst. Bounds are ``None`` when the fit was run without intervals.
    """

    competitor: str
    rating: float
    lower: float | None
    upper: float | None
    votes: int
    rank: int
    rank_lower: int | None
    rank_upper: int | None


@dataclass(frozen=True)
class Ratings:
    """A fitted leaderboard, best first, with how it was computed and anything doubtful."""

    ratings: tuple[Rating, ...]
    method: str
    ci: CiMethod
    confidence: float
    l2: float
    n_votes: int
    bootstrap_rounds: int | None
    seed: int | None
    converged: bool
    warnings: tuple[str, ...]

    def to_rows(self) -> list[dict[str, object]]:
        """Rows ``{competitor, rating, lower, upper, votes, rank, rank_lower, rank_upper}``, best first."""
        return [
            {
                "competitor": r.competitor,
                "rating": r.rating,
                "lower": r.lower,
                "upper": r.upper,
                "votes": r.votes,
                "rank": r.rank,
                "rank_lower": r.rank_lower,
                "rank_upper": r.rank_upper,
            }
            for r in self.ratings
        ]

    def by_competitor(self) -> dict[str, Rating]:
        """Ratings keyed by competitor name."""
        return {r.competitor: r for r in self.ratings}


@dataclass(frozen=True)
class _Pairs:
    """Aggregated counts as float arrays, in the form the likelihood needs."""

    a: np.ndarray
    b: np.ndarray
    wins_a: np.ndarray
    wins_b: np.ndarray
    ties: np.ndarray
    games: np.ndarray  # wins_a + wins_b + ties
    score_a: np.ndarray  # wins_a + ties / 2
    k: int

    @classmethod
    def from_votes(cls, votes: AggregatedVotes) -> _Pairs:
        wa = votes.wins_a.astype(np.float64)
        wb = votes.wins_b.astype(np.float64)
        t = votes.ties.astype(np.float64)
        return cls(votes.pair_a, votes.pair_b, wa, wb, t, wa + wb + t, wa + 0.5 * t, votes.n_competitors)

    def incidence(self) -> sparse.csr_matrix:
        """Signed pairs x competitors matrix (+1 at a, -1 at b): θ ↦ rating differences per pair."""
        n = self.a.size
        return sparse.csr_matrix(
            (np.repeat([1.0, -1.0], n), (np.tile(np.arange(n), 2), np.concatenate((self.a, self.b)))),
            shape=(n, self.k),
        )


def fit_ratings(
    votes: AggregatedVotes,
    *,
    ci: CiMethod = "sandwich",
    bootstrap_rounds: int = 200,
    seed: int = 0,
    l2: float = DEFAULT_L2,
    confidence: float = 0.95,
) -> Ratings:
    """Fit Bradley–Terry ratings (arena scale, mean 1000) with intervals and rank intervals.

    Raises ``VoteError`` when there are no votes and ``ValueError`` for invalid options.
    """
    _check_options(ci, bootstrap_rounds, l2, confidence)
    if votes.n_pairs == 0 or votes.n_votes == 0:
        raise VoteError("no votes to rate")

    pairs = _Pairs.from_votes(votes)
    incidence = pairs.incidence()
    warnings = list(votes.warnings)
    theta, converged = _fit(pairs, incidence, l2)
    if not converged:
        warnings.append("the optimiser stopped before full convergence; ratings may be slightly off")
    counts = votes.votes_per_competitor()
    weak = _outside_main_component(pairs)
    few = counts < SPARSE_VOTES
    if weak.any():
        warnings.append(
            "maximum likelihood does not exist for these data: "
            f"{_name_list(votes.competitors, weak)} never both won and lost against the rest "
            "(e.g. they only win, only lose, or were never compared with the others); "
            "their ratings are held finite by the ridge penalty and their intervals are wide"
        )
    if few.any():
        warnings.append(
            f"{_name_list(votes.competitors, few)} have fewer than {SPARSE_VOTES} votes; "
            "their intervals are at least as wide as the model-based interval"
        )
    bounds = None
    if ci != "none":
        bounds = _intervals(theta, pairs, incidence, l2, ci, bootstrap_rounds, seed, confidence, weak | few,
                            warnings)
    return _assemble(votes, theta, bounds, counts, ci, confidence, l2, bootstrap_rounds, seed, converged,
                     warnings)


def _check_options(ci: str, bootstrap_rounds: int, l2: float, confidence: float) -> None:
    if ci not in ("sandwich", "bootstrap", "none"):
        raise ValueError(f"ci must be 'sandwich', 'bootstrap' or 'none', not {ci!r}")
    if not (math.isfinite(l2) and l2 > 0):
        raise ValueError("l2 must be a positive finite number")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    if ci == "bootstrap" and bootstrap_rounds < 2:
        raise ValueError("bootstrap needs at least 2 rounds")


def _intervals(
    theta: np.ndarray,
    pairs: _Pairs,
    incidence: sparse.csr_matrix,
    l2: float,
    ci: CiMethod,
    rounds: int,
    seed: int,
    confidence: float,
    floor: np.ndarray,
    warnings: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) in θ units; ``floor`` marks competitors widened to the model-based interval."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    hessian = _Hessian.at(theta, pairs, l2)
    h_inv = hessian.constrained_inverse()
    if ci == "sandwich":
        sd = np.sqrt(np.maximum(_sandwich_diag(theta, pairs, h_inv), 0.0))
        lower, upper = theta - z * sd, theta + z * sd
    else:
        lower, upper, failed = _bootstrap(theta, pairs, incidence, hessian, rounds, seed, confidence)
        if failed:
            warnings.append(f"{failed} of {rounds} bootstrap refits stopped before full convergence")
    if floor.any():
        sd_model = np.sqrt(np.maximum(np.diag(h_inv), 0.0))
        lower = np.where(floor, np.minimum(lower, theta - z * sd_model), lower)
        upper = np.where(floor, np.maximum(upper, theta + z * sd_model), upper)
    return lower, upper


# --- likelihood and fitting ------------------------------------------------------------------------


def _objective(theta: np.ndarray, pairs: _Pairs, l2: float, scale: float) -> tuple[float, np.ndarray]:
    """Penalised negative log-likelihood and its gradient, both divided by ``scale``."""
    d = theta[pairs.a] - theta[pairs.b]
    # -loglik of a pair = games·softplus(d) - score_a·d  (ties as half a win for each side)
    value = float(np.dot(pairs.games, np.logaddexp(0.0, d)) - np.dot(pairs.score_a, d))
    residual = pairs.games * special.expit(d) - pairs.score_a
    grad = np.bincount(pairs.a, residual, pairs.k) - np.bincount(pairs.b, residual, pairs.k)
    value += 0.5 * l2 * float(theta @ theta)
    grad += l2 * theta
    return value / scale, grad / scale


def _fit(pairs: _Pairs, incidence: sparse.csr_matrix, l2: float) -> tuple[np.ndarray, bool]:
    """L-BFGS from θ = 0, then Newton steps to machine precision; returns centred θ and convergence.

    L-BFGS (to a loose tolerance) does the bulk of the work cheaply; the Newton finish makes the
    result precise and independent of L-BFGS stopping rules on flat directions (e.g. a competitor
    with one vote).
    """
    scale = float(pairs.games.sum())  # per-vote objective keeps tolerances independent of data size
    result = optimize.minimize(
        _objective,
        np.zeros(pairs.k),
        args=(pairs, l2, scale),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 20_000, "ftol": 1e-9, "gtol": 1e-8},
    )
    theta = np.asarray(result.x, dtype=np.float64)
    if not np.all(np.isfinite(theta)):
        theta = np.zeros(pairs.k)
    theta -= theta.mean()
    block, ok = _newton(
        theta[:, None], pairs.games[:, None], pairs.score_a[:, None], incidence, _Hessian.at(theta, pairs, l2)
    )
    refined = block[:, 0]
    return refined - refined.mean(), bool(ok[0])


def _curvature(theta: np.ndarray, pairs: _Pairs) -> np.ndarray:
    p = special.expit(theta[pairs.a] - theta[pairs.b])
    return pairs.games * p * (1.0 - p)


def _laplacian(a: np.ndarray, b: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """Σ_pairs w·(e_a - e_b)(e_a - e_b)ᵀ as a dense k×k matrix."""
    mat = np.zeros((k, k))
    mat[a, b] = -w  # each unordered pair occurs once, so plain assignment is exact
    mat[b, a] = -w
    mat[np.diag_indices(k)] = np.bincount(a, w, k) + np.bincount(b, w, k)
    return mat


@dataclass(frozen=True)
class _Hessian:
    """Cholesky factor of H + (c/k)·11ᵀ, H the Hessian of the penalised objective.

    The rank-one term leaves H unchanged on sum-zero vectors (where the ratings live: they are
    anchored to their mean) and keeps the factorisation well conditioned even for a tiny l2.
    """

    factor: tuple[np.ndarray, bool]
    shift: float  # c
    l2: float
    k: int

    @classmethod
    def at(cls, theta: np.ndarray, pairs: _Pairs, l2: float) -> _Hessian:
        lap = _laplacian(pairs.a, pairs.b, _curvature(theta, pairs), pairs.k)
        k = pairs.k
        shift = max(float(np.trace(lap)) / k, 1.0)
        try:
            factor = linalg.cho_factor(lap + l2 * np.eye(k) + shift / k, lower=True)
        except linalg.LinAlgError:
            raise ValueError(f"l2={l2} is too small to keep these data identifiable") from None
        return cls(factor, shift, l2, k)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        return linalg.cho_solve(self.factor, rhs, check_finite=False)

    def constrained_inverse(self) -> np.ndarray:
        """(H restricted to sum-zero vectors)⁻¹, as a k×k matrix: P·(H + c·11ᵀ/k)⁻¹·P."""
        # (H + c11ᵀ/k)⁻¹·1 = 1/(l2 + c), so projecting 1 out subtracts 11ᵀ/(k(l2 + c)).
        return self.solve(np.eye(self.k)) - 1.0 / (self.k * (self.l2 + self.shift))


@dataclass(frozen=True)
class _CountBlock:
    """Several count vectors over the same pairs (one column each) and their penalised objective."""

    incidence: sparse.csr_matrix
    incidence_t: sparse.csr_matrix
    games: np.ndarray  # (pairs, columns)
    score_a: np.ndarray  # (pairs, columns)
    hessian: _Hessian

    def value(self, theta: np.ndarray, cols: np.ndarray) -> np.ndarray:
        d = self.incidence @ theta
        games, score = self.games[:, cols], self.score_a[:, cols]
        loss = (games * np.logaddexp(0.0, d) - score * d).sum(axis=0)
        return loss + 0.5 * self.hessian.l2 * (theta * theta).sum(axis=0)

    def gradient_and_weight(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p = special.expit(self.incidence @ theta)
        grad = self.incidence_t @ (self.games * p - self.score_a) + self.hessian.l2 * theta
        return grad, self.games * p * (1.0 - p)

    def hess_times(self, v: np.ndarray, weight: np.ndarray) -> np.ndarray:
        h = self.hessian
        return self.incidence_t @ (weight * (self.incidence @ v)) + h.l2 * v + (h.shift / h.k) * v.sum(axis=0)


def _newton(
    theta: np.ndarray,
    games: np.ndarray,
    score_a: np.ndarray,
    incidence: sparse.csr_matrix,
    hessian: _Hessian,
) -> tuple[np.ndarray, np.ndarray]:
    """Damped Newton for many count vectors at once (one column each); returns (θ, converged).

    Newton systems are solved by conjugate gradients preconditioned with ``hessian`` (a Hessian
    factored once, near the solutions), so each step costs a few sparse products per column.
    """
    block = _CountBlock(incidence, incidence.T.tocsr(), games, score_a, hessian)
    theta = theta.copy()
    converged = np.zeros(theta.shape[1], dtype=bool)
    for _ in range(_NEWTON_MAX_ITER):
        grad, weight = block.gradient_and_weight(theta)
        step = _pcg(lambda v, w=weight: block.hess_times(v, w), hessian.solve, grad)
        size = np.max(np.abs(step), axis=0)
        converged = size < _NEWTON_TOL
        if converged.all():
            theta -= step
            break
        # Small steps sit where the quadratic model is accurate and are taken whole; larger ones
        # are damped by backtracking.
        small = size <= _FULL_STEP
        theta[:, small] -= step[:, small]
        cols = np.flatnonzero(~small)
        if cols.size:
            theta[:, cols] = _backtrack(
                theta[:, cols], step[:, cols], grad[:, cols], lambda t, c=cols: block.value(t, c)
            )
    return theta, converged


def _backtrack(
    theta: np.ndarray, step: np.ndarray, grad: np.ndarray, value: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """Per-column step halving until the Armijo condition holds (with slack for rounding in large
    sums); returns the new columns."""
    current = value(theta)
    decrease = (grad * step).sum(axis=0)
    slack = 1e-12 * (np.abs(current) + 1.0)
    length = np.ones(theta.shape[1])
    pending = np.ones(theta.shape[1], dtype=bool)
    result = theta.copy()
    for _ in range(_LINE_SEARCH_HALVINGS):
        candidate = theta - length * step
        accept = pending & (value(candidate) <= current - 1e-4 * length * decrease + slack)
        result[:, accept] = candidate[:, accept]
        pending &= ~accept
        if not pending.any():
            break
        length = np.where(pending, 0.5 * length, length)
    return result


def _pcg(
    matvec: Callable[[np.ndarray], np.ndarray],
    precondition: Callable[[np.ndarray], np.ndarray],
    rhs: np.ndarray,
) -> np.ndarray:
    """Preconditioned conjugate gradients on every column of ``rhs`` at once."""
    x = np.zeros_like(rhs)
    r = rhs.copy()
    z = precondition(r)
    direction = z.copy()
    rz = (r * z).sum(axis=0)
    target = _PCG_RTOL * np.linalg.norm(rhs, axis=0)
    for _ in range(_PCG_MAX_ITER):
        active = np.linalg.norm(r, axis=0) > target
        if not active.any():
            break
        q = matvec(direction)
        curvature = (direction * q).sum(axis=0)
        alpha = np.where(active & (curvature > 0), rz / np.where(curvature > 0, curvature, 1.0), 0.0)
        x += alpha * direction
        r -= alpha * q
        z = precondition(r)
        rz_next = (r * z).sum(axis=0)
        beta = np.where(active & (rz > 0), rz_next / np.where(rz > 0, rz, 1.0), 0.0)
        direction = z + beta * direction
        rz = rz_next
    return x


def _sandwich_diag(theta: np.ndarray, pairs: _Pairs, h_inv: np.ndarray) -> np.ndarray:
    """diag(H⁻¹ M H⁻¹) with M built from per-vote score outer products."""
    p = special.expit(theta[pairs.a] - theta[pairs.b])
    # per pair: Σ over its votes of (outcome - p)², outcome 1 / 0 / ½
    meat_w = pairs.wins_a * (1.0 - p) ** 2 + pairs.wins_b * p**2 + pairs.ties * (0.5 - p) ** 2
    meat = _laplacian(pairs.a, pairs.b, meat_w, pairs.k)
    return np.einsum("ij,ji->i", h_inv @ meat, h_inv)


# --- bootstrap -----------------------------------------------------------------------------------


def _bootstrap(
    theta: np.ndarray,
    pairs: _Pairs,
    incidence: sparse.csr_matrix,
    hessian: _Hessian,
    rounds: int,
    seed: int,
    confidence: float,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Percentile interval of θ over refits on resampled pair-outcome counts.

    Counts are resampled independently as Poisson(observed count), the Poisson bootstrap: it
    matches the multinomial bootstrap asymptotically and is about twice as fast to draw.

    All replicates are refitted together by Newton steps from the full-data θ, preconditioned with
    the full-data Hessian. Returns (lower, upper, number of refits that did not converge).
    """
    cells = np.concatenate((pairs.wins_a, pairs.wins_b, pairs.ties))
    present = np.flatnonzero(cells)
    n_pairs = pairs.a.size
    rng = np.random.default_rng(seed)

    samples = np.empty((pairs.k, rounds))
    failed = 0
    chunk = max(1, _BOOT_CHUNK_CELLS // n_pairs)
    for start in range(0, rounds, chunk):
        m = min(chunk, rounds - start)
        resampled = np.zeros((3 * n_pairs, m))
        resampled[present] = rng.poisson(cells[present][:, None], size=(present.size, m))
        wa, wb, t = resampled[:n_pairs], resampled[n_pairs:2 * n_pairs], resampled[2 * n_pairs:]
        block, ok = _newton(np.tile(theta[:, None], (1, m)), wa + wb + t, wa + 0.5 * t, incidence, hessian)
        failed += int((~ok).sum())
        samples[:, start:start + m] = block - block.mean(axis=0)

    alpha = 1.0 - confidence
    lower, upper = np.quantile(samples, [alpha / 2, 1 - alpha / 2], axis=1)
    return lower, upper, failed


# --- identifiability and output -----------------------------------------------------------------


def _outside_main_component(pairs: _Pairs) -> np.ndarray:
    """Competitors outside the largest strongly connected component of the 'scored against' graph.

    Edge i→j when i won or tied against j at least once. The unpenalised maximum likelihood exists
    only if this graph is strongly connected (Zermelo/Ford condition).
    """
    a_scored = (pairs.wins_a + pairs.ties) > 0
    b_scored = (pairs.wins_b + pairs.ties) > 0
    rows = np.concatenate((pairs.a[a_scored], pairs.b[b_scored]))
    cols = np.concatenate((pairs.b[a_scored], pairs.a[b_scored]))
    graph = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(pairs.k, pairs.k))
    n_comp, labels = csgraph.connected_components(graph, directed=True, connection="strong")
    if n_comp == 1:
        return np.zeros(pairs.k, dtype=bool)
    sizes = np.bincount(labels, minlength=n_comp)
    if np.count_nonzero(sizes == sizes.max()) > 1:  # no single main group: nobody is well placed
        return np.ones(pairs.k, dtype=bool)
    return labels != np.argmax(sizes)


def _name_list(names: tuple[str, ...], mask: np.ndarray) -> str:
    chosen = [names[i] for i in np.flatnonzero(mask)]
    shown = ", ".join(chosen[:_MAX_NAMES_IN_WARNING])
    more = len(chosen) - _MAX_NAMES_IN_WARNING
    return f"{len(chosen)} competitor(s) ({shown}{f' and {more} more' if more > 0 else ''})"


def _rank_bounds(lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best and worst rank from interval overlap (vectorised with sorted bounds)."""
    n = lower.size
    sorted_lower = np.sort(lower)
    sorted_upper = np.sort(upper)
    above = n - np.searchsorted(sorted_lower, upper, side="right")  # lower_j > upper_i
    below = np.searchsorted(sorted_upper, lower, side="left")  # upper_j < lower_i
    return 1 + above, n - below


def _assemble(
    votes: AggregatedVotes,
    theta: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray] | None,
    counts: np.ndarray,
    ci: CiMethod,
    confidence: float,
    l2: float,
    bootstrap_rounds: int,
    seed: int,
    converged: bool,
    warnings: list[str],
) -> Ratings:
    rating = ANCHOR + SCALE * theta
    # competition ranking: 1 + number of strictly higher ratings
    rank = 1 + rating.size - np.searchsorted(np.sort(rating), rating, side="right")
    if bounds is None:
        low = up = best = worst = None
        checked = [rating]
    else:
        low, up = ANCHOR + SCALE * bounds[0], ANCHOR + SCALE * bounds[1]
        best, worst = _rank_bounds(low, up)
        # a percentile interval need not contain the estimate; keep the point rank inside its range
        best, worst = np.minimum(best, rank), np.maximum(worst, rank)
        checked = [rating, low, up]
    if not all(np.all(np.isfinite(x)) for x in checked):
        raise ArithmeticError("non-finite rating produced")  # ruled out by the ridge penalty
    order = np.lexsort((np.arange(rating.size), -rating))
    rows = tuple(
        Rating(
            competitor=votes.competitors[i],
            rating=float(rating[i]),
            lower=None if low is None else float(low[i]),
            upper=None if up is None else float(up[i]),
            votes=int(counts[i]),
            rank=int(rank[i]),
            rank_lower=None if best is None else int(best[i]),
            rank_upper=None if worst is None else int(worst[i]),
        )
        for i in order
    )
    return Ratings(
        ratings=rows,
        method=_METHOD,
        ci=ci,
        confidence=confidence,
        l2=l2,
        n_votes=votes.n_votes,
        bootstrap_rounds=bootstrap_rounds if ci == "bootstrap" else None,
        seed=seed if ci == "bootstrap" else None,
        converged=converged,
        warnings=tuple(warnings),
    )
