"""A company's pages (``training-company``): its openings with their applicants and hires,
the applicants (each student's class, track and passed courses; keyset pages, filters by
opening and status, CSV/.xlsx) and its active placements; posting an opening
(``training-opening-new``) and changing one (``training-opening-edit``). For a partner
company's staff (their company) and the institute's staff (any company of theirs: ?company=)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import PermissionDenied
from onething.web.display import local
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import page_actor

from ...rules.placements import EDIT, OPENING_LIFECYCLE
from ...rules.statuses import HIRED
from ...selectors import placements as selectors
from ...services import placements as services
from ..common import form_page, form_view, saved
from . import forms as f
from .common import (
    company_choices,
    company_name,
    job_link,
    job_mark,
    opening_link,
    opening_mark,
    placement_link,
    track_choices,
)

SHOWN = 50  # openings and active placements on the company's page


def _companies(actor) -> list:
    companies = list(selectors.companies_of(actor).order_by("enterprise__name")[:200])
    if not companies:
        raise PermissionDenied(
            _("This page is for partner companies' staff and the institute's staff."),
            code="not_a_company",
        )
    return companies


def _passed(application) -> str:
    return "、".join(selectors.job_student(application)["passed_courses"])


APPLICANT_COLUMNS = [
    Column(gettext_lazy("Applied"), lambda a: local(a.applied_at), job_link),
    Column(gettext_lazy("Student"), lambda a: a.person.name),
    Column(gettext_lazy("Class"), lambda a: a.enrolment.cohort.name),
    Column(pgettext_lazy("training track", "Track"), lambda a: a.enrolment.track.name),
    Column(gettext_lazy("University"), lambda a: a.enrolment.university.name),
    Column(gettext_lazy("Courses passed"), _passed),
    Column(gettext_lazy("Opening"), lambda a: a.opening.title),
    Column(gettext_lazy("Status"), job_mark),
    Column(gettext_lazy("Interview"), lambda a: local(a.interview_at)),
]


@form_view
def company_page(request):
    actor = page_actor(request)
    companies = _companies(actor)
    chosen = None
    wanted = request.GET.get("company") or ""
    if len(companies) == 1:
        chosen = companies[0]
    elif wanted.isdigit():
        chosen = next((c for c in companies if c.pk == int(wanted)), None)
    company_id = chosen.pk if chosen else None
    openings = list(
        selectors.openings_managed(actor, company=company_id).annotate(
            applicants=Count("applications"),
            hired=Count("applications", filter=Q(applications__status=HIRED)),
        )[:SHOWN]
    )
    placements = list(selectors.placements_list(actor, company=company_id, active=True)[:SHOWN])
    choices = [(o.number, f"{o.title}（{o.number}）") for o in openings]
    wanted_opening = request.GET.get("opening") or ""
    if wanted_opening and wanted_opening not in {n for n, _label in choices}:
        choices.append((wanted_opening[:20], wanted_opening[:20]))  # an older one, by its link
    form = f.ApplicantFilter(request.GET or None, openings=choices)
    return cursor_list_page(
        request,
        title=company_name(chosen) if chosen else _("Partner companies' recruiting"),
        form=form,
        rows=lambda data: selectors.job_applications(
            actor,
            company=company_id,
            opening=data.get("opening") or "",
            status=data.get("status") or "",
        ),
        columns=APPLICANT_COLUMNS,
        export_name="training-applicants",
        template="training/placements/company.html",
        extra={
            "new_url": reverse("training-opening-new")
            + (f"?company={company_id}" if company_id else ""),
            "new_label": _("Post an opening"),
            "companies": [
                {
                    "name": company_name(c),
                    "url": f"{reverse('training-company')}?company={c.pk}",
                    "current": c.pk == company_id,
                }
                for c in companies
            ]
            if len(companies) > 1
            else [],
            "openings": [
                {
                    "title": o.title,
                    "number": o.number,
                    "url": opening_link(o),
                    "company": company_name(o.company),
                    "mark": opening_mark(o),
                    "positions": o.positions,
                    "applicants": o.applicants,
                    "hired": o.hired,
                    "closes_on": o.closes_on,
                }
                for o in openings
            ],
            "placements": [
                {
                    "student": p.person.name,
                    "position": p.position,
                    "company": company_name(p.company),
                    "started_on": p.started_on,
                    "url": placement_link(p),
                }
                for p in placements
            ],
            "placements_url": reverse("training-placements")
            + (f"?company={company_id}" if company_id else ""),
            "show_company": chosen is None,
        },
    )


def _opening_form(request, form, *, title: str, call, done, opening=None):
    """Posting an opening or changing one: the one staff form's answer, on its own page."""
    return form_page(
        request,
        form=form,
        title=title,
        call=call,
        done=done,
        renames=f.OPENING_INPUTS,
        template="training/placements/opening_form.html",
        context={
            "opening": opening,
            "back_url": opening_link(opening) if opening else reverse("training-company"),
        },
    )


@form_view
def opening_new(request):
    actor = page_actor(request)
    companies = company_choices(_companies(actor))
    initial = {}
    if (wanted := request.GET.get("company") or "").isdigit():
        initial["company"] = int(wanted)
    form = f.OpeningForm(
        request.POST or None, companies=companies, tracks=track_choices(), initial=initial
    )
    return _opening_form(
        request,
        form,
        title=_("Post an opening"),
        call=lambda: services.opening_create(
            actor=actor,
            **form.service_arguments(),
            idempotency_key=form.data.get("idempotency_key") or None,
        ),
        done=lambda opening: (
            _("The opening %(n)s is posted.") % {"n": opening.number},
            opening_link(opening),
        ),
    )


@form_view
def opening_edit(request, number: str):
    actor = page_actor(request)
    opening = selectors.opening_get(actor, number)
    if not selectors.may_manage(actor, opening.company):
        raise PermissionDenied(
            _("Only the company's staff and the institute's staff may change its openings."),
            code="not_your_company",
        )
    OPENING_LIFECYCLE.target(opening.status, EDIT)  # 409 once closed
    initial = {
        "title": opening.title,
        "track": opening.track.code if opening.track_id else "",
        "city": opening.city,
        "positions": opening.positions,
        "description": opening.description,
        "opens_on": opening.opens_on,
        "closes_on": opening.closes_on,
    }
    form = f.EditOpeningForm(request.POST or None, tracks=track_choices(), initial=initial)
    return _opening_form(
        request,
        form,
        title=_("Change the opening %(n)s") % {"n": opening.number},
        call=lambda: services.opening_update(
            actor=actor, number=opening.number, **form.service_arguments()
        ),
        done=saved(_("The opening is changed."), opening_link(opening)),
        opening=opening,
    )
