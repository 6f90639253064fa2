"""The catalogue's records, read (public: anyone sees them — scopes.py): the institute,
programmes with tracks and courses, cohorts, partner companies with their advisers and
classes, universities, credit agreements with the courses they count; and the one
look-up every part uses, ``agreement_valid_for`` (a university's agreement valid on a
day). Lists are ordered by their keyset (cursor pages) and filtered by what the pages
and the API offer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.permissions import Actor, get_visible, visible

from ...models import (
    Adviser,
    AdviserAssignment,
    AgreementCourse,
    Cohort,
    Course,
    CreditAgreement,
    Institute,
    PartnerCompany,
    Programme,
    Track,
    University,
    UniversityAccount,
)
from ...rules.catalogue import EXPIRED, PENDING, TERMINATED, VALID
from ...rules.statuses import COHORT_STATUSES
from ...scopes import is_institute_staff, is_staff_of


def may_edit(actor: Actor, institute: Institute | None = None) -> bool:
    """Whether the actor writes the catalogue (of ``institute``): its staff, an
    administrator, the platform."""
    return is_staff_of(actor, institute.department_id if institute is not None else None)


def institute_main(actor: Actor) -> Institute | None:
    """The institute the pages are about: the staff's own, else the first."""
    institutes = visible(actor, Institute.objects.select_related("region", "department"))
    if is_institute_staff(actor):
        own = institutes.filter(department_id=actor.department_id).first()
        if own is not None:
            return own
    return institutes.order_by("pk").first()


# ---------------------------------------------------------------- programmes


def _tracks_with_courses() -> Prefetch:
    return Prefetch(
        "tracks",
        queryset=Track.objects.order_by("code").prefetch_related(
            Prefetch("courses", queryset=Course.objects.order_by("code"))
        ),
    )


def programmes_list(actor: Actor, institute: Institute | None = None) -> QuerySet[Programme]:
    rows = visible(actor, Programme.objects.select_related("institute")).order_by("code", "id")
    if institute is not None:
        rows = rows.filter(institute=institute)
    return rows.prefetch_related(_tracks_with_courses())


def programme_get(actor: Actor, code: str) -> Programme:
    return get_visible(
        actor,
        Programme.objects.select_related("institute").prefetch_related(_tracks_with_courses()),
        code=code,
    )


def track_get(actor: Actor, programme_code: str, code: str) -> Track:
    return get_visible(
        actor,
        Track.objects.select_related("programme__institute"),
        programme__code=programme_code,
        code=code,
    )


def course_get(actor: Actor, code: str) -> Course:
    return get_visible(actor, Course.objects.select_related("track__programme"), code=code)


# ---------------------------------------------------------------- cohorts


def status_problem(status: str) -> None:
    if status and status not in COHORT_STATUSES:
        raise ValidationFailed.one(
            "status", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(COHORT_STATUSES)}
        )


def cohorts_list(actor: Actor, *, programme: str = "", status: str = "") -> QuerySet[Cohort]:
    """Cohorts, the latest start first; filters: a programme's code, a status."""
    status_problem(status)
    rows = visible(actor, Cohort.objects.select_related("programme")).order_by("-starts_on", "-id")
    if programme:
        rows = rows.filter(programme__code=programme)
    if status:
        rows = rows.filter(status=status)
    return rows.prefetch_related(Prefetch("tracks", queryset=Track.objects.order_by("code")))


def cohort_get(actor: Actor, code: str) -> Cohort:
    """A cohort with its tracks (and their courses) and its advisers' classes."""
    return get_visible(
        actor,
        Cohort.objects.select_related("programme__institute").prefetch_related(
            Prefetch(
                "tracks",
                queryset=Track.objects.order_by("code").prefetch_related(
                    Prefetch("courses", queryset=Course.objects.order_by("code"))
                ),
            ),
            Prefetch(
                "advisers",
                queryset=AdviserAssignment.objects.select_related(
                    "adviser__company__enterprise", "track"
                ).order_by("track__code", "adviser__name"),
            ),
        ),
        code=code,
    )


def current_cohort(actor: Actor, on: dt.date) -> Cohort | None:
    """The cohort the public pages put first on ``on``: one open for applications or
    running, else the latest started by then, else the next to come."""
    rows = visible(actor, Cohort.objects.select_related("programme"))
    live = rows.filter(status__in=("open", "selecting", "running")).order_by("-starts_on", "-id")
    return (
        live.first()
        or rows.filter(starts_on__lte=on).order_by("-starts_on", "-id").first()
        or rows.order_by("starts_on", "id").first()
    )


# ---------------------------------------------------------------- partners and advisers


def partners_list(actor: Actor, *, q: str = "") -> QuerySet[PartnerCompany]:
    """Partner companies, the earliest to join first, with their advisers and the classes
    those lead; ``q``: a part of the company's name."""
    rows = visible(actor, PartnerCompany.objects.select_related("enterprise", "institute"))
    if q:
        rows = rows.filter(enterprise__name__icontains=q)
    return rows.order_by("joined_on", "id").prefetch_related(
        Prefetch(
            "advisers",
            queryset=Adviser.objects.select_related("account")
            .order_by("name", "id")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=AdviserAssignment.objects.select_related("cohort", "track").order_by(
                        "-cohort__starts_on", "track__code"
                    ),
                )
            ),
        )
    )


def partner_get(actor: Actor, partner_id: int) -> PartnerCompany:
    return get_visible(actor, partners_list(actor), pk=partner_id)


def adviser_get(actor: Actor, adviser_id: int) -> Adviser:
    return get_visible(
        actor,
        Adviser.objects.select_related("company__enterprise", "company__institute", "account"),
        pk=adviser_id,
    )


# ---------------------------------------------------------------- universities


UNIVERSITY_KINDS = ("985", "overseas", "other")


def universities_list(actor: Actor, *, kind: str = "", q: str = "") -> QuerySet[University]:
    """Universities by name; ``kind``: 985, overseas or other; ``q``: a part of the name."""
    if kind and kind not in UNIVERSITY_KINDS:
        raise ValidationFailed.one(
            "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(UNIVERSITY_KINDS)}
        )
    rows = visible(actor, University.objects.all()).order_by("name", "id")
    if kind == "985":
        rows = rows.filter(is_985=True)
    elif kind == "overseas":
        rows = rows.filter(overseas=True)
    elif kind == "other":
        rows = rows.filter(is_985=False, overseas=False)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(english_name__icontains=q))
    return rows


def university_get(actor: Actor, university_id: int) -> University:
    return get_visible(actor, University.objects.all(), pk=university_id)


def university_accounts(actor: Actor, university: University) -> QuerySet[UniversityAccount]:
    """The registrars' accounts of a university (the institute's staff see them)."""
    return visible(actor, UniversityAccount.objects.select_related("user")).filter(
        university=university
    )


# ---------------------------------------------------------------- credit agreements

AGREEMENT_STATES = (PENDING, VALID, EXPIRED, TERMINATED)


def valid_q(day: dt.date, prefix: str = "") -> Q:
    """Agreements (at ``prefix``) that count credits on ``day`` (rules.catalogue.valid_on)."""
    p = f"{prefix}__" if prefix else ""
    return (
        Q(**{f"{p}valid_from__lte": day})
        & (Q(**{f"{p}valid_until__isnull": True}) | Q(**{f"{p}valid_until__gte": day}))
        & (Q(**{f"{p}terminated_on__isnull": True}) | Q(**{f"{p}terminated_on__gt": day}))
    )


def state_q(state: str, day: dt.date) -> Q:
    if state == VALID:
        return valid_q(day)
    if state == TERMINATED:
        return Q(terminated_on__lte=day)
    live = Q(terminated_on__isnull=True) | Q(terminated_on__gt=day)
    if state == PENDING:
        return live & Q(valid_from__gt=day)
    return live & Q(valid_until__lt=day)  # expired


def agreements_list(
    actor: Actor, *, university: int | None = None, state: str = "", on: dt.date | None = None
) -> QuerySet[CreditAgreement]:
    """Credit agreements, the latest start first; filters: a university, a state on
    ``on`` (pending, valid, expired, terminated)."""
    if state and state not in AGREEMENT_STATES:
        raise ValidationFailed.one(
            "state", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(AGREEMENT_STATES)}
        )
    rows = visible(actor, CreditAgreement.objects.select_related("university", "institute"))
    if university:
        rows = rows.filter(university_id=university)
    if state:
        rows = rows.filter(state_q(state, on or clock.today()))
    return rows.order_by("-valid_from", "-id")


def agreement_get(actor: Actor, number: str) -> CreditAgreement:
    """An agreement with the courses it counts (and their tracks)."""
    return get_visible(
        actor,
        CreditAgreement.objects.select_related("university", "institute").prefetch_related(
            Prefetch(
                "courses",
                queryset=AgreementCourse.objects.select_related("course__track").order_by(
                    "course__code"
                ),
            )
        ),
        number=number,
    )


def agreement_valid_for(
    university_id: int, day: dt.date, *, institute_id: int | None = None
) -> CreditAgreement | None:
    """The university's agreement (with ``institute_id``, when given) that counts credits
    on ``day`` (the latest to start, if several), with the courses it counts — what a
    transcript is issued under; None when the university has none that day."""
    rows = CreditAgreement.objects.filter(valid_q(day), university_id=university_id)
    if institute_id is not None:
        rows = rows.filter(institute_id=institute_id)
    return (
        rows.select_related("university", "institute")
        .prefetch_related(
            Prefetch("courses", queryset=AgreementCourse.objects.select_related("course"))
        )
        .order_by("-valid_from", "-id")
        .first()
    )


def agreed_university_ids(day: dt.date, *, institute_id: int | None = None) -> QuerySet:
    """The ids of the universities with an agreement (with ``institute_id``, when given)
    that counts credits on ``day``: a subquery, or a set once listed."""
    rows = CreditAgreement.objects.filter(valid_q(day))
    if institute_id is not None:
        rows = rows.filter(institute_id=institute_id)
    return rows.values_list("university_id", flat=True)


def partner_universities(on: dt.date, *, institute_id: int | None = None) -> QuerySet[University]:
    """The universities with an agreement valid on ``on``."""
    return University.objects.filter(
        pk__in=agreed_university_ids(on, institute_id=institute_id)
    ).order_by("name", "id")
