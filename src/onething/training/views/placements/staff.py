"""The placements (输送): the institute's list (``training-placements``: keyset pages,
filters by company, cohort, year and state, CSV/.xlsx; a company's staff see their own
there too), a placement recorded directly for one made outside the platform
(``training-placement-new``, the institute's staff), and a placement's page
(``training-placement``) where its company or the institute records its end."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import PermissionDenied
from onething.web.display import local
from onething.web.listing import Column, cursor_list_page
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import page_actor

from ...scopes import is_staff_of
from ...selectors import placements as selectors
from ...services import placements as services
from ..common import form_page, form_view, posted
from . import forms as f
from .common import (
    cohort_choices,
    company_choices,
    company_name,
    job_link,
    placement_link,
    placement_mark,
)

COLUMNS = [
    Column(gettext_lazy("Student"), lambda p: p.person.name, placement_link),
    Column(gettext_lazy("Student number"), lambda p: p.enrolment.number),
    Column(gettext_lazy("Class"), lambda p: p.enrolment.cohort.name),
    Column(pgettext_lazy("training track", "Track"), lambda p: p.enrolment.track.name),
    Column(gettext_lazy("Company"), lambda p: company_name(p.company)),
    Column(gettext_lazy("Position"), lambda p: p.position),
    Column(gettext_lazy("Started on"), lambda p: p.started_on),
    Column(gettext_lazy("Ended on"), lambda p: p.ended_on),
    Column(gettext_lazy("State"), placement_mark),
]


@form_view
def placements_page(request):
    actor = page_actor(request)
    companies = list(selectors.companies_of(actor).order_by("enterprise__name")[:200])
    if not companies:
        raise PermissionDenied(
            _("This page is for the institute's staff and partner companies' staff."),
            code="not_institute_staff",
        )
    form = f.PlacementFilter(
        request.GET or None, companies=company_choices(companies), cohorts=cohort_choices()
    )
    return cursor_list_page(
        request,
        title=_("Placements"),
        form=form,
        rows=lambda data: selectors.placements_list(actor, **form.selector_arguments(data)),
        columns=COLUMNS,
        export_name="training-placements",
        template="training/placements/placements.html",
        extra={
            "new_url": reverse("training-placement-new") if is_staff_of(actor) else "",
            "new_label": _("Record a placement"),
        },
    )


@form_view
def placement_new(request):
    actor = page_actor(request)
    if not is_staff_of(actor):
        raise PermissionDenied(
            _("Only the institute's staff record placements made outside the platform."),
            code="not_institute_staff",
        )
    companies = company_choices(selectors.companies_of(actor).order_by("enterprise__name")[:200])
    form = f.PlacementForm(request.POST or None, companies=companies)
    return form_page(
        request,
        form=form,
        title=_("Record a placement"),
        call=lambda: services.placement_record(
            actor=actor,
            **form.service_arguments(),
            idempotency_key=form.data.get("idempotency_key") or None,
        ),
        done=lambda placement: (_("The placement is recorded."), placement_link(placement)),
        renames=f.PLACEMENT_INPUTS,
        template="training/placements/placement_new.html",
        context={"back_url": reverse("training-placements")},
    )


PANELS = {
    "end": (
        gettext_lazy("The placement ended"),
        gettext_lazy("Record the end"),
        gettext_lazy("The student may then be placed again."),
        f.EndForm,
    )
}


def placement_detail(request, actor, placement_id: int, *, bound=None, status: int = 200):
    placement = selectors.placement_get(actor, placement_id)
    allowed = ["end"] if selectors.may_end(actor, placement) else []
    context = {
        "title": f"{placement.person.name} · {company_name(placement.company)}",
        "placement": placement,
        "company": company_name(placement.company),
        "mark": placement_mark(placement),
        "recorded": local(placement.recorded_at),
        "application_url": job_link(placement.application) if placement.application_id else "",
        "panels": move_panels(
            allowed,
            bound,
            PANELS,
            url=lambda move: reverse("training-placement-end", args=[placement.pk]),
            secondary={"end"},
        ),
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "back_url": reverse("training-placements"),
    }
    return render(request, "training/placements/placement.html", context, status=status)


@form_view
def placement_page(request, placement_id: int):
    return placement_detail(request, page_actor(request), placement_id)


@posted
def placement_end(request, placement_id: int):
    actor = page_actor(request)
    placement = selectors.placement_get(actor, placement_id)  # 404 first

    def perform(data: dict) -> str:
        services.placement_end(
            actor=actor,
            placement_id=placement.pk,
            ended_on=data.get("ended_on"),
            note=data.get("note") or "",
        )
        return _("The end of the placement is recorded.")

    return move_posted(
        request,
        "end",
        f.EndForm(request.POST, auto_id="end-%s"),
        check=lambda: None,
        perform=perform,
        url=placement_link(placement),
        refused=lambda bound: placement_detail(
            request, actor, placement.pk, bound=bound, status=422
        ),
    )
