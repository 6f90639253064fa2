"""What the generated cases are made of, read from the database: the demo city's regions,
items, departments and centres (the routes intake would take), its enterprises, and a pool
of applicants — people registered in bulk as ``person_register`` would register them
(identity and phone numbers sealed, audited), each with an applicant account."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from django.contrib.auth.hashers import make_password

from onething.catalog.models import ServiceItem
from onething.catalog.selectors import offered_in, route
from onething.core.crypto import keyring, seal
from onething.core.generate import chinese_name, mobile, resident_id
from onething.core.identity import PII_FIELDS, mask_id_number, mask_phone
from onething.core.models import Enterprise, Person, Region, Role, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import ACCOUNT_AUDIT_FIELDS
from onething.core.services.audit import audit_record_many, snapshot
from onething.core.services.parties import PERSON_AUDIT_FIELDS

from .plan import Choice

USERNAME_PREFIX = "gen-"  # the generated applicants' accounts: gen-<16 hex of the digest>
REGION_WEIGHT = {"county": 5.0, "town": 1.0}  # districts are more populous than towns


class NoDemoBase(Exception):
    """The database has no demo city base (regions, departments, items, centres)."""


@dataclass(frozen=True)
class Applicant:
    person_id: int
    user_id: int
    region_code: str
    region_name: str


@dataclass
class Place:
    code: str
    name: str
    choices: list[Choice]
    cum: list[float]  # the choices' cumulative popularity

    def draw(self, rng: random.Random) -> Choice:
        return self.choices[bisect_right(self.cum, rng.random() * self.cum[-1])]


class World:
    """The regions where people live, with the items offered there and their routes."""

    def __init__(self, rng: random.Random):
        items = list(
            ServiceItem.objects.filter(is_active=True)
            .select_related("department__region")
            .prefetch_related("regions")
            .order_by("code")
        )
        enterprises = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
        if not items:
            raise NoDemoBase("no service items")
        # how popular each item is: instant items most, items for enterprises least
        popularity = {
            item.pk: (3.0 if item.kind == "instant" else 1.5)
            * (0.6 if item.audience == "enterprise" else 1.0)
            * rng.lognormvariate(0, 0.5)
            for item in items
        }
        self.enterprises = enterprises
        self.regions: dict[str, Place] = {}
        weights = {}
        for region in Region.objects.filter(level__in=list(REGION_WEIGHT)).order_by("code"):
            choices = []
            for item in items:
                if item.audience == "enterprise" and not enterprises:
                    continue
                if not offered_in(item, region):
                    continue
                department, center = route(item, region)
                if center is None:
                    continue
                choices.append(
                    Choice(
                        item_id=item.pk,
                        department_id=department.pk,
                        center_id=center.pk,
                        instant=item.kind == "instant",
                        promised_days=item.promised_days,
                        online=item.online,
                        at_window=item.at_window,
                        audience=item.audience,
                    )
                )
            if choices:
                cum = list(accumulate(popularity[c.item_id] for c in choices))
                self.regions[region.code] = Place(region.code, region.name, choices, cum)
                weights[region.code] = REGION_WEIGHT[region.level]
        if not self.regions:
            raise NoDemoBase("no region where an item is offered and a centre receives it")
        self.region_codes = list(weights)
        self.region_cum = list(accumulate(weights.values()))

    def draw_region(self, rng: random.Random) -> str:
        return self.region_codes[bisect_right(self.region_cum, rng.random() * self.region_cum[-1])]


def _person(id_number: str, phone: str, name: str, region_id: int) -> Person:
    """The person ``person_register`` would save (numbers sealed, masked, indexed)."""
    sealed_id = seal(id_number, PII_FIELDS["id_number"], mask_id_number(id_number))
    sealed_phone = seal(phone, PII_FIELDS["phone"], mask_phone(phone))
    return Person(
        name=name,
        region_id=region_id,
        id_number_cipher=sealed_id.cipher,
        id_number_digest=sealed_id.digest,
        id_number_masked=sealed_id.masked,
        phone_cipher=sealed_phone.cipher,
        phone_digest=sealed_phone.digest,
        phone_masked=sealed_phone.masked,
    )


def applicants_ensure(rng: random.Random, world: World, count: int) -> tuple[list[Applicant], int]:
    """``count`` applicants living in the world's regions: people found by their ID number's
    keyed hash or registered now (audited ``person.register``), each with an applicant
    account (unusable password, audited ``account.create``). In the caller's transaction.
    Returns the applicants and how many people were new."""
    regions = {r.code: r for r in Region.objects.filter(code__in=world.region_codes)}
    wanted: dict[str, tuple[str, str, str, str]] = {}  # digest -> (number, phone, name, region)
    ring = keyring()
    while len(wanted) < count:
        number = resident_id(rng)
        digest = ring.digest(number, PII_FIELDS["id_number"])
        wanted.setdefault(digest, (number, mobile(rng), chinese_name(rng), world.draw_region(rng)))
    digests = list(wanted)
    found: dict[str, Person] = {}
    for start in range(0, len(digests), 500):
        for person in Person.objects.filter(id_number_digest__in=digests[start : start + 500]):
            found[person.id_number_digest] = person
    new = [
        _person(number, phone, name, regions[code].pk)
        for digest, (number, phone, name, code) in wanted.items()
        if digest not in found
    ]
    Person.objects.bulk_create(new, batch_size=500)
    found.update({p.id_number_digest: p for p in new})
    people = [found[d] for d in digests]
    accounts = dict(
        User.objects.filter(role=Role.APPLICANT, person__in=people).values_list("person_id", "pk")
    )
    users = [
        User(
            username=f"{USERNAME_PREFIX}{p.id_number_digest[:16]}",
            role=Role.APPLICANT,
            person_id=p.pk,
            password=make_password(None),
        )
        for p in people
        if p.pk not in accounts
    ]
    User.objects.bulk_create(users, batch_size=500)
    audit_record_many(
        actor=SYSTEM,
        records=[
            *(
                {
                    "action": "person.register",
                    "subject": p,
                    "after": snapshot(p, PERSON_AUDIT_FIELDS),
                    "note": "generated",
                }
                for p in new
            ),
            *(
                {
                    "action": "account.create",
                    "subject": u,
                    "after": snapshot(u, ACCOUNT_AUDIT_FIELDS),
                    "note": "generated",
                }
                for u in users
            ),
        ],
    )
    accounts.update({u.person_id: u.pk for u in users})
    names = {r.pk: r for r in regions.values()}
    out = [
        Applicant(p.pk, accounts[p.pk], names[p.region_id].code, names[p.region_id].name)
        for p in people
        if names.get(p.region_id) is not None and names[p.region_id].code in world.regions
    ]
    return out, len(new)
