"""带班值班 in figures, counted from the records (no personal data in the public ones):

- duty nights ``planned`` on the rosters, ``kept`` of them (checked in), ``missed``
  (planned, not checked in, the morning after has passed), ``upcoming`` (still ahead),
  the ``kept_rate`` (kept / (kept + missed)), and the stays off the roster;
- night ``visits`` and the residents met;
- ``demands`` raised, ``answered`` (their appeal has a reply: replied or closed), the
  ``answered_rate`` and the ``average_days_to_answer`` (working days from the appeal's
  intake to its first reply, the appeals' own measure), read through the appeals'
  selectors;
- by month and by town; the staff's figures also by leader.

Filters: ``town`` (a code), ``date_from`` and ``date_to`` (the nights' dates, the visits'
days). The staff see the towns they may see; the public the whole city's."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.appeals.selectors import appeals_list
from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Region, User
from onething.core.permissions import SYSTEM, Actor, visible

from ..models import DutyNight, NightVisit, VisitDemand
from ..rules import PROGRAMME
from ..rules import nights as night_rules
from ..rules.figures import average, month_key, rate
from ..scopes import require_duty

FIGURE_FILTERS = ("town", "date_from", "date_to")
MEASURES = (
    "planned",
    "kept",
    "missed",
    "upcoming",
    "off_roster",
    "visits",
    "residents",
    "demands",
    "answered",
)


def _check(town: str, date_from: dt.date | None, date_to: dt.date | None) -> Region | None:
    problems = []
    region = None
    if town:
        region = Region.objects.filter(code=town).first()
        if region is None:
            problems.append(
                FieldProblem("town", "unknown", _("Unknown town or street %(c)s.") % {"c": town})
            )
    if date_from and date_to and date_from > date_to:
        problems.append(FieldProblem("date_to", "order", _("The end is before the start.")))
    if problems:
        raise ValidationFailed(problems)
    return region


def _scoped(actor: Actor | None, queryset: QuerySet) -> QuerySet:
    return queryset if actor is None else visible(actor, queryset)


def duty_figures(
    actor: Actor | None = None,
    *,
    town: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> dict[str, Any]:
    """The figures (``actor`` None: the public's, the city's whole; else the staff's, of
    what they see, with the leaders' rows)."""
    if actor is not None:
        require_duty(actor)
    region = _check(town, date_from, date_to)
    nights = _scoped(actor, DutyNight.objects.all())
    visits = _scoped(actor, NightVisit.objects.all())
    demands = _scoped(actor, VisitDemand.objects.all())
    if region is not None:
        nights = nights.filter(roster__town__path__startswith=region.path)
        visits = visits.filter(town__path__startswith=region.path)
        demands = demands.filter(visit__town__path__startswith=region.path)
    if date_from:
        nights = nights.filter(date__gte=date_from)
        visits = visits.filter(at__gte=_start(date_from))
        demands = demands.filter(visit__at__gte=_start(date_from))
    if date_to:
        nights = nights.filter(date__lte=date_to)
        visits = visits.filter(at__lt=_start(date_to + dt.timedelta(days=1)))
        demands = demands.filter(visit__at__lt=_start(date_to + dt.timedelta(days=1)))
    closed_by = night_rules.last_closed_date(clock.now())
    answers = _answers(demands)
    cells: dict[tuple[str, str, int], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(MEASURES, 0)
    )

    def add(month: str, town_code: str, leader: int, measure: str, n: int = 1) -> None:
        cells[(month, town_code, leader)][measure] += n

    for leader, day, status, planned, code in nights.values_list(
        "leader_id", "date", "status", "planned", "roster__town__code"
    ):
        month = month_key(day)
        if planned:
            add(month, code, leader, "planned")
            if status == night_rules.KEPT:
                add(month, code, leader, "kept")
            elif day <= closed_by:
                add(month, code, leader, "missed")
            else:
                add(month, code, leader, "upcoming")
        elif status == night_rules.KEPT:
            add(month, code, leader, "off_roster")
    for leader, at, code, met in visits.values_list("leader_id", "at", "town__code", "met_count"):
        month = month_key(timezone.localdate(at))
        add(month, code, leader, "visits")
        add(month, code, leader, "residents", met)
    days: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for leader, at, code, number in demands.values_list(
        "visit__leader_id", "visit__at", "visit__town__code", "appeal_number"
    ):
        key = (month_key(timezone.localdate(at)), code, leader)
        add(*key, "demands")
        if number in answers:
            add(*key, "answered")
            days[key].append(answers[number])
    return _shaped(cells, days, leaders=actor is not None)


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _answers(demands: QuerySet) -> dict[str, int | None]:
    """The demands' appeals that have an answer (a first reply): number → working days to
    it, read through the appeals' selector."""
    answered = (
        appeals_list(SYSTEM, programme=PROGRAMME)
        .filter(number__in=Subquery(demands.values("appeal_number")))
        .filter(first_replied_at__isnull=False)
        .values_list("number", "reply_working_days")
    )
    return dict(answered)


def _rated(row: dict[str, int], days: list[int | None]) -> dict[str, Any]:
    return {
        **row,
        "kept_rate": rate(row["kept"], row["kept"] + row["missed"]),
        "answered_rate": rate(row["answered"], row["demands"]),
        "average_days_to_answer": average(days),
    }


def _shaped(cells, days, *, leaders: bool) -> dict[str, Any]:
    def summed(key_of) -> dict[Any, tuple[dict[str, int], list]]:
        out: dict[Any, tuple[dict[str, int], list]] = {}
        for key, row in cells.items():
            total, ds = out.setdefault(key_of(key), (dict.fromkeys(MEASURES, 0), []))
            for m in MEASURES:
                total[m] += row[m]
            ds += days.get(key, [])
        return out

    overall = summed(lambda k: None).get(None, (dict.fromkeys(MEASURES, 0), []))
    by_month = summed(lambda k: k[0])
    by_town = summed(lambda k: k[1])
    names = dict(Region.objects.filter(code__in=list(by_town)).values_list("code", "name"))
    figures: dict[str, Any] = {
        "overall": _rated(*overall),
        "by_month": [{"month": m, **_rated(*by_month[m])} for m in sorted(by_month)],
        "by_town": [
            {"town": c, "name": names.get(c, c), **_rated(*by_town[c])} for c in sorted(by_town)
        ],
    }
    if leaders:
        by_leader = summed(lambda k: (k[1], k[2]))
        people = {u.pk: u for u in User.objects.filter(pk__in={k[1] for k in by_leader})}
        figures["by_leader"] = [
            {
                "leader": pk,
                "name": people[pk].display_name if pk in people else "",
                "town": code,
                **_rated(*by_leader[(code, pk)]),
            }
            for code, pk in sorted(by_leader)
        ]
    return figures


PUBLIC_SECONDS = 60  # how long the public figures are kept (the page and the API)


def public_figures_cached(
    *, town: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """The public figures of the filters, kept ``PUBLIC_SECONDS`` (a bad filter is refused
    before anything is kept). Missed nights depend on the hour: a minute's staleness is
    what a published figure may have."""
    _check(town, date_from, date_to)
    key = f"duty:public-figures:{town}:{date_from}:{date_to}"
    return cache.get_or_set(
        key,
        lambda: duty_figures(None, town=town, date_from=date_from, date_to=date_to),
        PUBLIC_SECONDS,
    )
