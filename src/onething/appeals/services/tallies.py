"""The appeal roll-ups: kept in the same transaction as each appeal change (intake and
every transition, through ``appeal_counted``), recounted from the appeal table to prove
them, and rebuilt after a bulk load that bypassed the services."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction

from onething.core.rollups import chunks, rollup_add

from .. import tally
from ..models import Appeal, AppealDueTally, AppealTally
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
    """The roll-ups counted afresh from the appeal table (``model`` can be a migration's)."""
    months: dict[Key, Counter[str]] = {}
    dues: Counter[DueKey] = Counter()
    for values in model.objects.order_by("pk").values_list(*tally.FIELDS).iterator(2000):
        state = AppealState(*values)
        row = months.setdefault(tally.key(state), Counter())
        row.update(tally.counts(state))
        due = tally.due_key(state)
        if due is not None:
            dues[due] += 1
    months = {k: Counter({m: n for m, n in c.items() if n}) for k, c in months.items()}
    return months, dues


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
    for batch in chunks(
        m["AppealTally"](**dict(zip(tally.KEYS, k, strict=True)), **c) for k, c in months.items()
    ):
        m["AppealTally"].objects.bulk_create(batch)
    for batch in chunks(
        m["AppealDueTally"](**dict(zip(tally.DUE_KEYS, k, strict=True)), open=n)
        for k, n in dues.items()
    ):
        m["AppealDueTally"].objects.bulk_create(batch)
    return {"month_rows": len(months), "due_rows": len(dues)}
