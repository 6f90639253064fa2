"""2021's months of 新街·吴韵 closed by the city-management office on the first day of the
next month, through the scoring service (each street's score from its residents' counted
scores, its inspections and the 12345 complaints naming it; weights 50 / 30 / 20)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from onething.citymgmt.models import ScoringMonth, StreetMonth
from onething.citymgmt.services.scoring import month_close
from onething.core import clock
from onething.core.models import User
from onething.core.permissions import actor_for

from ..timeline import at
from . import data

MONTHS = [dt.date(data.YEAR, m, 1) for m in range(1, 13)]


def next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def close_months(log: Callable[[str], None], months: list[dt.date]) -> int:
    """The months of ``months`` not closed yet, closed (each as of 9:00 on the next
    month's first day); how many."""
    closed = set(ScoringMonth.objects.filter(month__in=months).values_list("month", flat=True))
    office = actor_for(User.objects.get(username=data.OFFICE_OFFICER))
    made = 0
    for month in months:
        if month not in closed:
            with clock.frozen(at(next_month(month), 9)):
                month_close(actor=office, month=month)
            made += 1
    return made


def load_months(log: Callable[[str], None]) -> None:
    made = close_months(log, MONTHS)
    rows = StreetMonth.objects.filter(month__in=MONTHS).count()
    log(f"city management: {made} of 2021's months closed now, {rows} street months")
