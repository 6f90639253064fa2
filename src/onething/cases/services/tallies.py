"""The case roll-ups: kept in the same transaction as each case change, rebuilt and
recounted from the case table.

``Case.save`` and ``Evaluation.save`` call in here, so every write through the services
(and through the admin) moves the figures at once. Bulk loads that bypass ``save`` (the
city-scale generator) call ``tallies_rebuild`` when they are done. The upsert adds to a
row (``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n``, on SQLite and
PostgreSQL alike), so concurrent changes to the same row queue on its lock instead of
losing a count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import Trunc

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

_BEFORE = "_tally_before"
_UNKNOWN = object()  # loaded with a figure's field deferred: read it back before saving


def remember(case: Case) -> None:
    """Called when a case is loaded: what it counts for now."""
    deferred = case.get_deferred_fields()
    known = not any(f in deferred for f in tally.FIELDS)
    case.__dict__[_BEFORE] = CaseState.of(case) if known else _UNKNOWN


def _stored_state(case: Case) -> CaseState | None:
    values = Case.objects.filter(pk=case.pk).values_list(*tally.FIELDS).first()
    return CaseState(*values) if values else None


def _saved_state(case: Case, before: CaseState | None, update_fields) -> CaseState:
    """What the row holds after ``save(update_fields=…)``: the named fields from the
    instance, the others as they were."""
    now = CaseState.of(case)
    if before is None or update_fields is None:
        return now
    names = set()
    for name in update_fields:
        field = Case._meta.get_field(name)
        names |= {field.name, field.attname}
    return CaseState(
        *(getattr(now if f in names else before, f) for f in tally.FIELDS),
    )


@contextmanager
def case_saving(case: Case, update_fields=None) -> Iterator[None]:
    """Around ``Case.save``: apply what the change adds to the roll-ups, after the row is
    written (so a refused write adds nothing)."""
    if case._state.adding:
        before = None
    else:
        before = case.__dict__.get(_BEFORE, _UNKNOWN)
        if before is _UNKNOWN:
            before = _stored_state(case)
    yield
    after = _saved_state(case, before, update_fields)
    tally_apply(tally.case_delta(before, after))
    case.__dict__[_BEFORE] = after


def evaluation_counted(evaluation: Evaluation) -> None:
    """A new rating counts for its case's month row."""
    case = evaluation.case
    key = tally.month_key(CaseState.of(case))
    tally_apply(Delta(months={key: tally.rating_counts(evaluation.level)}, dues=Counter()))


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
            satisfied=Count("id", filter=Q(level__gte=tally.SATISFIED_FROM)),
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
