"""The subsidy pool (top-ups, accruals, the warning) and the swipe ledger: corrections are
new rows, and the database itself refuses to change or remove a ledger row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from onething.cards.models import LedgerEntry, PoolTopUp, SubsidyPool
from onething.cards.selectors.ledger import pool_status
from onething.cards.services.pool import ledger_correct, pool_threshold_set, pool_top_up
from onething.core import clock
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry

from .world import NOW, fields, post, problem_rules


def test_the_balance_falls_with_accruals_and_warns_below_the_threshold(network):
    u = network.union
    start = pool_status(u)
    pool_top_up(actor=u, amount_fen=10_000, note="2026年第一季度拨款")
    pool_threshold_set(actor=u, warning_below_fen=start["available_fen"] + 1_000)
    status = pool_status(u)
    assert status["name"] == "劳模卡补贴资金池"
    assert status["topped_up_fen"] == start["topped_up_fen"] + 10_000
    assert status["available_fen"] == start["available_fen"] + 10_000
    assert status["warning"] is False
    _honoree, card = network.honoree()
    network.swipe("t-ytz-01", card)  # 9000 fen owed to 鼋头渚
    status = pool_status(u)
    assert status["accrued_fen"] == start["accrued_fen"] + 9_000
    assert status["available_fen"] == start["available_fen"] + 1_000
    assert status["warning"] is False  # not below
    network.swipe("t-metro-01", card)  # 300 more
    status = pool_status(u)
    assert status["available_fen"] == start["available_fen"] + 700
    assert status["warning"] is True
    assert SubsidyPool.objects.count() == 1
    top_up = PoolTopUp.objects.order_by("-id").first()
    assert (top_up.by.username, top_up.at, top_up.note) == ("union", NOW, "2026年第一季度拨款")
    assert AuditEntry.objects.filter(action="pool.top_up", subject_id=str(top_up.pk)).exists()


def test_a_top_up_is_a_positive_whole_number_of_fen_from_union_staff(network, city):
    for amount, rule in [
        (0, "min"),
        (-5, "min"),
        (12.5, "type"),
        (True, "type"),
        (None, "required"),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            pool_top_up(actor=network.union, amount_fen=amount)
        assert problem_rules(refused) == {("amount_fen", rule)}
    with pytest.raises(PermissionDenied):
        pool_top_up(actor=city.actor("zhangwei"), amount_fen=100)
    with pytest.raises(PermissionDenied):
        pool_status(city.actor("zhangwei"))
    with pytest.raises(ValidationFailed) as refused:
        pool_threshold_set(actor=network.union, warning_below_fen=-1)
    assert problem_rules(refused) == {("warning_below_fen", "min")}


def test_the_pool_over_the_api(network, city):
    union = city.client("union", "en")
    before = union.get("/api/pool").json()
    key = {"HTTP_IDEMPOTENCY_KEY": "top-up-2026-q1"}
    first = union.post(
        "/api/pool/top-ups", {"amount_fen": 500_000, "note": "拨款"}, "application/json", **key
    )
    again = union.post(
        "/api/pool/top-ups", {"amount_fen": 500_000, "note": "拨款"}, "application/json", **key
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]  # the money is added once
    after = union.get("/api/pool").json()
    assert after["topped_up_fen"] == before["topped_up_fen"] + 500_000
    answer = post(union, "/api/pool", {"warning_below_fen": after["available_fen"] + 1})
    assert answer.status_code == 200 and answer.json()["warning"] is True
    answer = post(union, "/api/pool/top-ups", {"amount_fen": 1.5})
    assert answer.status_code == 422 and list(fields(answer)) == ["amount_fen"]
    listed = union.get("/api/pool/top-ups").json()["items"]  # the demo's own may come first
    (made,) = [item for item in listed if item["id"] == first.json()["id"]]
    assert made["by"] == "union" and made["amount_fen"] == 500_000
    assert city.client("zhangwei").get("/api/pool").status_code == 403
    assert city.client().get("/api/pool").status_code == 401


def test_a_correction_is_a_new_row_and_the_old_one_is_unchanged(network):
    _honoree, card = network.honoree()
    swipe = network.swipe("t-ytz-01", card)
    entry = LedgerEntry.objects.get(swipe_id=swipe.pk)
    later = NOW + dt.timedelta(days=25)  # in the next month
    with clock.frozen(later):
        correction = ledger_correct(
            actor=network.union, entry_id=entry.pk, amount_fen=4500, note="半价日"
        )
    assert (correction.corrects_id, correction.amount_fen, correction.swipe_id) == (
        entry.pk,
        -4500,
        None,
    )
    assert (correction.booked_on, correction.swiped_at) == (later.date(), entry.swiped_at)
    assert (correction.operator_id, correction.venue_id) == (entry.operator_id, entry.venue_id)
    unchanged = LedgerEntry.objects.get(pk=entry.pk)
    assert (unchanged.amount_fen, unchanged.booked_on) == (9000, NOW.date())
    # a second correction counts the first: the row should now come to 0
    second = ledger_correct(actor=network.union, entry_id=entry.pk, amount_fen=0, note="作废")
    assert second.amount_fen == -4500
    with pytest.raises(ValidationFailed) as refused:
        ledger_correct(actor=network.union, entry_id=entry.pk, amount_fen=0, note="again")
    assert problem_rules(refused) == {("amount_fen", "unchanged")}
    with pytest.raises(ValidationFailed) as refused:
        ledger_correct(actor=network.union, entry_id=second.pk, amount_fen=1, note="x")
    assert problem_rules(refused) == {("entry_id", "is_correction")}
    with pytest.raises(ValidationFailed) as refused:
        ledger_correct(actor=network.union, entry_id=10**9, amount_fen=-1, note="")
    assert problem_rules(refused) == {
        ("entry_id", "unknown"),
        ("amount_fen", "min"),
        ("note", "required"),
    }
    assert AuditEntry.objects.filter(action="ledger.correct").count() >= 2


def test_the_ledger_over_the_api(network, city):
    _honoree, card = network.honoree()
    swipe = network.swipe("t-metro-01", card)
    entry = LedgerEntry.objects.get(swipe_id=swipe.pk)
    union = city.client("union", "en")
    answer = post(union, f"/api/ledger/{entry.pk}/corrections", {"amount_fen": 200, "note": "票价"})
    assert answer.status_code == 201, answer.content
    assert (answer.json()["corrects"], answer.json()["amount_fen"]) == (entry.pk, -100)
    rows = union.get("/api/ledger", {"operator": "t-metro"}).json()
    assert [(r["amount_fen"], r["corrects"]) for r in rows["items"]] == [
        (-100, entry.pk),
        (300, None),
    ]
    assert rows["items"][1]["swipe"] == swipe.pk
    only = union.get("/api/ledger", {"operator": "t-metro", "corrections": "true"}).json()
    assert only["count"] == 1
    assert city.client("zhangwei").get("/api/ledger").json()["count"] == 0
    refused = post(
        city.client("zhangwei"),
        f"/api/ledger/{entry.pk}/corrections",
        {"amount_fen": 0, "note": "x"},
    )
    assert refused.status_code == 403


def test_the_database_refuses_to_change_or_remove_a_ledger_row(network):
    _honoree, card = network.honoree()
    swipe = network.swipe("t-metro-01", card)
    entry = LedgerEntry.objects.get(swipe_id=swipe.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_fen=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    table = connection.ops.quote_name(LedgerEntry._meta.db_table)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET amount_fen = 0")
    assert LedgerEntry.objects.get(pk=entry.pk).amount_fen == 300
