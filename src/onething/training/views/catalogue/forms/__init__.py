"""The forms of the catalogue's staff pages: the institute, programmes, tracks, courses and
cohorts (``programmes``); partners, advisers, universities and agreements (``partners``)."""

from .partners import (
    PARTNER_INPUTS,
    AccountForm,
    AdviserForm,
    AgreementForm,
    AssignForm,
    PartnerForm,
    TerminateForm,
    UnassignForm,
    UniversityForm,
)
from .programmes import (
    CohortFilter,
    CohortForm,
    CourseForm,
    InstituteForm,
    MoveForm,
    ProgrammeForm,
    TrackForm,
)

__all__ = [
    "PARTNER_INPUTS",
    "AccountForm",
    "AdviserForm",
    "AgreementForm",
    "AssignForm",
    "CohortFilter",
    "CohortForm",
    "CourseForm",
    "InstituteForm",
    "MoveForm",
    "PartnerForm",
    "ProgrammeForm",
    "TerminateForm",
    "TrackForm",
    "UnassignForm",
    "UniversityForm",
]
