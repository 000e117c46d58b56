"""Vote parsing and aggregation: formats, counts, errors with line numbers, property tests."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchgraph.rank import votes as votes_module
from matchgraph.rank.votes import AggregatedVotes, VoteError, aggregate_votes, load_votes, parse_votes

LABELS = ["model_a", "model_b", "tie", "tie (bothbad)"]


def counts_by_pair(v: AggregatedVotes) -> dict[tuple[str, str], tuple[int, int, int]]:
    """{(first, second): (first wins, second wins, ties)} with names in sorted order."""
    return {
        (v.competitors[a], v.competitors[b]): (int(wa), int(wb), int(t))
        for a, b, wa, wb, t in zip(v.pair_a, v.pair_b, v.wins_a, v.wins_b, v.ties, strict=True)
    }


def naive_counts(rows: list[tuple[str, str, str]]) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Reference aggregation written row by row."""
    tally: Counter[tuple[str, str, str]] = Counter()
    for a, b, w in rows:
        a, b, w = a.strip(), b.strip(), w.strip().lower()
        if a == b:
            continue
        lo, hi = sorted((a, b))
        if w.startswith("tie"):
            tally[lo, hi, "tie"] += 1
        else:
            won = a if w == "model_a" else b
            tally[lo, hi, "lo" if won == lo else "hi"] += 1
    pairs = {(lo, hi) for lo, hi, _ in tally}
    return {p: (tally[(*p, "lo")], tally[(*p, "hi")], tally[(*p, "tie")]) for p in pairs}


def to_csv(rows: list[tuple[str, str, str]], header=("model_a", "model_b", "winner")) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def to_jsonl(rows: list[tuple[str, str, str]]) -> str:
    return "".join(json.dumps({"model_a": a, "model_b": b, "winner": w}) + "\n" for a, b, w in rows)


ROWS = [
    ("gpt-x", "claude-y", "model_a"),
    ("claude-y", "gpt-x", "model_a"),
    ("claude-y", "gpt-x", "model_b"),
    ("gpt-x", "claude-y", "tie"),
    ("gemini-z", "gpt-x", "tie (bothbad)"),
    ("gemini-z", "claude-y", "model_b"),
]


def test_csv_counts_each_unordered_pair_from_either_orientation():
    v = parse_votes(to_csv(ROWS))
    assert v.competitors == ("claude-y", "gemini-z", "gpt-x")
    assert counts_by_pair(v) == {
        ("claude-y", "gpt-x"): (1, 2, 1),
        ("claude-y", "gemini-z"): (1, 0, 0),
        ("gemini-z", "gpt-x"): (0, 0, 1),
    }
    assert v.n_votes == 6
    assert v.votes_per_competitor().tolist() == [5, 2, 5]
    assert np.all(v.pair_a < v.pair_b)


def test_jsonl_gives_the_same_counts_as_csv_and_ignores_blank_lines():
    text = to_jsonl(ROWS[:3]) + "\n   \n" + to_jsonl(ROWS[3:])
    assert counts_by_pair(parse_votes(text)) == counts_by_pair(parse_votes(to_csv(ROWS)))


def test_csv_extra_columns_header_spelling_crlf_and_bom_are_accepted():
    text = "\ufeffid, Model_A ,model_b,Winner,turn\r\n1,x,y,model_a,1\r\n2,y,x,Model_B ,2\r\n"
    v = parse_votes(text.encode("utf-8"))
    assert counts_by_pair(v) == {("x", "y"): (2, 0, 0)}


def test_names_are_stripped_so_spelling_variants_merge():
    v = aggregate_votes([" x", "x "], ["y", " y"], ["model_a", "model_b"])
    assert v.competitors == ("x", "y")
    assert counts_by_pair(v) == {("x", "y"): (1, 1, 0)}


def test_format_is_taken_from_extension_then_content(tmp_path):
    (tmp_path / "v.csv").write_text(to_csv(ROWS))
    (tmp_path / "v.jsonl").write_text(to_jsonl(ROWS))
    (tmp_path / "v.txt").write_text(to_jsonl(ROWS))
    (tmp_path / "w.data").write_text(to_csv(ROWS))
    expected = naive_counts(ROWS)
    for name in ("v.csv", "v.jsonl", "v.txt", "w.data"):
        assert counts_by_pair(load_votes(tmp_path / name)) == expected
    with pytest.raises(VoteError):  # JSONL content forced through the CSV parser has no header
        load_votes(tmp_path / "v.txt", fmt="csv")


def test_self_matches_are_skipped_with_a_counted_warning_and_leave_no_empty_competitor():
    text = to_csv([("x", "y", "model_a"), ("z", "z", "tie"), ("x", "x", "model_a"), ("y", "x", "tie")])
    v = parse_votes(text)
    assert v.skipped_self_matches == 2
    assert v.competitors == ("x", "y")  # z only played itself
    assert len(v.warnings) == 1 and "2 self-match" in v.warnings[0] and "line 3" in v.warnings[0]
    assert counts_by_pair(v) == {("x", "y"): (1, 0, 1)}


@pytest.mark.parametrize("prefix", ["", "\n", "  \n\n"])
def test_jsonl_self_match_warning_names_the_physical_line(prefix):
    rows = [("x", "y", "tie"), ("y", "x", "model_a"), ("x", "x", "tie")]
    v = parse_votes(prefix + to_jsonl(rows))
    assert f"line {3 + prefix.count(chr(10))}" in v.warnings[0]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "empty"),
        ("\n  \n", 1, "empty"),
        ("model_a,model_b,winner\n", 1, "no votes"),
        ("a,b,winner\nx,y,model_a\n", 1, "missing column(s) model_a, model_b"),
        ("model_a,model_b,winner\nx,y,model_a\nx,y,draw\n", 3, "unknown winner 'draw'"),
        ("model_a,model_b,winner\nx,y,model_a\nx,y\n", 3, "expected at least 3 fields"),
        ("model_a,model_b,winner\nx,y,model_a\n,y,tie\n", 3, "model_a is empty"),
        ('model_a,model_b,winner\n"x\ny",z,tie\nx,y,lost\n', 4, "unknown winner"),
        ('{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x",\n', 2, "invalid JSON"),
        ('{"model_a":"x","model_b":"y","winner":"model_a"}\n\n[1, 2]\n', 3, "expected a JSON object"),
        ('{"model_a":"x","model_b":"y","winner":"tie"}\n{"model_a":"x","winner":"tie"}\n', 2, "model_b"),
        ('{"model_a":"x","model_b":"y","winner":"tie"}\n{"model_a":"x","model_b":7,"winner":"tie"}\n', 2,
         "must be a string"),
        ('{"model_a":"x","model_b":["y"],"winner":"tie"}\n', 1, "must be a string"),
        ('{"model_a":"x","model_b":"y","winner":null}\n', 1, "unknown winner None"),
    ],
)
def test_bad_input_raises_vote_error_with_line_number(text, line, fragment):
    with pytest.raises(VoteError) as info:
        parse_votes(text)
    assert info.value.line == line
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"line {line}:")


def test_invalid_utf8_names_its_line():
    with pytest.raises(VoteError) as info:
        parse_votes(b"model_a,model_b,winner\nx,y,tie\nx,\xff,tie\n")
    assert info.value.line == 3


def test_only_self_matches_is_an_error():
    with pytest.raises(VoteError, match="no votes left"):
        parse_votes(to_csv([("x", "x", "tie")]))


def test_size_and_line_length_limits(tmp_path):
    text = to_csv(ROWS)
    with pytest.raises(VoteError, match="byte limit"):
        parse_votes(text, max_bytes=10)
    path = tmp_path / "v.csv"
    path.write_text(text)
    with pytest.raises(VoteError, match="byte limit"):
        load_votes(path, max_bytes=10)
    long_row = to_csv([("x" * 500, "y", "tie")])
    with pytest.raises(VoteError) as info:
        parse_votes(long_row, max_line_bytes=100)
    assert info.value.line == 2
    assert parse_votes(long_row, max_line_bytes=600).competitors == ("x" * 500, "y")


def test_missing_file_is_a_vote_error(tmp_path):
    with pytest.raises(VoteError, match="cannot read"):
        load_votes(tmp_path / "absent.csv")


def test_in_memory_columns_must_align():
    with pytest.raises(VoteError, match="same length"):
        aggregate_votes(["x"], ["y", "z"], ["tie"])
    with pytest.raises(VoteError, match="no votes"):
        aggregate_votes([], [], [])
    with pytest.raises(VoteError) as info:
        aggregate_votes(["x", "y"], ["y", "x"], ["tie", "win"])
    assert info.value.line == 2


def test_sparse_and_dense_pair_counting_agree(monkeypatch):
    rng = np.random.default_rng(3)
    names = [f"m{i:02d}" for i in range(40)]
    rows = [
        (names[a], names[b], LABELS[w])
        for a, b, w in zip(rng.integers(0, 40, 3000), rng.integers(0, 40, 3000), rng.integers(0, 4, 3000),
                           strict=True)
    ]
    dense = counts_by_pair(aggregate_votes(*map(list, zip(*rows, strict=True))))
    monkeypatch.setattr(votes_module, "_DENSE_PAIR_CELLS", 0)
    sparse = counts_by_pair(aggregate_votes(*map(list, zip(*rows, strict=True))))
    assert dense == sparse == naive_counts(rows)


# --- property tests ------------------------------------------------------------------------------

names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s != "")
votes_rows = st.lists(st.tuples(names, names, st.sampled_from(LABELS)), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=votes_rows)
def test_valid_rows_round_trip_into_the_right_counts(rows):
    expected = naive_counts(rows)
    if not expected:  # only self-matches
        with pytest.raises(VoteError):
            parse_votes(to_csv(rows))
        return
    for text, fmt in ((to_csv(rows), "csv"), (to_jsonl(rows), "jsonl")):
        v = parse_votes(text, fmt=fmt)
        assert counts_by_pair(v) == expected
        assert v.skipped_self_matches == sum(a == b for a, b, _ in rows)
        assert v.n_votes == len(rows) - v.skipped_self_matches


cells = st.text(max_size=15) | st.sampled_from([*LABELS, "", " tie ", "Model_B"])


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cells, max_size=5), max_size=8), header=st.booleans())
def test_arbitrary_csv_rows_only_ever_raise_vote_error(rows, header):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(["model_a", "model_b", "winner"])
    writer.writerows(rows)
    try:
        v = parse_votes(buffer.getvalue(), fmt="csv")
    except VoteError:
        return
    assert v.n_votes > 0 and v.n_competitors >= 2


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | cells,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
records = st.dictionaries(st.sampled_from(["model_a", "model_b", "winner", "x"]), json_values, max_size=4)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(records | json_values, max_size=6))
def test_arbitrary_jsonl_records_only_ever_raise_vote_error(lines):
    text = "\n".join(json.dumps(item) for item in lines)
    try:
        v = parse_votes(text, fmt="jsonl")
    except VoteError:
        return
    assert v.n_votes > 0


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_raise_vote_error(data):
    try:
        v = parse_votes(data)
    except VoteError:
        return
    assert v.n_votes > 0 and len(v.competitors) >= 2
