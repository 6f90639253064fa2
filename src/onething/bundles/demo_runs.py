"""Demo runs of the one-things, made by the real services "as of" the days of the seeds
(``core.clock.frozen``): the applicant applies once, the departments' officers accept,
enter the steps' outputs and conclude, the land contract is recorded, an agency files its
declaration and collects its clients' licences in one batch. Nothing is written into a
figure: the saving of the equity transfer and the project's days come out of these runs.

- 股权转让一件事 by 江阴澄丰化纤有限公司 (qiye.chengfeng) on 2025-04-30 (seed 000: "4月30日
  当天就把税务、营业执照一起变更到位"): three steps started together, concluded the same
  afternoon, results waiting at the window.
- 批量代领 (seed 000, 梁溪区's pilot in the second quarter of 2025): 无锡梁溪诚信代理记账
  files a declaration naming 江阴澄丰化纤 and 无锡梁溪清名桥文化旅游 (by their credit
  codes), files a company change for the latter, and agent.chengxin collects every result
  of both in one batch.
- 工业项目拿地即开工 for 德力佳传动科技（江苏）股份有限公司 (seed 000): submitted before the
  land contract, pre-reviewed (accepted) by the service team, the drawings approved
  before it; the contract signed on 2025-04-10, the construction permit issued on
  2025-04-16 — 6 days. The permit is accepted the day after the contract it depends on,
  so that it is also concluded within its promised 3 working days.
- 开办餐饮店一件事 by 张伟 of 胡埭镇 in November 2026: the registration's officer enters
  the new credit code, the food step starts on its own with the code passed on, and is
  approved.
- A second equity transfer of 江阴澄丰化纤 on 2026-11-20, concluded, its results waiting
  at the window — for the agency to collect in the browser demo.

Deterministic (fixed days, seeded identities) and idempotent: each scenario is keyed by
the idempotency key of its first write and made once. ``ONETHING_DEMO_HISTORY=0`` skips
the runs (like the cross-region history); the accounts are made either way."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from onething.cases.demo import scan
from onething.cases.models import Case
from onething.cases.services.intake import case_submit
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.cases.services.materials import material_upload
from onething.catalog.models import Requirement, ServiceItem
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.demo import DEMO_PASSWORD
from onething.core.generate import credit_code, mobile, resident_id
from onething.core.models import Department, Enterprise, IdempotencyRecord, Person, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create
from onething.core.services.declarations import declaration_file
from onething.core.services.parties import PII_FIELDS, person_register

from .demo import EQUITY, PROJECT, RESTAURANT, officer
from .models import Bundle, BundleRun, RunStep
from .services.pickup import batch_pickup
from .services.runs import run_milestone, run_submit, step_outputs_enter

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHENGFENG = "江阴澄丰化纤有限公司"
QINGMINGQIAO = "无锡梁溪清名桥文化旅游有限公司"
DELIJIA = "德力佳传动科技（江苏）股份有限公司"
DELIJIA_STAFF = ("qiye.delijia", "刘建华", "320205102")  # username, name, home (东港镇)

# The idempotency keys that mark each scenario as made (on the account of its first write).
EQUITY_2025 = "demo-run-equity-2025"
DECLARATION = "demo-declaration-2025"
QMQ_CHANGE = "demo-case-qingmingqiao-2025"
PICKUP = "demo-pickup-2025"
PROJECT_2025 = "demo-run-project-2025"
EQUITY_2026 = "demo-run-equity-2026"
RESTAURANT_2026 = "demo-run-restaurant-2026"

# The seed's days.
EQUITY_DAY = dt.date(2025, 4, 30)
CONTRACT_SIGNED = dt.datetime(2025, 4, 10, 15, 0, tzinfo=SHANGHAI)
PERMIT_ISSUED = dt.datetime(2025, 4, 16, 10, 0, tzinfo=SHANGHAI)
PROJECT_FORM = {
    "project_name": "德力佳传动科技三期风电齿轮箱项目",
    "project_code": "2503-320205-04-01-726481",
    "site": "锡山经济技术开发区联吉路东侧",
    "floor_area": 86000,
    "investment_yuan": 1_500_000_000,
}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _done(user: User, key: str, operation: str) -> bool:
    return IdempotencyRecord.objects.filter(
        owner=f"user:{user.pk}", operation=operation, key=key
    ).exists()


def _handler(department: Department) -> Actor:
    """The department's demo officer (the town's own account where the base city has one,
    else officer.<code>)."""
    user = (
        User.objects.filter(role=Role.OFFICER, department=department, is_active=True)
        .order_by("username")
        .first()
    ) or officer(department)
    return actor_for(user)


def _uploads(actor: Actor, bundle_or_item_codes: list[str]) -> list[int]:
    """One scan for each material type the items require (each type once)."""
    types: list[str] = []
    for item in ServiceItem.objects.filter(code__in=bundle_or_item_codes).prefetch_related(
        "materials__material_type"
    ):
        for req in item.materials.all():
            if req.requirement == Requirement.REQUIRED and req.material_type.code not in types:
                types.append(req.material_type.code)
    return [
        material_upload(actor=actor, material_type_code=code, name=f"{code}.pdf", data=scan()).pk
        for code in sorted(types)
    ]


def _step_items(bundle_code: str) -> list[str]:
    return list(Bundle.objects.get(code=bundle_code).steps.values_list("item__code", flat=True))


def _cases(run: BundleRun) -> dict[str, Case]:
    """The run's step cases by step key (fresh from the database)."""
    return {
        rs.step.key: rs.case
        for rs in RunStep.objects.filter(run=run).select_related("step", "case__department")
        if rs.case is not None
    }


class Scenarios:
    def __init__(self) -> None:
        self.users = {u.username: u for u in User.objects.select_related("agent")}

    def actor(self, username: str) -> Actor:
        return actor_for(self.users[username])

    # --- 股权转让: the same afternoon ------------------------------------------------------

    def equity(self, key: str, day: dt.date, transfer: dict) -> BundleRun:
        staff = self.actor("qiye.chengfeng")
        chengfeng = Enterprise.objects.get(name=CHENGFENG)
        form = {
            "taxpayer_id": chengfeng.credit_code,
            "income_yuan": transfer["price_yuan"],
            "period": f"{day:%Y-%m}",
            "company_credit_code": chengfeng.credit_code,
            **transfer,
        }
        with clock.frozen(at(day, 9)):
            run = run_submit(
                actor=staff,
                bundle_code=EQUITY,
                form=form,
                material_ids=_uploads(staff, _step_items(EQUITY)),
                enterprise_id=chengfeng.pk,
                region_code="320281",
                delivery="window",
                idempotency_key=key,
            )
        cases = _cases(run)
        tax = _handler(cases["declare"].department)
        market = _handler(cases["register"].department)
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

    # --- 批量代领 -----------------------------------------------------------------------------

    def pickup(self) -> None:
        agent = self.actor("agent.chengxin")
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
                material_ids=_uploads(agent, ["320200-SSDJ-101"]),
                enterprise_id=qmq.pk,
                region_code="320213",
                delivery="window",
                idempotency_key=QMQ_CHANGE,
            )
        market = _handler(case.department)
        with clock.frozen(at(day, 10, 30)):
            case_accept(actor=market, number=case.number)
        with clock.frozen(at(day + dt.timedelta(days=1), 14)):
            case_conclude(actor=market, number=case.number, outcome="approved")
        equity = BundleRun.objects.get(
            pk=IdempotencyRecord.objects.get(
                owner=f"user:{self.users['qiye.chengfeng'].pk}",
                operation="run.submit",
                key=EQUITY_2025,
            ).result_id
        )
        numbers = [c.number for c in _cases(equity).values()] + [case.number]
        with clock.frozen(at(day + dt.timedelta(days=2), 10)):
            batch_pickup(actor=agent, case_numbers=sorted(numbers), idempotency_key=PICKUP)

    # --- 拿地即开工: 6 days from the land contract to the construction permit ---------------

    def project(self) -> BundleRun:
        staff = self.actor(DELIJIA_STAFF[0])
        delijia = Enterprise.objects.get(name=DELIJIA)
        with clock.frozen(at(dt.date(2025, 4, 8), 9, 30)):
            run = run_submit(
                actor=staff,
                bundle_code=PROJECT,
                form=PROJECT_FORM,
                material_ids=_uploads(staff, _step_items(PROJECT)),
                enterprise_id=delijia.pk,
                region_code="320205",
                delivery="electronic",
                idempotency_key=PROJECT_2025,
            )
        cases = _cases(run)
        land = _handler(cases["land"].department)
        build = _handler(cases["construction-permit"].department)
        # The service team's pre-review: accepted before the contract.
        with clock.frozen(at(dt.date(2025, 4, 9), 10)):
            case_accept(actor=land, number=cases["land"].number)
            case_accept(actor=land, number=cases["planning"].number)
        with clock.frozen(at(dt.date(2025, 4, 9), 10, 30)):
            case_accept(actor=build, number=cases["drawings"].number)
        with clock.frozen(at(dt.date(2025, 4, 10), 11)):
            case_conclude(actor=build, number=cases["drawings"].number, outcome="approved")
        with clock.frozen(CONTRACT_SIGNED):
            run_milestone(actor=land, number=run.number)
        with clock.frozen(at(dt.date(2025, 4, 11), 9, 30)):
            case_accept(actor=build, number=cases["construction-permit"].number)
        with clock.frozen(at(dt.date(2025, 4, 14), 10)):
            case_conclude(actor=land, number=cases["land"].number, outcome="approved")
        with clock.frozen(at(dt.date(2025, 4, 14), 11)):
            case_conclude(actor=land, number=cases["planning"].number, outcome="approved")
        with clock.frozen(PERMIT_ISSUED):
            case_conclude(
                actor=build, number=cases["construction-permit"].number, outcome="approved"
            )
        run.refresh_from_db()
        return run

    # --- 开办餐饮店: the credit code passed on --------------------------------------------------

    def restaurant(self) -> BundleRun:
        zhang = self.actor("zhangwei")
        person = self.users["zhangwei"].person
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
        day = dt.date(2026, 11, 16)
        with clock.frozen(at(day, 9, 30)):
            run = run_submit(
                actor=zhang,
                bundle_code=RESTAURANT,
                form=form,
                material_ids=_uploads(zhang, _step_items(RESTAURANT)),
                region_code="320211102",
                delivery="electronic",
                idempotency_key=RESTAURANT_2026,
            )
        register = _cases(run)["register"]
        market = _handler(register.department)
        with clock.frozen(at(day, 10)):
            case_accept(actor=market, number=register.number)
        # 个体工商户: 9 (registered by market regulation) 2 (sole proprietorship)
        code = credit_code(random.Random(RESTAURANT_2026), "320211", kind="92")
        with clock.frozen(at(day + dt.timedelta(days=1), 9, 30)):
            step_outputs_enter(
                actor=market, case_number=register.number, values={"credit_code": code}
            )
        with clock.frozen(at(day + dt.timedelta(days=1), 9, 40)):
            case_conclude(actor=market, number=register.number, outcome="approved")
        food = _cases(run)["food"]  # started on its own, with the credit code
        food_market = _handler(food.department)
        with clock.frozen(at(day + dt.timedelta(days=1), 10, 30)):
            case_accept(actor=food_market, number=food.number)
        with clock.frozen(at(day + dt.timedelta(days=2), 15)):
            case_conclude(actor=food_market, number=food.number, outcome="approved")
        run.refresh_from_db()
        return run


def delijia_staff() -> User:
    """The account of 德力佳's staff (an applicant acting for the enterprise)."""
    username, name, home = DELIJIA_STAFF
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    rng = random.Random(username)
    number = resident_id(rng)
    person = Person.objects.filter(
        id_number_digest=keyring().digest(number, PII_FIELDS["id_number"])
    ).first() or person_register(
        actor=SYSTEM, name=name, id_number=number, phone=mobile(rng), region_code=home
    )
    return account_create(
        actor=SYSTEM,
        username=username,
        password=DEMO_PASSWORD,
        role=Role.APPLICANT,
        person=person,
        enterprise=Enterprise.objects.get(name=DELIJIA),
    )


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
    plan: list[tuple[str, str, str, Callable[[], object], dt.datetime]] = [
        (
            "qiye.chengfeng",
            EQUITY_2025,
            "run.submit",
            lambda: scenarios.equity(
                EQUITY_2025,
                EQUITY_DAY,
                {
                    "transferor": "周建国",
                    "transferee": "无锡锡澄新材料有限公司",
                    "share_percent": 20,
                    "price_yuan": 3_600_000,
                },
            ),
            at(EQUITY_DAY, 16),
        ),
        ("agent.chengxin", DECLARATION, "declaration.file", scenarios.pickup, at(EQUITY_DAY, 16)),
        (DELIJIA_STAFF[0], PROJECT_2025, "run.submit", scenarios.project, PERMIT_ISSUED),
        (
            "zhangwei",
            RESTAURANT_2026,
            "run.submit",
            scenarios.restaurant,
            at(dt.date(2026, 11, 18), 16),
        ),
        (
            "qiye.chengfeng",
            EQUITY_2026,
            "run.submit",
            lambda: scenarios.equity(
                EQUITY_2026,
                dt.date(2026, 11, 20),
                {
                    "transferor": "陈立新",
                    "transferee": "江阴申港实业投资有限公司",
                    "share_percent": 15,
                    "price_yuan": 2_250_000,
                },
            ),
            at(dt.date(2026, 11, 20), 16),
        ),
    ]
    made = 0
    for username, key, operation, make, ends in plan:
        if _done(users[username], key, operation) or ends > clock.now():
            continue  # made already, or its days have not come yet
        make()
        made += 1
    log(f"one-thing runs: {made} new scenarios, {BundleRun.objects.count()} runs in all")
    return accounts
