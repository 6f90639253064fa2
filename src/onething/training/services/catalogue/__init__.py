"""The institute's catalogue, every write: the institute, programmes, tracks and courses
(``programmes``), cohorts and their lifecycle (``cohorts``), partner companies, advisers
and their classes (``partners``), universities and registrars' accounts
(``universities``), credit agreements (``agreements``). Each in one transaction with
its audit entry.

Who may: the institute's staff (role ``institute_staff`` in the institute's department),
an administrator, the platform; anyone else 403 (another department's officer, a
student, a registrar, a company's staff)."""

from .agreements import agreement_create, agreement_terminate, agreement_update
from .cohorts import cohort_create, cohort_move, cohort_update
from .common import WRITER_ROLES, institute_for, require_staff
from .partners import (
    adviser_assign,
    adviser_create,
    adviser_unassign,
    adviser_update,
    partner_create,
    partner_update,
)
from .programmes import (
    course_create,
    course_update,
    institute_update,
    programme_create,
    programme_update,
    track_create,
    track_update,
)
from .universities import (
    university_account_link,
    university_account_unlink,
    university_create,
    university_update,
)

__all__ = [
    "WRITER_ROLES",
    "adviser_assign",
    "adviser_create",
    "adviser_unassign",
    "adviser_update",
    "agreement_create",
    "agreement_terminate",
    "agreement_update",
    "cohort_create",
    "cohort_move",
    "cohort_update",
    "course_create",
    "course_update",
    "institute_for",
    "institute_update",
    "partner_create",
    "partner_update",
    "programme_create",
    "programme_update",
    "require_staff",
    "track_create",
    "track_update",
    "university_account_link",
    "university_account_unlink",
    "university_create",
    "university_update",
]
