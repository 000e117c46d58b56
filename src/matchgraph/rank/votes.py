"""Pairwise votes: parsed from CSV or JSONL and aggregated by pair for rating.

A vote names two competitors and an outcome. The columns (CSV) or keys (JSONL) are ``model_a``,
``model_b`` and ``winner``; ``winner`` is one of ``model_a``, ``model_b``, ``tie`` or
``tie (bothbad)`` (both tie labels count as a tie). Other columns are ignored.

A Bradley–Terry fit only needs, for every unordered pair, how often each side won and how often they
tied, so votes are reduced to those counts with vectorised NumPy (no per-vote Python work beyond
reading the text).
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NoReturn

import numpy as np

VoteFormat = Literal["csv", "jsonl"]

#: Largest input accepted, in bytes; votes are held in memory while parsing.
MAX_FILE_BYTES = 2 * 1024**3
#: Longest line accepted, in bytes; a vote line is a few hundred bytes at most.
MAX_LINE_BYTES = 64 * 1024

REQUIRED_COLUMNS = ("model_a", "model_b", "winner")
WINNER_LABELS = ("model_a", "model_b", "tie", "tie (bothbad)")

# Outcome codes relative to the vote's own (model_a, model_b) order.
_A_WINS, _B_WINS, _TIE = 0, 1, 2
_WINNER_CODES = {"model_a": _A_WINS, "model_b": _B_WINS, "tie": _TIE, "tie (bothbad)": _TIE}
# Pair keys are counted with a dense bincount up to this many (competitor x competitor) cells.
_DENSE_PAIR_CELLS = 1 << 20
_FIRST_VISIBLE = re.compile(r"\S")


class VoteError(ValueError):
    """Votes that cannot be used; ``line`` is the 1-based line (or row, for in-memory votes)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


@dataclass(frozen=True, eq=False)
class AggregatedVotes:
    """Votes reduced to counts per unordered pair of competitors.

    ``competitors`` is sorted. Pair ``k`` is ``competitors[pair_a[k]]`` vs ``competitors[pair_b[k]]``
    with ``pair_a[k] < pair_b[k]``; ``wins_a``/``wins_b``/``ties`` count its outcomes. Every listed
    competitor appears in at least one pair.
    """

    competitors: tuple[str, ...]
    pair_a: np.ndarray
    pair_b: np.ndarray
    wins_a: np.ndarray
    wins_b: np.ndarray
    ties: np.ndarray
    skipped_self_matches: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def n_competitors(self) -> int:
        """Number of distinct competitors."""
        return len(self.competitors)

    @property
    def n_pairs(self) -> int:
        """Number of distinct unordered pairs that met at least once."""
        return int(self.pair_a.size)

    @property
    def n_votes(self) -> int:
        """Number of votes counted (self-matches excluded)."""
        return int(self.wins_a.sum() + self.wins_b.sum() + self.ties.sum())

    def votes_per_competitor(self) -> np.ndarray:
        """Votes each competitor took part in, aligned with ``competitors``."""
        games = self.wins_a + self.wins_b + self.ties
        k = self.n_competitors
        per_side = np.bincount(self.pair_a, games, k) + np.bincount(self.pair_b, games, k)
        return per_side.round().astype(np.int64)  # bincount sums weights as floats


def load_votes(
    path: str | Path,
    *,
    fmt: VoteFormat | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> AggregatedVotes:
    """Read a CSV or JSONL vote file and aggregate it.

    The format is ``fmt`` if given, else taken from the extension (``.csv``; ``.jsonl``, ``.ndjson``,
    ``.json``), else detected from the content. Raises ``VoteError`` for unreadable, oversized or
    malformed input.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise VoteError(f"cannot read {p}: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise VoteError(f"{p} is {size} bytes, more than the {max_bytes}-byte limit")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise VoteError(f"cannot read {p}: {exc.strerror or exc}") from None
    return parse_votes(data, fmt=fmt or _format_from_suffix(p), max_bytes=max_bytes,
                       max_line_bytes=max_line_bytes)


def parse_votes(
    data: bytes | str,
    *,
    fmt: VoteFormat | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> AggregatedVotes:
    """Parse CSV or JSONL vote text (UTF-8 bytes or str) and aggregate it.

    ``fmt`` ``None`` detects the format: JSONL if the first non-blank character is ``{``, else CSV.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise VoteError(f"input is {len(raw)} bytes, more than the {max_bytes}-byte limit")
    _check_line_lengths(raw, max_line_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise VoteError("input is not valid UTF-8", raw.count(b"\n", 0, exc.start) + 1) from None
    first = _FIRST_VISIBLE.search(text)
    if first is None:
        raise VoteError("input is empty: no votes", 1)
    if fmt is None:
        fmt = "jsonl" if first.group() == "{" else "csv"
    if fmt not in ("csv", "jsonl"):
        raise VoteError(f"unknown vote format {fmt!r}; expected 'csv' or 'jsonl'")
    with _gc_paused():
        return _parse_csv(text) if fmt == "csv" else _parse_jsonl(text)


def aggregate_votes(
    model_a: Sequence[str], model_b: Sequence[str], winner: Sequence[str]
) -> AggregatedVotes:
    """Aggregate in-memory vote columns; errors name the 1-based row."""
    if not len(model_a) == len(model_b) == len(winner):
        raise VoteError("model_a, model_b and winner must have the same length")
    if len(model_a) == 0:
        raise VoteError("no votes")
    columns = [c if isinstance(c, list) else list(c) for c in (model_a, model_b, winner)]
    return _encode(*columns, lambda k: k + 1, "row")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while parsing.

    Parsing allocates millions of short lists/dicts without cycles; the collector would otherwise
    sweep them again and again (about half of CSV parse time) and free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _format_from_suffix(path: Path) -> VoteFormat | None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    return None


def _check_line_lengths(raw: bytes, limit: int) -> None:
    """Reject any line longer than ``limit`` bytes (vectorised over newline positions)."""
    if len(raw) <= limit:
        return
    newlines = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 0x0A)
    ends = np.concatenate((newlines, [len(raw)]))
    starts = np.concatenate(([0], newlines + 1))
    too_long = np.flatnonzero(ends - starts > limit)
    if too_long.size:
        line = int(too_long[0]) + 1
        raise VoteError(f"line is longer than {limit} bytes", line)


# --- CSV -----------------------------------------------------------------------------------------


def _parse_csv(text: str) -> AggregatedVotes:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header: list[str] = []
        for header in reader:
            if header:
                break
        header_line = reader.line_num
        columns = [name.strip().lower() for name in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise VoteError(
                f"missing column(s) {', '.join(missing)}; the header has {', '.join(columns)!s}",
                header_line,
            )
        ia, ib, iw = (columns.index(c) for c in REQUIRED_COLUMNS)
        rows = [row for row in reader if row]
    except csv.Error as exc:
        raise VoteError(f"malformed CSV: {exc}", reader.line_num) from None
    if not rows:
        raise VoteError("no votes after the header", header_line)

    def line_of(k: int) -> int:
        return _csv_line_of_row(text, k)

    try:
        col_a = [row[ia] for row in rows]
        col_b = [row[ib] for row in rows]
        col_w = [row[iw] for row in rows]
    except IndexError:
        need = max(ia, ib, iw) + 1
        k = next(i for i, row in enumerate(rows) if len(row) < need)
        raise VoteError(f"expected at least {need} fields, found {len(rows[k])}", line_of(k)) from None
    return _encode(col_a, col_b, col_w, line_of, "line")


def _csv_line_of_row(text: str, k: int) -> int:
    """Physical line (1-based) where the ``k``-th data row ends; only used to report problems."""
    reader = csv.reader(io.StringIO(text, newline=""))
    seen = -1  # the header is row -1
    for row in reader:
        if row:
            if seen == k:
                return reader.line_num
            seen += 1
    return reader.line_num


# --- JSONL ---------------------------------------------------------------------------------------


def _parse_jsonl(text: str) -> AggregatedVotes:
    objects = _decode_jsonl_at_once(text)
    try:
        if objects is None:
            objects = [json.loads(line) for line in text.split("\n") if line and not line.isspace()]
        col_a = [obj["model_a"] for obj in objects]
        col_b = [obj["model_b"] for obj in objects]
        col_w = [obj["winner"] for obj in objects]
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        _raise_first_jsonl_problem(text.split("\n"))

    def line_of(k: int) -> int:
        return _jsonl_line_of_record(text, k)

    return _encode(col_a, col_b, col_w, line_of, "line")


def _decode_jsonl_at_once(text: str) -> list | None:
    """Decode all records in one ``json.loads`` call (several times faster than one per line).

    Used only when it yields exactly one value per line; blank lines, syntax errors or a value split
    over lines fall back to line-by-line decoding, which also locates errors. (A record split over
    two lines that happens to form exactly as many values as lines is accepted as written.)
    """
    body = text.strip()
    try:
        values = json.loads("[" + body.replace("\n", ",") + "]")
    except (ValueError, RecursionError):
        return None
    return values if len(values) == body.count("\n") + 1 else None


def _raise_first_jsonl_problem(lines: list[str]) -> NoReturn:
    """Scan line by line and raise ``VoteError`` for the first unusable record."""
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise VoteError(f"invalid JSON: {exc}", number) from None
        if not isinstance(obj, dict):
            raise VoteError(f"expected a JSON object, found {type(obj).__name__}", number)
        missing = [key for key in REQUIRED_COLUMNS if key not in obj]
        if missing:
            raise VoteError(f"missing key(s) {', '.join(missing)}", number)
    raise VoteError("malformed vote records")


def _jsonl_line_of_record(text: str, k: int) -> int:
    """Line (1-based) of the ``k``-th non-blank line; only used to report problems."""
    seen = -1
    number = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line and not line.isspace():
            seen += 1
            if seen == k:
                return number
    return number


# --- encoding and aggregation -------------------------------------------------------------------


class _FirstSeenIds(dict):
    """Numbers keys in order of first appearance; misses (one per distinct value) run in Python."""

    def __missing__(self, key: object) -> int:
        value = self[key] = len(self)
        return value


def _factorize(*columns: list) -> tuple[list[np.ndarray], list]:
    """Integer codes for the values of one or more columns (shared numbering) and the distinct values.

    Raises ``TypeError`` when a value is unhashable (a JSON list or object).
    """
    ids = _FirstSeenIds()
    codes = [np.fromiter(map(ids.__getitem__, col), dtype=np.int64, count=len(col)) for col in columns]
    return codes, list(ids)


def _first_row_with(codes: list[np.ndarray], bad: list[int]) -> int:
    hit = np.zeros(codes[0].size, dtype=bool)
    for column in codes:
        hit |= np.isin(column, bad)
    return int(np.argmax(hit))


def _winner_codes(column: list, line_of: Callable[[int], int]) -> np.ndarray:
    """Outcome code per vote; labels are matched exactly, then case- and space-insensitively."""
    try:
        (raw,), labels = _factorize(column)
    except TypeError:
        k = next(i for i, v in enumerate(column) if not isinstance(v, str))
        raise VoteError(f"winner must be a string, found {type(column[k]).__name__}", line_of(k)) from None
    mapped = [_WINNER_CODES.get(v.strip().lower(), -1) if isinstance(v, str) else -1 for v in labels]
    bad = [i for i, code in enumerate(mapped) if code < 0]
    if bad:
        k = _first_row_with([raw], bad)
        raise VoteError(
            f"unknown winner {column[k]!r}; expected one of {', '.join(WINNER_LABELS)}", line_of(k)
        )
    return np.asarray(mapped, dtype=np.int8)[raw]


def _encode_names(
    col_a: list, col_b: list, line_of: Callable[[int], int]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Ids in sorted-name order; names are stripped of surrounding whitespace.

    Validation and stripping run on the distinct raw values (a few per competitor), not per vote.
    """
    try:
        (raw_a, raw_b), values = _factorize(col_a, col_b)
    except TypeError:
        k, key, value = next(
            (i, key, v) for i, pair in enumerate(zip(col_a, col_b, strict=True))
            for key, v in zip(("model_a", "model_b"), pair, strict=True) if not isinstance(v, str)
        )
        raise VoteError(f"{key} must be a string, found {type(value).__name__}", line_of(k)) from None
    bad = [i for i, v in enumerate(values) if not isinstance(v, str) or not v.strip()]
    if bad:
        k = _first_row_with([raw_a, raw_b], bad)
        key, value = ("model_a", col_a[k]) if raw_a[k] in bad else ("model_b", col_b[k])
        problem = "is empty" if isinstance(value, str) else f"must be a string, found {type(value).__name__}"
        raise VoteError(f"{key} {problem}", line_of(k))
    stripped = [v.strip() for v in values]
    competitors = sorted(set(stripped))
    position = {name: i for i, name in enumerate(competitors)}
    remap = np.array([position[name] for name in stripped], dtype=np.int64)
    return remap[raw_a], remap[raw_b], competitors


def _encode(
    col_a: list, col_b: list, col_w: list, line_of: Callable[[int], int], unit: str
) -> AggregatedVotes:
    """Validate vote columns, encode names as ids and aggregate."""
    codes = _winner_codes(col_w, line_of)
    ids_a, ids_b, competitors = _encode_names(col_a, col_b, line_of)
    warnings: list[str] = []
    self_match = ids_a == ids_b
    skipped = int(self_match.sum())
    if skipped:
        first = int(np.argmax(self_match))
        warnings.append(
            f"skipped {skipped} self-match vote(s) where model_a equals model_b "
            f"(first at {unit} {line_of(first)})"
        )
        keep = ~self_match
        ids_a, ids_b, codes = ids_a[keep], ids_b[keep], codes[keep]
        if ids_a.size == 0:
            raise VoteError("no votes left after skipping self-matches")
    return _aggregate(ids_a, ids_b, codes, competitors, skipped, tuple(warnings))


def _aggregate(
    ids_a: np.ndarray,
    ids_b: np.ndarray,
    codes: np.ndarray,
    competitors: list[str],
    skipped: int,
    warnings: tuple[str, ...],
) -> AggregatedVotes:
    """Count outcomes per unordered pair (vectorised)."""
    # Drop names seen only in skipped self-matches and renumber the rest, keeping sorted order.
    used = np.zeros(len(competitors), dtype=bool)
    used[ids_a] = True
    used[ids_b] = True
    if not used.all():
        renumber = np.cumsum(used) - 1
        ids_a, ids_b = renumber[ids_a], renumber[ids_b]
        competitors = [name for name, u in zip(competitors, used, strict=True) if u]
    k = len(competitors)

    swap = ids_a > ids_b
    lo = np.where(swap, ids_b, ids_a)
    hi = np.where(swap, ids_a, ids_b)
    outcome = codes.astype(np.int64)
    # After ordering the pair, a win for model_a is a win for whichever side it now sits on.
    outcome = np.where(swap & (outcome != _TIE), 1 - outcome, outcome)
    key = lo * k + hi
    if k * k <= _DENSE_PAIR_CELLS:
        cells = np.bincount(key * 3 + outcome, minlength=k * k * 3).reshape(-1, 3)
        pair_keys = np.flatnonzero(cells.any(axis=1))
        counts = cells[pair_keys]
    else:
        pair_keys, inverse = np.unique(key, return_inverse=True)
        counts = np.bincount(inverse * 3 + outcome, minlength=pair_keys.size * 3).reshape(-1, 3)
    return AggregatedVotes(
        competitors=tuple(competitors),
        pair_a=(pair_keys // k).astype(np.int64),
        pair_b=(pair_keys % k).astype(np.int64),
        wins_a=counts[:, 0].astype(np.int64),
        wins_b=counts[:, 1].astype(np.int64),
        ties=counts[:, 2].astype(np.int64),
        skipped_self_matches=skipped,
        warnings=warnings,
    )
