"""Head-to-head comparisons: one pure builder, one data object, JSON / Markdown / HTML renderers."""

from matchgraph.compare.builder import build_comparison
from matchgraph.compare.model import CompareContext, Comparison, Row
from matchgraph.compare.render_json import to_dict
from matchgraph.compare.workload import Workload, WorkloadError, default_workload, parse_workload

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
