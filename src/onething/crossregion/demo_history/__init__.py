"""The history of cross-region cases in the demo city, made by the real services "as of"
the day of each step: a walk-in's arrival at a town's window, the intake (received here,
handled there; jointly; or online), the handling department's acceptance, the paper
originals sent and received, a correction now and then, the conclusion, the result handed
over at the receiving window. The figures the seed reports (17 cases concluded in 2021,
113 in the first half of 2025, a full-year projection past 240) come out of these cases;
nothing is written into a page.

Deterministic (seeded) and idempotent: each case carries an idempotency key
(``xrh-0001`` …) on the account that submitted it; a case whose key exists is skipped."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from onething.catalog.selectors import route
from onething.core.models import Region

from ..models import Alliance
from ..selectors.alliances import state_of
from .plan import SHANGHAI, CaseSpec, ItemFacts, Row, hold, schedule

SEED = 2021
KEY_PREFIX = "xrh-"
# The history ends here (the demo's "today"); steps after it have not happened yet, so the
# cases of the last days are still open in the inboxes.
CUTOFF = dt.datetime(2026, 11, 24, 12, 0, tzinfo=SHANGHAI)
D = dt.date

# The plan: cases submitted per half-year. The seed reports 17 cases concluded in 2021
# (from the June signing), 113 in the first half of 2025 and a full year expected past 240:
# 2024 had 70 of its 156 cases (45 %) by 30 June (the Spring Festival falls in the first
# half), so 113 / 0.45 projects 2025 to 252; counting days only would give 228.
# fmt: off
PLAN = (
    #   first day       last day       cases online  started within 10 minutes
    Row(D(2021, 6, 18), D(2021, 11, 30),  17, 0.10, 0.55),  # 胡埭 and 雪堰, 9 items
    Row(D(2022, 1, 1),  D(2022, 6, 30),   18, 0.15, 0.65),  # 17 items from 1 March
    Row(D(2022, 7, 1),  D(2022, 12, 31),  27, 0.15, 0.70),
    Row(D(2023, 1, 1),  D(2023, 6, 30),   38, 0.20, 0.78),  # 万石 and 29 items from 1 March
    Row(D(2023, 7, 1),  D(2023, 12, 31),  55, 0.20, 0.82),
    Row(D(2024, 1, 1),  D(2024, 6, 30),   70, 0.25, 0.86),
    Row(D(2024, 7, 1),  D(2024, 12, 31),  86, 0.25, 0.88),
    Row(D(2025, 1, 1),  D(2025, 6, 30),  113, 0.30, 0.92),  # the seed's 113
    Row(D(2025, 7, 1),  D(2025, 12, 31), 134, 0.30, 0.93),
    Row(D(2026, 1, 1),  D(2026, 11, 24), 236, 0.35, 0.94),  # up to the demo's today
)
# fmt: on
# On the demo's today the latest cases stand where they are, so the inboxes show live work:
# (the step not taken yet, how many cases wait for it, the item ("" = as planned), handled in).
STILL_OPEN = (
    ("accept", 2, "", ""),  # the handling department has not accepted yet
    ("handoff_receive", 1, "", ""),  # the paper originals are on their way
    ("handoff_receive", 1, "320200-SSDJ-002", "320412114"),  # a food licence's, to 雪堰
    ("request_correction", 2, "", ""),  # waiting for the applicant's correction
    ("conclude", 4, "", ""),  # accepted, being handled
    ("conclude", 1, "320200-SSDJ-001", "320412114"),  # in officer.xueyan's inbox
)


def item_facts(alliance: Alliance) -> dict[str, ItemFacts]:
    towns = list(Region.objects.filter(code__in=alliance.members.values("region__code")))
    facts = {}
    for entry in alliance.items.select_related("item__category").prefetch_related(
        "item__materials"
    ):
        item = entry.item
        facts[item.code] = ItemFacts(
            code=item.code,
            category=item.category.code,
            instant=item.kind == "instant",
            promised_days=item.promised_days,
            enterprise=item.audience == "enterprise",
            online=item.online,
            paper_originals=any(r.needs_paper_original for r in item.materials.all()),
            online_towns=frozenset(t.code for t in towns if route(item, t)[1] is not None),
        )
    return facts


def plan_cases(alliance: Alliance) -> list[CaseSpec]:
    items = item_facts(alliance)
    specs = schedule(PLAN, state_of(alliance), items, SEED)
    hold(specs, STILL_OPEN, CUTOFF, items, SEED)
    return specs


def load(log: Callable[[str], None]) -> list[dict]:
    """Make the cases of the plan not made yet. ``ONETHING_DEMO_HISTORY=0`` skips the history
    (the demo city without its years of cases, for tests that reload the city often)."""
    from onething.cases.demo_history.pending import pending_steps
    from onething.core.demo import DEMO_PASSWORD

    from .run import Runner

    if os.environ.get("ONETHING_DEMO_HISTORY", "1") == "0":
        log("cross-region history: skipped (ONETHING_DEMO_HISTORY=0)")
        return []

    alliance = Alliance.objects.get(code="xi-chang-3")
    specs = plan_cases(alliance)
    events, done = pending_steps(specs, KEY_PREFIX, ("crossregion.intake", "case.submit"), CUTOFF)
    made = Runner(specs, SEED, DEMO_PASSWORD).run(events)
    log(f"cross-region history: {made} new cases, {len(done)} already there")
    return []
