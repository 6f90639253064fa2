"""The staff's scoring pages: the review queue (the flagged scores, oldest first; any
status by filter; exported as CSV or .xlsx) with today's and this month's refusals by
reason, one score's review (accept or reject), and the inspectors' checks (an inspector
records one, every problem at once, and sees their own)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.errors import Conflict, NotFound, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import in_parts, require_role
from onething.core.uploads import open_stored
from onething.web.display import Mark, local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...rules.scoring import (
    FLAGGED,
    REFUSAL_LABELS,
    REFUSAL_REASONS,
    SCORE_REVIEW,
    flag_label,
    month_after,
    month_start,
)
from ...selectors import scoring as selectors
from ...services import scoring as services
from .forms import InspectionForm, NoFilter, ReviewForm, ScoreFilter

REVIEW_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
INSPECTION_ROLES = (Role.INSPECTOR, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
STATUS_KINDS = {"counted": "closed", "flagged": "warning", "rejected": "overdue"}


def _score_link(score) -> str:
    return reverse("city-score-review-one", args=[score.pk])


SCORE_COLUMNS = [
    Column(gettext_lazy("Scored at"), lambda s: local(s.created_at), _score_link),
    Column(gettext_lazy("Street"), lambda s: s.street.name),
    Column(gettext_lazy("Channel"), lambda s: s.get_channel_display()),
    Column(gettext_lazy("Mean mark"), lambda s: Decimal(s.average_centi) / 100),
    Column(
        gettext_lazy("Status"),
        lambda s: Mark(s.get_status_display(), STATUS_KINDS.get(s.status, "open")),
    ),
    Column(
        gettext_lazy("Why flagged"), lambda s: flag_label(s.flag_reason) if s.flag_reason else ""
    ),
    Column(gettext_lazy("Comment"), lambda s: s.comment),
]


def _refusals(actor) -> list[dict]:
    today = clock.today()
    day = selectors.refusal_totals(actor, today, today + dt.timedelta(days=1))
    month = selectors.refusal_totals(actor, month_start(today), month_after(month_start(today)))
    return [
        {"reason": r, "label": REFUSAL_LABELS[r], "today": day[r], "month": month[r]}
        for r in REFUSAL_REASONS
    ]


@login_required
@domain_errors_as_pages
def review_page(request):
    """复核: the flagged scores (by default) of the streets the actor may see."""
    actor = page_actor(request)
    require_role(actor, *REVIEW_ROLES)
    flagged_only = "status" not in request.GET

    def rows(data):
        status = FLAGGED if flagged_only else data.get("status") or ""
        street = data.get("street") or ""
        if status == FLAGGED and not street:
            return in_parts(actor, lambda part: selectors.flagged_scores(actor, part))
        return in_parts(
            actor,
            lambda part: selectors.scores_list(actor, status=status, street_code=street, part=part),
        )

    return list_page(
        request,
        title=_("Street scores to review"),
        form_class=ScoreFilter,
        rows=rows,
        columns=SCORE_COLUMNS,
        export_name="street-scores",
        template="citymgmt/scoring/review.html",
        extra={"refusals": _refusals(actor), "flagged_only": flagged_only},
    )


@login_required
@domain_errors_as_pages
def review_one_page(request, score_id: int):
    """One score, its photo and comment; the office accepts or rejects a flagged one."""
    actor = page_actor(request)
    require_role(actor, *REVIEW_ROLES)
    score = selectors.score_get(actor, score_id)
    can_review = SCORE_REVIEW.actions(score.status, actor.role, system=actor.is_system) and (
        selectors.reviews_street(actor, score.street)
    )
    form = ReviewForm(request.POST if request.method == "POST" else None) if can_review else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            try:
                services.score_review(
                    actor=actor,
                    score_id=score.pk,
                    action=form.cleaned_data["action"],
                    note=form.cleaned_data["note"],
                )
            except ValidationFailed as error:
                problems_on(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("The score is reviewed."))
                return redirect("city-score-review")
    criteria = {c.code: c.name for c in selectors.criteria_active()}
    context = {
        "title": _("A street score"),
        "score": score,
        "marks": [(criteria.get(code, code), mark) for code, mark in score.marks.items()],
        "average": f"{score.average_centi / 100:.2f}",
        "flag": flag_label(score.flag_reason) if score.flag_reason else "",
        "scored_at": local(score.created_at),
        "reviewed_at": local(score.reviewed_at),
        "form": form,
    }
    return render(request, "citymgmt/scoring/review_one.html", context, status=status)


@login_required
@domain_errors_as_pages
def score_photo(request, score_id: int):
    actor = page_actor(request)
    require_role(actor, *REVIEW_ROLES)
    score = selectors.score_get(actor, score_id)
    if not score.photo:
        raise NotFound(_("This score has no photo."))
    kind = "image/png" if score.photo.name.lower().endswith(".png") else "image/jpeg"
    return FileResponse(open_stored(score.photo), content_type=kind)


def _inspection_columns():
    return [
        Column(gettext_lazy("Day"), lambda i: i.day.isoformat()),
        Column(gettext_lazy("Street"), lambda i: i.street.name),
        Column(gettext_lazy("Mark (0–100)"), lambda i: i.mark, count=True),
        Column(gettext_lazy("What was found"), lambda i: i.findings),
        Column(gettext_lazy("Recorded"), lambda i: local(i.created_at)),
    ]


@login_required
@domain_errors_as_pages
def inspections_page(request):
    """巡查考评: an inspector records a check of a street of their grid; the checks the
    actor may see are listed below (an inspector: their own)."""
    actor = page_actor(request)
    require_role(actor, *INSPECTION_ROLES)
    record = None
    status = 200
    if actor.role == Role.INSPECTOR:
        streets = [(s.code, s.name) for s in selectors.inspection_streets(actor)[:2000]]
        record = InspectionForm(request.POST if request.method == "POST" else None, streets=streets)
        if request.method == "POST":
            status = 422
            record.is_valid()
            mark = record.cleaned_data.get("mark") if "mark" not in record.errors else None
            try:
                inspection = services.inspection_record(
                    actor=actor,
                    street_code=record.data.get("street", ""),
                    mark=mark,
                    findings=record.data.get("findings", ""),
                )
            except ValidationFailed as error:
                problems_on(record, error, one_per_input=True)
            except Conflict as error:
                record.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Your check of %(s)s is recorded: %(m)s.")
                    % {"s": inspection.street.name, "m": inspection.mark},
                )
                return redirect("city-inspections")
    return list_page(
        request,
        title=_("Street checks"),
        form_class=NoFilter,
        rows=lambda data: in_parts(actor, lambda part: selectors.inspections_list(actor, part)),
        columns=_inspection_columns(),
        export_name="street-inspections",
        template="citymgmt/scoring/inspections.html",
        extra={"record": record},
        status=status,
    )
