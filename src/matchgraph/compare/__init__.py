"""Head-to-head comparisons: one pure builder, one data object, JSON / Markdown / HTML renderers.

The names below load with their modules on first use, so importing one submodule (the terminal's
passport view reads ``compare.table``) does not load the builder and every section with it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchgraph.compare.builder import build_comparison
    from matchgraph.compare.model import CompareContext, Comparison, Row
    from matchgraph.compare.render_json import to_dict
    from matchgraph.compare.workload import Workload, WorkloadError, default_workload, parse_workload

_WHERE = {
    "build_comparison": "builder",
    "CompareContext": "model",
    "Comparison": "model",
    "Row": "model",
    "to_dict": "render_json",
    "Workload": "workload",
    "WorkloadError": "workload",
    "default_workload": "workload",
    "parse_workload": "workload",
}

__all__ = [
    "CompareContext",
    "Comparison",
    "Row",
    "Workload",
    "WorkloadError",
    "build_comparison",
    "default_workload",
    "parse_workload",
    "to_dict",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
