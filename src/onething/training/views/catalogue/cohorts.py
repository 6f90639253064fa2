"""The staff's cohorts: the list (filters, cursor pages, export), a new cohort, a
cohort's staff page — its facts, its applications and enrolments (the roll-ups), its
classes with their advisers, the links to its selection and classes when those pages are
installed, and one form per lifecycle move it allows now (confirmed) — and its edit form
(what its state has frozen shown, not offered)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import Conflict
from onething.web.listing import Column, cursor_list_page
from onething.web.panels import move_panels, move_posted

from ...rules.cohorts import (
    CLOSE_APPLICATIONS,
    COHORT_LIFECYCLE,
    FINISH,
    OPEN_APPLICATIONS,
    REOPEN,
    START,
    action_label,
    frozen_fields,
)
from ...selectors import catalogue as selectors
from ...services import catalogue as services
from ..common import form_page, form_view, posted, saved, signed_in, url_or_blank
from .common import cohort_mark, staff_actor, staff_record
from .forms import CohortFilter, CohortForm, MoveForm

# move → (title, button, hint, form class)
MOVES = {
    OPEN_APPLICATIONS: (
        gettext_lazy("Open applications"),
        gettext_lazy("Open applications"),
        gettext_lazy("Students may apply from the window's opening to its close."),
        MoveForm,
    ),
    CLOSE_APPLICATIONS: (
        gettext_lazy("Close applications and select"),
        gettext_lazy("Close applications"),
        gettext_lazy("No more applications: screening, interviews and selection follow."),
        MoveForm,
    ),
    REOPEN: (
        gettext_lazy("Reopen applications"),
        gettext_lazy("Reopen"),
        gettext_lazy("Applications are taken again, within the window."),
        MoveForm,
    ),
    START: (
        gettext_lazy("Start the class"),
        gettext_lazy("Start the class"),
        gettext_lazy("The enrolled students are in class."),
        MoveForm,
    ),
    FINISH: (
        gettext_lazy("Finish the class"),
        gettext_lazy("Finish"),
        gettext_lazy("The class is over; this cannot be undone."),
        MoveForm,
    ),
}


def _filter_form(request, actor) -> CohortFilter:
    return CohortFilter(
        request.GET or None,
        programmes=lambda: [(p.code, p.name) for p in selectors.programmes_list(actor)[:100]],
    )


def cohort_link(cohort) -> str:
    return reverse("training-cohort-manage", args=[cohort.code])


COLUMNS = [
    Column(gettext_lazy("Cohort"), lambda c: c.name, cohort_link),
    Column(gettext_lazy("Class starts on"), lambda c: c.starts_on),
    Column(gettext_lazy("Class ends on"), lambda c: c.ends_on),
    Column(gettext_lazy("Places"), lambda c: c.capacity, count=True),
    Column(gettext_lazy("Applications"), lambda c: c.applications_count, count=True),
    Column(pgettext_lazy("count", "Enrolled"), lambda c: c.enrolled_count, count=True),
    Column(gettext_lazy("State"), lambda c: cohort_mark(c.status)),
]


@signed_in
def cohorts_page(request):
    actor = staff_actor(request)
    form = _filter_form(request, actor)
    return cursor_list_page(
        request,
        title=_("Cohorts"),
        form=form,
        rows=lambda data: selectors.cohorts_list(
            actor, programme=data.get("programme") or "", status=data.get("status") or ""
        ),
        columns=COLUMNS,
        export_name="training-cohorts",
        template="training/catalogue/list.html",
        extra={"new_url": reverse("training-cohort-new"), "new_label": _("New cohort")},
    )


def _programmes(actor):
    return [(p.code, p.name) for p in selectors.programmes_list(actor)[:100]]


def _tracks(actor, programme_code: str = ""):
    found = []
    for programme in selectors.programmes_list(actor)[:100]:
        if programme_code and programme.code != programme_code:
            continue
        found += [(t.code, t.name) for t in programme.tracks.all()]
    return found


@form_view
def cohort_new_page(request):
    actor = staff_actor(request)
    form = CohortForm(
        request.POST or None,
        programmes=_programmes(actor),
        tracks=_tracks(actor),
        initial={"offer_days": 7},
    )
    return form_page(
        request,
        form=form,
        title=_("New cohort"),
        call=lambda: services.cohort_create(
            actor=actor,
            idempotency_key=form.data.get("idempotency_key") or None,
            **form.arguments(),
        ),
        done=lambda cohort: (
            _("The cohort %(c)s is created (planned).") % {"c": cohort.name},
            reverse("training-cohort-manage", args=[cohort.code]),
        ),
        context={"cancel_url": reverse("training-cohorts")},
    )


def _detail(request, actor, code: str, *, bound=None, status: int = 200):
    cohort = selectors.cohort_get(actor, code)
    services.require_staff(actor, cohort.programme.institute)
    panels = move_panels(
        COHORT_LIFECYCLE.actions(cohort.status),
        bound,
        MOVES,
        url=lambda move: reverse("training-cohort-act", args=[cohort.code, move]),
        secondary={FINISH, REOPEN},
    )
    by_track: dict[int, list] = {}
    for assignment in cohort.advisers.all():
        by_track.setdefault(assignment.track_id, []).append(assignment.adviser)
    links = [
        (url, label)
        for url, label in (
            (url_or_blank("training-selection", cohort.code), _("Selection and offers")),
            (url_or_blank("training-applications"), _("Applications")),
            (url_or_blank("training-classes"), _("Classes")),
            (reverse("training-cohort", args=[cohort.code]), _("The public page")),
        )
        if url
    ]
    return render(
        request,
        "training/catalogue/cohort_manage.html",
        {
            "title": cohort.name,
            "cohort": cohort,
            "state": cohort_mark(cohort.status),
            "tracks": [(t, by_track.get(t.pk, [])) for t in cohort.tracks.all()],
            "panels": panels,
            "links": links,
            "editable": frozen_fields(cohort.status) is not None,
        },
        status=status,
    )


@signed_in
def cohort_manage_page(request, code: str):
    return _detail(request, staff_actor(request), code)


@posted
def cohort_act(request, code: str, move: str):
    actor = staff_actor(request)
    url = reverse("training-cohort-manage", args=[code])
    form = MoveForm(request.POST, auto_id=f"{move}-%s")

    def check():
        cohort = selectors.cohort_get(actor, code)
        services.require_staff(actor, cohort.programme.institute)
        COHORT_LIFECYCLE.target(cohort.status, move, actor.role, system=True)

    def perform(data) -> str:
        cohort = services.cohort_move(actor=actor, code=code, action=move, note=data["note"])
        return _("Done: %(a)s. The cohort is now “%(s)s”.") % {
            "a": action_label(move),
            "s": cohort_mark(cohort.status),
        }

    return move_posted(
        request,
        move,
        form,
        check=check,
        perform=perform,
        url=url,
        refused=lambda bound: _detail(request, actor, code, bound=bound, status=422),
    )


@form_view
def cohort_edit_page(request, code: str):
    actor, cohort = staff_record(
        request, selectors.cohort_get, code, institute="programme.institute"
    )
    frozen = frozen_fields(cohort.status)
    if frozen is None:
        raise Conflict(_("The cohort has finished already."), code="cohort_frozen")
    initial = {
        "name": cohort.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "capacity": cohort.capacity,
        "applications_open_at": cohort.applications_open_at,
        "applications_close_at": cohort.applications_close_at,
        "offer_days": cohort.offer_days,
        "tracks": [t.code for t in cohort.tracks.all()],
    }
    form = CohortForm(
        request.POST or None,
        editing=True,
        programmes=[],
        tracks=_tracks(actor, cohort.programme.code),
        initial=initial,
    )
    for name in frozen:
        if name in form.fields:
            form.fields[name].disabled = True
            form.fields[name].help_text = _("It can no longer change.")
    return form_page(
        request,
        form=form,
        title=_("Edit %(c)s") % {"c": cohort.name},
        call=lambda: services.cohort_update(actor=actor, code=code, **form.arguments()),
        done=saved(_("The cohort is saved."), reverse("training-cohort-manage", args=[code])),
        context={"cancel_url": reverse("training-cohort-manage", args=[code])},
    )
