"""The towns' case history, made only through the cases app's services "as of" the time of
each step (``core.clock.frozen``): residents of 胡埭镇, 雪堰镇 and 万石镇 apply for the city's
items, most online (results electronic or by post), some at their town's window; the
departments accept, ask for a correction now and then, conclude (most on time, a few late,
a few denied), decline or see an application withdrawn; about 60% of the concluded cases
are rated, mostly 4–5, and the few low ratings open rectifications, most closed by the
city's supervisor.

Two plans of one shape: the first half of 2025 (every case closed, keys ``cdh-…``), and
the live month up to the demo's now (keys ``cdl-…``), whose latest cases stand open:
waiting for acceptance or a correction, running, in warning or overdue.

Deterministic (seeded) and idempotent: a case whose key exists is skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import QuerySet

from onething.cases.models import Case
from onething.catalog.models import ServiceItem
from onething.core.models import IdempotencyRecord

from ...runner import pending_steps
from ...timeline import H1_2025, LIVE_DAYS, SHANGHAI, live_now
from .plan import (
    LIVE_CASES,
    MONTHS_2025,
    CaseSpec,
    ItemFacts,
    months,
    residents,
    schedule,
    window,
)
from .still_open import hold

SEED = 2025
LIVE_SEED = 2026
KEY_PREFIX, LIVE_PREFIX = "cdh-", "cdl-"
OPERATIONS = ("case.submit", "case.window_intake")
# The first half of 2025 ends here; its cases' later steps (into July) are all taken.
FIXED_END = dt.datetime.combine(H1_2025[1], dt.time(23, 59), SHANGHAI)
# The items of the towns' catalogue offered online to residents.
CATEGORIES = ("business", "social-security", "medical-insurance", "tax", "livelihood")


def item_facts() -> dict[str, ItemFacts]:
    items = ServiceItem.objects.select_related("category").filter(
        is_active=True,
        online=True,
        at_window=True,
        audience__in=("person", "both"),
        category__code__in=CATEGORIES,
        regions__code="320211102",
    )
    return {
        i.code: ItemFacts(i.code, i.category.code, i.kind == "instant", i.promised_days)
        for i in items
    }


def plan_fixed() -> list[CaseSpec]:
    """The cases of the first half of 2025, every step taken."""
    return schedule(item_facts(), residents(SEED), SEED, months(2025, MONTHS_2025), FIXED_END)


def plan_live(now: dt.datetime) -> list[CaseSpec]:
    """The cases of the month up to ``now``, the latest held open where they stand."""
    items = item_facts()
    specs = schedule(
        items,
        residents(SEED),
        LIVE_SEED,
        window(now.date(), LIVE_DAYS, LIVE_CASES),
        now,
        key_prefix=LIVE_PREFIX,
        live=True,
    )
    hold(specs, items, now)
    return specs


def history_cases(prefix: str = KEY_PREFIX) -> QuerySet[Case]:
    """The cases of the fixed history (or, with ``LIVE_PREFIX``, of the live month)."""
    ids = IdempotencyRecord.objects.filter(
        key__startswith=prefix, operation__in=OPERATIONS
    ).values_list("result_id", flat=True)
    return Case.objects.filter(pk__in=[int(i) for i in ids])


def _run(specs: list[CaseSpec], prefix: str, seed: int, log: Callable[[str], None], what: str):
    from onething.demo.base import DEMO_PASSWORD

    from .run import Runner

    events, done = pending_steps(specs, prefix, OPERATIONS, live_now())
    made = Runner(specs, residents(SEED), seed, DEMO_PASSWORD).run(events)
    log(f"{what}: {made} new cases ({len(events)} steps), {len(done)} already there")


def load_fixed(log: Callable[[str], None]) -> None:
    _run(plan_fixed(), KEY_PREFIX, SEED, log, "case history (2025 H1)")


def load_live(log: Callable[[str], None]) -> None:
    if IdempotencyRecord.objects.filter(key__startswith=LIVE_PREFIX).exists():
        log("live cases: made before")  # the live month is made once, then ages
        return
    _run(plan_live(live_now()), LIVE_PREFIX, LIVE_SEED, log, "live cases")
