"""The figures of the honour cards, computed from the records: cards issued, active
honorees, swipes by venue, operator and month, owed and paid, the pool's balance; each
moves when a record is added. The public subset carries no money."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from onething.cards.selectors.figures import figures_internal, figures_public
from onething.cards.services.pool import pool_top_up
from onething.cards.services.settlement import (
    settlement_approve,
    settlement_pay,
    settlement_prepare,
)
from onething.cards.services.tallies import card_tallies_differences
from onething.core import clock
from onething.core.errors import PermissionDenied

from .world import Place, at


def row(rows: list[dict], code: str) -> dict:
    return next(r for r in rows if r.get("code", r.get("month")) == code)


def month(figures: dict, key: str) -> dict:
    return next(
        (m for m in figures["by_month"] if m["month"] == key),
        {"month": key, "swipes": 0, "booked_fen": 0},
    )


def test_the_figures_follow_the_records(city, union):
    before = figures_internal(union)
    place = Place(union, yt=9000)  # one more honoree holding one more card
    now = figures_internal(union)
    for key in ("cards_issued", "cards_active", "honorees_active"):
        assert now[key] == before[key] + 1, key
    assert row(now["by_venue"], place.venues["yt"].code)["swipes"] == 0

    assert place.swipe("yt", swipe_id="fig-1", when=at(2026, 2, 10, 9)).allowed
    assert place.swipe("yt", swipe_id="fig-2", when=at(2026, 2, 11, 9)).allowed
    now = figures_internal(union)
    assert now["swipes"] == before["swipes"] + 2
    assert row(now["by_venue"], place.venues["yt"].code) == {
        "code": place.venues["yt"].code,
        "name": place.venues["yt"].name,
        "operator": place.code,
        "swipes": 2,
        "owed_fen": 18000,
    }
    assert row(now["by_operator"], place.code) == {
        "code": place.code,
        "name": place.operator.name,
        "swipes": 2,
        "owed_fen": 18000,
        "paid_fen": 0,
    }
    assert month(now, "2026-02")["swipes"] == month(before, "2026-02")["swipes"] + 2
    assert month(now, "2026-02")["booked_fen"] == month(before, "2026-02")["booked_fen"] + 18000
    assert now["owed_fen"] == before["owed_fen"] + 18000
    assert now["pool_balance_fen"] == before["pool_balance_fen"] - 18000
    assert now["paid_fen"] == before["paid_fen"]

    pool_top_up(actor=union, amount_fen=5_000_000, note="2026年第一季度拨款")
    funded = figures_internal(union)
    assert funded["pool_top_ups_fen"] == now["pool_top_ups_fen"] + 5_000_000
    assert funded["pool_balance_fen"] == now["pool_balance_fen"] + 5_000_000
    assert funded["pool_balance_fen"] == funded["pool_top_ups_fen"] - funded["owed_fen"]

    with clock.frozen(at(2026, 3, 5)):
        settlement = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
        settlement_approve(actor=union, settlement_id=settlement.pk)
        assert figures_internal(union)["paid_fen"] == before["paid_fen"]  # approved, not paid
        settlement_pay(actor=union, settlement_id=settlement.pk, payment_reference="HX-0305")
    paid = figures_internal(union)
    assert paid["paid_fen"] == before["paid_fen"] + 18000
    assert paid["outstanding_fen"] == paid["owed_fen"] - paid["paid_fen"]
    assert row(paid["by_operator"], place.code)["paid_fen"] == 18000
    assert paid["pool_balance_fen"] == funded["pool_balance_fen"]  # paying draws nothing more

    # one more swipe: the figures move
    place.swipe("yt", swipe_id="fig-3", when=at(2026, 3, 8, 9))
    last = figures_internal(union)
    assert last["swipes"] == paid["swipes"] + 1
    assert row(last["by_venue"], place.venues["yt"].code)["swipes"] == 3
    assert month(last, "2026-03")["swipes"] == month(paid, "2026-03")["swipes"] + 1
    assert last["owed_fen"] == paid["owed_fen"] + 9000
    assert last["pool_balance_fen"] == paid["pool_balance_fen"] - 9000
    # the figures were read from the roll-ups, and the roll-ups equal a recount
    assert card_tallies_differences() == []


def test_public_figures_carry_no_money(city, union):
    place = Place(union, yt=9000)
    before = figures_public()
    place.swipe("yt", swipe_id="pub-1", when=at(2026, 2, 10, 9))
    answer = city.client(None, "en").get("/api/card-figures/public")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {
        "generated_at",
        "cards_issued",
        "honorees_active",
        "swipes",
        "hospital_visits",  # 医院就诊绿色通道: counts, no money
        "dining_visits",  # 餐饮商圈优惠
        "by_venue",
        "by_month",
    }
    assert "fen" not in answer.content.decode()
    assert body["swipes"] == before["swipes"] + 1
    assert row(body["by_venue"], place.venues["yt"].code) == {
        "code": place.venues["yt"].code,
        "name": place.venues["yt"].name,
        "swipes": 1,
    }
    assert body["cards_issued"] == figures_internal(union)["cards_issued"]


def test_internal_figures_are_for_union_staff(city, union):
    with pytest.raises(PermissionDenied):
        figures_internal(city.actor("zhangwei"))
    assert city.client(None, "en").get("/api/card-figures").status_code == 401
    assert city.client("zhangwei", "en").get("/api/card-figures").status_code == 403
    assert city.client("zhangwei", "en").get("/api/card-figures/export").status_code == 403
    answer = city.client("union", "en").get("/api/card-figures")
    assert answer.status_code == 200
    body = answer.json()
    expected = figures_internal(union)
    for key in ("cards_issued", "swipes", "owed_fen", "paid_fen", "pool_balance_fen"):
        assert body[key] == expected[key]


def test_the_figures_export(city, union):
    place = Place(union, yt=9000)
    place.swipe("yt", swipe_id="exp-1", when=at(2026, 2, 10, 9))
    client = city.client("union", "en")
    answer = client.get("/api/card-figures/export", {"format": "csv"})
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith('attachment; filename="card-figures-')
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["Figure", "Code", "Name", "Count", "Amount (fen)"]
    figures = figures_internal(union)
    assert ["cards_issued", "", "", str(figures["cards_issued"]), ""] in rows
    assert ["venue", place.venues["yt"].code, place.venues["yt"].name, "1", "9000"] in rows
    xlsx = client.get("/api/card-figures/export", {"format": "xlsx"})
    values = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert ("venue", place.venues["yt"].code, place.venues["yt"].name, 1, 9000) in values
    assert client.get("/api/card-figures/export", {"format": "ods"}).status_code == 422
