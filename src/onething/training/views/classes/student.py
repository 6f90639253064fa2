"""A student's page for the staff and the class's advisers (their attendance, grades and
transcripts; the staff complete or withdraw them and issue a transcript, each refused with
every problem beside its input), and a student's own page: their classes, attendance
rate, grades with pass or fail, and transcripts with their PDFs."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.errors import NotFound, PermissionDenied
from onething.core.permissions import Actor
from onething.web.display import Code, local
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import page_actor

from ...models import Enrolment
from ...rules.classes import ENROLMENT_LIFECYCLE
from ...rules.statuses import ATTENDANCE_LABELS, ATTENDANCE_MARKS, COMPLETED
from ...selectors import classes as selectors
from ...selectors import transcripts as transcript_selectors
from ...services import classes as services
from ...services import transcripts as transcript_services
from ..common import posted, signed_in, url_or_blank
from . import forms as f
from .common import rate_text, status_mark, verdict_mark

PANELS = {
    "complete": (
        gettext_lazy("Complete the class"),
        gettext_lazy("Complete"),
        gettext_lazy(
            "The student completed the class: from then on their transcripts may be issued."
        ),
        f.CompleteForm,
    ),
    "withdraw": (
        gettext_lazy("Withdraw from the class"),
        gettext_lazy("Withdraw"),
        gettext_lazy("The student leaves the class; say why."),
        f.WithdrawForm,
    ),
    "issue": (
        gettext_lazy("Issue a credit transcript"),
        gettext_lazy("Issue"),
        gettext_lazy(
            "The passed courses the university's agreement counts, with its credits and "
            "its grade conversion; signed so that the university verifies it offline."
        ),
        f.IssueForm,
    ),
}


def _moves(actor: Actor, enrolment: Enrolment) -> list[str]:
    department = enrolment.cohort.programme.institute.department_id
    if not selectors.is_staff_of(actor, department):
        return []
    moves = ENROLMENT_LIFECYCLE.actions(enrolment.status, actor.role, system=actor.is_system)
    if enrolment.status == COMPLETED:
        moves.append("issue")
    return moves


def _issue_form(enrolment: Enrolment, data=None) -> f.IssueForm:
    return f.IssueForm(
        data,
        auto_id="issue-%s",
        universities=transcript_selectors.universities_for_issue(enrolment, clock.today()),
        courses=list(enrolment.track.courses.order_by("code")),
        initial={"university": enrolment.university_id},
    )


def _page(request, actor: Actor, enrolment: Enrolment, bound=None, status: int = 200):
    summary = selectors.enrolment_summary(enrolment)
    counts = selectors.attendance_counts([enrolment.pk]).get(enrolment.pk, {})
    staff = selectors.is_staff_of(actor, enrolment.cohort.programme.institute.department_id)
    forms_made = {"issue": _issue_form(enrolment)} if "issue" in _moves(actor, enrolment) else {}
    panels = move_panels(
        _moves(actor, enrolment),
        bound,
        PANELS,
        url=lambda move: reverse("training-enrolment-act", args=[enrolment.number, move]),
        form=lambda move: forms_made.get(move) or PANELS[move][3](auto_id=f"{move}-%s"),
        secondary={"withdraw"},
    )
    context = {
        "title": _("Student %(name)s") % {"name": enrolment.person.name},
        "enrolment": enrolment,
        "number": Code(enrolment.number),
        "status": status_mark(enrolment.status),
        "enrolled_at": local(enrolment.enrolled_at),
        "ended_at": local(enrolment.ended_at),
        "rate": rate_text(summary["rate"]),
        "counts": [(ATTENDANCE_LABELS[m], counts.get(m, 0)) for m in ATTENDANCE_MARKS],
        "courses": [(c, g, verdict_mark(g)) for c, g in summary["courses"]],
        "transcripts": [_transcript_row(t, staff) for t in summary["transcripts"]],
        "class_url": reverse("training-class", args=[enrolment.cohort.code, enrolment.track.code]),
        "panels": panels,
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
    }
    return render(request, "training/classes/enrolment.html", context, status=status)


def _transcript_row(transcript, staff: bool) -> dict:
    return {
        "number": Code(transcript.number),
        "url": url_or_blank("training-transcript", transcript.number) if staff else "",
        "pdf": reverse("training-transcript-pdf", args=[transcript.number]),
        "university": transcript.university.name,
        "credits": transcript.total_credits,
        "issued": local(transcript.issued_at),
        "revoked": local(transcript.revoked_at),
    }


@signed_in
def enrolment_page(request, number: str):
    actor = page_actor(request)
    return _page(request, actor, selectors.enrolment_for_grading(actor, number))


@posted
def enrolment_act(request, number: str, move: str):
    actor = page_actor(request)
    enrolment = selectors.enrolment_for_grading(actor, number)
    if move not in PANELS:
        raise NotFound(_("There is no such action."))
    if move == "issue":
        form = _issue_form(enrolment, request.POST)
    else:
        form = PANELS[move][3](request.POST, auto_id=f"{move}-%s")

    def check() -> None:
        if move in _moves(actor, enrolment):
            return
        if move == "issue":
            raise PermissionDenied(_("Only the institute's staff may do this."))
        ENROLMENT_LIFECYCLE.target(enrolment.status, move, actor.role, system=actor.is_system)

    def perform(data: dict) -> str | tuple[str, str]:
        if move == "complete":
            services.enrolment_complete(actor=actor, number=number, note=data.get("note", ""))
            return _("The student has completed the class.")
        if move == "withdraw":
            services.enrolment_withdraw(actor=actor, number=number, reason=data["reason"])
            return _("The student has withdrawn from the class.")
        transcript, _created = transcript_services.transcript_issue(
            actor=actor,
            enrolment_number=number,
            university=data["university"],
            courses=data["courses"] or None,
            idempotency_key=data.get("idempotency_key") or None,
        )
        return _("The transcript is issued."), reverse(
            "training-transcript", args=[transcript.number]
        )

    return move_posted(
        request,
        move,
        form,
        check=check,
        perform=perform,
        url=reverse("training-enrolment", args=[enrolment.number]),
        refused=lambda bound: _page(request, actor, enrolment, bound=bound, status=422),
    )


# ---------------------------------------------------------------- the student's own


@signed_in
def my_classes_page(request):
    """A student's classes: attendance rate, grades with pass or fail, transcripts."""
    actor = page_actor(request)
    classes = []
    for enrolment in selectors.my_enrolments(actor):
        summary = selectors.enrolment_summary(enrolment)
        classes.append(
            {
                "enrolment": enrolment,
                "number": Code(enrolment.number),
                "status": status_mark(enrolment.status),
                "rate": rate_text(summary["rate"]),
                "courses": [(c, g, verdict_mark(g)) for c, g in summary["courses"]],
                "transcripts": [_transcript_row(t, False) for t in summary["transcripts"]],
            }
        )
    context = {
        "title": _("My classes"),
        "classes": classes,
        "applications_url": url_or_blank("training-my-applications"),
    }
    return render(request, "training/classes/mine.html", context)
