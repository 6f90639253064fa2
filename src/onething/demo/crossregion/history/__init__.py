"""The history of cross-region cases in the demo city, made by the real services "as of"
the day of each step: a walk-in's arrival at a town's window, the intake (received here,
handled there; jointly; decided here with the other town checking the data, 高效协同, from
2025; or online), the handling department's acceptance, the paper originals sent and
received or the partner's data check asked and answered, a correction now and then, the
conclusion, the result handed over at the receiving window. The figures the seed reports
(17 cases concluded in 2021, 113 in the first half of 2025, a full-year projection past
240) come out of these cases;
nothing is written into a page.

Two plans of one shape: from the June 2021 signing to the end of June 2025 (keys
``xrh-…``, every case closed), and the live month up to the demo's now (keys ``xrl-…``),
whose latest cases stand open in the inboxes.

Deterministic (seeded) and idempotent: a case whose key exists is skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from onething.catalog.selectors import route
from onething.core.models import IdempotencyRecord, Region
from onething.crossregion.models import Alliance
from onething.crossregion.selectors.alliances import state_of

from ...runner import pending_steps
from ...timeline import LIVE_DAYS, live_now
from .plan import SHANGHAI, CaseSpec, ItemFacts, Row, hold, schedule

SEED, LIVE_SEED = 2021, 2026
KEY_PREFIX, LIVE_PREFIX = "xrh-", "xrl-"
OPERATIONS = ("crossregion.intake", "case.submit")
D = dt.date
# The first half of 2025 (the seed's 113) ends here; its later steps are all taken.
FIXED_END = dt.datetime(2025, 6, 30, 23, 59, tzinfo=SHANGHAI)

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
    Row(D(2025, 1, 1),  D(2025, 6, 30),  113, 0.30, 0.92, 0.6),  # the seed's 113; 高效协同
)
# fmt: on
LIVE_CASES = 24  # in the live month (some 250 a year by now)
# On the demo's today the latest cases stand where they are, so the inboxes show live work:
# (the step not taken yet, how many cases wait for it, the item ("" = as planned), handled in).
STILL_OPEN = (
    # 高效协同: decided in 胡埭 or 万石, 雪堰's market regulator (officer.xueyan) has the
    # data check of the operator's registrations to answer (the latest such cases)
    ("check_answer", 2, "320200-SSDJ-001", "320412114", "collaborative"),
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


def plan_fixed(alliance: Alliance) -> list[CaseSpec]:
    return schedule(PLAN, state_of(alliance), item_facts(alliance), SEED)


def plan_live(alliance: Alliance, now: dt.datetime) -> list[CaseSpec]:
    items = item_facts(alliance)
    first = now.date() - dt.timedelta(days=LIVE_DAYS)
    row = Row(first, now.date(), LIVE_CASES, 0.35, 0.94, 0.5)
    specs = schedule((row,), state_of(alliance), items, LIVE_SEED, key_prefix=LIVE_PREFIX)
    hold(specs, STILL_OPEN, now, items, LIVE_SEED)
    return specs


def _run(specs, prefix: str, seed: int, log: Callable[[str], None], what: str) -> None:
    from onething.demo.base import DEMO_PASSWORD

    from .run import Runner

    events, done = pending_steps(specs, prefix, OPERATIONS, live_now())
    made = Runner(specs, seed, DEMO_PASSWORD).run(events)
    log(f"{what}: {made} new cases, {len(done)} already there")


def load_fixed(log: Callable[[str], None]) -> None:
    alliance = Alliance.objects.get(code="xi-chang-3")
    _run(plan_fixed(alliance), KEY_PREFIX, SEED, log, "cross-region history (2021–2025 H1)")


def load_live(log: Callable[[str], None]) -> None:
    if IdempotencyRecord.objects.filter(key__startswith=LIVE_PREFIX).exists():
        log("live cross-region cases: made before")
        return
    alliance = Alliance.objects.get(code="xi-chang-3")
    _run(plan_live(alliance, live_now()), LIVE_PREFIX, LIVE_SEED, log, "live cross-region cases")
