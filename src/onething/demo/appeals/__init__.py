"""The demo city's appeals directory, saved through the services; idempotent.

The programmes (无难事、悉心办 and 微幸福), the departments appeals need beyond core's, the
category tree, the routing table, the policies of the platform's policy service, an Open311
client key and the accounts of the appeal desks. Then the history (``history``): the
enterprise messages and 微幸福 items the seeds count, made by the services."""

from __future__ import annotations

from collections.abc import Callable

from onething.appeals.models import Category, Open311Key, Policy, Programme, RoutingRule
from onething.appeals.services.directory import category_save, programme_save, routing_rule_save
from onething.appeals.services.open311_keys import open311_key_issue
from onething.appeals.services.policies import policy_publish
from onething.core.models import Department, Role, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.core.services.organisations import department_create
from onething.demo.base import DEMO_PASSWORD

from . import data

DEMO_OPEN311_KEY = "o311_demo-city-open311-client-key-0001"
# username, department code, note
DESK_ACCOUNTS = [
    ("officer.wx-cg", "WX-CG", "officer, 无锡市城市管理局 (appeals)"),
    ("officer.wx-sj", "WX-SJ", "officer, 无锡市数据局 (appeals)"),
    ("officer.qmq", "QMQ-JB", "officer, 清名桥街道办事处 (微幸福)"),
]


def _departments() -> int:
    made = 0
    for code, name, kind, region in data.EXTRA_DEPARTMENTS:
        if not Department.objects.filter(code=code).exists():
            department_create(actor=SYSTEM, code=code, name=name, kind=kind, region_code=region)
            made += 1
    return made


def _categories() -> None:
    for row in data.CATEGORIES:
        if not Category.objects.filter(code=row["code"]).exists():
            category_save(
                actor=SYSTEM,
                code=row["code"],
                name=row["name"],
                parent_code=row.get("parent") or "",
                keywords=row.get("keywords", ""),
                open311=row.get("open311", False),
                description=row.get("description", ""),
            )


def _routing() -> None:
    for index, row in enumerate(data.ROUTING_RULES):
        position = (index + 1) * 10
        if not RoutingRule.objects.filter(position=position).exists():
            routing_rule_save(
                actor=SYSTEM,
                position=position,
                name=row["name"],
                department_code=row["department"],
                category_code=row.get("category") or "",
                region_code=row.get("region") or "",
                keywords=row.get("keywords", ""),
            )


def _policies() -> None:
    import datetime as dt

    for row in data.POLICIES:
        if not Policy.objects.filter(title=row["title"]).exists():
            policy_publish(
                actor=SYSTEM,
                title=row["title"],
                summary=row["summary"],
                body=row["body"],
                department_code=row["department"],
                industries=row.get("industries", []),
                sizes=row.get("sizes", []),
                region_code=row.get("region") or "",
                published_on=dt.date.fromisoformat(row["published_on"]),
            )


def _desks() -> None:
    """An officer for every department the routing table or a policy sends appeals to, when
    it has none: automatic dispatch goes only to a department with someone to see it."""
    codes = {row["department"] for row in data.ROUTING_RULES}
    codes |= {row["department"] for row in data.POLICIES}
    for department in Department.objects.filter(code__in=codes).order_by("code"):
        staffed = User.objects.filter(role=Role.OFFICER, department=department, is_active=True)
        username = f"officer.{department.code.lower()}"
        if not staffed.exists() and not User.objects.filter(username=username).exists():
            account_create(
                actor=SYSTEM,
                username=username,
                password=DEMO_PASSWORD,
                role=Role.OFFICER,
                department=department,
            )


def _accounts() -> list[dict]:
    accounts = []
    for username, department, note in DESK_ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            account_create(
                actor=SYSTEM,
                username=username,
                password=DEMO_PASSWORD,
                role=Role.OFFICER,
                department=Department.objects.get(code=department),
            )
        accounts.append(
            {
                "role": Role.OFFICER.value,
                "username": username,
                "password": DEMO_PASSWORD,
                "note": note,
            }
        )
    return accounts


def setup(log: Callable[[str], None]) -> list[dict]:
    made = _departments()
    for row in data.PROGRAMMES:
        if not Programme.objects.filter(code=row["code"]).exists():
            programme_save(actor=SYSTEM, **row)
    _categories()
    _routing()
    _policies()
    if not Open311Key.objects.exists():
        open311_key_issue(actor=SYSTEM, name="无锡随手拍 (Open311)", secret=DEMO_OPEN311_KEY)
    log(
        f"appeals directory: {made} new departments, {Category.objects.count()} categories, "
        f"{RoutingRule.objects.count()} routing rules, {Policy.objects.count()} policies"
    )
    accounts = _accounts()
    _desks()
    return [
        *accounts,
        {"role": "open311 key", "username": "api_key=", "password": DEMO_OPEN311_KEY, "note": ""},
    ]


def load_history(log: Callable[[str], None]) -> None:
    from . import history

    history.load_fixed(log)


def live(log: Callable[[str], None]) -> None:
    from . import history

    history.load_live(log)
