"""What the institute's demo starts from in every city, the base one included (``setup``):
the institute's department in 新吴区, the partner companies registered as enterprises, and
the demo's accounts (the institute's staff and a teacher, two universities' registrars, an
adviser and a company's HR, three students), through core's services.

Nothing of the ``training`` app is made here: the base city is what the app's tests build
their own institute on (``tests/training/world.py``), so the institute, its programme and
its partners come with the history (``catalogue``), and so do the registrars' links to
their universities."""

from __future__ import annotations

import random
from collections.abc import Callable

from onething.core.crypto import keyring
from onething.core.generate import credit_code, resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import Department, Enterprise, Person, Role, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.core.services.organisations import department_create
from onething.core.services.parties import enterprise_register, person_register

from ..base import DEMO_PASSWORD
from . import data
from .partners import COMPANIES, COMPANY

SEED = 20250714  # the summer class's first day: the accounts' people and the credit codes


def department() -> Department:
    found = Department.objects.filter(code=data.DEPARTMENT).first()
    return found or department_create(
        actor=SYSTEM,
        code=data.DEPARTMENT,
        name=data.INSTITUTE,
        kind="other",
        region_code=data.DISTRICT,
    )


def enterprises() -> int:
    """The partner companies as enterprises, registered when missing (by name)."""
    made = 0
    for n, company in enumerate(COMPANIES):
        if Enterprise.objects.filter(name=company.name).exists():
            continue
        enterprise_register(
            actor=SYSTEM,
            name=company.name,
            credit_code=credit_code(random.Random(SEED + n), data.DISTRICT),
            region_code=data.DISTRICT,
            address="无锡市新吴区",
            industry=company.industry,
            size=company.size,
        )
        made += 1
    return made


def _person(name: str, n: int) -> Person:
    number = resident_id(random.Random(f"demo-training-account-{n}"))
    digest = keyring().digest(number, PII_FIELDS["id_number"])
    found = Person.objects.filter(id_number_digest=digest).first()
    return found or person_register(
        actor=SYSTEM, name=name, id_number=number, region_code=data.DISTRICT
    )


def accounts() -> list[dict]:
    listed = []
    for n, (username, (role, scope, name, note)) in enumerate(data.ACCOUNTS.items()):
        if not User.objects.filter(username=username).exists():
            resolved: dict = {}
            if "department" in scope:
                resolved["department"] = Department.objects.get(code=scope["department"])
            if "enterprise" in scope:
                company = COMPANY[scope["enterprise"]]
                resolved["enterprise"] = Enterprise.objects.get(name=company.name)
            if name:
                resolved["person"] = _person(name, n)
            account_create(
                actor=SYSTEM,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                first_name=name or "",
                **resolved,
            )
        listed.append(
            {
                "role": Role(role).value,
                "username": username,
                "password": DEMO_PASSWORD,
                "note": note,
            }
        )
    return listed


def load_setup(log: Callable[[str], None]) -> list[dict]:
    department()
    made = enterprises()
    listed = accounts()
    log(f"training: the institute's department, {made} new partner enterprises, accounts")
    return listed
