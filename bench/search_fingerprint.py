"""Results-identity check: every evaluation need searched, its whole answer written as JSON.

Run before and after a change that should not alter what search returns, then compare:
``python bench/search_fingerprint.py OUT.json [--db URL]`` and ``diff`` (or ``--compare OLD.json``).
The answer is the ``search()`` document without its event id (results with scores, components and
reasons, constraints, the reading of the need), for every need of tests/eval/*.yaml, plus ``resolve()``
on the bench's phrases. Searches are not logged, so learned state stays as loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import matchgraph  # noqa: F401  (first: it sets the BLAS thread count NumPy reads as it loads)

# isort: split
from bench_search import RESOLVE, eval_needs

from matchgraph.service.context import Services
from matchgraph.service.search import resolve, search
from matchgraph.service.snapshot import init_catalog
from matchgraph.settings import Settings
from matchgraph.store import open_store

LONG = ("I run a small shop and need a model that reads invoices in German and French, returns JSON with the "
        "totals, costs under $0.5 per million input tokens, has 128k context, no vision needed, and is not from "
        "openai. ")


def fingerprint(services: Services) -> dict[str, object]:
    out: dict[str, object] = {}
    needs = [*eval_needs(), LONG * 20, LONG * 60, "🙂" * 500, "0.5 " * 800]
    for need in needs:
        doc = search(services, need, log=False)
        doc.pop("event_id", None)
        out[f"search:{need}"] = doc
    for phrase in RESOLVE:
        for risk in ("default", "strict"):
            doc = resolve(services, phrase, risk=risk, log=False)
            doc.pop("event_id", None)
            out[f"resolve:{risk}:{phrase}"] = doc
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", help="where to write the JSON")
    parser.add_argument("--db", default=None, help="catalog URL (default: a temporary SQLite file from the snapshot)")
    parser.add_argument("--compare", default=None, help="an earlier output: print the keys whose answer differs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(Settings(db_url=args.db or f"sqlite:///{tmp}/fp.db"))
        if args.db is None:
            init_catalog(engine)
        start = time.perf_counter()
        data = fingerprint(Services(engine))
        print(f"{len(data)} answers in {time.perf_counter() - start:.1f} s")
        engine.dispose()
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        new = json.loads(Path(args.out).read_text(encoding="utf-8"))
        differ = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        for k in differ:
            print("differs:", k[:120])
        print(f"{len(differ)} of {len(new)} answers differ")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
