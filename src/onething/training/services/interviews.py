"""Interviews (面试): each interviewer (an institute staff account) scores a screened
application 0–100 (one score per interviewer: the database's key; scoring again replaces
one's own score); the application's score is the mean of its interviewers' scores, the
selection's ranking key. The scores of a cohort's interviews come in one by one or as a
sheet (.xlsx, or CSV in UTF-8 or GBK, through core.xlsx): every row's problem at once,
all or nothing; the uploader is the interviewer of every row."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.permissions import Actor
from onething.core.problems import refuse_if
from onething.core.services.audit import audit_record
from onething.core.xlsx import check_upload, is_csv, open_tables, read_table
from onething.core.xlsx_rows import RowProblems, cell_text

from ..models import Application, Interview
from ..rules.applications import APPLICATION_LIFECYCLE, INTERVIEW
from ..rules.common import note_problem, score_value
from ..rules.selection import mean_score
from ..selectors.applications import require_institute_staff, staff_cohort
from .application_steps import (
    application_step,
    in_record_language,
    locked_application,
    snapshot_of,
)

MAX_ROWS = 5000
COLUMNS = {
    "申请编号": "number",
    "报名编号": "number",
    "编号": "number",
    "number": "number",
    "面试得分": "score",
    "得分": "score",
    "分数": "score",
    "score": "score",
    "备注": "note",
    "note": "note",
}


def _interviewer(actor: Actor) -> int:
    require_institute_staff(actor)
    if actor.user_id is None:
        raise PermissionDenied(_("An interview score is an interviewer's: sign in to enter it."))
    return actor.user_id


def _scored(application: Application, actor: Actor, score: Decimal, note: str) -> Application:
    """Store the actor's score of the (locked) application and its new mean."""
    status = APPLICATION_LIFECYCLE.target(application.status, INTERVIEW, actor.role)
    before = snapshot_of(application)
    now = clock.now()
    _interview, created = Interview.objects.update_or_create(
        application=application,
        interviewer_id=actor.user_id,
        defaults={"score": score, "note": note, "held_at": now},
    )
    scores = list(Interview.objects.filter(application=application).values_list("score", flat=True))
    application.score = mean_score(scores)
    application.status = status
    application.save(update_fields=["score", "status"])
    text = in_record_language(
        lambda: (_("Score %(s)s") if created else _("Score changed to %(s)s")) % {"s": score}
    )
    application_step(
        application, INTERVIEW, actor, before=before, note=f"{text}{'：' + note if note else ''}"
    )
    return application


@transaction.atomic
def interview_record(*, actor: Actor, number: str, score, note: str = "") -> Application:
    """An interviewer's score (0–100, one decimal at most) of a screened or interviewed
    application; the application's score becomes the mean."""
    _interviewer(actor)
    application = locked_application(actor, number)
    APPLICATION_LIFECYCLE.target(application.status, INTERVIEW, actor.role)
    value, problem = score_value("score", score)
    note = (note or "").strip()
    refuse_if([problem, note_problem("note", note)])
    return _scored(application, actor, value, note)


def _rows(name: str, data: bytes) -> list[tuple[int, dict]]:
    check_upload(data)
    missing = _("The first row needs the columns 申请编号 and 面试得分.")
    if not is_csv(name or "", data):
        try:
            return read_table(data, COLUMNS, required={"number", "score"}, max_rows=MAX_ROWS)
        except ValidationFailed as error:
            if any(p.rule == "missing_column" for p in error.problems):
                raise ValidationFailed.one("file", "missing_column", missing) from None
            raise
    with open_tables(data, csv=True) as tables:
        rows = list(
            tables.sheet(
                None,
                COLUMNS,
                required={"number", "score"},
                max_rows=MAX_ROWS,
                missing_message=missing,
            ).rows()
        )
    if not rows:
        raise ValidationFailed.one("file", "empty", _("The workbook has no rows under its header."))
    return rows


@transaction.atomic
def interview_scores_import(*, actor: Actor, cohort_code: str, name: str, data: bytes) -> int:
    """The uploader's interview scores of a cohort's applications from a sheet: columns
    申请编号 (the application's number), 面试得分 (0–100) and, if one likes, 备注. Every
    row's problem at once (``rows.<row>.<field>``, the sheet's row number); nothing is
    stored unless every row is right. How many scores were stored."""
    _interviewer(actor)
    cohort = staff_cohort(actor, cohort_code)
    rows = _rows(name, data)
    numbers = [cell_text(row.get("number")).upper() for _n, row in rows]
    found = {
        a.number: a
        for a in Application.objects.select_for_update()
        .filter(cohort=cohort, number__in=numbers)
        .order_by("pk")
    }
    problems = RowProblems()
    checked: list[tuple[Application, Decimal, str]] = []
    seen: set[str] = set()
    for n, row in rows:
        at = problems.row(n)
        number = cell_text(row.get("number")).upper()
        application = found.get(number)
        if not number:
            at.add("number", "required", _("Name the application by its number."))
        elif application is None:
            at.add(
                "number",
                "unknown",
                _("No application %(n)s to %(c)s.") % {"n": number, "c": cohort.name},
            )
        elif number in seen:
            at.add("number", "unique", _("%(n)s is scored twice.") % {"n": number})
            application = None
        elif not APPLICATION_LIFECYCLE.can(application.status, INTERVIEW, actor.role):
            at.add(
                "number",
                "status",
                _("%(n)s is “%(s)s”: only a screened application is interviewed.")
                % {"n": number, "s": application.get_status_display()},
            )
            application = None
        seen.add(number)
        score, problem = score_value("score", row.get("score"))
        if problem is not None:
            at.add("score", problem.rule, problem.message)
        note = cell_text(row.get("note"))
        problem = note_problem("note", note)
        if problem is not None:
            at.add("note", problem.rule, problem.message)
        if application is not None and score is not None and problem is None:
            checked.append((application, score, note))
    problems.raise_any()
    for application, score, note in checked:
        _scored(application, actor, score, note)
    audit_record(
        actor=actor,
        action="training.interview.import",
        subject=cohort,
        after={"scores": len(checked), "file": (name or "")[:120]},
    )
    return len(checked)
