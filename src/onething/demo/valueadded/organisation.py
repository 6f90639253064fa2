"""What the value-added services start from in every city, the base one included: the
departments missing, the partner institutions registered as enterprises, the accounts,
the providers and their services — through core's and the app's services, looked up by
their natural keys first (idempotent)."""

from __future__ import annotations

import random
from collections.abc import Callable

from onething.core.crypto import keyring
from onething.core.generate import credit_code, mobile, resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import Department, Enterprise, Person, Role, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.core.services.organisations import department_create
from onething.core.services.parties import enterprise_register, person_register
from onething.valueadded.models import ServiceProvider, ValueAddedService
from onething.valueadded.services.catalogue import provider_create, service_create

from ..base import DEMO_PASSWORD
from . import data


def _departments() -> int:
    made = 0
    for code, name, kind, region in data.DEPARTMENTS:
        if not Department.objects.filter(code=code).exists():
            department_create(actor=SYSTEM, code=code, name=name, kind=kind, region_code=region)
            made += 1
    return made


def _partners() -> int:
    made = 0
    for n, (name, region, address, industry, size) in enumerate(data.PARTNERS):
        if Enterprise.objects.filter(name=name).exists():
            continue
        enterprise_register(
            actor=SYSTEM,
            name=name,
            credit_code=credit_code(random.Random(f"demo-valueadded-partner-{n}"), region),
            region_code=region,
            address=address,
            industry=industry,
            size=size,
        )
        made += 1
    return made


def _person(name: str, n: int, region: str) -> Person:
    rng = random.Random(f"demo-valueadded-account-{n}")
    number = resident_id(rng)
    digest = keyring().digest(number, PII_FIELDS["id_number"])
    found = Person.objects.filter(id_number_digest=digest).first()
    return found or person_register(
        actor=SYSTEM, name=name, id_number=number, phone=mobile(rng), region_code=region
    )


def _accounts() -> list[dict]:
    listed = []
    for n, (username, role, scope, name, note) in enumerate(data.ACCOUNTS):
        if not User.objects.filter(username=username).exists():
            resolved: dict = {}
            if role == Role.OFFICER:
                resolved["department"] = Department.objects.get(code=scope)
            else:
                enterprise = Enterprise.objects.select_related("region").get(name=scope)
                resolved["enterprise"] = enterprise
                resolved["person"] = _person(name, n, enterprise.region.code)
            account_create(
                actor=SYSTEM,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                first_name=name or "",
                **resolved,
            )
        listed.append({"role": role, "username": username, "password": DEMO_PASSWORD, "note": note})
    return listed


def _catalogue() -> tuple[int, int]:
    providers = services = 0
    for code, name, kind, who, contact, description in data.PROVIDERS:
        if ServiceProvider.objects.filter(code=code).exists():
            continue
        partner = Enterprise.objects.filter(name=who).first() if kind == "partner" else None
        provider_create(
            actor=SYSTEM,
            code=code,
            name=name,
            kind=kind,
            department_code=who if kind == "city" else "",
            enterprise_credit_code=partner.credit_code if partner else "",
            description=description,
            contact=contact,
        )
        providers += 1
    for row in data.SERVICES:
        code, provider, category, name, description, sizes, industries, free, fee, days = row
        if ValueAddedService.objects.filter(code=code).exists():
            continue
        service_create(
            actor=SYSTEM,
            provider_code=provider,
            code=code,
            name=name,
            category=category,
            description=description,
            sizes=sizes,
            industries=industries,
            free=free,
            fee_note=fee,
            response_days=days,
        )
        services += 1
    return providers, services


def load_setup(log: Callable[[str], None]) -> list[dict]:
    departments = _departments()
    partners = _partners()
    listed = _accounts()
    providers, services = _catalogue()
    log(
        f"valueadded: {departments} new departments, {partners} new partner enterprises, "
        f"{providers} new providers, {services} new services, accounts"
    )
    return listed
