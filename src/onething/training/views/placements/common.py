"""What the placements' pages share: the marks of an opening, a job application and a
placement, their links, a company's name and the choices of the filters."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core import clock
from onething.web.display import Mark

from ...models import Cohort, JobApplication, Opening, PartnerCompany, Placement, Track
from ...rules.placements import accepting, placement_state
from ...rules.statuses import (
    APPLIED,
    HIRED,
    INTERVIEWING,
    JOB_OFFERED,
    JOB_STATUS_LABELS,
    OPENING_OPEN,
    OPENING_STATUS_LABELS,
    PLACEMENT_ACTIVE,
    PLACEMENT_STATE_LABELS,
    label,
)

JOB_KINDS = {APPLIED: "open", INTERVIEWING: "warning", JOB_OFFERED: "warning", HIRED: "closed"}


def company_name(company: PartnerCompany) -> str:
    return company.enterprise.name


def opening_mark(opening: Opening) -> Mark:
    if accepting(opening.status, opening.opens_on, opening.closes_on, clock.today()):
        return Mark(_("Taking applications"), "open")
    if opening.status == OPENING_OPEN and opening.opens_on > clock.today():
        return Mark(_("Not open yet"), "warning")
    if opening.status == OPENING_OPEN:
        return Mark(_("Past its closing day"), "overdue")
    return Mark(OPENING_STATUS_LABELS[opening.status], "closed")


def job_mark(application: JobApplication) -> Mark:
    return Mark(JOB_STATUS_LABELS[application.status], JOB_KINDS.get(application.status, ""))


def placement_mark(placement: Placement) -> Mark:
    state = placement_state(placement.ended_on)
    return Mark(
        label(PLACEMENT_STATE_LABELS, state), "open" if state == PLACEMENT_ACTIVE else "closed"
    )


def opening_link(opening: Opening) -> str:
    return reverse("training-opening", args=[opening.number])


def job_link(application: JobApplication) -> str:
    return reverse("training-job-application", args=[application.pk])


def placement_link(placement: Placement) -> str:
    return reverse("training-placement", args=[placement.pk])


def company_choices(companies) -> list[tuple[int, str]]:
    return [(c.pk, company_name(c)) for c in companies]


def track_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for track in Track.objects.order_by("programme__code", "code"):
        seen.setdefault(track.code, track.name)
    return list(seen.items())


def cohort_choices() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in Cohort.objects.order_by("-starts_on")[:50]]


def listed_companies() -> list[tuple[int, str]]:
    """Every partner company (public: openings are)."""
    return company_choices(
        PartnerCompany.objects.select_related("enterprise").order_by("enterprise__name")[:200]
    )
