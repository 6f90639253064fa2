from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from onething.core import clock
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record
from onething.core.services.numbering import number_next

from ..models import Case, Licence


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def licence_issue(*, actor: Actor, case: Case, valid_until: dt.date | None = None) -> Licence:
    """The electronic licence of an approved case (inside the conclusion's transaction)."""
    now = clock.now()
    valid_from = timezone.localdate(now)
    if valid_until is None and case.item.licence_valid_years:
        valid_until = _years_later(valid_from, case.item.licence_valid_years)
    holder = case.enterprise or case.applicant
    licence = Licence.objects.create(
        number=number_next(
            series="licence", region_code=case.department.region.code, on=valid_from
        ),
        case=case,
        item=case.item,
        title=case.item.licence_name or case.item.name,
        holder_name=holder.name,
        holder_person=case.applicant if case.enterprise is None else None,
        holder_enterprise=case.enterprise,
        issued_at=now,
        valid_from=valid_from,
        valid_until=valid_until,
        verify_code=secrets.token_urlsafe(18),
    )
    audit_record(
        actor=actor,
        action="licence.issue",
        subject=licence,
        after={"number": licence.number, "case": case.number, "valid_until": valid_until},
    )
    return licence
