"""Evaluation of matching on labelled needs, outside the package: ``python -m evaluation``.

Hard constraints are checked against the raw source records each result cites (:mod:`evaluation.raw`);
quality needs are graded by evidence (:mod:`evaluation.metrics`). Splits live in ``tests/eval/``.
"""
