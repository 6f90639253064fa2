"""What the duty tests share: a moment in the city's time, a roster of 申港街道 for
December 2025 planned and published as of November, the demo's accounts, a demand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from onething.core import clock
from onething.duty.rules.rosters import month_days
from onething.duty.services.rosters import roster_plan, roster_publish

SH = ZoneInfo("Asia/Shanghai")
MONTH = dt.date(2025, 12, 1)  # 1 Dec 2025 is a Monday: five whole weeks but the last
BEFORE = dt.datetime(2025, 11, 20, 10, 0, tzinfo=SH)  # when the roster is planned
TAO, ZHOU = "leader.shengang", "leader.shengang2"  # 申港街道
QIAN = "leader.hudai"  # 胡埭镇: another town's leader
SHENGANG = "320281009"

DEMAND = {
    "type": "suggestion",
    "category": "community",
    "title": "盘活闲置的老房子",
    "text": "村里有一处闲置多年的老房子，建议改造成老年活动室。",
    "contact_name": "韩师傅",
    "contact_phone": "13812345678",
}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), SH)


def twice_a_week(city, username: str, weekdays=(1, 3)) -> list[dict]:
    leader = city.user(username).pk
    return [{"leader": leader, "date": d} for d in month_days(MONTH) if d.weekday() in weekdays]


def published_roster(city, *, publish: bool = True):
    """申港街道's roster of December 2025: 陶郁峻 on Tuesdays and Thursdays, 周文斌 on
    Mondays and Wednesdays, planned (and published) as of 20 November."""
    nights = twice_a_week(city, TAO) + twice_a_week(city, ZHOU, (0, 2))
    with clock.frozen(BEFORE):
        planned = roster_plan(actor=city.actor(TAO), month="2025-12", nights=nights)
        if publish:
            roster_publish(actor=city.actor(TAO), roster_id=planned.roster.pk)
    return planned
