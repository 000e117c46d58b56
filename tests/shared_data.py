"""Where the pinned real data lives (../shared/data beside the checkout) and what to do without it.

A test that reads it calls :func:`require_shared` (directly or through a helper): without the data
the test skips with the reason; under ``CI=true``, where the data is always present, it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
LITELLM_JSON = SHARED_DATA / "litellm" / "model_prices_and_context_window.json"
LMARENA_DIR = SHARED_DATA / "lmarena"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def shared_missing(path: Path = SHARED_DATA) -> str | None:
    """Why ``path`` cannot be read, or None when it is there."""
    if path.exists():
        return None
    if not SHARED_DATA.is_dir():
        return f"the pinned data is not at {SHARED_DATA} (no ../shared beside the checkout)"
    return f"the pinned data has no {path.relative_to(SHARED_DATA)}"


def require_shared(path: Path = SHARED_DATA) -> Path:
    """``path`` when it exists; otherwise skip the calling test (fail it in CI)."""
    problem = shared_missing(path)
    if problem:
        if IN_CI:
            pytest.fail(f"CI always has ../shared, but {problem}")
        pytest.skip(problem)
    return path
