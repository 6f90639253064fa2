"""When the demo city's stories happen.

The history is dated where the seeds date it: seed 003 (新华日报, 2022-01-24) looks back
on 2021 — 微幸福's 1,291 items up to December 2021, the 红黑榜, the 城运中心 — and seed 000
(the reports of mid-July 2025) on the first half of 2025: the cross-region cases, the
enterprise platform's 307 messages, the 股权转让 of 30 April, 德力佳's permit of 16 April,
the honour cards' first batch and 3,657 rides. Only a thin *live* layer is placed relative
to the moment the demo is loaded (``live_now``): the open cases and appeals of the last
weeks, in warning or overdue, the runs waiting at a window, the latest rides. Nothing is
dated after that moment."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from onething.core import clock
from onething.core.selectors.calendar import official_calendar
from onething.core.workdays import add_working_days, working_day_on_or_after

SHANGHAI = ZoneInfo("Asia/Shanghai")

SEED_003 = dt.date(2022, 1, 24)  # 无锡:让人会心一笑的精彩城市 (新华日报), on 2021
SEED_000 = dt.date(2025, 7, 18)  # the reports of mid-July 2025 (the summer class began 14 July)
H1_2025 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))  # "今年上半年" of seed 000
LIVE_DAYS = 30  # the live layer covers the last month


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware moment in Wuxi."""
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def live_now() -> dt.datetime:
    """The moment the live layer reaches: now (the platform's clock), to the minute."""
    return clock.now().astimezone(SHANGHAI).replace(second=0, microsecond=0)


def live_today() -> dt.date:
    return live_now().date()


def workdays_ago(n: int, *, before: dt.date | None = None) -> dt.date:
    """The n-th working day before ``before`` (today by default); 0 → the last working day
    on or before it."""
    calendar = official_calendar()
    day = before or live_today()
    while not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    while n:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def workday_on_or_after(day: dt.date) -> dt.date:
    return working_day_on_or_after(day, official_calendar()).date


def workdays_after(day: dt.date, n: int) -> dt.date:
    return add_working_days(day, n, official_calendar()).date
