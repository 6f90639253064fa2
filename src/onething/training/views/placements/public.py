"""The openings (岗位): the public list of those taking applications (``training-openings``:
keyset pages, filters by company and track, cards on a phone) and an opening's page
(``training-opening``) where a student applies, and its company's staff (or the
institute's) change or close it."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache

from onething.core.errors import NotFound
from onething.web.listing import Column, cursor_list_page
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...rules.placements import CLOSE, OPENING_LIFECYCLE
from ...selectors import placements as selectors
from ...services import placements as services
from ..common import posted
from . import forms as f
from .common import (
    company_name,
    job_link,
    job_mark,
    listed_companies,
    opening_link,
    opening_mark,
    track_choices,
)

COLUMNS = [
    Column(gettext_lazy("Position title"), lambda o: o.title, opening_link),
    Column(gettext_lazy("Company"), lambda o: company_name(o.company)),
    Column(pgettext_lazy("training track", "Track"), lambda o: o.track.name if o.track_id else ""),
    Column(pgettext_lazy("opening", "City"), lambda o: o.city),
    Column(gettext_lazy("Positions"), lambda o: o.positions, count=True),
    Column(gettext_lazy("Closes on"), lambda o: o.closes_on),
]


def openings_page(request):
    """Public: the openings taking applications today, newest first."""
    actor = page_actor(request)
    form = f.OpeningFilter(
        request.GET or None, companies=listed_companies(), tracks=track_choices()
    )
    manage = selectors.companies_of(actor).exists()
    return cursor_list_page(
        request,
        title=_("Openings"),
        form=form,
        rows=lambda data: selectors.openings_open(
            actor, company=data.get("company"), track=data.get("track") or ""
        ),
        columns=COLUMNS,
        export_name="training-openings",
        template="training/placements/openings.html",
        extra={
            "new_url": reverse("training-opening-new") if manage else "",
            "new_label": _("Post an opening"),
            "student": selectors.student_enrolment(actor) is not None,
            "manage": manage,
        },
    )


PANELS = {
    "apply": (
        gettext_lazy("Apply"),
        gettext_lazy("Send my application"),
        gettext_lazy(
            "The company sees your class, track and the courses you passed. One application "
            "per opening."
        ),
        f.ApplyForm,
    ),
    CLOSE: (
        gettext_lazy("Close the opening"),
        gettext_lazy("Close"),
        gettext_lazy("No more applications; those made are still decided."),
        f.CloseForm,
    ),
}


def _panels(view: selectors.OpeningView, bound: dict | None) -> list:
    allowed = (["apply"] if view.may_apply else []) + [m for m in view.moves if m in PANELS]
    return move_panels(
        allowed,
        bound,
        PANELS,
        url=lambda move: reverse("training-opening-act", args=[view.opening.number, move]),
        secondary={CLOSE},
    )


def opening_detail(request, actor, number: str, *, bound=None, status: int = 200):
    opening = selectors.opening_get(actor, number)
    view = selectors.opening_view(actor, opening)
    context = {
        "title": opening.title,
        "opening": opening,
        "company": company_name(opening.company),
        "mark": opening_mark(opening),
        "view": view,
        "mine": {"url": job_link(view.mine), "mark": job_mark(view.mine)} if view.mine else None,
        "panels": _panels(view, bound),
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "edit_url": reverse("training-opening-edit", args=[opening.number])
        if "edit" in view.moves
        else "",
        "applicants_url": f"{reverse('training-company')}?company={opening.company_id}"
        f"&opening={opening.number}"
        if view.manage
        else "",
        "back_url": reverse("training-openings"),
    }
    return render(request, "training/placements/opening.html", context, status=status)


@never_cache
@domain_errors_as_pages
def opening_page(request, number: str):
    return opening_detail(request, page_actor(request), number)


@posted
def opening_act(request, number: str, move: str):
    actor = page_actor(request)
    opening = selectors.opening_get(actor, number)  # 404 first
    if move not in PANELS:
        raise NotFound(_("There is no such action."))
    form = PANELS[move][3](request.POST, auto_id=f"{move}-%s")

    def perform(data: dict) -> str:
        if move == "apply":
            services.job_apply(
                actor=actor,
                number=opening.number,
                note=data.get("note") or "",
                idempotency_key=data.get("idempotency_key") or None,
            )
            return _("Your application is sent: follow it under My job applications.")
        services.opening_close(actor=actor, number=opening.number, note=data.get("note") or "")
        return _("The opening is closed.")

    return move_posted(
        request,
        move,
        form,
        check=lambda: move == "apply" or OPENING_LIFECYCLE.target(opening.status, move),
        perform=perform,
        url=reverse("training-opening", args=[opening.number]),
        refused=lambda bound: opening_detail(request, actor, number, bound=bound, status=422),
    )
