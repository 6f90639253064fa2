"""The card's desk scenes for tests, built through the services as union staff would: a
hospital's green channel (a priority service) and two restaurants of one 商圈, one whose
dining offer the union's pool pays, one at the merchant's own cost; a desk (a gate with a
sign-in account of role gate) at each, and an honoree holding a card."""

from __future__ import annotations

import itertools

from onething.cards.models import Gate, HonourCard, Swipe
from onething.cards.services.desk import visit_record
from onething.cards.services.gates import gate_register
from onething.cards.services.venues import benefit_save, operator_save, venue_save
from onething.core.models import Role
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create

from .people import batch_new, holder
from .places import ALL_LEVELS, SINCE

PASSWORD = "Desk#2026-test"
HOSPITAL, POOL, OWN = "t-hosp-green", "t-eat-pool", "t-eat-own"
DESKS = {HOSPITAL: "t.desk.hosp", POOL: "t.desk.pool", OWN: "t.desk.own"}
AREA = "南长街"

_keys = itertools.count(1)


def desk_account(username: str) -> None:
    account_create(actor=SYSTEM, username=username, password=PASSWORD, role=Role.GATE)


class Scenes:
    """医院就诊绿色通道 at ``HOSPITAL``; 餐饮商圈优惠 at ``POOL`` (10 % off, at most ¥30 a
    visit, once a day, paid by the pool) and ``OWN`` (15 % off, no cap, the merchant's
    cost); a desk at each (``DESKS``: venue → account); one card holder."""

    def __init__(self, union: Actor):
        self.union = union
        operator_save(actor=union, code="t-hosp", name="无锡市人民医院（测试）", kind="hospital")
        venue_save(actor=union, code=HOSPITAL, name="人民医院 绿色通道", operator_code="t-hosp")
        benefit_save(
            actor=union,
            name="医院就诊绿色通道",
            venue_code=HOSPITAL,
            levels=ALL_LEVELS,
            kind="priority",
            valid_from=SINCE,
        )
        for code, name, percent, funded_by, cap in [
            (POOL, "锡帮菜馆", 10, "pool", 3000),
            (OWN, "老面馆", 15, "merchant", None),
        ]:
            operator_save(actor=union, code=code, name=name, kind="restaurant")
            venue_save(actor=union, code=code, name=name, operator_code=code, area=AREA)
            benefit_save(
                actor=union,
                name="劳模餐饮优惠",
                venue_code=code,
                levels=ALL_LEVELS,
                kind="bill_discount",
                discount_percent=percent,
                funded_by=funded_by,
                visit_cap_fen=cap,
                daily_cap=1 if code == POOL else None,
                valid_from=SINCE,
            )
        for venue, username in DESKS.items():
            desk_account(username)
            gate_register(
                actor=union,
                code=f"{venue}-desk",
                name=f"{venue} 服务台",
                venue_code=venue,
                account_username=username,
            )
        self.batch = batch_new(union)
        self.honoree, self.card = holder(union, self.batch, name="欧阳明辉")

    def desk(self, venue: str) -> Actor:
        return actor_for(Gate.objects.get(code=f"{venue}-desk").account)

    def another(self, **changes) -> HonourCard:
        """One more card holder."""
        return holder(self.union, self.batch, **changes)[1]

    def visit(self, venue: str, card: HonourCard | None = None, **kw) -> Swipe:
        """A visit recorded at the venue's desk now (``kw``: service, bill_fen, …)."""
        kw.setdefault("idempotency_key", f"k-{next(_keys)}")
        if "code" not in kw:
            kw.setdefault("card_number", (card or self.card).number)
        return visit_record(actor=self.desk(venue), venue_code=venue, **kw)
