"""The demo city's case history of 2026, made only through the cases app's services "as
of" the time of each step (``core.clock.frozen``): residents of 胡埭镇, 雪堰镇 and 万石镇
apply for the city's items, most online (results electronic or by post), some at their
town's window; the departments accept, ask for a correction now and then, conclude (most
on time, a few late, a few denied), decline or see an application withdrawn; about 60% of
the concluded cases are rated, mostly 4–5, and the few low ratings open rectifications, most
closed by the city's supervisor. The latest cases stand open on the demo's today: waiting
for acceptance or a correction, running, in warning or overdue.

Deterministic (seeded) and idempotent: each case carries an idempotency key (``cdh-0001``
…) on the account that submitted it; a case whose key exists is skipped.
``ONETHING_DEMO_HISTORY=0`` skips the history."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from django.db.models import QuerySet

from onething.catalog.models import ServiceItem
from onething.core.models import IdempotencyRecord

from ..models import Case
from .plan import SHANGHAI, CaseSpec, ItemFacts, residents, schedule
from .still_open import hold

SEED = 2026
KEY_PREFIX = "cdh-"
OPERATIONS = ("case.submit", "case.window_intake")
# The history ends here (the demo's today, as in the cross-region history); steps after it
# have not happened yet.
CUTOFF = dt.datetime(2026, 11, 24, 12, 0, tzinfo=SHANGHAI)
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


def plan_cases() -> list[CaseSpec]:
    items = item_facts()
    specs = schedule(items, residents(SEED), SEED, CUTOFF)
    hold(specs, items, CUTOFF)
    return specs


def history_cases() -> QuerySet[Case]:
    """The cases of this history."""
    ids = IdempotencyRecord.objects.filter(
        key__startswith=KEY_PREFIX, operation__in=OPERATIONS
    ).values_list("result_id", flat=True)
    return Case.objects.filter(pk__in=[int(i) for i in ids])


def load(log: Callable[[str], None]) -> None:
    """Make the cases of the plan not made yet."""
    from onething.core.demo import DEMO_PASSWORD

    from .pending import pending_steps
    from .run import Runner

    if os.environ.get("ONETHING_DEMO_HISTORY", "1") == "0":
        log("case history: skipped (ONETHING_DEMO_HISTORY=0)")
        return
    specs = plan_cases()
    events, done = pending_steps(specs, KEY_PREFIX, OPERATIONS, CUTOFF)
    runner = Runner(specs, residents(SEED), SEED, DEMO_PASSWORD)
    made = runner.run(events)
    steps = len(events)
    log(f"case history: {made} new cases ({steps} steps), {len(done)} already there")
