"""The demo city's one-things (一件事), saved through the services; idempotent.

- 股权转让一件事 (seed 001): 纳税申报, 纳税查验 and 公司变更登记 reviewed in parallel, the
  registration concluding after a passed verification, the transfer price checked against
  the tax declaration — done in one day instead of half a month.
- 开办餐饮店一件事: the registration passes the new credit code on to the food licence.
- 拿地即开工 (seed 001): the permits of an industrial project pre-reviewed by a service team
  before the land contract and concluded in parallel after it.

Then the demo runs of these one-things (``runs``), made by the services as of the
seeds' days, and two of the live month.

With them, the one-thing list at all three levels (``lists``): the national and provincial
key items and the city's own, 59 one-things; and the runs they took in over the first half
of 2025 (seed 000: "重点事项29项，上半年累计办理93.8万件"), generated as figures' data
(``handled``).
"""

from __future__ import annotations

from collections.abc import Callable

from onething.bundles.models import Bundle, Level
from onething.bundles.services.definitions import bundle_row, bundle_save
from onething.core.models import Department, Role, ServiceCenter, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.demo.base import DEMO_PASSWORD

from .lists import FIRST_2024, LIST

EQUITY = "YJS-320281-QY-001"
RESTAURANT = "YJS-320200-GR-001"
PROJECT = "YJS-320205-QY-001"

DEFINITIONS = [
    {
        "code": EQUITY,
        "name": "股权转让一件事",
        "audience": "enterprise",
        "level": Level.CITY,
        "description": (
            "纳税申报、纳税查验、公司变更登记一表申请、并联审批、数据共享核验，当天办结。"
        ),
        "steps": [
            {
                "key": "declare",
                "item_code": "320200-SW-101",
                "outputs": [
                    {"name": "tax_certificate", "label": "完税证明编号", "from": "licence_number"},
                    {"name": "tax_basis_yuan", "label": "计税依据（元）", "from": "entered"},
                ],
            },
            {
                "key": "verify",
                "item_code": "320200-SW-102",
                "concludes_after": ["declare"],
                "outputs": [
                    {"name": "verification_number", "label": "查验编号", "from": "entered"},
                ],
                "checks": [
                    {
                        "rule": "present",
                        "left": "steps.declare.tax_certificate",
                        "message": "纳税申报尚未完成，不能出具查验结果。",
                    }
                ],
            },
            {
                "key": "register",
                "item_code": "320200-SSDJ-101",
                "concludes_after": ["verify"],
                "checks": [
                    {
                        "rule": "equals",
                        "left": "form.price_yuan",
                        "right": "form.income_yuan",
                        "message": "转让价格与纳税申报收入不一致。",
                    },
                    {
                        "rule": "present",
                        "left": "steps.verify.verification_number",
                        "message": "纳税查验未通过，不能办理变更登记。",
                    },
                    {
                        "rule": "equals",
                        "left": "form.price_yuan",
                        "right": "steps.declare.tax_basis_yuan",
                        "message": "转让价格与税务机关确认的计税依据不一致。",
                    },
                ],
            },
        ],
    },
    {
        "code": RESTAURANT,
        "name": "开办餐饮店一件事",
        "audience": "person",
        "level": Level.NATIONAL,
        "listed_in": FIRST_2024,
        "description": (
            "个体工商户设立登记与小餐饮经营登记一表申请，登记赋予的信用代码自动带入经营登记。"
        ),
        "steps": [
            {
                "key": "register",
                "item_code": "320200-SSDJ-001",
                "outputs": [
                    {"name": "credit_code", "label": "统一社会信用代码", "from": "entered"},
                ],
            },
            {
                "key": "food",
                "item_code": "320200-SSDJ-006",
                "after": ["register"],
                "checks": [
                    {
                        "rule": "present",
                        "left": "steps.register.credit_code",
                        "message": "营业执照尚未核发。",
                    }
                ],
            },
        ],
    },
    {
        "code": PROJECT,
        "name": "工业项目拿地即开工一件事",
        "audience": "enterprise",
        "level": Level.CITY,
        "milestone": "土地出让合同签订",
        "description": (
            "服务专班提前介入预审，土地出让合同签订后各许可并联办结（并联跑代替接力跑）。"
        ),
        "steps": [
            {"key": "land", "item_code": "320200-BDC-101", "waits_for_milestone": True},
            {
                "key": "planning",
                "item_code": "320200-JS-101",
                "waits_for_milestone": True,
                "outputs": [
                    {"name": "planning_permit", "label": "规划许可证号", "from": "licence_number"}
                ],
            },
            {"key": "drawings", "item_code": "320200-JS-102"},
            {
                "key": "construction-permit",
                "item_code": "320200-JS-103",
                "concludes_after": ["planning", "drawings"],
                "waits_for_milestone": True,
                "checks": [
                    {
                        "rule": "present",
                        "left": "steps.planning.planning_permit",
                        "message": "建设工程规划许可证尚未核发。",
                    }
                ],
            },
        ],
    },
]


def setup(log: Callable[[str], None]) -> list[dict]:
    made = 0
    for data in [*DEFINITIONS, *LIST]:
        existing = Bundle.objects.filter(code=data["code"]).first()
        if existing is None or bundle_row(existing) != _normal(data):
            bundle_save(actor=SYSTEM, data=data)
            made += existing is None
    log(f"one-things: {made} new, {Bundle.objects.count()} in all")
    for department in Department.objects.filter(  # the officers of the stories' steps
        items__bundle_steps__bundle__code__in=[d["code"] for d in DEFINITIONS]
    ).distinct():
        officer(department)
    from .runs import delijia_accounts

    return delijia_accounts()


def load_history(log: Callable[[str], None]) -> None:
    from .handled import load_handled
    from .runs import load_fixed

    load_fixed(log)
    load_handled(log)


def live(log: Callable[[str], None]) -> None:
    from .runs import load_live

    load_live(log)


def officer(department: Department) -> User:
    """The demo officer of a department the one-things involve (officer.<code>)."""
    username = f"officer.{department.code.lower()}"
    return User.objects.filter(username=username).first() or account_create(
        actor=SYSTEM,
        username=username,
        password=DEMO_PASSWORD,
        role=Role.OFFICER,
        department=department,
    )


def window_clerk(center: ServiceCenter) -> User:
    """A window clerk of a centre (its demo account where the base city has one, else
    clerk.<code>), who confirms the agency's pickups there."""
    return (
        User.objects.filter(role=Role.CLERK, service_center=center, is_active=True)
        .order_by("username")
        .first()
    ) or account_create(
        actor=SYSTEM,
        username=f"clerk.{center.code.lower()}",
        password=DEMO_PASSWORD,
        role=Role.CLERK,
        service_center=center,
    )


def _normal(data: dict) -> dict:
    """A definition as bundle_row shows it (defaults filled in)."""
    return {
        "description": "",
        "milestone": "",
        "level": Level.CITY,
        "listed_in": "",
        "is_active": True,
        **data,
        "steps": [
            {
                "key": s["key"],
                "item_code": s["item_code"],
                "after": s.get("after", []),
                "concludes_after": s.get("concludes_after", []),
                "waits_for_milestone": s.get("waits_for_milestone", False),
                "outputs": s.get("outputs", []),
                "checks": s.get("checks", []),
            }
            for s in data["steps"]
        ],
    }
