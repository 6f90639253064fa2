"""Physical cards: batches, issuing (one active card per honoree, unique numbers,
idempotent), report lost (blocked at once, replaced), transit binding, scoping."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from onething.cards.models import CardStatus, HonourCard
from onething.cards.services.cards import (
    card_issue,
    card_report_lost,
)
from onething.cards.services.registry import honoree_status_change
from onething.core.errors import Conflict
from onething.core.models import AuditEntry

from .world import Api, batch, honoree_account, issue, register


def error(answer, status: int) -> str:
    assert answer.status_code == status, answer.content
    return answer.json()["error"]["code"]


class TestIssue:
    def test_issue_over_the_api_is_idempotent_and_one_active_card(self, city):
        honoree = register(city, 200)
        union = Api(city, "union")
        data = {
            "honoree_id": honoree.pk,
            "batch_id": batch(city).pk,
            "number": "4200 0000 0200",
            "transit_number": "3202-0000-0000-0200",
        }
        first = union.post("/api/cards", data, HTTP_IDEMPOTENCY_KEY="issue-200")
        assert first.status_code == 201, first.content
        body = first.json()
        assert (body["number"], body["transit_number"], body["status"]) == (
            "420000000200",
            "3202000000000200",
            "active",
        )
        assert body["honoree"]["id_number_masked"] == honoree.person.id_number_masked
        assert first["Location"] == "/api/cards/420000000200"
        again = union.post("/api/cards", data, HTTP_IDEMPOTENCY_KEY="issue-200")
        assert again.status_code == 201 and again.json()["number"] == "420000000200"
        assert HonourCard.objects.filter(honoree=honoree).count() == 1
        second = {**data, "number": "420000000201", "transit_number": "3202000000000201"}
        assert error(union.post("/api/cards", second), 409) == "has_active_card"
        issued = HonourCard.objects.get(number="420000000200")
        audited = AuditEntry.objects.filter(action="card.issue", subject_id=str(issued.pk))
        assert audited.count() == 1

    def test_numbers_are_unique_and_well_formed(self, city):
        one, two = register(city, 210), register(city, 211)
        issue(city, one, "420000000210", "3202000000000210")
        union = Api(city, "union")
        data = {"honoree_id": two.pk, "batch_id": batch(city).pk}
        taken = {**data, "number": "420000000210", "transit_number": "3202000000000211"}
        assert error(union.post("/api/cards", taken), 409) == "card_number_taken"
        bound = {**data, "number": "420000000211", "transit_number": "3202000000000210"}
        assert error(union.post("/api/cards", bound), 409) == "transit_number_taken"
        bad = {
            "honoree_id": 999999999,
            "batch_id": 999999999,
            "number": "12ab",
            "transit_number": "1",
        }
        answer = union.post("/api/cards", bad)
        assert error(answer, 422) == "validation_failed"
        assert {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]} == {
            "number": "format",
            "transit_number": "format",
            "honoree_id": "unknown",
            "batch_id": "unknown",
        }
        assert not HonourCard.objects.filter(honoree=two).exists()

    def test_only_an_active_honoree_gets_a_card_and_only_from_union_staff(self, city):
        honoree = register(city, 220)
        honoree_status_change(
            actor=city.actor("union"), honoree_id=honoree.pk, status="suspended", reason="x"
        )
        with pytest.raises(Conflict) as caught:
            issue(city, honoree, "420000000220")
        assert caught.value.code == "honoree_not_active"
        data = {
            "honoree_id": honoree.pk,
            "batch_id": batch(city).pk,
            "number": "420000000221",
            "transit_number": "3202000000000221",
        }
        assert error(Api(city, "zhangwei").post("/api/cards", data), 403) == "permission_denied"


class TestBatches:
    def test_batches_count_their_cards(self, city):
        union = Api(city, "union")
        made = union.post("/api/card-batches", {"number": 31003, "name": "首批劳模卡"})
        assert made.status_code == 201, made.content
        assert error(union.post("/api/card-batches", {"number": 31003, "name": "x"}), 409) == (
            "batch_number_taken"
        )
        assert error(union.post("/api/card-batches", {"number": 0, "name": ""}), 422)
        honoree = register(city, 230)
        card_issue(
            actor=city.actor("union"),
            honoree_id=honoree.pk,
            batch_id=made.json()["id"],
            number="420000000230",
            transit_number="3202000000000230",
        )
        card_report_lost(actor=city.actor("union"), card_number="420000000230")
        listed = {
            b["number"]: b for b in union.get("/api/card-batches", page_size=100).json()["items"]
        }
        counts = listed[31003]
        assert (counts["cards_total"], counts["cards_active"], counts["cards_blocked"]) == (1, 0, 1)
        assert Api(city, "zhangwei").get("/api/card-batches").json()["count"] == 0
        assert error(
            Api(city, "zhangwei").post("/api/card-batches", {"number": 31004, "name": "x"}), 403
        )


class TestReportLost:
    def test_union_staff_block_and_replace_in_one_go(self, city):
        honoree = register(city, 240)
        issue(city, honoree, "420000000240", "3202000000000240")
        union = Api(city, "union")
        answer = union.post(
            "/api/cards/420000000240/report-lost",
            {"new_number": "420000000241", "new_transit_number": "3202000000000241"},
        )
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert body["blocked"]["status"] == "blocked" and body["blocked"]["blocked_at"]
        assert body["blocked"]["replaced_by"] == "420000000241"
        assert body["replacement"]["status"] == "active"
        assert body["replacement"]["replaces"] == "420000000240"
        old = union.get("/api/cards/420000000240").json()
        assert (old["status"], old["replaced_by"]) == ("blocked", "420000000241")
        assert union.get(f"/api/honorees/{honoree.pk}").json()["active_card"] == "420000000241"
        again = union.post("/api/cards/420000000240/report-lost", {})
        assert error(again, 409) == "card_not_active"

    def test_a_failed_replacement_leaves_the_old_card_active(self, city):
        one, two = register(city, 250), register(city, 251)
        issue(city, one, "420000000250", "3202000000000250")
        issue(city, two, "420000000251", "3202000000000251")
        union = Api(city, "union")
        answer = union.post(
            "/api/cards/420000000250/report-lost",
            {"new_number": "420000000252", "new_transit_number": "3202000000000251"},
        )
        assert error(answer, 409) == "transit_number_taken"
        assert HonourCard.objects.get(number="420000000250").status == CardStatus.ACTIVE
        half = union.post("/api/cards/420000000250/report-lost", {"new_number": "420000000252"})
        assert error(half, 422) == "validation_failed"
        assert HonourCard.objects.get(number="420000000250").status == CardStatus.ACTIVE

    def test_an_honoree_reports_their_own_card_and_nobody_elses(self, city):
        honoree, username = honoree_account(city, 260)
        other = register(city, 261)
        issue(city, honoree, "420000000260", "3202000000000260")
        issue(city, other, "420000000261", "3202000000000261")
        own = Api(city, username)
        assert [c["number"] for c in own.get("/api/cards").json()["items"]] == ["420000000260"]
        assert error(own.post("/api/cards/420000000261/report-lost", {}), 404) == "not_found"
        assert error(Api(city, "zhangwei").post("/api/cards/420000000260/report-lost", {}), 404)
        chosen = {"new_number": "420000000262", "new_transit_number": "3202000000000262"}
        assert error(own.post("/api/cards/420000000260/report-lost", chosen), 403)
        answer = own.post("/api/cards/420000000260/report-lost", {})
        assert answer.status_code == 200, answer.content
        assert answer.json()["blocked"]["status"] == "blocked"
        assert answer.json()["replacement"] is None
        assert HonourCard.objects.get(number="420000000261").status == CardStatus.ACTIVE
        # the union issues the replacement later: it replaces the card reported lost
        replacement = issue(city, honoree, "420000000263", "3202000000000263")
        assert replacement.replaces.number == "420000000260"
        assert AuditEntry.objects.filter(
            action="card.report_lost", actor_label__startswith=username
        ).exists()


class TestTransit:
    def test_rebinding_the_transit_number(self, city):
        one, two = register(city, 270), register(city, 271)
        issue(city, one, "420000000270", "3202000000000270")
        issue(city, two, "420000000271", "3202000000000271")
        union = Api(city, "union")
        moved = union.post(
            "/api/cards/420000000270/transit", {"transit_number": "3202000000000279"}
        )
        assert moved.status_code == 200 and moved.json()["transit_number"] == "3202000000000279"
        taken = union.post(
            "/api/cards/420000000270/transit", {"transit_number": "3202000000000271"}
        )
        assert error(taken, 409) == "transit_number_taken"
        bad = union.post("/api/cards/420000000270/transit", {"transit_number": "99"})
        assert error(bad, 422)
        card_report_lost(actor=city.actor("union"), card_number="420000000271")
        blocked = union.post(
            "/api/cards/420000000271/transit", {"transit_number": "3202000000000278"}
        )
        assert error(blocked, 409) == "card_not_active"
        assert error(
            union.post("/api/cards/000000000000/transit", {"transit_number": "3202000000000277"}),
            404,
        )
        assert error(
            Api(city, "zhangwei").post(
                "/api/cards/420000000270/transit", {"transit_number": "3202000000000276"}
            ),
            403,
        )


@pytest.mark.postgres
def test_concurrent_issues_to_one_honoree_make_one_card(transactional_city):
    city = transactional_city
    honoree = register(city, 280)
    the_batch = batch(city)
    answers: list[str] = []

    def attempt(i: int) -> None:
        try:
            card_issue(
                actor=city.actor("union"),
                honoree_id=honoree.pk,
                batch_id=the_batch.pk,
                number=f"42000000028{i}",
                transit_number=f"320200000000028{i}",
            )
            answers.append("issued")
        except Conflict as conflict:
            answers.append(conflict.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["has_active_card"] * 3 + ["issued"]
    assert HonourCard.objects.filter(honoree=honoree, status=CardStatus.ACTIVE).count() == 1
