"""Every read of appeals, scoped by the permission layer (the public board and figures read
only what may be published)."""

from .appeals import (
    appeal_contact_reveal,
    appeal_get,
    appeal_timeline,
    appeals_list,
    deadline_info,
    extensions_pending,
)
from .batches import batch_get, batch_progress, batches_list
from .board import board_get, board_list, board_photo
from .directory import (
    categories_tree,
    programmes_list,
    routing_rules_list,
    time_limits,
)
from .figures import FIGURE_FILTERS, appeal_figures
from .figures_table import figures_rows
from .policies import policies_for, policy_get

__all__ = [
    "FIGURE_FILTERS",
    "appeal_contact_reveal",
    "appeal_figures",
    "appeal_get",
    "appeal_timeline",
    "appeals_list",
    "batch_get",
    "batch_progress",
    "batches_list",
    "board_get",
    "board_list",
    "board_photo",
    "categories_tree",
    "deadline_info",
    "extensions_pending",
    "figures_rows",
    "policies_for",
    "policy_get",
    "programmes_list",
    "routing_rules_list",
    "time_limits",
]
