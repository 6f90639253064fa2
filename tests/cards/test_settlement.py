"""The monthly settlement (结算) through its services and API: a statement by venue and
day in integer fen, only a month that is over, a draft recomputed until approved, approve
then pay, illegal transitions, corrections, and a late offline swipe settled in the next
month, never twice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading

import pytest
from django.db import connection
from openpyxl import load_workbook

from onething.cards.models import LedgerEntry, Settlement
from onething.cards.services.settlement import (
    settlement_approve,
    settlement_pay,
    settlement_prepare,
)
from onething.core import clock
from onething.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import AuditEntry

from .world import Api, Place, at


@pytest.fixture
def place(city, union):
    """Two venues (A: 15 yuan, B: 2 yuan); February: three swipes at A over two days, two at
    B; one swipe in January and one in March (in neither February statement)."""
    place = Place(union, a=1500, b=200)
    place.swipe("a", at(2026, 2, 3, 9))
    place.swipe("a", at(2026, 2, 3, 16))
    place.swipe("a", at(2026, 2, 28, 23, 50))  # local day 28 Feb (15:50 UTC)
    place.swipe("b", at(2026, 2, 14))
    place.swipe("b", at(2026, 2, 14, 11))
    place.swipe("a", at(2026, 1, 31, 23, 59))
    place.swipe("b", at(2026, 3, 1, 0, 1))
    return place


def test_statement_by_venue_and_day_in_integer_fen(city, union, march, place):
    settlement = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    assert settlement.status == "draft" and settlement.month == dt.date(2026, 2, 1)
    assert (settlement.swipes, settlement.amount_fen) == (5, 4900)
    a, b = place.venues["a"].code, place.venues["b"].code
    assert settlement.lines == [
        {"venue": a, "day": "2026-02-03", "swipes": 2, "amount_fen": 3000},
        {"venue": a, "day": "2026-02-28", "swipes": 1, "amount_fen": 1500},
        {"venue": b, "day": "2026-02-14", "swipes": 2, "amount_fen": 400},
    ]
    assert all(isinstance(line["amount_fen"], int) for line in settlement.lines)
    assert AuditEntry.objects.filter(
        action="settlement.prepare", subject_id=str(settlement.pk)
    ).exists()
    january = settlement_prepare(actor=union, operator_code=place.code, month=dt.date(2026, 1, 9))
    assert (january.month, january.swipes, january.amount_fen) == (dt.date(2026, 1, 1), 1, 1500)


def test_statement_over_the_api(city, march, place):
    api = Api(city, "union")
    answer = api.post("/api/settlements", {"operator": place.code, "month": "2026-02"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert answer["Location"] == f"/api/settlements/{body['id']}"
    assert (body["status"], body["month"], body["swipes"], body["amount_fen"]) == (
        "draft",
        "2026-02",
        5,
        4900,
    )
    assert body["operator"] == {"code": place.code, "name": place.operator.name}
    assert [(x["venue_name"], x["day"], x["swipes"], x["amount_fen"]) for x in body["lines"]] == [
        (place.venues["a"].name, "2026-02-03", 2, 3000),
        (place.venues["a"].name, "2026-02-28", 1, 1500),
        (place.venues["b"].name, "2026-02-14", 2, 400),
    ]
    detail = api.get(f"/api/settlements/{body['id']}").json()
    assert detail["lines"] == body["lines"] and detail["reconciliations"] == []
    listed = api.get("/api/settlements", operator=place.code).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert "lines" not in listed["items"][0]
    assert api.get("/api/settlements", operator=place.code, month="2026-01").json()["count"] == 0
    assert api.get("/api/settlements", status="unknown").status_code == 422
    assert (
        api.get("/api/settlements", month="2026-2").json()["error"]["details"]["fields"][0]["field"]
        == "month"
    )

    # the statement's lines export with their total
    csv_answer = api.get(f"/api/settlements/{body['id']}/export", format="csv")
    assert csv_answer.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_answer.content.decode("utf-8-sig"))))
    assert rows[0][2:] == ["Venue code", "Venue", "Day", "Swipes", "Amount (fen)"]
    assert rows[1][2:] == [
        place.venues["a"].code,
        place.venues["a"].name,
        "2026-02-03",
        "2",
        "3000",
    ]
    assert rows[-1][-2:] == ["5", "4900"] and len(rows) == 5
    xlsx = api.get(f"/api/settlements/{body['id']}/export", format="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[-1][-2:] == (5, 4900) and len(values) == 5
    assert api.get(f"/api/settlements/{body['id']}/export", format="pdf").status_code == 422

    # bad input: named fields, never a 500
    bad = api.post("/api/settlements", {"operator": place.code, "month": "Feb 2026"})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["fields"][0]["field"] == "month"
    unknown = api.post("/api/settlements", {"operator": "no-such-operator", "month": "2026-02"})
    assert unknown.status_code == 422
    problem = unknown.json()["error"]["details"]["fields"][0]
    assert (problem["field"], problem["rule"]) == ("operator", "unknown")
    for month, rule in (("2026-13", "format"), ("9999-12", "range"), ("1899-12", "range")):
        answer = api.post("/api/settlements", {"operator": place.code, "month": month})
        assert answer.status_code == 422, month
        assert answer.json()["error"]["details"]["fields"][0]["rule"] == rule


def test_only_a_month_that_is_over(city, union, march, place):
    with pytest.raises(ValidationFailed) as error:
        settlement_prepare(actor=union, operator_code=place.code, month="2026-03")
    assert error.value.status == 422 and error.value.code == "month_not_over"
    assert error.value.details["fields"][0]["field"] == "month"
    answer = Api(city, "union").post(
        "/api/settlements", {"operator": place.code, "month": "2026-04"}
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "month_not_over"
    assert not Settlement.objects.filter(operator=place.operator).exists()
    with clock.frozen(at(2026, 4, 1, 0, 0)):  # the first moment of April (local)
        march_ = settlement_prepare(actor=union, operator_code=place.code, month="2026-03")
    assert (march_.swipes, march_.amount_fen) == (1, 200)


def test_who_may_settle(city, march, place):
    with pytest.raises(PermissionDenied):
        settlement_prepare(
            actor=city.actor("clerk.hudai"), operator_code=place.code, month="2026-02"
        )
    assert (
        Api(city, "zhangwei")
        .post("/api/settlements", {"operator": place.code, "month": "2026-02"})
        .status_code
        == 403
    )
    assert Api(city).get("/api/settlements").status_code == 401
    union = city.actor("union")
    settlement = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    # outside the union a statement does not exist
    assert Api(city, "zhangwei").get(f"/api/settlements/{settlement.pk}").status_code == 404
    assert Api(city, "zhangwei").get("/api/settlements").json()["count"] == 0
    with pytest.raises(PermissionDenied):
        settlement_approve(actor=city.actor("zhangwei"), settlement_id=settlement.pk)


def test_a_draft_is_recomputed_until_approved(city, union, march, place):
    first = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    # a row booked in February after the draft (test setup: the clock goes back; the ledger
    # of a month that is over does not grow, this stands in for any change)
    place.swipe("b", at(2026, 2, 20))
    again = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    assert again.pk == first.pk and again.recomputed
    assert (again.swipes, again.amount_fen) == (6, 5100)
    assert Settlement.objects.filter(operator=place.operator).count() == 1
    assert AuditEntry.objects.filter(
        action="settlement.recompute", subject_id=str(first.pk)
    ).exists()

    api = Api(city, "union")
    answer = api.post("/api/settlements", {"operator": place.code, "month": "2026-02"})
    assert answer.status_code == 200 and answer.json()["id"] == first.pk

    approved = settlement_approve(actor=union, settlement_id=first.pk)
    assert approved.status == "approved"
    with pytest.raises(Conflict) as error:
        settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    assert error.value.status == 409 and error.value.code == "already_settled"
    answer = api.post("/api/settlements", {"operator": place.code, "month": "2026-02"})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "already_settled"
    stored = Settlement.objects.get(pk=first.pk)
    assert (stored.status, stored.swipes, stored.amount_fen) == ("approved", 6, 5100)


def test_approval_freezes_the_figures_of_the_ledger(city, union, march, place):
    draft = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    place.swipe("a", at(2026, 2, 27))  # test setup (the clock goes back): a change since
    approved = settlement_approve(actor=union, settlement_id=draft.pk)
    assert (approved.swipes, approved.amount_fen) == (6, 6400)
    assert approved.approved_by_id == city.user("union").pk and approved.approved_at
    entry = AuditEntry.objects.get(action="settlement.approve", subject_id=str(draft.pk))
    assert entry.before["amount_fen"] == 4900 and entry.after["amount_fen"] == 6400
    assert "recomputed" in entry.note


def test_approve_then_pay(city, march, place):
    api = Api(city, "union")
    settlement_id = api.post(
        "/api/settlements", {"operator": place.code, "month": "2026-02"}
    ).json()["id"]
    # pay a draft: 409
    early = api.post(f"/api/settlements/{settlement_id}/pay", {"payment_reference": "HX-1"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "invalid_transition"
    approved = api.post(f"/api/settlements/{settlement_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == "union"
    again = api.post(f"/api/settlements/{settlement_id}/approve")
    assert again.status_code == 409
    missing = api.post(f"/api/settlements/{settlement_id}/pay", {"payment_reference": ""})
    assert missing.status_code == 422
    assert missing.json()["error"]["details"]["fields"][0]["field"] == "payment_reference"
    paid = api.post(
        f"/api/settlements/{settlement_id}/pay", {"payment_reference": "工行转账 20260312-0042"}
    )
    assert paid.status_code == 200, paid.content
    body = paid.json()
    assert (body["status"], body["payment_reference"], body["paid_by"]) == (
        "paid",
        "工行转账 20260312-0042",
        "union",
    )
    assert body["amount_fen"] == 4900 and body["paid_at"]
    twice = api.post(f"/api/settlements/{settlement_id}/pay", {"payment_reference": "again"})
    assert twice.status_code == 409
    stored = Settlement.objects.get(pk=settlement_id)
    assert stored.payment_reference == "工行转账 20260312-0042"
    actions = set(
        AuditEntry.objects.filter(
            subject_id=str(settlement_id), subject_type="cards.settlement"
        ).values_list("action", flat=True)
    )
    assert {"settlement.prepare", "settlement.approve", "settlement.pay"} <= actions
    assert api.post("/api/settlements/999999999/approve").status_code == 404


def test_illegal_transitions_in_the_services(city, union, march, place):
    settlement = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    with pytest.raises(InvalidTransition):
        settlement_pay(actor=union, settlement_id=settlement.pk, payment_reference="X")
    settlement_approve(actor=union, settlement_id=settlement.pk)
    with pytest.raises(InvalidTransition):
        settlement_approve(actor=union, settlement_id=settlement.pk)
    with pytest.raises(ValidationFailed) as error:
        settlement_pay(actor=union, settlement_id=settlement.pk, payment_reference="x" * 61)
    assert error.value.details["fields"][0]["rule"] == "max_length"
    settlement_pay(actor=union, settlement_id=settlement.pk, payment_reference="HX-7")
    with pytest.raises(InvalidTransition):
        settlement_pay(actor=union, settlement_id=settlement.pk, payment_reference="HX-8")
    with pytest.raises(NotFound):
        settlement_approve(actor=union, settlement_id=10**9)


def test_a_correction_in_the_month_changes_the_amount(city, union, march, place):
    entry = LedgerEntry.objects.filter(
        operator=place.operator, venue=place.venues["a"], booked_on=dt.date(2026, 2, 3)
    ).first()
    place.correct(entry, 1000, dt.date(2026, 2, 10))  # the tariff was 10 yuan, not 15
    settlement = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    assert (settlement.swipes, settlement.amount_fen) == (5, 4400)  # a correction is no swipe
    assert {
        "venue": place.venues["a"].code,
        "day": "2026-02-10",
        "swipes": 0,
        "amount_fen": -500,
    } in (settlement.lines)


def test_a_late_offline_swipe_lands_in_the_next_month_never_twice(city, union, place):
    # 2 February: January is settled and approved
    with clock.frozen(at(2026, 2, 2)):
        january = settlement_prepare(actor=union, operator_code=place.code, month="2026-01")
        settlement_approve(actor=union, settlement_id=january.pk)
    assert (january.swipes, january.amount_fen) == (1, 1500)
    # 5 February: a gate that was offline uploads a swipe made on 30 January; on the 6th it
    # uploads it again (a retry): counted once
    late = place.swipe("a", at(2026, 1, 30, 15), received=at(2026, 2, 5, 8), swipe_id="off-1")
    assert late.ledger_entry.booked_on == dt.date(2026, 2, 5) and late.offline
    again = place.swipe("a", at(2026, 1, 30, 15), received=at(2026, 2, 6, 8), swipe_id="off-1")
    assert again.pk == late.pk
    assert LedgerEntry.objects.filter(swipe__swipe_id="off-1", operator=place.operator).count() == 1
    with clock.frozen(at(2026, 3, 2)):
        with pytest.raises(Conflict):  # January never changes
            settlement_prepare(actor=union, operator_code=place.code, month="2026-01")
        february = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    assert (february.swipes, february.amount_fen) == (6, 6400)
    assert {
        "venue": place.venues["a"].code,
        "day": "2026-02-05",
        "swipes": 1,
        "amount_fen": 1500,
    } in (february.lines)
    january.refresh_from_db()
    assert (january.status, january.swipes, january.amount_fen) == ("approved", 1, 1500)
    # every ledger row of the operator is in exactly one statement
    total = sum(
        LedgerEntry.objects.filter(operator=place.operator).values_list("amount_fen", flat=True)
    )
    with clock.frozen(at(2026, 4, 1)):
        march_ = settlement_prepare(actor=union, operator_code=place.code, month="2026-03")
    assert january.amount_fen + february.amount_fen + march_.amount_fen == total


def test_idempotent_prepare(city, union, march, place):
    first = settlement_prepare(
        actor=union, operator_code=place.code, month="2026-02", idempotency_key="prep-1"
    )
    settlement_approve(actor=union, settlement_id=first.pk)
    retry = settlement_prepare(
        actor=union, operator_code=place.code, month="2026-02", idempotency_key="prep-1"
    )
    assert retry.pk == first.pk  # the retry gets the first answer, not a 409
    with pytest.raises(Conflict):
        settlement_prepare(
            actor=union, operator_code=place.code, month="2026-01", idempotency_key="prep-1"
        )


def test_a_correction_written_after_approval_lands_in_the_month_it_is_written(city, union):
    place = Place(union, yt=9000)
    swipe = place.swipe("yt", at(2026, 2, 10, 9))
    with clock.frozen(at(2026, 3, 3)):
        february = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
        settlement_approve(actor=union, settlement_id=february.pk)
    # on 20 March the union finds the tariff was 60 yuan: the correction is booked in March
    place.correct(swipe.ledger_entry, 6000, dt.date(2026, 3, 20))
    with clock.frozen(at(2026, 4, 2)):
        march_ = settlement_prepare(actor=union, operator_code=place.code, month="2026-03")
    assert (march_.swipes, march_.amount_fen) == (0, -3000)
    february.refresh_from_db()
    assert (february.swipes, february.amount_fen) == (1, 9000)


@pytest.mark.postgres
def test_concurrent_preparing_and_approving_settle_once(transactional_city):
    """Four clerks prepare the same month at once: one statement; then four approve it at
    once: one approval, three 409."""
    city = transactional_city
    union = city.actor("union")
    place = Place(union, a=1500)
    place.swipe("a", at(2026, 2, 3))
    place.swipe("a", at(2026, 2, 4))
    start = threading.Barrier(4)
    answers: list[object] = []
    lock = threading.Lock()

    def attempt(work) -> None:
        try:
            start.wait()
            with clock.frozen(at(2026, 3, 10)):
                answer = work()
        except Exception as error:  # reported below
            answer = error
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    def run(work) -> list[object]:
        answers.clear()
        threads = [threading.Thread(target=attempt, args=(work,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return list(answers)

    prepared = run(
        lambda: settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    )
    assert all(isinstance(a, Settlement) for a in prepared), prepared
    assert len({a.pk for a in prepared}) == 1
    assert all((a.swipes, a.amount_fen) == (2, 3000) for a in prepared)
    settlement_id = prepared[0].pk
    assert Settlement.objects.filter(operator=place.operator).count() == 1

    approved = run(lambda: settlement_approve(actor=union, settlement_id=settlement_id))
    assert sum(isinstance(a, Settlement) for a in approved) == 1
    refused = [a for a in approved if not isinstance(a, Settlement)]
    assert len(refused) == 3 and all(isinstance(a, InvalidTransition) for a in refused), refused
    assert Settlement.objects.get(pk=settlement_id).status == "approved"
