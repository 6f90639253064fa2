"""Every write of placements (输送): openings, students' job applications and their
moves, placements (made on hire or recorded directly) and their end."""

from .jobs import (
    job_apply,
    job_decline,
    job_hire,
    job_interview,
    job_offer,
    job_reject,
    job_withdraw,
)
from .openings import opening_close, opening_create, opening_number, opening_update
from .records import placement_end, placement_record

__all__ = [
    "job_apply",
    "job_decline",
    "job_hire",
    "job_interview",
    "job_offer",
    "job_reject",
    "job_withdraw",
    "opening_close",
    "opening_create",
    "opening_number",
    "opening_update",
    "placement_end",
    "placement_record",
]
