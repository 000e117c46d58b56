"""``python -m evaluation [--split dev|heldout|all] [--part NAME] [--db URL] [--embeddings] [--json]``."""

from __future__ import annotations

import argparse
import json
import sys

from evaluation.metrics import evaluate, render
from evaluation.needs import PARTS, SPLITS, load_needs
from evaluation.systems import bm25_system, build_catalog, embedding_system, matchgraph_system


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    p.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    p.add_argument("--part", action="append", choices=[x for ps in PARTS.values() for x in ps],
                   help="only this part of the split (a file under tests/eval/); repeatable")
    p.add_argument("--db", default=None, help="catalog URL (default: snapshot + pinned evidence in a temp file)")
    p.add_argument("--embeddings", action="store_true", help="add the embedding-only baseline")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    args = p.parse_args(argv)
    needs = load_needs(SPLITS if args.split == "all" else (args.split,),
                       parts=tuple(args.part) if args.part else None)
    cat, loaded = build_catalog(args.db)
    systems = {"matchgraph": matchgraph_system(cat.index), "bm25_only": bm25_system(cat.index)}
    if args.embeddings:
        from evaluation.embedders import load_embedder

        emb = load_embedder()
        systems["embedding_only"] = embedding_system(cat.index, emb.passages, emb.query)
    report = evaluate(cat, needs, systems)
    report["evidence_loaded"] = loaded
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1, default=str)
        print()
    else:
        print(render(report))
        print(f"evidence loaded: {', '.join(loaded) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
