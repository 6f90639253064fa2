"""Bundle rules, pure (no database): the coding rule (``codes``), the step graph, a DAG
(``graph``), the one form (``forms``), data passing and the checks on it (``checks``), what
may start and what may conclude, elapsed and relay times (``progress``)."""

from .checks import MISSING, failed_checks, form_only, output_values, resolve
from .codes import AUDIENCE_LETTERS, CODE, bundle_code_problems
from .forms import asked, merged_schema, one_form_parts, part_of, provided
from .graph import REF, StepSpec, ancestors, find_cycle, graph_problems, refs
from .progress import Plan, Timing, concluding_blocked_by, progress, ready_to_start, timing

__all__ = [
    "AUDIENCE_LETTERS",
    "CODE",
    "MISSING",
    "REF",
    "Plan",
    "StepSpec",
    "Timing",
    "ancestors",
    "asked",
    "bundle_code_problems",
    "concluding_blocked_by",
    "failed_checks",
    "find_cycle",
    "form_only",
    "graph_problems",
    "merged_schema",
    "one_form_parts",
    "output_values",
    "part_of",
    "progress",
    "provided",
    "ready_to_start",
    "refs",
    "resolve",
    "timing",
]
