"""Issuing a batch's cards from the manufacturer's list (card number, transit number, the
holder's ID number): all or nothing, every problem named by its row; the same cards and
audit entries as ``card_issue`` one by one."""

from __future__ import annotations

import pytest

from onething.cards.models import CardStatus, HonourCard
from onething.cards.services.cards import card_report_lost
from onething.cards.services.issuance import cards_issue_batch
from onething.core.errors import NotFound, PermissionDenied
from onething.core.models import AuditEntry
from onething.core.selectors.audit import audit_verify
from tests.cards.test_cards import batch, issue
from tests.cards.test_registry import Api, fields, full_id, register

URL = "/api/card-batches/{}/cards"


def line(honoree, n: int, **changes) -> dict:
    return {
        "number": f"4400 0000 {n:04d}",
        "transit_number": f"4400-0000-0000-{n:04d}",
        "id_number": full_id(honoree.person),
        **changes,
    }


def test_the_list_is_issued_with_one_audit_entry_per_card(city):
    first, second = register(city, 4201), register(city, 4202, level="treated")
    number = batch(city).number
    before = AuditEntry.objects.filter(action="card.issue").count()
    answer = Api(city, "union").post(
        URL.format(number), {"rows": [line(first, 4201), line(second, 4202)]}
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["batch"], body["issued"]) == (number, 2)
    assert [c["number"] for c in body["cards"]] == ["440000004201", "440000004202"]
    assert "id_number" not in body["cards"][0]  # no identity number echoed back
    cards = HonourCard.objects.filter(honoree__in=[first, second]).order_by("number")
    assert [(c.honoree_id, c.transit_number, c.status, c.batch.number) for c in cards] == [
        (first.pk, "4400000000004201", CardStatus.ACTIVE, number),
        (second.pk, "4400000000004202", CardStatus.ACTIVE, number),
    ]
    entries = AuditEntry.objects.filter(action="card.issue").order_by("id")
    assert entries.count() == before + 2
    assert entries.last().after["transit_number"] == "4400000000004202"
    assert AuditEntry.objects.filter(action="card_batch.issue", after__cards=2).exists()
    checked, breaks = audit_verify()  # the bulk entries extend their chains correctly
    assert checked and breaks == []


def test_one_bad_row_refuses_the_list_and_names_every_problem(city):
    good = register(city, 4211)
    district = register(city, 4212, level="district", title="锡山区劳动模范")
    holder = register(city, 4213)
    issue(city, holder, "440000004299")
    outsider = register(city, 4214)
    rows = [
        line(good, 4211),
        line(district, 4212),
        line(holder, 4213),
        line(good, 4215, number="4400 0000 4211"),  # the first row's card number again
        line(outsider, 4216, id_number="110101199003074477"),  # valid, not in the registry
        line(outsider, 4217, transit_number="123"),
    ]
    answer = Api(city, "union").post(URL.format(batch(city).number), {"rows": rows})
    assert answer.status_code == 422, answer.content
    assert fields(answer) == {  # the form and the repetitions first
        "rows.0.id_number": "duplicate_in_list",
        "rows.0.number": "duplicate_in_list",
        "rows.3.id_number": "duplicate_in_list",
        "rows.3.number": "duplicate_in_list",
        "rows.5.transit_number": "format",
    }
    rows[5] = line(outsider, 4217)
    rows[3] = line(register(city, 4218), 4215)
    rows[5]["number"] = "440000004299"  # issued already
    answer = Api(city, "union").post(URL.format(batch(city).number), {"rows": rows})
    assert fields(answer) == {
        "rows.1.id_number": "level_without_card",
        "rows.2.id_number": "has_active_card",
        "rows.4.id_number": "not_in_registry",
        "rows.5.number": "card_number_taken",
    }
    assert not HonourCard.objects.filter(honoree__in=[good, district, outsider]).exists()


def test_a_card_reported_lost_is_replaced_by_the_new_one(city):
    honoree = register(city, 4221)
    old = issue(city, honoree, "440000004221")
    card_report_lost(actor=city.actor("union"), card_number=old.number)
    (card,) = cards_issue_batch(
        actor=city.actor("union"),
        batch_number=batch(city).number,
        rows=[line(honoree, 4222)],
    )
    assert card.replaces == old
    assert HonourCard.objects.get(pk=old.pk).status == CardStatus.BLOCKED


def test_only_union_staff_issue_and_an_unknown_batch_is_404(city):
    honoree = register(city, 4231)
    rows = [line(honoree, 4231)]
    with pytest.raises(PermissionDenied):
        cards_issue_batch(actor=city.actor("clerk.hudai"), batch_number=1, rows=rows)
    answer = Api(city, "zhangwei").post(URL.format(batch(city).number), {"rows": rows})
    assert answer.status_code == 403
    with pytest.raises(NotFound):
        cards_issue_batch(actor=city.actor("union"), batch_number=32000, rows=rows)
    answer = Api(city, "union").post(URL.format(32000), {"rows": rows})
    assert answer.status_code == 404
    answer = Api(city, "union").post(URL.format(batch(city).number), {"rows": []})
    assert fields(answer) == {"rows": "required"}
    assert not HonourCard.objects.filter(honoree=honoree).exists()
