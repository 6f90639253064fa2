"""股权转让一件事 by 江阴澄丰化纤有限公司 (qiye.chengfeng): three steps started together,
concluded the same afternoon, results waiting at the window — on 2025-04-30 (seed 000: "4月30日
当天就把税务、营业执照一起变更到位") and again in the live month (eight working days before the
demo's today), for the agency to collect in the browser demo."""

from __future__ import annotations

import datetime as dt

from onething.bundles.models import BundleRun
from onething.bundles.services.steps import step_outputs_enter
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.core import clock
from onething.core.models import Enterprise
from onething.demo.bundles import EQUITY

from .common import CHENGFENG, Scenarios, at, handler, submit

EQUITY_DAY = dt.date(2025, 4, 30)  # the seed's day
TRANSFER_2025 = {
    "transferor": "周建国",
    "transferee": "无锡锡澄新材料有限公司",
    "share_percent": 20,
    "price_yuan": 3_600_000,
}
TRANSFER_LIVE = {
    "transferor": "陈立新",
    "transferee": "江阴申港实业投资有限公司",
    "share_percent": 15,
    "price_yuan": 2_250_000,
}


def make(scenarios: Scenarios, key: str, day: dt.date, transfer: dict) -> BundleRun:
    """The same afternoon: declared, verified and registered by 16:00."""
    staff = scenarios.actor("qiye.chengfeng")
    chengfeng = Enterprise.objects.get(name=CHENGFENG)
    form = {
        "taxpayer_id": chengfeng.credit_code,
        "income_yuan": transfer["price_yuan"],
        "period": f"{day:%Y-%m}",
        "company_credit_code": chengfeng.credit_code,
        **transfer,
    }
    run, cases = submit(
        staff,
        EQUITY,
        form,
        when=at(day, 9),
        enterprise_id=chengfeng.pk,
        region_code="320281",
        delivery="window",
        key=key,
    )
    tax = handler(cases["declare"].department)
    market = handler(cases["register"].department)
    for minute, (step, who) in zip(
        (20, 25, 30), (("declare", tax), ("verify", tax), ("register", market)), strict=True
    ):
        with clock.frozen(at(day, 9, minute)):
            case_accept(actor=who, number=cases[step].number)
    with clock.frozen(at(day, 13, 20)):
        step_outputs_enter(
            actor=tax,
            case_number=cases["declare"].number,
            values={"tax_basis_yuan": str(transfer["price_yuan"])},
        )
    with clock.frozen(at(day, 13, 30)):
        case_conclude(actor=tax, number=cases["declare"].number, outcome="approved")
    with clock.frozen(at(day, 14, 20)):
        step_outputs_enter(
            actor=tax,
            case_number=cases["verify"].number,
            values={"verification_number": f"CY-{run.number}"},
        )
    with clock.frozen(at(day, 14, 30)):
        case_conclude(actor=tax, number=cases["verify"].number, outcome="approved")
    with clock.frozen(at(day, 15, 30)):
        case_conclude(actor=market, number=cases["register"].number, outcome="approved")
    run.refresh_from_db()
    return run
