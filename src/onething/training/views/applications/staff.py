"""The institute staff's applications: the list (filtered by cohort, status, track and
university; read by cursor; a table on a desktop, cards on a phone; CSV and .xlsx), one
application's page — the student's answers, the files (their student and the staff
only), the interview scores, the timeline — with the moves open now (pass or reject at
screening, one's interview score); and an application's file."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import NotFound
from onething.core.permissions import Actor
from onething.core.uploads import stored_response
from onething.web.display import local
from onething.web.listing import Column, cursor_list_page
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import page_actor

from ...models import Application, Cohort, Track
from ...rules.applications import APPLICATION_LIFECYCLE, REJECT, SCREEN, action_label
from ...rules.statuses import DEGREE_LABELS, label
from ...scopes import of_staff
from ...selectors import applications as selectors
from ...services.applications import application_reject, application_screen
from ...services.interviews import interview_record
from ..common import posted, signed_in
from . import forms as f
from .common import deadline_text, file_link, staff_link, status_mark, timeline_of, tracks_text

COLUMNS = [
    Column(gettext_lazy("Number"), lambda a: a.number, staff_link),
    Column(gettext_lazy("Student"), lambda a: a.person.name),
    Column(gettext_lazy("Cohort"), lambda a: a.cohort.name),
    Column(gettext_lazy("University"), lambda a: a.university.name),
    Column(gettext_lazy("Major"), lambda a: a.major),
    Column(pgettext_lazy("training application", "Tracks chosen"), tracks_text),
    Column(gettext_lazy("Status"), status_mark),
    Column(gettext_lazy("Interview score"), lambda a: a.score if a.score is not None else ""),
    Column(gettext_lazy("Track offered"), lambda a: a.track.name if a.track_id else ""),
    Column(gettext_lazy("Answer by"), deadline_text),
    Column(gettext_lazy("Submitted"), lambda a: local(a.submitted_at)),
]


@signed_in
def applications_page(request):
    actor = page_actor(request)
    selectors.require_institute_staff(actor)
    cohorts = list(
        of_staff(actor, Cohort.objects.order_by("-starts_on"), "programme__institute").values_list(
            "code", "name"
        )[:50]
    )
    tracks = list(
        of_staff(actor, Track.objects.order_by("code"), "programme__institute")
        .values_list("code", "name")
        .distinct()
    )
    form = f.ApplicationFilter(
        request.GET or None,
        cohorts=cohorts,
        tracks=tracks,
        universities=selectors.university_choices(),
    )
    return cursor_list_page(
        request,
        title=_("Training applications"),
        form=form,
        rows=lambda data: selectors.applications_list(
            actor,
            cohort=data.get("cohort") or "",
            status=data.get("status") or "",
            track=data.get("track") or "",
            university=data.get("university"),
        ),
        columns=COLUMNS,
        export_name="training-applications",
        template="training/applications/list.html",
        extra={
            "selection_links": [
                (name, reverse("training-selection", args=[code])) for code, name in cohorts[:5]
            ]
        },
    )


# ---------------------------------------------------------------------- one application

PANELS = {
    SCREEN: (
        gettext_lazy("Pass the screening"),
        gettext_lazy("Pass"),
        gettext_lazy("The application goes on to the interviews."),
        f.ScreenForm,
    ),
    REJECT: (
        gettext_lazy("Reject at screening"),
        gettext_lazy("Reject"),
        gettext_lazy("Say why: the student sees it."),
        f.RejectForm,
    ),
    "interview": (
        gettext_lazy("Your interview score"),
        gettext_lazy("Save the score"),
        gettext_lazy("One score per interviewer: saving again replaces yours."),
        f.InterviewForm,
    ),
}


def detail_page(request, actor: Actor, application: Application, *, bound=None, status=200):
    context = {
        "title": _("Application %(n)s") % {"n": application.number},
        "application": application,
        "status": status_mark(application),
        "degree": label(DEGREE_LABELS, application.degree),
        "deadline": deadline_text(application),
        "position": selectors.waiting_position(application),
        "credits_transfer": selectors.credits_transfer(application),
        "submitted": local(application.submitted_at),
        "files": [(a, file_link(application, a)) for a in application.files.all()],
        "interviews": [
            {
                "who": i.interviewer.display_name,
                "score": i.score,
                "note": i.note,
                "at": local(i.held_at),
            }
            for i in selectors.interviews_of(actor, application)
        ],
        "timeline": timeline_of(application),
        "panels": move_panels(
            selectors.application_moves(actor, application),
            bound,
            PANELS,
            url=lambda move: reverse("training-application-act", args=[application.number, move]),
            secondary={REJECT},
        ),
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "list_url": reverse("training-applications") + f"?cohort={application.cohort.code}",
        "selection_url": reverse("training-selection", args=[application.cohort.code]),
    }
    return render(request, "training/applications/application.html", context, status=status)


@signed_in
def application_page(request, number: str):
    actor = page_actor(request)
    selectors.require_institute_staff(actor)
    return detail_page(request, actor, selectors.application_get(actor, number))


@posted
def application_act(request, number: str, move: str):
    actor = page_actor(request)
    selectors.require_institute_staff(actor)
    application = selectors.application_get(actor, number)  # another institute's: 404
    if move not in PANELS:
        raise NotFound(_("There is no such action."))

    def perform(data: dict) -> str:
        note = data.get("note") or ""
        if move == SCREEN:
            application_screen(actor=actor, number=number, note=note)
        elif move == REJECT:
            application_reject(actor=actor, number=number, note=note)
        else:
            interview_record(actor=actor, number=number, score=data.get("score") or "", note=note)
        return _("Done: %(a)s.") % {"a": action_label(move)}

    return move_posted(
        request,
        move,
        PANELS[move][3](request.POST, auto_id=f"{move}-%s"),
        check=lambda: APPLICATION_LIFECYCLE.target(application.status, move, actor.role),
        perform=perform,
        url=reverse("training-application", args=[number]),
        refused=lambda bound: detail_page(
            request, actor, selectors.application_get(actor, number), bound=bound, status=422
        ),
    )


@signed_in
def application_file(request, number: str, file_id: int):
    """A file of an application, for its student and the institute's staff only (anyone
    else: 404)."""
    attached = selectors.application_file_get(page_actor(request), number, file_id)
    return stored_response(
        attached.file, content_type=attached.content_type, filename=attached.name
    )
