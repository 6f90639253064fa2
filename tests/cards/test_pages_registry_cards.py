"""The union staff's honoree page (the record masked, the audited full read, the status and
its history, certificates, cards and their actions) and the cards and batches pages."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from onething.cards.models import CardStatus, Certificate, HonourCard, IssuanceBatch
from onething.cards.services.cards import card_batch_create, card_issue
from onething.cards.services.certificates import certificate_issue
from onething.core.models import AuditEntry
from tests.cards.test_registry import full_id, register

OLD, OLD_TRANSIT = "320200000101", "3102000000000101"
NEW, NEW_TRANSIT = "320200000102", "3102000000000102"
LOST = {"confirm": "on"}  # 挂失 cannot be undone: the box is ticked


@pytest.fixture
def union(city):
    return city.client("union", "en")


@pytest.fixture
def batch(city):
    return card_batch_create(actor=city.actor("union"), number=801, name="首批实体卡")


@pytest.fixture
def carded(city, batch):
    """An honoree with an active card and a certificate."""
    honoree = register(city, 600, name="东方页测")
    union_actor = city.actor("union")
    card_issue(
        actor=union_actor,
        honoree_id=honoree.pk,
        batch_id=batch.pk,
        number=OLD,
        transit_number=OLD_TRANSIT,
    )
    certificate_issue(actor=union_actor, honoree_id=honoree.pk)
    return honoree


def url(honoree, tail: str = "") -> str:
    return f"/honour/registry/{honoree.pk}/{tail}"


class TestHonoreePage:
    def test_the_record_is_masked_with_history_certificates_and_cards(self, union, carded):
        answer = union.get(url(carded))
        assert answer.status_code == 200
        page = answer.content.decode()
        assert carded.person.id_number_masked in page
        assert full_id(carded.person) not in page
        serial = Certificate.objects.get(honoree=carded).serial
        assert f"<td>{serial}</td>" in page
        card_row = page[page.index(f'data-card="{OLD}"') :].split("</tr>")[0]
        assert OLD_TRANSIT in card_row and "801 · 首批实体卡" in card_row and "Active" in card_row
        assert 'data-testid="lost-form"' in page and 'data-testid="transit-form"' in page
        assert 'data-testid="issue-form"' not in page  # one active card per honoree

    def test_the_full_id_number_is_shown_once_and_audited(self, city, union, carded):
        refused = union.post(url(carded, "reveal/"), {"purpose": ""})
        assert refused.status_code == 422
        assert full_id(carded.person) not in refused.content.decode()
        answer = union.post(url(carded, "reveal/"), {"purpose": "补办实体卡核对身份"})
        assert answer.status_code == 200
        assert full_id(carded.person) in answer.content.decode()
        entry = AuditEntry.objects.filter(
            action="pii.read", subject_id=str(carded.person_id)
        ).latest("id")
        assert entry.actor_id == city.user("union").pk and entry.note == "补办实体卡核对身份"
        assert full_id(carded.person) not in union.get(url(carded)).content.decode()

    def test_an_unknown_honoree_is_404(self, union):
        assert union.get("/honour/registry/999999/").status_code == 404


class TestStatus:
    def test_suspending_records_the_history_and_revokes_the_certificates(self, union, carded):
        answer = union.post(
            url(carded, "status/"), {"status": "suspended", "reason": "停职审查", "confirm": "on"}
        )
        assert answer.status_code == 302 and answer["Location"] == url(carded)
        carded.refresh_from_db()
        assert carded.status == "suspended"
        assert Certificate.objects.get(honoree=carded).revoked_at is not None
        page = union.get(url(carded)).content.decode()
        assert "Active → Suspended" in page and "停职审查" in page
        assert 'data-testid="issue-form"' not in page

    def test_a_change_without_the_confirmation_is_refused(self, union, carded):
        answer = union.post(url(carded, "status/"), {"status": "deceased", "reason": "病故"})
        assert answer.status_code == 422 and 'data-field="confirm"' in answer.content.decode()
        carded.refresh_from_db()
        assert carded.status == "active"

    def test_a_reason_is_required(self, union, carded):
        answer = union.post(
            url(carded, "status/"), {"status": "suspended", "reason": "", "confirm": "on"}
        )
        assert answer.status_code == 422
        assert 'data-field="reason"' in answer.content.decode()
        carded.refresh_from_db()
        assert carded.status == "active"

    def test_an_illegal_change_is_refused_with_its_reason(self, union, carded):
        union.post(
            url(carded, "status/"), {"status": "deceased", "reason": "病故", "confirm": "on"}
        )
        carded.refresh_from_db()
        assert carded.status == "deceased"
        assert carded.cards.get().status == CardStatus.REVOKED  # final: the card goes too
        page = union.get(url(carded)).content.decode()
        assert 'data-testid="final"' in page and 'data-testid="status-form"' not in page
        answer = union.post(
            url(carded, "status/"), {"status": "active", "reason": "误报", "confirm": "on"}
        )
        assert answer.status_code == 409
        assert "final: it cannot change" in answer.content.decode()
        carded.refresh_from_db()
        assert carded.status == "deceased"


class TestCardActions:
    def test_issue_a_card(self, city, union, batch):
        honoree = register(city, 610)
        form = union.get(url(honoree)).content.decode()
        assert 'data-testid="issue-form"' in form and f'value="{batch.pk}"' in form
        answer = union.post(
            url(honoree, "cards/"),
            {
                "batch_id": batch.pk,
                "number": "3202 0000 0201",
                "transit_number": "3102-0000-0000-0201",
            },
        )
        assert answer.status_code == 302
        card = HonourCard.objects.get(honoree=honoree)
        assert (card.number, card.transit_number, card.status) == (
            "320200000201",
            "3102000000000201",
            "active",
        )
        assert 'data-testid="active-card">320200000201<' in union.get(url(honoree)).content.decode()

    def test_bad_or_taken_numbers_are_refused_beside_the_field(self, city, union, batch, carded):
        honoree = register(city, 611)
        bad = union.post(
            url(honoree, "cards/"), {"batch_id": batch.pk, "number": "123", "transit_number": "1"}
        )
        assert bad.status_code == 422
        page = bad.content.decode()
        assert 'data-field="number"' in page and "12 digits" in page
        assert 'data-field="transit_number"' in page
        taken = union.post(
            url(honoree, "cards/"),
            {"batch_id": batch.pk, "number": OLD, "transit_number": "3102000000000999"},
        )
        assert taken.status_code == 409
        assert 'data-field="number"' in taken.content.decode()
        assert not HonourCard.objects.filter(honoree=honoree).exists()

    def test_report_lost_with_the_new_numbers_blocks_and_replaces(self, union, carded):
        answer = union.post(
            url(carded, f"cards/{OLD}/lost/"),
            {"new_number": NEW, "new_transit_number": NEW_TRANSIT, "confirm": "on"},
        )
        assert answer.status_code == 302
        old, new = HonourCard.objects.get(number=OLD), HonourCard.objects.get(number=NEW)
        assert old.status == CardStatus.BLOCKED and old.blocked_at is not None
        assert new.status == CardStatus.ACTIVE and new.replaces == old
        assert new.transit_number == NEW_TRANSIT
        page = union.get(url(carded)).content.decode()
        assert f'data-card="{OLD}" data-status="blocked"' in page
        assert f'data-card="{NEW}" data-status="active"' in page

    def test_report_lost_alone_then_issue_the_replacement(self, union, batch, carded):
        assert union.post(url(carded, f"cards/{OLD}/lost/"), LOST).status_code == 302
        assert HonourCard.objects.get(number=OLD).status == CardStatus.BLOCKED
        assert 'data-testid="issue-form"' in union.get(url(carded)).content.decode()
        union.post(
            url(carded, "cards/"),
            {"batch_id": batch.pk, "number": NEW, "transit_number": NEW_TRANSIT},
        )
        assert HonourCard.objects.get(number=NEW).replaces.number == OLD

    def test_a_bad_replacement_number_blocks_nothing(self, union, carded):
        answer = union.post(
            url(carded, f"cards/{OLD}/lost/"),
            {"new_number": NEW, "new_transit_number": "42", **LOST},
        )
        assert answer.status_code == 422
        assert 'data-field="new_transit_number"' in answer.content.decode()
        assert HonourCard.objects.get(number=OLD).status == CardStatus.ACTIVE

    def test_report_lost_without_the_confirmation_blocks_nothing(self, union, carded):
        answer = union.post(url(carded, f"cards/{OLD}/lost/"), {})
        assert answer.status_code == 422
        html = answer.content.decode()
        assert 'data-field="confirm"' in html and 'data-testid="error-summary"' in html
        assert HonourCard.objects.get(number=OLD).status == CardStatus.ACTIVE

    def test_a_blocked_card_cannot_be_reported_again(self, union, carded):
        union.post(url(carded, f"cards/{OLD}/lost/"), LOST)
        again = union.post(url(carded, f"cards/{OLD}/lost/"), LOST)
        assert again.status_code == 409
        assert "Only an active card" in again.content.decode()

    def test_bind_another_transit_card(self, union, carded):
        answer = union.post(url(carded, f"cards/{OLD}/transit/"), {"transit_number": NEW_TRANSIT})
        assert answer.status_code == 302
        assert HonourCard.objects.get(number=OLD).transit_number == NEW_TRANSIT

    def test_a_card_of_another_honoree_is_404(self, city, union, carded):
        other = register(city, 612)
        answer = union.post(url(other, f"cards/{OLD}/lost/"), LOST)
        assert answer.status_code == 404
        assert HonourCard.objects.get(number=OLD).status == CardStatus.ACTIVE


class TestCardsAndBatches:
    @pytest.fixture
    def cards(self, city, batch, carded):
        union_actor = city.actor("union")
        second = card_batch_create(actor=union_actor, number=802, name="第二批")
        honoree = register(city, 620, name="西门页测")
        card_issue(
            actor=union_actor,
            honoree_id=honoree.pk,
            batch_id=second.pk,
            number="320200000301",
            transit_number="3102000000000301",
        )
        return second

    def test_the_cards_list_filters_by_batch_status_and_number(self, union, cards):
        def numbers(**params):
            answer = union.get("/honour/cards/", params)
            assert answer.status_code == 200
            body = answer.content.decode()
            return {n for n in (OLD, "320200000301") if f"<td>{n}</td>" in body}

        assert numbers(batch=801) == {OLD}
        assert numbers(batch=802) == {"320200000301"}
        assert numbers(q=OLD_TRANSIT) == {OLD}
        assert numbers(q="320200000301", status="active") == {"320200000301"}
        assert numbers(batch=801, status="blocked") == set()
        page = union.get("/honour/cards/", {"batch": 801}).content.decode()
        assert "东方**" in page and "东方页测" not in page
        assert union.get("/honour/cards/", {"status": "lost"}).status_code == 422

    def test_the_cards_export(self, union, cards):
        answer = union.get("/honour/cards/", {"batch": 801, "export": "xlsx"})
        rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
        assert rows[0][:2] == ("Card number", "Transit card number")
        assert [r[:5] for r in rows[1:]] == [(OLD, OLD_TRANSIT, "东方**", 801, "Active")]

    def test_the_batches_count_their_cards(self, union, cards, carded):
        union.post(
            url(carded, f"cards/{OLD}/lost/"),
            {"new_number": NEW, "new_transit_number": NEW_TRANSIT, "confirm": "on"},
        )
        answer = union.get("/honour/cards/batches/", {"export": "xlsx"})
        rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
        counts = {r[0]: r[2:6] for r in rows[1:]}
        assert counts[801] == (2, 1, 1, 0)  # total, active, blocked, revoked
        assert counts[802] == (1, 1, 0, 0)
        listed = union.get("/honour/cards/batches/", {"q": "第二"}).content.decode()
        assert "第二批" in listed and "首批实体卡" not in listed

    def test_a_batch_is_created_and_a_taken_number_refused(self, union, batch):
        answer = union.post("/honour/cards/batches/", {"number": "803", "name": "第三批"})
        assert answer.status_code == 302
        assert IssuanceBatch.objects.get(number=803).name == "第三批"
        taken = union.post("/honour/cards/batches/", {"number": "801", "name": "重复"})
        assert taken.status_code == 409
        assert 'data-field="number"' in taken.content.decode()
        bad = union.post("/honour/cards/batches/", {"number": "0", "name": "零"})
        assert bad.status_code == 422
        assert 'data-field="number"' in bad.content.decode()
        assert not IssuanceBatch.objects.filter(number=0).exists()
        assert not IssuanceBatch.objects.filter(name="重复").exists()
