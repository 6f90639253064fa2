"""The appeal roll-ups: kept in the same transaction as each appeal change (intake and
every transition, through ``appeal_counted``), recounted from the appeal table to prove
them, and rebuilt after a bulk load that bypassed the services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, DateField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Trunc

from onething.core.ratings import SATISFIED_MIN
from onething.core.rollups import chunks, rollup_add

from .. import rules, tally
from ..models import Appeal, AppealDueTally, AppealTally
from ..selectors.figures import conclusion_filters
from ..tally import AppealState, Delta, DueKey, Key


def appeal_counted(before: AppealState | None, appeal: Appeal) -> None:
    """Add what the change of ``appeal`` (from ``before``; None for a new one) changes in
    the roll-ups. Called right after the row is written, in its transaction."""
    tally_apply(tally.delta(before, AppealState.of(appeal)))


def tally_apply(delta: Delta) -> None:
    if delta.months:
        rollup_add(
            AppealTally,
            tally.KEYS,
            tally.MEASURES,
            [(*k, *(c.get(m, 0) for m in tally.MEASURES)) for k, c in delta.months.items()],
        )
    if delta.dues:
        rollup_add(
            AppealDueTally, tally.DUE_KEYS, ["open"], [(*k, n) for k, n in delta.dues.items()]
        )


def tallies_recount(model=Appeal) -> tuple[dict[Key, Counter[str]], Counter[DueKey]]:
    """The roll-ups counted afresh from the appeal table, in the database (``model`` can
    be a migration's): the same keys and counts as ``tally`` gives one appeal."""
    keys = {
        "m": Trunc("received_at", "month", output_field=DateField()),
        "cm": Case(
            When(
                status="closed",
                closed_at__isnull=False,
                then=Trunc("closed_at", "month", output_field=DateField()),
            ),
            default=Value(tally.NOT_CLOSED),
            output_field=DateField(),
        ),
        "p": Coalesce("programme_id", 0),
        "d": Coalesce("department_id", 0),
    }
    replied = Q(first_replied_at__isnull=False)
    in_time, late = conclusion_filters()
    rows = (
        model.objects.order_by()
        .annotate(**keys)
        .values("m", "cm", "p", "type", "channel", "d", "region_id")
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=Q(status="closed")),
            replied=Count("id", filter=replied),
            on_time=Count("id", filter=Q(replied_on_time=True)),
            late=Count("id", filter=Q(replied_on_time=False)),
            rated=Count("id", filter=Q(rating__isnull=False)),
            satisfied=Count("id", filter=Q(rating__gte=SATISFIED_MIN)),
            reply_days=Sum(Coalesce("reply_working_days", 0), filter=replied, default=0),
            concluded_on_time=Count("id", filter=in_time),
            concluded_late=Count("id", filter=late),
        )
    )
    months: dict[Key, Counter[str]] = {}
    for r in rows:
        k = (_day(r["m"]), _day(r["cm"]), r["p"], r["type"], r["channel"], r["d"], r["region_id"])
        months[k] = Counter({m: r[m] for m in tally.MEASURES if r[m]})
    dues: Counter[DueKey] = Counter()
    open_rows = (
        model.objects.order_by()
        .filter(status__in=rules.OPEN_STATUSES)
        .annotate(m=keys["m"], p=keys["p"], d=keys["d"])
        .values("m", "p", "type", "channel", "d", "region_id", "due_date")
        .annotate(n=Count("id"))
    )
    for r in open_rows:
        dues[(r["m"], r["p"], r["type"], r["channel"], r["d"], r["region_id"], r["due_date"])] = r[
            "n"
        ]
    return months, dues


def _day(value: dt.date | dt.datetime) -> dt.date:
    """A truncated month as a date (PostgreSQL gives a timestamp inside a CASE)."""
    return value.date() if isinstance(value, dt.datetime) else value


def tallies_stored() -> tuple[dict[Key, Counter[str]], Counter[DueKey]]:
    months = {}
    for row in AppealTally.objects.values(*tally.KEYS, *tally.MEASURES):
        c = Counter({m: row[m] for m in tally.MEASURES if row[m]})
        if c:
            months[tuple(row[k] for k in tally.KEYS)] = c
    dues = Counter(
        {
            tuple(row[k] for k in tally.DUE_KEYS): row["open"]
            for row in AppealDueTally.objects.values(*tally.DUE_KEYS, "open")
            if row["open"]
        }
    )
    return months, dues


def appeal_tallies_differences() -> list[dict[str, Any]]:
    """Where the stored roll-ups differ from a recount (empty when they agree)."""
    stored, stored_dues = tallies_stored()
    counted, counted_dues = tallies_recount()
    out = []
    for k in sorted(set(stored) | set(counted)):
        if stored.get(k, Counter()) != counted.get(k, Counter()):
            out.append(
                {"table": "month", "key": k, "stored": stored.get(k), "counted": counted.get(k)}
            )
    for k in sorted(set(stored_dues) | set(counted_dues)):
        if stored_dues.get(k, 0) != counted_dues.get(k, 0):
            out.append(
                {
                    "table": "due",
                    "key": k,
                    "stored": stored_dues.get(k, 0),
                    "counted": counted_dues.get(k, 0),
                }
            )
    return out


@transaction.atomic
def appeal_tallies_rebuild(models: dict | None = None) -> dict[str, int]:
    """Replace the roll-ups with a recount (after a bulk load, and in the migration)."""
    m = models or {"Appeal": Appeal, "AppealTally": AppealTally, "AppealDueTally": AppealDueTally}
    months, dues = tallies_recount(m["Appeal"])
    m["AppealTally"].objects.all().delete()
    m["AppealDueTally"].objects.all().delete()
    # the measures the model has (an earlier migration's has fewer)
    fields = {f.name for f in m["AppealTally"]._meta.get_fields()}
    measures = [name for name in tally.MEASURES if name in fields]
    for batch in chunks(
        m["AppealTally"](
            **dict(zip(tally.KEYS, k, strict=True)), **{n: c.get(n, 0) for n in measures}
        )
        for k, c in months.items()
    ):
        m["AppealTally"].objects.bulk_create(batch)
    for batch in chunks(
        m["AppealDueTally"](**dict(zip(tally.DUE_KEYS, k, strict=True)), open=n)
        for k, n in dues.items()
    ):
        m["AppealDueTally"].objects.bulk_create(batch)
    return {"month_rows": len(months), "due_rows": len(dues)}
