"""批量代领 (seed 000, 梁溪区's pilot in the second quarter of 2025): 无锡梁溪诚信代理记账
files a declaration naming 江阴澄丰化纤 and 无锡梁溪清名桥文化旅游 (by their credit codes),
files a company change for the latter, and agent.chengxin collects every result of both
(the 2025 equity transfer's and the change's) in one batch at each centre where they wait,
each batch confirmed by a window clerk of that centre when it was handed over."""

from __future__ import annotations

import datetime as dt

from onething.bundles.models import BundleRun
from onething.bundles.services.pickup import batch_pickup, pickup_confirm
from onething.cases.models import Case
from onething.cases.services.intake import case_submit
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.core import clock
from onething.core.models import Enterprise, IdempotencyRecord
from onething.core.permissions import actor_for
from onething.core.services.declarations import declaration_file
from onething.demo.bundles import window_clerk

from .common import (
    CHENGFENG,
    DECLARATION,
    EQUITY_2025,
    PICKUP,
    QMQ_CHANGE,
    Scenarios,
    at,
    cases,
    handler,
    uploads,
)

QINGMINGQIAO = "无锡梁溪清名桥文化旅游有限公司"


def make(scenarios: Scenarios) -> None:
    agent = scenarios.actor("agent.chengxin")
    chengfeng = Enterprise.objects.get(name=CHENGFENG)
    qmq = Enterprise.objects.get(name=QINGMINGQIAO)
    day = dt.date(2025, 5, 6)  # the first working day after the May Day holiday
    with clock.frozen(at(day, 9)):
        declaration_file(
            actor=agent,
            credit_codes=[chengfeng.credit_code, qmq.credit_code],
            idempotency_key=DECLARATION,
        )
    with clock.frozen(at(day, 9, 30)):
        case = case_submit(
            actor=agent,
            item_code="320200-SSDJ-101",
            form={
                "company_credit_code": qmq.credit_code,
                "transferor": "无锡梁溪文旅发展有限公司",
                "transferee": "无锡清名桥古运河文化投资有限公司",
                "share_percent": 25,
                "price_yuan": 5_000_000,
            },
            material_ids=uploads(agent, ["320200-SSDJ-101"]),
            enterprise_id=qmq.pk,
            region_code="320213",
            delivery="window",
            idempotency_key=QMQ_CHANGE,
        )
    market = handler(case.department)
    with clock.frozen(at(day, 10, 30)):
        case_accept(actor=market, number=case.number)
    with clock.frozen(at(day + dt.timedelta(days=1), 14)):
        case_conclude(actor=market, number=case.number, outcome="approved")
    equity = BundleRun.objects.get(
        pk=IdempotencyRecord.objects.get(
            owner=f"user:{scenarios.users['qiye.chengfeng'].pk}",
            operation="run.submit",
            key=EQUITY_2025,
        ).result_id
    )
    numbers = [c.number for c in cases(equity).values()] + [case.number]
    by_centre: dict[str, list[str]] = {}
    for waiting in Case.objects.filter(number__in=numbers).select_related("center"):
        by_centre.setdefault(waiting.center.code, []).append(waiting.number)
    for n, (code, batch) in enumerate(sorted(by_centre.items())):
        when = at(day + dt.timedelta(days=2), 10 + n)
        with clock.frozen(when):
            pickup = batch_pickup(
                actor=agent,
                case_numbers=sorted(batch),
                center_code=code,
                idempotency_key=PICKUP if n == 0 else f"{PICKUP}-{code.lower()}",
            )
        clerk = actor_for(window_clerk(pickup.center))
        with clock.frozen(when + dt.timedelta(minutes=10)):  # identity checked at the window
            pickup_confirm(actor=clerk, number=pickup.number, identity_checked=True)
