"""Days as the city counts them (Asia/Shanghai): the aware bounds of a period of days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), SHANGHAI)


def day_bounds(
    since: dt.date | None, until: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[start, end) of the days ``since`` to ``until`` inclusive (None: open)."""
    start = day_start(since) if since else None
    end = day_start(until + dt.timedelta(days=1)) if until else None
    return start, end


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SHANGHAI).date()
