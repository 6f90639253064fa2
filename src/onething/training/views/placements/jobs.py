"""A student's job applications and placements (``training-my-jobs``), and one job
application's page (``training-job-application``) for the student and for the company:
the opening, the student's class, track and passed courses, the interview, the company's
word, and the moves the reader may make now — the company schedules an interview, offers
or turns down; the student withdraws, accepts (a placement is made) or declines, those that
cannot be undone confirmed. Another company's application: 404."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import NotFound
from onething.web.display import local
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import page_actor

from ...rules.placements import (
    DECLINE,
    HIRE,
    INTERVIEW,
    JOB_LIFECYCLE,
    OFFER,
    REJECT,
    STUDENT,
    WITHDRAW,
)
from ...selectors import placements as selectors
from ...services import placements as services
from ..common import form_view, posted
from . import forms as f
from .common import (
    company_name,
    job_link,
    job_mark,
    opening_link,
    placement_link,
    placement_mark,
)

SHOWN = 100  # a student's job applications and placements on their page

PANELS = {
    INTERVIEW: (
        gettext_lazy("Schedule the interview"),
        gettext_lazy("Schedule"),
        gettext_lazy("Schedule it again to move it: the student sees the latest time."),
        f.InterviewForm,
    ),
    OFFER: (
        gettext_lazy("Make an offer"),
        gettext_lazy("Offer the position"),
        gettext_lazy("The student then accepts or declines it."),
        f.OfferForm,
    ),
    REJECT: (
        gettext_lazy("Turn down"),
        gettext_lazy("Turn down"),
        gettext_lazy("The application ends here."),
        f.RejectForm,
    ),
    HIRE: (
        gettext_lazy("Accept the offer"),
        gettext_lazy("Accept"),
        gettext_lazy(
            "You are placed with the company. A student has one active placement at a time."
        ),
        f.HireForm,
    ),
    DECLINE: (
        gettext_lazy("Decline the offer"),
        gettext_lazy("Decline"),
        gettext_lazy("The offer lapses; this application ends."),
        f.StudentMoveForm,
    ),
    WITHDRAW: (
        gettext_lazy("Withdraw the application"),
        gettext_lazy("Withdraw"),
        gettext_lazy("The company no longer considers it."),
        f.StudentMoveForm,
    ),
}
SECONDARY = {REJECT, DECLINE, WITHDRAW}


@form_view
def my_jobs_page(request):
    actor = page_actor(request)
    applications = list(selectors.job_applications(actor, mine=True)[:SHOWN])
    placements = list(selectors.placements_list(actor, mine=True)[:SHOWN])
    enrolment = selectors.student_enrolment(actor)
    return render(
        request,
        "training/placements/my_jobs.html",
        {
            "title": _("My job applications"),
            "student": enrolment is not None,
            "applications": [
                {
                    "url": job_link(a),
                    "title": a.opening.title,
                    "company": company_name(a.opening.company),
                    "applied": local(a.applied_at),
                    "mark": job_mark(a),
                    "interview": local(a.interview_at),
                    "word": a.company_note,
                    "moves": [str(PANELS[m][0]) for m in selectors.job_actions(actor, a)],
                }
                for a in applications
            ],
            "placements": [
                {
                    "company": company_name(p.company),
                    "position": p.position,
                    "started_on": p.started_on,
                    "ended_on": p.ended_on,
                    "mark": placement_mark(p),
                }
                for p in placements
            ],
            "openings_url": reverse("training-openings"),
        },
    )


def _panels(actor, application, bound) -> list:
    return move_panels(
        selectors.job_actions(actor, application),
        bound,
        PANELS,
        url=lambda move: reverse("training-job-act", args=[application.pk, move]),
        secondary=SECONDARY,
    )


def job_detail(request, actor, application_id: int, *, bound=None, status: int = 200):
    application = selectors.job_application_get(actor, application_id)
    sides = selectors.job_sides(actor, application)
    placement = getattr(application, "placement", None) if application.status == "hired" else None
    context = {
        "title": f"{application.opening.title} · {application.person.name}",
        "application": application,
        "opening_url": opening_link(application.opening),
        "company": company_name(application.opening.company),
        "student": selectors.job_student(application),
        "mark": job_mark(application),
        "applied": local(application.applied_at),
        "interview": local(application.interview_at),
        "placement_url": placement_link(placement) if placement else "",
        "panels": _panels(actor, application, bound),
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "back_url": reverse("training-my-jobs")
        if sides == {STUDENT}
        else f"{reverse('training-company')}?company={application.opening.company_id}",
    }
    return render(request, "training/placements/job.html", context, status=status)


@form_view
def job_page(request, application_id: int):
    return job_detail(request, page_actor(request), application_id)


def _perform(actor, application_id: int, move: str, data: dict) -> str:
    if move == INTERVIEW:
        done = services.job_interview(
            actor=actor, application_id=application_id, at=data.get("at"), note=data.get("note")
        )
    elif move == HIRE:
        done = services.job_hire(
            actor=actor, application_id=application_id, started_on=data.get("started_on")
        )
    else:
        service = {
            OFFER: services.job_offer,
            REJECT: services.job_reject,
            DECLINE: services.job_decline,
            WITHDRAW: services.job_withdraw,
        }[move]
        done = service(actor=actor, application_id=application_id, note=data.get("note") or "")
    return _("The application is now “%(s)s”.") % {"s": job_mark(done)}


@posted
def job_act(request, application_id: int, move: str):
    actor = page_actor(request)
    application = selectors.job_application_get(actor, application_id)  # 404 first
    if move not in PANELS:
        raise NotFound(_("There is no such action."))
    side = selectors.job_side_for(actor, application, move)
    return move_posted(
        request,
        move,
        PANELS[move][3](request.POST, auto_id=f"{move}-%s"),
        check=lambda: JOB_LIFECYCLE.target(application.status, move, side),
        perform=lambda data: _perform(actor, application.pk, move, data),
        url=job_link(application),
        refused=lambda bound: job_detail(request, actor, application.pk, bound=bound, status=422),
    )
