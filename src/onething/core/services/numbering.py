from __future__ import annotations

import datetime as dt

from django.db import connection

from .. import clock
from ..models import NumberCounter

SERIES_PREFIX = {
    "case": "",
    "licence": "ZZ",
    "bundle_run": "YJ",
    "appeal": "SQ",
    "handoff": "JD",
    "declaration": "DL",
    "pickup": "DQ",
    "event": "SJ",  # 城运事件
}


def next_in_sequence(key: str, count: int = 1) -> int:
    """The next value under ``key``, atomically: one upsert statement that creates the
    counter or increments it, so concurrent callers never get the same value (on PostgreSQL
    the row lock serialises callers of the same key only, until their commit). With
    ``count`` > 1 the ``count`` values up to the one returned are all taken (a bulk issue
    numbers its rows from ``last - count + 1``)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, value) VALUES (%s, %s) "
            f"ON CONFLICT (key) DO UPDATE SET value = {table}.value + %s RETURNING value",
            [key, count, count],
        )
        return cursor.fetchone()[0]


def number_next(*, series: str, region_code: str, on: dt.date | None = None) -> str:
    """A human-readable number, unique in its series: prefix + region code + local date +
    6-digit sequence, e.g. ``320211-20261124-000017`` for the 17th case of 胡埭镇's district
    that day. Gaps can appear when a transaction rolls back; numbers never repeat."""
    day = on or clock.today()
    seq = next_in_sequence(f"{series}:{region_code}:{day:%Y%m%d}")
    return f"{SERIES_PREFIX.get(series, series.upper()[:2])}{region_code}-{day:%Y%m%d}-{seq:06d}"
