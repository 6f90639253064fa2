"""The configuration city management starts from (the demo's ``setup``: small, the base
city every test starts from): the street offices, the district city-management bureaus,
the accounts, the published scoring criteria and the ranking categories with their
weights. Through core's services; everything is looked up by its natural key first."""

from __future__ import annotations

import random
from collections.abc import Callable

from onething.citymgmt.models import RankingCategory, ScoringCriterion
from onething.citymgmt.services.ranking import category_define
from onething.citymgmt.services.scoring import criteria_ensure_defaults
from onething.core.crypto import keyring
from onething.core.generate import mobile, resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import Department, Person, Region, Role, User
from onething.core.permissions import SYSTEM, actor_for
from onething.core.services.accounts import account_create
from onething.core.services.organisations import department_create, region_create

from ..base import DEMO_PASSWORD
from . import data


def regions() -> int:
    made = 0
    for district, (_short, _code, _name, offices) in data.DISTRICTS.items():
        for code, name in offices:
            if not Region.objects.filter(code=code).exists():
                region_create(
                    actor=SYSTEM, code=code, name=name, level="town", parent_code=district
                )
                made += 1
    return made


def bureaus() -> int:
    rows = [(code, name, district) for district, (_s, code, name, _o) in data.DISTRICTS.items()]
    made = 0
    for code, name, region in rows + data.OTHER_BUREAUS:
        if not Department.objects.filter(code=code).exists():
            department_create(
                actor=SYSTEM, code=code, name=name, kind="city_management", region_code=region
            )
            made += 1
    return made


def _resident() -> Person:
    """The resident of 旺庄街道 the demo signs in as (registered once)."""
    rng = random.Random("demo-citymgmt-resident")
    number, phone = resident_id(rng), mobile(rng)
    digest = keyring().digest(number, PII_FIELDS["id_number"])
    person = Person.objects.filter(id_number_digest=digest).first()
    if person is None:
        from onething.core.services.parties import person_register

        person = person_register(
            actor=SYSTEM,
            name=data.RESIDENT_NAME,
            id_number=number,
            phone=phone,
            region_code=data.WANGZHUANG,
        )
    return person


def accounts() -> list[dict]:
    listed = []
    for username, role, scope, note in data.ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            resolved = {}
            if "department" in scope:
                resolved["department"] = Department.objects.get(code=scope["department"])
            if "region" in scope:
                resolved["region"] = Region.objects.get(code=scope["region"])
            if "person" in scope:
                resolved["person"] = _resident()
            account_create(
                actor=SYSTEM, username=username, password=DEMO_PASSWORD, role=role, **resolved
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


def categories() -> int:
    """The ranking categories with their published criteria and weights, defined by the
    city-management office when missing."""
    office = actor_for(User.objects.get(username=data.OFFICE_OFFICER))
    made = 0
    for order, (code, name, subject, criteria, about) in enumerate(data.CATEGORIES, 1):
        if not RankingCategory.objects.filter(code=code).exists():
            category_define(
                actor=office,
                code=code,
                name=name,
                subject=subject,
                criteria=[{"name": n, "weight": w} for n, w in criteria],
                description=about,
                order=order,
            )
            made += 1
    return made


def load_setup(log: Callable[[str], None]) -> list[dict]:
    made_regions, made_bureaus = regions(), bureaus()
    listed = accounts()
    criteria_ensure_defaults()
    made_categories = categories()
    log(
        f"city management: {made_regions} new street offices, {made_bureaus} new bureaus, "
        f"{ScoringCriterion.objects.count()} scoring criteria, {made_categories} new ranking "
        f"categories ({RankingCategory.objects.count()} in all)"
    )
    return listed
