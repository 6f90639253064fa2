"""Demo runs of the one-things, made by the real services "as of" the days of the seeds
(``core.clock.frozen``): the applicant applies once, the departments' officers accept,
enter the steps' outputs and conclude, the land contract is recorded, an agency files its
declaration and collects its clients' licences in one batch. Nothing is written into a
figure: the saving of the equity transfer and the project's days come out of these runs.
One module per story:

- ``equity``: 股权转让一件事 by 江阴澄丰化纤有限公司 (qiye.chengfeng) on 2025-04-30 (seed 000:
  "4月30日当天就把税务、营业执照一起变更到位"): three steps started together, concluded the
  same afternoon, results waiting at the window; and a second one in the live month,
  concluded, its results waiting at the window — for the agency to collect in the browser
  demo.
- ``pickup``: 批量代领 (seed 000, 梁溪区's pilot in the second quarter of 2025): 无锡梁溪诚信
  代理记账 files a declaration naming 江阴澄丰化纤 and 无锡梁溪清名桥文化旅游 (by their
  credit codes), files a company change for the latter, and agent.chengxin collects every
  result of both in one batch.
- ``project``: 工业项目拿地即开工 for 德力佳传动科技（江苏）股份有限公司 (seed 000): submitted
  before the land contract, pre-reviewed (accepted) by the service team, the drawings
  approved before it; the contract signed on 2025-04-10, the construction permit issued on
  2025-04-16 — 6 days. The permit is accepted the day after the contract it depends on, so
  that it is also concluded within its promised 3 working days.
- ``restaurant``: 开办餐饮店一件事 by 张伟 of 胡埭镇 in the live month: the registration's
  officer enters the new credit code, the food step starts on its own with the code passed
  on, and is approved.
- ``common``: the idempotency keys, the officers, the uploads and the applying they share.

Deterministic (fixed days, seeded identities) and idempotent: each scenario is keyed by
the idempotency key of its first write and made once; none whose last step would come
after now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from onething.bundles.models import BundleRun
from onething.core import clock
from onething.core.generate import credit_code  # the restaurant's code, as tests rebuild it
from onething.core.models import Role
from onething.demo.base import DEMO_PASSWORD

from ...timeline import workdays_ago
from . import equity, pickup, project, restaurant
from .common import (
    DECLARATION,
    EQUITY_2025,
    EQUITY_LIVE,
    PICKUP,
    PROJECT_2025,
    QMQ_CHANGE,
    RESTAURANT_LIVE,
    Scenarios,
    at,
    done,
)
from .equity import EQUITY_DAY, TRANSFER_2025, TRANSFER_LIVE
from .project import CONTRACT_SIGNED, DELIJIA, DELIJIA_STAFF, PERMIT_ISSUED, delijia_staff

__all__ = [
    "CONTRACT_SIGNED",
    "DECLARATION",
    "EQUITY_2025",
    "EQUITY_LIVE",
    "PERMIT_ISSUED",
    "PICKUP",
    "PROJECT_2025",
    "QMQ_CHANGE",
    "RESTAURANT_LIVE",
    "Scenarios",
    "credit_code",
    "delijia_accounts",
    "delijia_staff",
    "equity_live_day",
    "load_fixed",
    "load_live",
]
Story = tuple[str, str, str, Callable[[], object], dt.datetime]


def delijia_accounts() -> list[dict]:
    """德力佳's staff account (made with the one-things, history or not)."""
    delijia_staff()
    return [
        {
            "role": Role.APPLICANT.value,
            "username": DELIJIA_STAFF[0],
            "password": DEMO_PASSWORD,
            "note": f"staff of {DELIJIA}",
        }
    ]


def equity_live_day() -> dt.date:
    """The live month's 股权转让: eight working days before the demo's today."""
    return workdays_ago(8)


def _make(stories: list[Story], log: Callable[[str], None], what: str) -> None:
    made = 0
    for username, key, operation, make, ends in stories:
        if done(Scenarios().users[username], key, operation) or ends > clock.now():
            continue  # made already, or its days have not come yet
        make()
        made += 1
    log(f"{what}: {made} new, {BundleRun.objects.count()} runs in all")


def load_fixed(log: Callable[[str], None]) -> None:
    """The seeds' runs of 2025."""
    scenarios = Scenarios()
    stories: list[Story] = [
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
    ]
    _make(stories, log, "one-thing runs of 2025")


def load_live(log: Callable[[str], None]) -> None:
    """The live month's runs: 张伟's restaurant and a second equity transfer."""
    scenarios = Scenarios()
    day = equity_live_day()
    stories: list[Story] = [
        (
            "zhangwei",
            RESTAURANT_LIVE,
            "run.submit",
            partial(restaurant.make, scenarios),
            at(workdays_ago(10), 16),
        ),
        (
            "qiye.chengfeng",
            EQUITY_LIVE,
            "run.submit",
            partial(equity.make, scenarios, EQUITY_LIVE, day, TRANSFER_LIVE),
            at(day, 16),
        ),
    ]
    _make(stories, log, "live one-thing runs")
