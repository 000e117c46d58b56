"""Output helpers that import nothing heavy (the replayed and cached paths of matchgraph.cli use them)."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(payload: Any) -> None:
    """One JSON document on stdout."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
