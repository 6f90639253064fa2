"""The demo city's honour cards (劳模卡), saved through the cards services; idempotent
(everything is looked up by its natural key first, so a second run changes nothing).

The base (always loaded, also with ``ONETHING_DEMO_HISTORY=0``): the signing key of the
personal codes, the subsidy pool with the union's opening top-up and its warning
threshold; the operators and venues of the seed (无锡地铁 by line, 无锡公交, the city-owned
scenic spots 鼋头渚, 蠡园, 梅园, 惠山古镇) with their illustrative tariffs and benefits
(``data.directory`` says what a venue is); the seed's next scenes, in force from
2025-09-01: 市人民医院's green channel (医院就诊绿色通道, a priority service) and four
merchants of the 南长街·清名桥 商圈 with their dining offers (餐饮商圈优惠: two paid by the
union's pool, two at the merchants' own cost); the gates, three of them with a known demo
token (``gate.metro01`` of core's demo, a bus validator, a scenic-spot gate), and the
desks of the hospital and the merchants, whose staff sign in with the demo password
(``desk.rmyy``, ``desk.xibang``…); and the two honorees the seed names, 陈锦坤 and 钱宏进,
with their sign-in accounts, certificates and active cards in the batch 第一批.

Then the history (``data.history``): the registry of 6,000-odd honorees with a certificate
each (2023), the first batch's 4,735 cards (May 2025), 3,657 allowed swipes up to the
seed's day and June and July settled, all made by the services as of their days; and the
live layer's rides of the last days, with the desks' visits of the last weeks
(``data.scenes``) and a month of the pool-paid dining offers settled."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from onething.cards.models import (
    Benefit,
    Certificate,
    Gate,
    Honoree,
    HonourCard,
    IssuanceBatch,
    Operator,
    PoolTopUp,
    SubsidyPool,
    Tariff,
    Venue,
)
from onething.cards.services.cards import card_batch_create
from onething.cards.services.certificates import (
    MAX_VALID_DAYS,
    certificate_issue,
    signing_key_create,
)
from onething.cards.services.gates import gate_register
from onething.cards.services.issuance import cards_issue_batch
from onething.cards.services.pool import pool_threshold_set, pool_top_up
from onething.cards.services.registry import honoree_register
from onething.cards.services.venues import benefit_save, operator_save, tariff_set, venue_save
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.generate import mobile, resident_id
from onething.core.identity import PII_FIELDS
from onething.core.models import ApiToken, Person, Role, SigningKey, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create, token_issue
from onething.demo.base import DEMO_PASSWORD

from .data import directory as data

CITY_TZ = ZoneInfo("Asia/Shanghai")
NAMED_SEED = 20230912  # the registry's first day: a fixed seed for the named honorees' numbers


def at(moment: dt.datetime) -> dt.datetime:
    """A moment of the directory's timetable, in Beijing time."""
    return moment.replace(tzinfo=CITY_TZ)


def union_actor() -> Actor:
    return actor_for(User.objects.get(username="union"))


def _directory(union: Actor) -> None:
    with clock.frozen(at(data.TIMES["directory"])):
        for code, name, kind in data.OPERATORS:
            if not Operator.objects.filter(code=code).exists():
                operator_save(actor=union, code=code, name=name, kind=kind)
        for code, name, operator, price in data.VENUES:
            if not Venue.objects.filter(code=code).exists():
                venue_save(actor=union, code=code, name=name, operator_code=operator)
            if price is not None and not Tariff.objects.filter(venue__code=code).exists():
                tariff_set(
                    actor=union, venue_code=code, price_fen=price, valid_from=data.PROGRAMME_START
                )
    for name, venues, kind, daily_cap, start in data.BENEFITS:
        moment = data.TIMES["scenes" if start == data.SCENES_START else "directory"]
        with clock.frozen(at(moment)):
            for code in venues:
                if not Benefit.objects.filter(venue__code=code, name=name).exists():
                    benefit_save(
                        actor=union,
                        name=name,
                        venue_code=code,
                        levels=data.LEVELS,
                        kind=kind,
                        daily_cap=daily_cap,
                        valid_from=start,
                    )


def _dining(union: Actor) -> None:
    """餐饮商圈优惠: each merchant an operator with its restaurant in the 商圈 and its offer."""
    with clock.frozen(at(data.TIMES["scenes"])):
        for code, name, percent, funded_by, cap_fen, daily, monthly in data.DINING:
            if not Operator.objects.filter(code=code).exists():
                operator_save(actor=union, code=code, name=name, kind="restaurant")
            if not Venue.objects.filter(code=code).exists():
                venue_save(actor=union, code=code, name=name, operator_code=code, area=data.AREA)
            if not Benefit.objects.filter(venue__code=code, name=data.DINING_BENEFIT).exists():
                benefit_save(
                    actor=union,
                    name=data.DINING_BENEFIT,
                    venue_code=code,
                    levels=data.LEVELS,
                    kind="bill_discount",
                    discount_percent=percent,
                    funded_by=funded_by,
                    visit_cap_fen=cap_fen,
                    daily_cap=daily,
                    monthly_cap=monthly,
                    voice_prompt="劳模优惠",
                    valid_from=data.SCENES_START,
                )


def _desks(union: Actor) -> list[dict]:
    """The counters' accounts (role gate, the demo password) and their gates."""
    accounts = []
    for code, name, venue, username in data.DESKS:
        if not User.objects.filter(username=username).exists():
            account_create(actor=SYSTEM, username=username, password=DEMO_PASSWORD, role=Role.GATE)
        with clock.frozen(at(data.TIMES["scenes"])):
            if not Gate.objects.filter(code=code).exists():
                gate_register(
                    actor=union, code=code, name=name, venue_code=venue, account_username=username
                )
        accounts.append(
            {
                "role": Role.GATE.value,
                "username": username,
                "password": DEMO_PASSWORD,
                "note": f"desk: {name}",
            }
        )
    return accounts


def _gates(union: Actor) -> list[dict]:
    accounts = []
    for username, token, token_name, note in data.GATE_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_create(actor=SYSTEM, username=username, password=None, role=Role.GATE)
        if not ApiToken.objects.filter(user=user).exists():
            token_issue(actor=SYSTEM, user=user, name=token_name, secret=token)
        accounts.append(
            {"role": Role.GATE.value, "username": username, "password": "", "note": note}
        )
    with clock.frozen(at(data.TIMES["directory"])):
        for code, name, venue, account in data.GATES:
            if not Gate.objects.filter(code=code).exists():
                gate_register(
                    actor=union, code=code, name=name, venue_code=venue, account_username=account
                )
    for username, token, _name, _note in data.GATE_ACCOUNTS:
        accounts.append(
            {
                "role": "gate token",
                "username": "Authorization: Bearer",
                "password": token,
                "note": username,
            }
        )
    return accounts


def _pool(union: Actor) -> None:
    with clock.frozen(at(data.TIMES["pool"])):
        if not PoolTopUp.objects.exists():
            pool_top_up(
                actor=union, amount_fen=data.POOL_OPENING_FEN, note="劳模卡补贴资金池 首次注资"
            )
        pool = SubsidyPool.objects.order_by("pk").first()
        if pool.warning_below_fen != data.POOL_WARNING_FEN:
            pool_threshold_set(actor=union, warning_below_fen=data.POOL_WARNING_FEN)


def _named(union: Actor) -> list[dict]:
    """陈锦坤 and 钱宏进: in the registry, with an account, a certificate and a card."""
    rng = random.Random(NAMED_SEED)
    batch_number, batch_name = data.FIRST_BATCH
    with clock.frozen(at(data.TIMES["batch"])):
        batch = IssuanceBatch.objects.filter(number=batch_number).first() or card_batch_create(
            actor=union, number=batch_number, name=batch_name
        )
    accounts, rows = [], []
    for serial, row in enumerate(data.NAMED, start=1):
        id_number, phone = resident_id(rng), mobile(rng)
        digest = keyring().digest(id_number, PII_FIELDS["id_number"])
        honoree = Honoree.objects.filter(person__id_number_digest=digest).first()
        if honoree is None:
            with clock.frozen(at(data.TIMES["registry"])):
                honoree = honoree_register(
                    actor=union,
                    name=row["name"],
                    id_number=id_number,
                    phone=phone,
                    region_code=row["region_code"],
                    level=row["level"],
                    title=row["title"],
                    year=row["year"],
                    work_unit=row["work_unit"],
                )
        if not User.objects.filter(username=row["username"]).exists():
            account_create(
                actor=SYSTEM,
                username=row["username"],
                password=DEMO_PASSWORD,
                role=Role.APPLICANT,
                person=Person.objects.get(pk=honoree.person_id),
            )
        with clock.frozen(at(data.TIMES["certificates"])):
            if not Certificate.objects.filter(honoree=honoree).exists():
                certificate_issue(actor=union, honoree_id=honoree.pk, valid_days=MAX_VALID_DAYS)
        number = data.card_number(batch_number, serial)
        if not HonourCard.objects.filter(number=number).exists():
            rows.append(
                {
                    "number": number,
                    "transit_number": data.transit_number(batch_number, serial),
                    "id_number": id_number,
                }
            )
        accounts.append(
            {
                "role": Role.APPLICANT.value,
                "username": row["username"],
                "password": DEMO_PASSWORD,
                "note": row["note"],
            }
        )
    if rows:
        with clock.frozen(at(data.TIMES["cards"])):
            cards_issue_batch(actor=union, batch_number=batch.number, rows=rows)
    return accounts


def setup(log: Callable[[str], None]) -> list[dict]:
    union = union_actor()
    if not SigningKey.objects.filter(purpose="cards").exists():
        with clock.frozen(at(data.TIMES["key"])):
            signing_key_create(actor=union)
    _directory(union)
    _dining(union)
    _pool(union)
    accounts = _gates(union) + _desks(union)
    accounts = _named(union) + accounts
    log(
        f"honour cards directory: {Operator.objects.count()} operators, "
        f"{Venue.objects.count()} venues, {Benefit.objects.count()} benefits, "
        f"{Gate.objects.count()} gates"
    )
    return accounts


def load_history(log: Callable[[str], None]) -> None:
    from .data import history

    history.load_fixed(log)


def live(log: Callable[[str], None]) -> None:
    from .data import history, scenes

    history.load_live(log)
    scenes.load_live(log)
