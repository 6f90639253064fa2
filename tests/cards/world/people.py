"""People and their cards: honorees in the registry (or not), accounts, ID numbers,
batches and cards, all made through the services."""

from __future__ import annotations

import itertools
import random

from django.db.models import Max

from onething.cards.models import Honoree, HonoreeStatus, HonourCard, IssuanceBatch
from onething.cards.rules import codes
from onething.cards.services.cards import card_batch_create, card_issue
from onething.cards.services.registry import honoree_register, honoree_status_change
from onething.core.crypto import keyring
from onething.core.generate import resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import Person, Role
from onething.core.permissions import SYSTEM, Actor
from onething.core.services.accounts import account_create
from onething.core.services.parties import person_register
from onething.core.signing import b64, unb64

REGION = "320211102"  # 胡埭镇

_fresh = itertools.count(880001)
_cards = itertools.count(1)


def id_number(n: int) -> str:
    """A valid resident ID number, the same for the same ``n``."""
    return resident_id(random.Random(7000 + n))


def new_id_number() -> str:
    """A valid resident ID number not handed out before in this run."""
    return id_number(next(_fresh))


def honoree_make(actor: Actor, **changes) -> Honoree:
    """An honoree put in the registry through its service by ``actor``: a municipal model
    worker of 胡埭镇 with a new ID number, unless ``changes`` say otherwise."""
    values = {
        "name": "劳模",
        "region_code": REGION,
        "level": "municipal",
        "title": "无锡市劳动模范",
        "year": 2015,
        "work_unit": "无锡地铁集团",
        **changes,
    }
    values.setdefault("id_number", new_id_number())
    return honoree_register(actor=actor, **values)


def register(city, n: int, **changes) -> Honoree:
    """An honoree made by the union's staff, named and numbered after ``n``."""
    return honoree_make(
        city.actor("union"), **{"name": f"劳模{n}", "id_number": id_number(n), **changes}
    )


def account_of(honoree: Honoree, username: str) -> str:
    """An applicant's account for the honoree's person; its username."""
    account_create(
        actor=SYSTEM, username=username, password=None, role=Role.APPLICANT, person=honoree.person
    )
    return username


def honoree_account(city, n: int, **changes) -> tuple[Honoree, str]:
    """An honoree (``register``) with an applicant account of their own: honoree<n>."""
    honoree = register(city, n, **changes)
    return honoree, account_of(honoree, f"honoree{n}")


def full_id(person: Person) -> str:
    """The person's ID number in full (what the pages and answers must never show)."""
    return keyring().decrypt(person.id_number_cipher, PII_FIELDS["id_number"])


def set_status(honoree: Honoree, status: str) -> None:
    honoree_status_change(actor=SYSTEM, honoree_id=honoree.pk, status=status, reason="test")


def make_honoree(
    *,
    name: str = "欧阳明辉",
    level: str = "municipal",
    status: str = HonoreeStatus.ACTIVE,
    phone: str = "",
    username: str | None = None,
    work_unit: str = "无锡威孚高科技集团股份有限公司",
) -> tuple[Honoree, str]:
    """An honoree registered by the platform (and moved to ``status``), with a sign-in
    account when ``username``; and their ID number."""
    number = new_id_number()
    honoree = honoree_make(
        SYSTEM, name=name, id_number=number, phone=phone, level=level, work_unit=work_unit
    )
    if status != HonoreeStatus.ACTIVE:
        set_status(honoree, status)
    if username:
        account_of(honoree, username)
    return honoree, number


def make_citizen(username: str = "citizen.zhao") -> str:
    """A citizen's account whose person is not in the registry."""
    person = person_register(
        actor=SYSTEM, name="赵敏", id_number=new_id_number(), region_code=REGION
    )
    account_create(
        actor=SYSTEM, username=username, password=None, role=Role.APPLICANT, person=person
    )
    return username


def tamper(code: str, index: int) -> str:
    """The code with one byte of its binary form flipped (index 0-63: the signature)."""
    raw = bytearray(unb64(code[len(codes.PREFIX) :]))
    raw[index] ^= 0x01
    return codes.PREFIX + b64(bytes(raw))


def batch(city, number: int = 31001) -> IssuanceBatch:
    """Batch ``number``, made by the union's staff on first use."""
    found = IssuanceBatch.objects.filter(number=number).first()
    return found or card_batch_create(actor=city.actor("union"), number=number, name="测试批次")


def batch_new(union: Actor) -> IssuanceBatch:
    """A batch numbered after every batch there is."""
    top = IssuanceBatch.objects.aggregate(top=Max("number"))["top"] or 0
    return card_batch_create(actor=union, number=top + 1, name=f"测试批次{top + 1}")


def issue(city, honoree: Honoree, number: str, transit: str | None = None, **kw) -> HonourCard:
    """A card issued by the union's staff in batch 31001 (its transit number made up from
    ``number`` unless given)."""
    return card_issue(
        actor=city.actor("union"),
        honoree_id=honoree.pk,
        batch_id=batch(city).pk,
        number=number,
        transit_number=transit or "3100" + number,
        **kw,
    )


def holder(union: Actor, card_batch: IssuanceBatch, **changes) -> tuple[Honoree, HonourCard]:
    """An honoree (``honoree_make``) holding a card of ``card_batch``, numbered in turn."""
    honoree = honoree_make(union, **changes)
    c = next(_cards)
    card = card_issue(
        actor=union,
        honoree_id=honoree.pk,
        batch_id=card_batch.pk,
        number=f"{770000000000 + c}",
        transit_number=f"{3102770000000000 + c}",
    )
    return honoree, card
