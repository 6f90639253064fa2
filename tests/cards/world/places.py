"""Operators, venues, tariffs, benefits and gates, and the swipes made there: the gates'
tests' ``Network`` and the settlement's ``Place``."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

from django.test import Client

from onething.cards.models import Gate, HonourCard, LedgerEntry, OperatorKind, Swipe, Venue
from onething.cards.services.gates import gate_register, swipe_authorize, swipes_upload
from onething.cards.services.pool import ledger_correct
from onething.cards.services.venues import benefit_save, operator_save, tariff_set, venue_save
from onething.core import clock
from onething.core.permissions import Actor, actor_for

from .people import account_of, batch_new, holder

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)  # the gates' tests' present
SINCE = dt.date(2025, 1, 1)  # every tariff and benefit built here is in force from then
ALL_LEVELS = ["national", "provincial", "municipal", "treated"]
# Codes with a t- prefix: the demo city may configure the real places under other codes.
METRO, BUS, SCENIC = "t-metro-1", "t-bus-net", "t-ytz"
GATES = {"t-metro-01": METRO, "t-metro-02": METRO, "t-bus-01": BUS, "t-ytz-01": SCENIC}

_swipes = itertools.count(1)
_places = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in Wuxi (Beijing time)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def new_swipe_id() -> str:
    return f"t-{next(_swipes):06d}"


def venue_open(
    union: Actor, *, operator: str, code: str, name: str, price_fen: int, benefit: str, **terms
) -> Venue:
    """A venue of ``operator`` priced at ``price_fen`` a use, with one benefit named
    ``benefit`` (``terms``: its levels, kind, caps), both in force from SINCE."""
    venue = venue_save(actor=union, code=code, name=name, operator_code=operator)
    tariff_set(actor=union, venue_code=code, price_fen=price_fen, valid_from=SINCE)
    benefit_save(actor=union, name=benefit, venue_code=code, valid_from=SINCE, **terms)
    return venue


class Network:
    """Three operators (无锡地铁集团, 无锡公交集团, 鼋头渚风景区), their venues, tariffs (metro
    300 fen, bus 200, 鼋头渚 9000) and benefits (free rides for every level; free entry to
    鼋头渚 for national/provincial/municipal honorees, once a day), four gates, a batch."""

    def __init__(self, city):
        self.city = city
        self.union = u = city.actor("union")
        for code, name, kind in [
            ("t-metro", "无锡地铁集团", "metro"),
            ("t-bus", "无锡公交集团", "bus"),
            ("t-ytz", "鼋头渚风景区", "scenic"),
        ]:
            operator_save(actor=u, code=code, name=name, kind=kind)
        for operator, code, name, price, benefit in [
            ("t-metro", METRO, "地铁1号线", 300, "地铁免费乘车"),
            ("t-bus", BUS, "市区公交线网", 200, "公交免费乘车"),
        ]:
            venue_open(
                u,
                operator=operator,
                code=code,
                name=name,
                price_fen=price,
                benefit=benefit,
                levels=ALL_LEVELS,
                kind="free_ride",
                voice_prompt="关爱卡",
            )
        venue_open(
            u,
            operator="t-ytz",
            code=SCENIC,
            name="鼋头渚",
            price_fen=9000,
            benefit="鼋头渚免费入园",
            levels=["national", "provincial", "municipal"],
            kind="free_entry",
            daily_cap=1,
            voice_prompt="关爱卡",
        )
        self.tokens: dict[str, str] = {}
        for code, venue in GATES.items():
            _gate, self.tokens[code] = gate_register(
                actor=u, code=code, name=f"闸机 {code}", venue_code=venue
            )
        self.batch = batch_new(u)

    def gate(self, code: str = "t-metro-01") -> Actor:
        return actor_for(Gate.objects.get(code=code).account)

    def honoree(self, level: str = "municipal", username: str | None = None):
        """(honoree, card) registered and issued through the services."""
        honoree, card = holder(self.union, self.batch, level=level)
        if username:
            account_of(honoree, username)
        return honoree, card

    def swipe(self, gate: str = "t-metro-01", card: HonourCard | None = None, **kw) -> Swipe:
        kw.setdefault("swipe_id", new_swipe_id())
        kw.setdefault("at", clock.now())
        if card is not None:
            kw.setdefault("card_number", card.transit_number)
        return swipe_authorize(gate_actor=self.gate(gate), **kw)

    def client(self, gate: str = "t-metro-01", language: str = "en") -> Client:
        return Client(
            HTTP_AUTHORIZATION=f"Bearer {self.tokens[gate]}", HTTP_ACCEPT_LANGUAGE=language
        )


class Place:
    """An operator with venues (``prices``: name → fen; a tariff and a free-entry benefit
    each, from SINCE), a gate registered at each, and one honoree holding a card. Swipes go
    through the gate services, which write the ledger (one row per allowed swipe, booked on
    the local day the swipe is recorded)."""

    def __init__(self, union: Actor, **prices: int):
        n = next(_places)
        self.union = union
        self.operator = operator_save(
            actor=union, code=f"tset{n}", name=f"运营方{n}", kind=OperatorKind.SCENIC
        )
        self.venues: dict[str, Venue] = {}
        self.gates: dict[str, Gate] = {}
        self.gate_actors: dict[str, Actor] = {}
        for name, price in (prices or {"a": 1500}).items():
            self.venues[name] = venue_open(
                union,
                operator=self.code,
                code=f"tset{n}-{name}",
                name=f"场所{n}{name}",
                price_fen=price,
                benefit="劳模免费入园",
                levels=["national", "provincial", "municipal"],
                kind="free_entry",
            )
            gate, _secret = gate_register(
                actor=union,
                code=f"tset{n}-{name}-1",
                name=f"闸机{n}{name}",
                venue_code=f"tset{n}-{name}",
            )
            self.gates[name] = gate
            self.gate_actors[name] = actor_for(gate.account)
        self.honoree, self.card = holder(union, batch_new(union), name="欧阳明辉")
        self._swipes = itertools.count(1)

    @property
    def code(self) -> str:
        return self.operator.code

    def tariff(self, venue: str, price_fen: int, valid_from: str) -> None:
        tariff_set(
            actor=self.union,
            venue_code=self.venues[venue].code,
            price_fen=price_fen,
            valid_from=valid_from,
        )

    def swipe(
        self,
        venue: str,
        when: dt.datetime,
        *,
        received: dt.datetime | None = None,
        swipe_id: str | None = None,
    ) -> Swipe:
        """An allowed swipe: online at ``when``, or stored by an offline gate and uploaded at
        ``received``."""
        swipe_id = swipe_id or f"s{next(self._swipes):05d}"
        with clock.frozen(received or when):
            if received is None:
                swipe = swipe_authorize(
                    gate_actor=self.gate_actors[venue],
                    swipe_id=swipe_id,
                    card_number=self.card.transit_number,
                    at=when,
                )
            else:
                (swipe,) = swipes_upload(
                    gate_actor=self.gate_actors[venue],
                    swipes=[
                        {
                            "swipe_id": swipe_id,
                            "card_number": self.card.transit_number,
                            "at": when.isoformat(),
                        }
                    ],
                )
        assert swipe.allowed, swipe.reason
        return swipe

    def correct(self, entry: LedgerEntry, amount_fen: int, on: dt.date) -> LedgerEntry:
        """The row should have come to ``amount_fen``: a correction booked on ``on``."""
        with clock.frozen(dt.datetime.combine(on, dt.time(12), tzinfo=SHANGHAI)):
            return ledger_correct(
                actor=self.union, entry_id=entry.pk, amount_fen=amount_fen, note="票价更正"
            )
