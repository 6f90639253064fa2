"""What a leader's home and the duty page show (the dashboard reads night duty only
through this module): tonight's night — planned, kept or none, whether it can be checked
in or out now —, this week's stays against the rule of two, this month's roster and
visits, and the demands still waiting for an answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onething.appeals.selectors import appeals_list
from onething.core import clock
from onething.core.models import Region
from onething.core.permissions import Actor, visible

from ..models import DutyNight, NightVisit
from ..rules import PROGRAMME
from ..rules import nights as rules
from ..rules.rosters import PUBLISHED, month_of, next_month, week_stays
from ..scopes import require_duty
from .rosters import roster_of_month


def leader_home(actor: Actor) -> dict[str, Any]:
    """The leader's night on now (or this evening's), what they may do with it now, this
    week's stays (whichever months the week spans), this month's roster, visits and the
    demands not yet answered."""
    require_duty(actor)
    now = clock.now()
    day = rules.tonight(now)
    night = (
        visible(actor, DutyNight.objects.select_related("roster"))
        .filter(leader_id=actor.user_id, date=day)
        .first()
    )
    state = rules.state(night.status, night.date, now) if night else ""
    on_now = rules.duty_date(now) == day
    monday = day - dt.timedelta(days=day.weekday())
    stays = visible(actor, DutyNight.objects.all()).filter(
        leader_id=actor.user_id,
        status=rules.KEPT,
        date__range=(monday, monday + dt.timedelta(days=6)),
    )
    stays_this_week, required = week_stays(day, list(stays.values_list("date", flat=True)))
    month = month_of(day)
    roster = roster_of_month(actor, month)
    visits = visible(actor, NightVisit.objects.all()).filter(leader_id=actor.user_id)
    month_visits = visits.filter(at__date__gte=month, at__date__lt=next_month(month))
    open_demands = appeals_list(actor, programme=PROGRAMME).filter(
        submitted_by_id=actor.user_id, first_replied_at__isnull=True
    )
    holder = night.roster if night else roster  # a stay off the roster joins it
    published = holder is not None and holder.status == PUBLISHED
    return {
        "town": Region.objects.filter(pk=actor.region_id).first(),
        "day": day,
        "night": night,
        "night_state": state,
        "on_now": on_now,
        "can_check_in": on_now and published and state in ("", rules.PLANNED),
        "can_check_out": bool(
            night
            and state == rules.KEPT
            and night.checked_out_at is None
            and rules.check_out_refusal(night.date, night.checked_in_at, now) is None
        ),
        "stays_this_week": stays_this_week,
        "stays_required": required,
        "roster": roster,
        "next_roster": roster_of_month(actor, next_month(month)),
        "month": month,
        "visits_this_month": month_visits.count(),
        "visits_total": visits.count(),
        "open_demands": open_demands.count(),
    }
