"""The gate authorisation: a swipe of a card (its transit or card number) or a scanned code
at a gate, allowed or denied with the reason and the voice prompt; idempotent on the swipe
id; every allowed swipe one ledger row; the gate's token and nobody else's.

The helpers here (``Place``, ``place``, ``Gates``) are shared by the other modules of this
area (test_gate_batch, test_pool, test_venues, test_concurrency)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import zoneinfo

import pytest
from django.db.models import Max
from django.test import Client

from onething.cards.models import Gate, Honoree, HonourCard, IssuanceBatch, LedgerEntry, Swipe
from onething.cards.services.cards import card_batch_create, card_issue, card_report_lost
from onething.cards.services.certificates import certificate_issue, signing_key_create
from onething.cards.services.gates import gate_register, swipe_authorize
from onething.cards.services.registry import honoree_register, honoree_status_change
from onething.cards.services.venues import benefit_save, operator_save, tariff_set, venue_save
from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.generate import resident_id
from onething.core.models import ApiToken, Role, User
from onething.core.permissions import Actor, actor_for
from onething.core.services.accounts import account_create, token_issue

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)
ALL_LEVELS = ["national", "provincial", "municipal", "treated"]
# Codes with a t- prefix: the demo city may configure the real places under other codes.
METRO, BUS, SCENIC = "t-metro-1", "t-bus-net", "t-ytz"
GATES = {"t-metro-01": METRO, "t-metro-02": METRO, "t-bus-01": BUS, "t-ytz-01": SCENIC}
_people = itertools.count(1)
_cards = itertools.count(1)
_swipes = itertools.count(1)


def new_swipe_id() -> str:
    return f"t-{next(_swipes):06d}"


class Place:
    """Three operators (无锡地铁集团, 无锡公交集团, 鼋头渚风景区), their venues, tariffs (metro
    300 fen, bus 200, 鼋头渚 9000) and benefits (free rides for every level; free entry to
    鼋头渚 for national/provincial/municipal honorees, once a day), four gates, a batch."""

    def __init__(self, city):
        self.city = city
        self.union = city.actor("union")
        u = self.union
        for code, name, kind in [
            ("t-metro", "无锡地铁集团", "metro"),
            ("t-bus", "无锡公交集团", "bus"),
            ("t-ytz", "鼋头渚风景区", "scenic"),
        ]:
            operator_save(actor=u, code=code, name=name, kind=kind)
        venue_save(actor=u, code=METRO, name="地铁1号线", operator_code="t-metro")
        venue_save(actor=u, code=BUS, name="市区公交线网", operator_code="t-bus")
        venue_save(actor=u, code=SCENIC, name="鼋头渚", operator_code="t-ytz")
        start = dt.date(2025, 1, 1)
        for venue, price in [(METRO, 300), (BUS, 200), (SCENIC, 9000)]:
            tariff_set(actor=u, venue_code=venue, price_fen=price, valid_from=start)
        for name, venue in [("地铁免费乘车", METRO), ("公交免费乘车", BUS)]:
            benefit_save(
                actor=u,
                name=name,
                venue_code=venue,
                levels=ALL_LEVELS,
                kind="free_ride",
                voice_prompt="关爱卡",
                valid_from=start,
            )
        benefit_save(
            actor=u,
            name="鼋头渚免费入园",
            venue_code=SCENIC,
            levels=["national", "provincial", "municipal"],
            kind="free_entry",
            daily_cap=1,
            voice_prompt="关爱卡",
            valid_from=start,
        )
        self.tokens: dict[str, str] = {}
        for code, venue in GATES.items():
            _gate, self.tokens[code] = gate_register(
                actor=u, code=code, name=f"闸机 {code}", venue_code=venue
            )
        top = IssuanceBatch.objects.aggregate(top=Max("number"))["top"] or 0
        self.batch = card_batch_create(actor=u, number=top + 1, name="测试批次")

    def gate(self, code: str = "t-metro-01") -> Actor:
        return actor_for(Gate.objects.get(code=code).account)

    def honoree(self, level: str = "municipal", username: str | None = None):
        """(honoree, card) registered and issued through the services."""
        n = next(_people)
        honoree = honoree_register(
            actor=self.union,
            name=f"劳模{n}",
            id_number=resident_id(random.Random(880000 + n)),
            region_code="320211102",
            level=level,
            title="无锡市劳动模范",
            year=2015,
        )
        c = next(_cards)
        card = card_issue(
            actor=self.union,
            honoree_id=honoree.pk,
            batch_id=self.batch.pk,
            number=f"{770000000000 + c}",
            transit_number=f"{3102770000000000 + c}",
        )
        if username:
            account_create(
                actor=self.city.system,
                username=username,
                password=None,
                role=Role.APPLICANT,
                person=honoree.person,
            )
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


@pytest.fixture
def place(city):
    """The places, as of NOW (the clock frozen for the test)."""
    with clock.frozen(NOW):
        yield Place(city)


def post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def fields(answer) -> dict[str, str]:
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


# -- allowed ------------------------------------------------------------------------------


def test_a_metro_ride_is_allowed_free_and_owed_to_the_metro(place):
    honoree, card = place.honoree()
    swipe = place.swipe("t-metro-01", card)
    assert (swipe.allowed, swipe.reason, swipe.voice, swipe.amount_fen) == (
        True,
        "ok",
        "关爱卡",
        300,
    )
    stored = Swipe.objects.get(pk=swipe.pk)
    assert (stored.honoree_id, stored.card_id, stored.presented, stored.offline) == (
        honoree.pk,
        card.pk,
        "card",
        False,
    )
    entry = LedgerEntry.objects.get(swipe=stored)
    assert (entry.operator.code, entry.venue.code, entry.amount_fen) == ("t-metro", METRO, 300)
    assert (entry.swiped_at, entry.booked_on, entry.corrects_id) == (NOW, NOW.date(), None)


def test_a_scenic_entry_is_allowed_and_the_card_number_works_too(place):
    _honoree, card = place.honoree("national")
    swipe = place.swipe("t-ytz-01", card_number=card.number)  # the 12-digit number
    assert (swipe.allowed, swipe.amount_fen, swipe.voice) == (True, 9000, "关爱卡")
    assert LedgerEntry.objects.get(swipe_id=swipe.pk).operator.code == "t-ytz"


def test_the_api_answers_a_gate_with_the_voice_prompt(place):
    _honoree, card = place.honoree()
    answer = post(
        place.client("t-bus-01"),
        "/api/gate/swipes",
        {"swipe_id": "bus-1", "card_number": card.transit_number, "at": NOW.isoformat()},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "swipe_id": "bus-1",
        "allowed": True,
        "reason": "ok",
        "reason_text": "Allowed: enjoy your ride or visit.",
        "voice": "关爱卡",
        "amount_fen": 200,
    }


def test_a_time_without_offset_is_beijing_time(place):
    _honoree, card = place.honoree()
    answer = post(
        place.client(),
        "/api/gate/swipes",
        {"swipe_id": "naive", "card_number": card.transit_number, "at": "2026-03-10T09:58:00"},
    )
    assert answer.json()["allowed"] is True
    assert Swipe.objects.get(swipe_id="naive").at == NOW - dt.timedelta(minutes=2)


# -- denied -------------------------------------------------------------------------------


def _denied(swipe: Swipe, reason: str) -> None:
    assert (swipe.allowed, swipe.reason, swipe.voice, swipe.amount_fen) == (
        False,
        reason,
        "请走人工通道",
        0,
    )
    assert Swipe.objects.filter(pk=swipe.pk).exists()
    assert not LedgerEntry.objects.filter(swipe_id=swipe.pk).exists()


def test_a_blocked_card_is_denied(place):
    honoree, card = place.honoree()
    card_report_lost(actor=place.union, card_number=card.number)
    swipe = place.swipe(card=card)
    _denied(swipe, "card_blocked")
    assert swipe.honoree_id == honoree.pk


def test_a_suspended_honoree_is_denied_and_allowed_again_when_reinstated(place):
    honoree, card = place.honoree()
    honoree_status_change(
        actor=place.union, honoree_id=honoree.pk, status="suspended", reason="审查"
    )
    _denied(place.swipe(card=card), "honoree_suspended")
    honoree_status_change(actor=place.union, honoree_id=honoree.pk, status="active", reason="恢复")
    assert place.swipe(card=card).allowed


def test_a_venue_without_a_benefit_for_the_level_is_denied(place):
    _honoree, card = place.honoree("treated")  # 鼋头渚's benefit leaves treated people out
    _denied(place.swipe("t-ytz-01", card), "no_benefit")
    assert place.swipe("t-metro-01", card).allowed  # the metro's serves every level


def test_the_daily_cap_is_counted_by_the_swipes_local_day(place):
    _honoree, card = place.honoree()
    assert place.swipe("t-ytz-01", card).allowed
    _denied(place.swipe("t-ytz-01", card), "daily_cap")
    assert place.swipe("t-metro-01", card).allowed  # another venue, another benefit
    with clock.frozen(NOW + dt.timedelta(days=1)):
        assert place.swipe("t-ytz-01", card).allowed
    # 23:59 the day before, Beijing time, is another day (an offline swipe reported now)
    late = dt.datetime(2026, 3, 9, 23, 59, tzinfo=SHANGHAI)
    assert place.swipe("t-ytz-01", card, at=late).allowed


def test_a_monthly_cap(place):
    venue_save(actor=place.union, code="t-museum", name="博物院", operator_code="t-ytz")
    tariff_set(actor=place.union, venue_code="t-museum", price_fen=2001, valid_from="2026-01-01")
    benefit_save(
        actor=place.union,
        name="博物院半价",
        venue_code="t-museum",
        levels=["provincial"],
        kind="discount",
        discount_percent=50,
        monthly_cap=2,
        valid_from="2026-01-01",
    )
    gate_register(actor=place.union, code="t-museum-01", name="博物院", venue_code="t-museum")
    _honoree, card = place.honoree("provincial")
    first_day = dt.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI)
    first = place.swipe("t-museum-01", card, at=first_day, offline=True)
    assert (first.allowed, first.amount_fen) == (True, 1001)  # half of 2001, rounded half up
    assert place.swipe("t-museum-01", card).allowed
    _denied(place.swipe("t-museum-01", card), "monthly_cap")
    previous_month = dt.datetime(2026, 2, 28, 23, 0, tzinfo=SHANGHAI)
    assert place.swipe("t-museum-01", card, at=previous_month, offline=True).allowed


def test_a_swipe_an_hour_ahead_is_denied_and_one_far_back_refused(place):
    _honoree, card = place.honoree()
    _denied(place.swipe(card=card, at=NOW + dt.timedelta(hours=1)), "future_time")
    assert place.swipe(card=card, at=NOW + dt.timedelta(minutes=4)).allowed  # clock skew
    with pytest.raises(ValidationFailed) as refused:
        place.swipe(card=card, at=NOW - dt.timedelta(days=8))
    assert refused.value.problems[0].field == "at"
    assert refused.value.problems[0].rule == "too_old"


def test_an_unknown_card_is_denied_and_recorded_without_a_holder(place):
    swipe = place.swipe(card_number="3102 7799 9999 9999")
    _denied(swipe, "unknown_card")
    assert (swipe.honoree_id, swipe.card_id) == (None, None)


def test_a_denial_is_an_answer_not_an_error(place):
    answer = post(
        place.client(),
        "/api/gate/swipes",
        {"swipe_id": "x-1", "card_number": "3102779999999999", "at": NOW.isoformat()},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["allowed"], body["reason"], body["voice"]) == (
        False,
        "unknown_card",
        "请走人工通道",
    )
    assert body["reason_text"] == "Denied: this card is not an honour card."


# -- codes --------------------------------------------------------------------------------


def test_a_scanned_code_is_allowed_and_a_tampered_or_revoked_one_denied(place):
    from onething.cards.services.certificates import certificate_revoke

    signing_key_create(actor=place.union)
    honoree, _card = place.honoree()
    certificate, code = certificate_issue(actor=place.union, honoree_id=honoree.pk)
    swipe = place.swipe("t-metro-01", code=code)
    assert (swipe.allowed, swipe.presented, swipe.honoree_id, swipe.card_id) == (
        True,
        "code",
        honoree.pk,
        None,
    )
    assert LedgerEntry.objects.get(swipe_id=swipe.pk).amount_fen == 300
    tampered = code[:-3] + ("A" if code[-3] != "A" else "B") + code[-2:]
    _denied(place.swipe(code=tampered), "bad_signature")
    _denied(place.swipe(code="not a code"), "malformed")
    certificate_revoke(actor=place.union, serial=certificate.serial, reason="test")
    _denied(place.swipe(code=code), "revoked")
    answer = post(
        place.client(),
        "/api/gate/swipes",
        {"swipe_id": "code-x", "code": code, "at": NOW.isoformat()},
    )
    assert answer.json()["reason"] == "revoked"
    assert answer.json()["reason_text"]


def test_a_code_counts_against_the_same_caps_as_the_card(place):
    signing_key_create(actor=place.union)
    honoree, card = place.honoree()
    _certificate, code = certificate_issue(actor=place.union, honoree_id=honoree.pk)
    assert place.swipe("t-ytz-01", code=code).allowed
    _denied(place.swipe("t-ytz-01", card), "daily_cap")


# -- idempotency --------------------------------------------------------------------------


def test_a_retry_gets_the_same_answer_and_is_counted_once(place):
    _honoree, card = place.honoree()
    body = {"swipe_id": "retry-1", "card_number": card.transit_number, "at": NOW.isoformat()}
    first = post(place.client("t-ytz-01"), "/api/gate/swipes", body)
    again = post(place.client("t-ytz-01"), "/api/gate/swipes", body)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["allowed"] is True  # not denied by the cap of one a day
    assert Swipe.objects.filter(swipe_id="retry-1").count() == 1
    assert LedgerEntry.objects.filter(swipe__swipe_id="retry-1").count() == 1
    # the same swipe id at another gate is another swipe
    other = post(place.client("t-metro-01"), "/api/gate/swipes", body)
    assert other.json()["amount_fen"] == 300
    assert Swipe.objects.filter(swipe_id="retry-1").count() == 2


def test_a_stored_answer_is_returned_unchanged_even_after_the_card_was_blocked(place):
    _honoree, card = place.honoree()
    first = place.swipe(card=card, swipe_id="s-1")
    card_report_lost(actor=place.union, card_number=card.number)
    again = place.swipe(card=card, swipe_id="s-1")
    assert (again.pk, again.allowed, again.reason) == (first.pk, True, "ok")
    assert LedgerEntry.objects.filter(swipe_id=first.pk).count() == 1


def test_the_same_swipe_id_with_another_card_is_a_conflict(place):
    _a, card_a = place.honoree()
    _b, card_b = place.honoree()
    place.swipe(card=card_a, swipe_id="dup-1")
    with pytest.raises(Conflict) as conflict:
        place.swipe(card=card_b, swipe_id="dup-1")
    assert conflict.value.code == "swipe_id_reused"
    answer = post(
        place.client(),
        "/api/gate/swipes",
        {"swipe_id": "dup-1", "card_number": card_b.transit_number, "at": NOW.isoformat()},
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "swipe_id_reused"
    assert Swipe.objects.filter(swipe_id="dup-1").count() == 1


# -- who may ask --------------------------------------------------------------------------


def test_only_a_gates_token_may_swipe(place):
    _honoree, card = place.honoree()
    body = {"swipe_id": "who-1", "card_number": card.transit_number, "at": NOW.isoformat()}
    union = User.objects.get(username="union")
    _token, secret = token_issue(actor=place.city.system, user=union, name="union script")
    answer = post(Client(HTTP_AUTHORIZATION=f"Bearer {secret}"), "/api/gate/swipes", body)
    assert answer.status_code == 403
    assert post(place.city.client("union"), "/api/gate/swipes", body).status_code == 403
    assert post(Client(), "/api/gate/swipes", body).status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer ot_nothing_at_all")
    assert post(bad, "/api/gate/swipes", body).status_code == 401
    # a gate account that has no gate
    lone = account_create(actor=place.city.system, username="gate.lone", password=None, role="gate")
    with pytest.raises(PermissionDenied) as refused:
        swipe_authorize(
            gate_actor=actor_for(lone), swipe_id="x", card_number=card.transit_number, at=NOW
        )
    assert refused.value.code == "not_a_gate"
    with pytest.raises(PermissionDenied):
        swipe_authorize(
            gate_actor=place.union, swipe_id="x", card_number=card.transit_number, at=NOW
        )
    assert not Swipe.objects.filter(swipe_id__in=["who-1", "x"]).exists()


def test_malformed_swipes_are_422_naming_the_field(place):
    client = place.client()
    at = NOW.isoformat()
    cases = [
        ({"swipe_id": "m", "at": at}, "card_number", "one_of"),
        ({"swipe_id": "m", "card_number": "3102779999999999", "code": "LM1.x", "at": at},
         "card_number", "one_of"),
        ({"swipe_id": "m", "card_number": "12345", "at": at}, "card_number", "format"),
        ({"swipe_id": "has space", "card_number": "3102779999999999", "at": at},
         "swipe_id", "format"),
        ({"swipe_id": "x" * 65, "card_number": "3102779999999999", "at": at},
         "swipe_id", "format"),
        ({"swipe_id": "m", "card_number": "3102779999999999", "at": "yesterday"}, "at", "type"),
        ({"swipe_id": "m", "card_number": "3102779999999999"}, "at", "required"),
    ]  # fmt: skip
    for body, field, rule in cases:
        answer = post(client, "/api/gate/swipes", body)
        assert answer.status_code == 422, body
        assert fields(answer).get(field) == rule, (body, answer.json())
    assert not Swipe.objects.filter(swipe_id="m").exists()


# -- gates --------------------------------------------------------------------------------


def test_registering_a_gate_makes_a_gate_account_and_a_token(place):
    gate, secret = gate_register(actor=place.union, code="t-bus-02", name="公交 2", venue_code=BUS)
    assert gate.account.role == Role.GATE and gate.account.username == "gate.t-bus-02"
    assert ApiToken.objects.filter(user=gate.account).count() == 1
    me = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/gate/me")
    assert me.status_code == 200
    body = me.json()
    assert (body["code"], body["venue"]["code"], body["venue"]["price_fen"]) == (
        "t-bus-02",
        BUS,
        200,
    )
    assert [b["name"] for b in body["venue"]["benefits"]] == ["公交免费乘车"]
    with pytest.raises(ValidationFailed) as taken:
        gate_register(actor=place.union, code="t-bus-02", name="again", venue_code="nowhere")
    assert {(p.field, p.rule) for p in taken.value.problems} == {
        ("code", "unique"),
        ("venue_code", "unknown"),
    }
    with pytest.raises(PermissionDenied):
        gate_register(actor=place.city.actor("zhangwei"), code="t-x", name="x", venue_code=BUS)


def test_an_existing_gate_account_can_be_attached(place):
    account_create(actor=place.city.system, username="gate.t-own", password=None, role="gate")
    gate, secret = gate_register(
        actor=place.union, code="t-own", name="own", venue_code=METRO, account_username="gate.t-own"
    )
    assert secret == "" and gate.account.username == "gate.t-own"
    _honoree, card = place.honoree()
    assert place.swipe("t-own", card).allowed


def test_union_staff_register_a_gate_over_the_api(place):
    answer = post(
        place.city.client("union"),
        "/api/gates",
        {"code": "t-api-01", "name": "API 闸机", "venue_code": SCENIC},
    )
    assert answer.status_code == 201, answer.content
    token = answer.json()["token"]
    assert token.startswith("ot_")
    me = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/gate/me")
    assert me.json()["venue"]["code"] == SCENIC
    listed = place.city.client("union").get("/api/gates", {"venue": SCENIC}).json()
    assert {g["code"] for g in listed["items"]} == {"t-ytz-01", "t-api-01"}
    assert "token" not in listed["items"][0]


# -- the swipes union staff and honorees see ----------------------------------------------


def test_union_staff_list_swipes_and_an_honoree_sees_their_own_rides(place):
    honoree, card = place.honoree(username="honoree.rides")
    _other, other_card = place.honoree()
    place.swipe("t-metro-01", card)
    place.swipe("t-ytz-01", card)
    place.swipe("t-ytz-01", card)  # denied: the cap
    place.swipe("t-bus-01", other_card)
    union = place.city.client("union", "en")
    everything = union.get("/api/swipes", {"operator": "t-ytz"}).json()
    assert everything["count"] >= 2
    mine = [s for s in everything["items"] if s["honoree_id"] == honoree.pk]
    assert [s["allowed"] for s in mine] == [False, True]  # newest first (same time: by id)
    assert mine[0]["holder"].startswith("劳") and "*" in mine[0]["holder"]
    assert mine[0]["card_number"] == card.number
    denied = union.get("/api/swipes", {"venue": SCENIC, "allowed": "false"}).json()
    assert [s["reason"] for s in denied["items"]] == ["daily_cap"]
    day = union.get("/api/swipes", {"date_from": "2026-03-11", "gate": "t-metro-01"}).json()
    assert day["count"] == 0
    rides = place.city.client("honoree.rides", "en").get("/api/my/rides").json()
    assert rides["count"] == 3
    assert {r["venue"] for r in rides["items"]} == {METRO, SCENIC}
    assert place.city.client("zhangwei").get("/api/my/rides").json()["count"] == 0
    assert place.city.client("zhangwei").get("/api/swipes").json()["count"] == 0
    assert Honoree.objects.filter(pk=honoree.pk).exists()


def test_rides_need_a_person(place):
    assert place.city.client("union").get("/api/my/rides").status_code == 403
