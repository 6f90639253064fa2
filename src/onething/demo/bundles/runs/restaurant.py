"""开办餐饮店一件事 by 张伟 of 胡埭镇 in the live month (twelve working days before the demo's
today): the registration's officer enters the new credit code, the food step starts on its
own with the code passed on, and is approved."""

from __future__ import annotations

import random

from onething.bundles.models import BundleRun
from onething.bundles.services.steps import step_outputs_enter
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.generate import credit_code
from onething.demo.bundles import RESTAURANT

from ...timeline import workdays_after, workdays_ago
from .common import RESTAURANT_LIVE, Scenarios, at, cases, handler, submit


def make(scenarios: Scenarios) -> BundleRun:
    """The credit code passed on from the registration to the food step."""
    zhang = scenarios.actor("zhangwei")
    person = scenarios.users["zhangwei"].person
    form = {
        "business_name": "胡埭张记面馆",
        "operator_name": person.name,
        "operator_id": keyring().decrypt(person.id_number_cipher, "person.id_number"),
        "address": "滨湖区胡埭镇胡埭路18号",
        "scope": "餐饮服务",
        "capital": 80000,
        "category": "热食类食品制售",
        "area": 45,
    }
    day = workdays_ago(12)
    second, third = workdays_after(day, 1), workdays_after(day, 2)
    run, started = submit(
        zhang,
        RESTAURANT,
        form,
        when=at(day, 9, 30),
        region_code="320211102",
        delivery="electronic",
        key=RESTAURANT_LIVE,
    )
    register = started["register"]
    market = handler(register.department)
    with clock.frozen(at(day, 10)):
        case_accept(actor=market, number=register.number)
    # 个体工商户: 9 (registered by market regulation) 2 (sole proprietorship)
    code = credit_code(random.Random(RESTAURANT_LIVE), "320211", kind="92")
    with clock.frozen(at(second, 9, 30)):
        step_outputs_enter(actor=market, case_number=register.number, values={"credit_code": code})
    with clock.frozen(at(second, 9, 40)):
        case_conclude(actor=market, number=register.number, outcome="approved")
    food = cases(run)["food"]  # started on its own, with the credit code
    food_market = handler(food.department)
    with clock.frozen(at(second, 10, 30)):
        case_accept(actor=food_market, number=food.number)
    with clock.frozen(at(third, 15)):
        case_conclude(actor=food_market, number=food.number, outcome="approved")
    run.refresh_from_db()
    return run
