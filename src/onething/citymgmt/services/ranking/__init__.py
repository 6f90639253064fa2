"""红黑榜's writes: the categories and sites (setup.py), a batch drafted, reopened,
approved and published with its rectifications (batches.py), the sites' scores
(scores.py) and the draw (draw.py). Each in one transaction with its timeline line and
its audit entry."""

from .batches import (
    RECTIFICATION_WORKING_DAYS,
    batch_approve,
    batch_create,
    batch_publish,
    batch_reopen,
    required_text,
)
from .draw import batch_draw, street_scores
from .scores import batch_site_scores, batch_site_scores_upload
from .setup import category_define, site_register

__all__ = [
    "RECTIFICATION_WORKING_DAYS",
    "batch_approve",
    "batch_create",
    "batch_draw",
    "batch_publish",
    "batch_reopen",
    "batch_site_scores",
    "batch_site_scores_upload",
    "category_define",
    "required_text",
    "site_register",
    "street_scores",
]
