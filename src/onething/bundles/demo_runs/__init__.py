"""Demo runs of the one-things, made by the real services "as of" the days of the seeds
(``core.clock.frozen``): the applicant applies once, the departments' officers accept,
enter the steps' outputs and conclude, the land contract is recorded, an agency files its
declaration and collects its clients' licences in one batch. Nothing is written into a
figure: the saving of the equity transfer and the project's days come out of these runs.
One module per story:

- ``equity``: 股权转让一件事 by 江阴澄丰化纤有限公司 (qiye.chengfeng) on 2025-04-30 (seed 000:
  "4月30日当天就把税务、营业执照一起变更到位"): three steps started together, concluded the
  same afternoon, results waiting at the window; and a second one on 2026-11-20, concluded,
  its results waiting at the window — for the agency to collect in the browser demo.
- ``pickup``: 批量代领 (seed 000, 梁溪区's pilot in the second quarter of 2025): 无锡梁溪诚信
  代理记账 files a declaration naming 江阴澄丰化纤 and 无锡梁溪清名桥文化旅游 (by their
  credit codes), files a company change for the latter, and agent.chengxin collects every
  result of both in one batch.
- ``project``: 工业项目拿地即开工 for 德力佳传动科技（江苏）股份有限公司 (seed 000): submitted
  before the land contract, pre-reviewed (accepted) by the service team, the drawings
  approved before it; the contract signed on 2025-04-10, the construction permit issued on
  2025-04-16 — 6 days. The permit is accepted the day after the contract it depends on, so
  that it is also concluded within its promised 3 working days.
- ``restaurant``: 开办餐饮店一件事 by 张伟 of 胡埭镇 in November 2026: the registration's
  officer enters the new credit code, the food step starts on its own with the code passed
  on, and is approved.
- ``common``: the idempotency keys, the officers, the uploads and the applying they share.

Deterministic (fixed days, seeded identities) and idempotent: each scenario is keyed by
the idempotency key of its first write and made once. ``ONETHING_DEMO_HISTORY=0`` skips
the runs (like the cross-region history); the accounts are made either way."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from functools import partial

from onething.core import clock
from onething.core.demo import DEMO_PASSWORD
from onething.core.generate import credit_code  # the restaurant's code, as tests rebuild it
from onething.core.models import Role

from ..models import BundleRun
from . import equity, pickup, project, restaurant
from .common import (
    DECLARATION,
    EQUITY_2025,
    EQUITY_2026,
    PICKUP,
    PROJECT_2025,
    QMQ_CHANGE,
    RESTAURANT_2026,
    Scenarios,
    at,
    done,
)
from .equity import EQUITY_2026_DAY, EQUITY_DAY, TRANSFER_2025, TRANSFER_2026
from .project import CONTRACT_SIGNED, DELIJIA, DELIJIA_STAFF, PERMIT_ISSUED, delijia_staff

__all__ = [
    "CONTRACT_SIGNED",
    "DECLARATION",
    "EQUITY_2025",
    "EQUITY_2026",
    "PERMIT_ISSUED",
    "PICKUP",
    "PROJECT_2025",
    "QMQ_CHANGE",
    "RESTAURANT_2026",
    "Scenarios",
    "credit_code",
    "delijia_staff",
    "load",
]


def load(log: Callable[[str], None]) -> list[dict]:
    """Make the scenarios not made yet (after the definitions and the officers)."""
    delijia_staff()
    accounts = [
        {
            "role": Role.APPLICANT.value,
            "username": DELIJIA_STAFF[0],
            "password": DEMO_PASSWORD,
            "note": f"staff of {DELIJIA}",
        }
    ]
    if os.environ.get("ONETHING_DEMO_HISTORY", "1") == "0":
        log("one-thing runs: skipped (ONETHING_DEMO_HISTORY=0)")
        return accounts
    scenarios = Scenarios()
    users = scenarios.users
    # (whose first write, its key and operation, the story, when its last step is done)
    plan: list[tuple[str, str, str, Callable[[], object], dt.datetime]] = [
        (
            "qiye.chengfeng",
            EQUITY_2025,
            "run.submit",
            partial(equity.make, scenarios, EQUITY_2025, EQUITY_DAY, TRANSFER_2025),
            at(EQUITY_DAY, 16),
        ),
        (
            "agent.chengxin",
            DECLARATION,
            "declaration.file",
            partial(pickup.make, scenarios),
            at(EQUITY_DAY, 16),
        ),
        (
            DELIJIA_STAFF[0],
            PROJECT_2025,
            "run.submit",
            partial(project.make, scenarios),
            PERMIT_ISSUED,
        ),
        (
            "zhangwei",
            RESTAURANT_2026,
            "run.submit",
            partial(restaurant.make, scenarios),
            at(dt.date(2026, 11, 18), 16),
        ),
        (
            "qiye.chengfeng",
            EQUITY_2026,
            "run.submit",
            partial(equity.make, scenarios, EQUITY_2026, EQUITY_2026_DAY, TRANSFER_2026),
            at(EQUITY_2026_DAY, 16),
        ),
    ]
    made = 0
    for username, key, operation, make, ends in plan:
        if done(users[username], key, operation) or ends > clock.now():
            continue  # made already, or its days have not come yet
        make()
        made += 1
    log(f"one-thing runs: {made} new scenarios, {BundleRun.objects.count()} runs in all")
    return accounts
