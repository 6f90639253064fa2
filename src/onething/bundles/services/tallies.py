"""The one-things' roll-up (``BundleTally``): kept in the same transaction as each run's
change, recounted from the run table to prove it, rebuilt after a bulk load.

A run counts once as *started* on the day it was submitted (what 办理 counts), then once
as *concluded*, *stopped* or *withdrawn* on the day it ended. The run services call
``run_counted`` right after the row is written (run_submit, progress.advance for the
conclusion and the stop, run_withdraw); the generator of figures' data
(``bundles.generate``) writes runs in bulk and calls ``bundle_tallies_rebuild``. The
upsert (core.rollups) adds to a row, so concurrent runs queue on its lock instead of
losing a count."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Func, Q, Value
from django.db.models.functions import Trunc
from django.utils import timezone

from onething.core.rollups import chunks, rollup_add

from ..models import BundleRun, BundleTally, RunStatus

KEYS = ("day", "bundle", "region")
MEASURES = ("started", "concluded", "stopped", "withdrawn")
# the moment each measure counts a run on (started: every run)
ENDS = {
    "concluded": ("concluded_at", RunStatus.CONCLUDED),
    "stopped": ("stopped_at", RunStatus.STOPPED),
    "withdrawn": ("stopped_at", RunStatus.WITHDRAWN),
}
Key = tuple[dt.date, int, int]


def run_counted(run: BundleRun, measure: str, at: dt.datetime) -> None:
    """Count ``run`` once under ``measure`` on the day of ``at`` (Wuxi time). Called right
    after the change is written, in its transaction."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure}")
    values = tuple(int(m == measure) for m in MEASURES)
    rollup_add(
        BundleTally,
        KEYS,
        MEASURES,
        [(timezone.localdate(at), run.bundle_id, run.region_id, *values)],
    )


def _fixed_offset_minutes() -> int | None:
    """The current time zone's offset from UTC in minutes when it has no daylight saving
    (Asia/Shanghai: +480), else None."""
    zone = timezone.get_current_timezone()
    year = timezone.now().year
    offsets = {zone.utcoffset(dt.datetime(y, m, 1)) for y in (year - 5, year) for m in (1, 7)}
    return int(offsets.pop().total_seconds() // 60) if len(offsets) == 1 else None


def _day(field: str) -> Func | Trunc:
    """The local day of a moment, in the database. On SQLite, in a zone without daylight
    saving, SQLite's own ``date(moment, '+480 minutes')``: Django's Trunc calls a Python
    function per row there, some 20 times slower over a million runs."""
    offset = _fixed_offset_minutes() if connection.vendor == "sqlite" else None
    if offset is not None:
        return Func(
            F(field), Value(f"{offset:+d} minutes"), function="date", output_field=DateField()
        )
    return Trunc(field, "day", output_field=DateField())


def bundle_tallies_recount(model=BundleRun) -> dict[Key, Counter[str]]:
    """The roll-up counted afresh from the runs, in the database (one grouped query per
    measure; ``model`` can be a migration's)."""
    counted: dict[Key, Counter[str]] = {}
    queries = {"started": ("started_at", Q())}
    queries |= {m: (field, Q(status=status)) for m, (field, status) in ENDS.items()}
    for measure, (field, where) in queries.items():
        rows = (
            model.objects.order_by()
            .filter(where, **{f"{field}__isnull": False})
            .annotate(d=_day(field))
            .values("d", "bundle_id", "region_id")
            .annotate(n=Count("id"))
        )
        for r in rows:
            day = r["d"].date() if isinstance(r["d"], dt.datetime) else r["d"]
            counted.setdefault((day, r["bundle_id"], r["region_id"]), Counter())[measure] = r["n"]
    return counted


def bundle_tallies_stored() -> dict[Key, Counter[str]]:
    stored = {}
    for r in BundleTally.objects.values("day", "bundle_id", "region_id", *MEASURES):
        counts = Counter({m: r[m] for m in MEASURES if r[m]})
        if counts:
            stored[(r["day"], r["bundle_id"], r["region_id"])] = counts
    return stored


def bundle_tallies_differences() -> list[dict[str, Any]]:
    """Where the stored roll-up differs from a recount (empty when they agree)."""
    stored, counted = bundle_tallies_stored(), bundle_tallies_recount()
    return [
        {"key": key, "stored": dict(stored.get(key, {})), "counted": dict(counted.get(key, {}))}
        for key in sorted(set(stored) | set(counted))
        if stored.get(key, Counter()) != counted.get(key, Counter())
    ]


@transaction.atomic
def bundle_tallies_rebuild(models: dict | None = None) -> dict[str, int]:
    """Replace the roll-up with a recount (after a bulk load that bypassed the services).
    Returns the number of rows written."""
    m = models or {"BundleRun": BundleRun, "BundleTally": BundleTally}
    counted = bundle_tallies_recount(m["BundleRun"])
    m["BundleTally"].objects.all().delete()
    rows = (
        m["BundleTally"](day=k[0], bundle_id=k[1], region_id=k[2], **c)
        for k, c in sorted(counted.items())
    )
    for batch in chunks(rows):
        m["BundleTally"].objects.bulk_create(batch)
    return {"rows": len(counted)}
