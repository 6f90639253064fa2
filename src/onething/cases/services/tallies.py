"""The case roll-ups: kept in the same transaction as each case change, rebuilt and
recounted from the case table.

The services that create or change a case take what it counted for before the change
(``CaseState.of(case)``, None for a new case) and call ``case_counted`` right after the
row is written; a new rating calls ``evaluation_counted``. Nothing else writes a case or a
rating (``tests/cases/test_tally_write_paths.py`` proves it from the source): the models
have no side effects in ``save``. Bulk loads that bypass the services (the city-scale
generator) call ``tallies_rebuild`` when they are done. The upsert adds to a row
(``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n``, on SQLite and PostgreSQL
alike), so concurrent changes to the same row queue on its lock instead of losing a
count."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import Trunc

from onething.core.ratings import SATISFIED_MIN
from onething.core.rollups import chunks, rollup_add

from .. import tally
from ..models import (
    OPEN_STATUSES,
    Case,
    CaseDueTally,
    CaseStatus,
    CaseTally,
    Channel,
    Delivery,
    Evaluation,
)
from ..tally import CaseState, Delta, DueKey, MonthKey


def case_counted(before: CaseState | None, case: Case) -> None:
    """Add what the change of ``case`` (from ``before``; None for a new one) changes in the
    roll-ups. Called right after the row is written, in its transaction (so a refused
    write adds nothing); ``case`` holds every counted field as written."""
    tally_apply(tally.case_delta(before, CaseState.of(case)))


def evaluation_counted(evaluation: Evaluation) -> None:
    """A new rating counts for its case's month row (called right after it is written)."""
    case = evaluation.case
    key = tally.month_key(CaseState.of(case))
    tally_apply(Delta(months={key: tally.rating_counts(evaluation.rating)}, dues=Counter()))


def tally_apply(delta: Delta) -> None:
    """Add a change to the roll-ups (in key order, so that two transactions never wait
    for each other's rows the other way round)."""
    if delta.months:
        rows = [
            (*key, *(counts.get(m, 0) for m in tally.MEASURES))
            for key, counts in sorted(delta.months.items())
        ]
        key = ["month", "department", "item", "center_key"]
        rollup_add(CaseTally, key, list(tally.MEASURES), rows)
    if delta.dues:
        rows = [(*key, n) for key, n in sorted(delta.dues.items())]
        rollup_add(CaseDueTally, ["month", "department", "due_date"], ["running"], rows)


# Recount and rebuild -------------------------------------------------------------------

_MONTH = Trunc("submitted_at", "month", output_field=DateField())
_CASE_MEASURES = {
    "cases": Count("id"),
    "online": Count("id", filter=Q(channel=Channel.ONLINE)),
    "no_visit": Count("id", filter=Q(channel=Channel.ONLINE) & ~Q(delivery=Delivery.WINDOW)),
    "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
    "concluded": Count("id", filter=Q(status=CaseStatus.CONCLUDED)),
    "on_time": Count(
        "id",
        filter=Q(
            status=CaseStatus.CONCLUDED,
            due_date__isnull=False,
            concluded_at__date__lte=F("due_date"),
        ),
    ),
    "timed": Count("id", filter=Q(status=CaseStatus.CONCLUDED, working_days_taken__isnull=False)),
    "working_days": Sum(
        "working_days_taken",
        filter=Q(status=CaseStatus.CONCLUDED, working_days_taken__isnull=False),
        default=0,
    ),
}


def tallies_recount(
    case_model=Case, evaluation_model=Evaluation
) -> tuple[dict[MonthKey, Counter[str]], Counter[DueKey]]:
    """The roll-ups counted afresh from the case and evaluation tables (the models can be
    a migration's historical ones)."""
    months: dict[MonthKey, Counter[str]] = {}
    rows = (
        case_model.objects.order_by()
        .annotate(m=_MONTH)
        .values("m", "department_id", "item_id", "center_id")
        .annotate(**_CASE_MEASURES)
    )
    for r in rows:
        months[(r["m"], r["department_id"], r["item_id"], r["center_id"] or 0)] = Counter(
            {k: r[k] for k in _CASE_MEASURES if r[k]}
        )
    ratings = (
        evaluation_model.objects.order_by()
        .annotate(m=Trunc("case__submitted_at", "month", output_field=DateField()))
        .values("m", "case__department_id", "case__item_id", "case__center_id")
        .annotate(
            ratings=Count("id"),
            satisfied=Count("id", filter=Q(rating__gte=SATISFIED_MIN)),
        )
    )
    for r in ratings:
        key = (r["m"], r["case__department_id"], r["case__item_id"], r["case__center_id"] or 0)
        row = months.setdefault(key, Counter())
        row.update({k: r[k] for k in ("ratings", "satisfied") if r[k]})
    dues: Counter[DueKey] = Counter()
    running = (
        case_model.objects.order_by()
        .filter(status=CaseStatus.ACCEPTED, due_date__isnull=False)
        .annotate(m=_MONTH)
        .values("m", "department_id", "due_date")
        .annotate(n=Count("id"))
    )
    for r in running:
        dues[(r["m"], r["department_id"], r["due_date"])] = r["n"]
    return months, dues


def tallies_stored() -> tuple[dict[MonthKey, Counter[str]], Counter[DueKey]]:
    """The roll-ups as stored (rows that came back to zero left out)."""
    months = {}
    key = ("month", "department_id", "item_id", "center_key")
    for r in CaseTally.objects.values(*key, *tally.MEASURES):
        counts = Counter({m: r[m] for m in tally.MEASURES if r[m]})
        if counts:
            months[tuple(r[k] for k in key)] = counts
    dues = Counter(
        {
            (r["month"], r["department_id"], r["due_date"]): r["running"]
            for r in CaseDueTally.objects.filter(~Q(running=0)).values(
                "month", "department_id", "due_date", "running"
            )
        }
    )
    return months, dues


def tallies_differences() -> list[dict[str, Any]]:
    """Where the stored roll-ups differ from a recount (empty when they agree)."""
    stored_months, stored_dues = tallies_stored()
    counted_months, counted_dues = tallies_recount()
    out = []
    for key in sorted(set(stored_months) | set(counted_months)):
        a, b = stored_months.get(key, Counter()), counted_months.get(key, Counter())
        if a != b:
            out.append({"table": "month", "key": key, "stored": dict(a), "counted": dict(b)})
    for key in sorted(set(stored_dues) | set(counted_dues)):
        if stored_dues.get(key, 0) != counted_dues.get(key, 0):
            out.append(
                {
                    "table": "due",
                    "key": key,
                    "stored": stored_dues.get(key, 0),
                    "counted": counted_dues.get(key, 0),
                }
            )
    return out


@transaction.atomic
def tallies_rebuild(models: dict | None = None) -> dict[str, int]:
    """Replace the roll-ups with a recount (after a bulk load that bypassed the services,
    and in the migration that made them). Returns the number of rows written."""
    m = models or {
        "Case": Case,
        "Evaluation": Evaluation,
        "CaseTally": CaseTally,
        "CaseDueTally": CaseDueTally,
    }
    months, dues = tallies_recount(m["Case"], m["Evaluation"])
    m["CaseTally"].objects.all().delete()
    m["CaseDueTally"].objects.all().delete()
    month_rows = (
        m["CaseTally"](month=k[0], department_id=k[1], item_id=k[2], center_key=k[3], **c)
        for k, c in months.items()
    )
    for batch in chunks(month_rows):
        m["CaseTally"].objects.bulk_create(batch)
    due_rows = (
        m["CaseDueTally"](month=k[0], department_id=k[1], due_date=k[2], running=n)
        for k, n in dues.items()
    )
    for batch in chunks(due_rows):
        m["CaseDueTally"].objects.bulk_create(batch)
    return {"month_rows": len(months), "due_rows": len(dues)}
