"""Every read of placements (输送), scoped to what the reader may see: openings (public
when open), job applications (a student's own, a company's, the institute's), placements."""

from .jobs import (
    job_actions,
    job_application_get,
    job_applications,
    job_side_for,
    job_sides,
    job_student,
    passed_courses,
)
from .openings import (
    OpeningView,
    companies_of,
    may_manage,
    opening_get,
    opening_hired,
    opening_view,
    openings_managed,
    openings_open,
    student_enrolment,
)
from .records import (
    active_placement,
    may_end,
    placement_get,
    placements_list,
    placements_started,
)

__all__ = [
    "OpeningView",
    "active_placement",
    "companies_of",
    "job_actions",
    "job_application_get",
    "job_applications",
    "job_side_for",
    "job_sides",
    "job_student",
    "may_end",
    "may_manage",
    "opening_get",
    "opening_hired",
    "opening_view",
    "openings_managed",
    "openings_open",
    "passed_courses",
    "placement_get",
    "placements_list",
    "placements_started",
    "student_enrolment",
]
