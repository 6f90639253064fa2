"""巡查考评: a grid inspector's check of a street — a mark out of 100 and what was found,
one per street per inspector per day."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import audit_record

from ...models import ScoringMonth, StreetInspection
from ...rules.scoring import INSPECTION_MARK_MAX, month_start
from ...selectors.scoring import inspection_streets

FINDINGS_MAX = 500


def _mark_problem(mark) -> FieldProblem | None:
    if mark is None or mark == "":
        return FieldProblem("mark", "required", _("Give the street a mark from 0 to 100."))
    if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= INSPECTION_MARK_MAX:
        return FieldProblem("mark", "range", _("The mark is a whole number from 0 to 100."))
    return None


@transaction.atomic
def inspection_record(
    *,
    actor: Actor,
    street_code: str,
    mark: int | None,
    findings: str = "",
    day: dt.date | None = None,
) -> StreetInspection:
    """An inspector's check of a street of their grid (``day``: today unless given; never a
    future day, nor one of a closed month). Every problem at once (422); a second check of
    the street by the same inspector that day 409 ``already_checked_today``."""
    require_role(actor, Role.INSPECTOR)
    today = clock.today()
    day = day or today
    street = inspection_streets(actor).filter(code=street_code or "").first()
    problems = [
        None
        if street is not None
        else FieldProblem(
            "street",
            "unknown",
            _("No street %(c)s in your grid.") % {"c": (street_code or "")[:40]},
        ),
        _mark_problem(mark),
        text_problem("findings", findings, FINDINGS_MAX),
    ]
    if day > today:
        problems.append(
            FieldProblem("day", "future", _("A check is recorded on or after its day."))
        )
    elif ScoringMonth.objects.filter(month=month_start(day)).exists():
        problems.append(
            FieldProblem("day", "month_closed", _("The month of that day is closed already."))
        )
    refuse_if(problems)
    try:
        with transaction.atomic():
            inspection = StreetInspection.objects.create(
                street=street,
                inspector_id=actor.user_id,
                day=day,
                mark=mark,
                findings=(findings or "").strip(),
                created_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict(
            _("You have checked %(street)s on %(day)s already.")
            % {"street": street.name, "day": day.isoformat()},
            code="already_checked_today",
        ) from None
    audit_record(
        actor=actor,
        action="street_inspection.record",
        subject=inspection,
        after={"street": street.code, "day": day, "mark": mark},
    )
    return inspection
