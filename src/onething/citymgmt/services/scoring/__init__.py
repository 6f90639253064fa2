"""新街·吴韵 scoring, every write: the published criteria, the scoring points (a device's
token, issued once), residents' scores with their abuse limits and the review of flagged
ones, the inspectors' checks, and closing a month."""

from .inspections import inspection_record
from .months import month_close, month_close_last
from .points import criteria_ensure_defaults, scoring_point_register, scoring_point_token_issue
from .scores import KEPT_PHOTOS, score_review, score_submit

__all__ = [
    "KEPT_PHOTOS",
    "criteria_ensure_defaults",
    "inspection_record",
    "month_close",
    "month_close_last",
    "score_review",
    "score_submit",
    "scoring_point_register",
    "scoring_point_token_issue",
]
