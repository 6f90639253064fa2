"""The settlement pages: prepare a statement of a month that is over (refusals with the
service's message), approve, mark paid (paying twice refused with a message, 409), export
the statement; reconcile it with the operator's export on the same page (a planted
discrepancy shown with swipe, time and amounts; a bad file refused, 422)."""

from __future__ import annotations

import html
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from onething.cards.models import Reconciliation, Settlement
from onething.core.models import AuditEntry
from tests.cards.test_reconcile import csv_bytes, xlsx_bytes

from .world import Place, at

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def place(city, union):
    """February: four swipes at venue A (s1…s4, 15 yuan each) on the 3rd and 5th, one at B
    (2 yuan) on the 14th; one in March."""
    place = Place(union, a=1500, b=200)
    place.swipe("a", at(2026, 2, 3, 9), swipe_id="s1")
    place.swipe("a", at(2026, 2, 3, 16), swipe_id="s2")
    place.swipe("a", at(2026, 2, 5, 10), swipe_id="s3")
    place.swipe("a", at(2026, 2, 5, 11), swipe_id="s4")
    place.swipe("b", at(2026, 2, 14), swipe_id="b1")
    place.swipe("a", at(2026, 3, 2), swipe_id="m1")
    return place


def prepare(client, place, month: str = "2026-02", key: str = ""):
    return client.post(
        "/honour/settlements/prepare/",
        {"operator": place.code, "month": month, "idempotency_key": key},
    )


def the_settlement(place, month: str = "2026-02") -> Settlement:
    return Settlement.objects.get(operator=place.operator, month=f"{month}-01")


def sheet(answer) -> list[list]:
    assert answer.status_code == 200, answer.content[:500]
    assert answer["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_prepare_approve_pay_with_real_swipes(city, staff, march, place):
    answer = prepare(staff, place)
    settlement = the_settlement(place)
    assert (
        answer.status_code == 302 and answer["Location"] == f"/honour/settlements/{settlement.pk}/"
    )
    assert (settlement.status, settlement.swipes, settlement.amount_fen) == ("draft", 5, 6200)

    page = staff.get(answer["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "The statement is prepared as a draft." in text
    assert (
        'data-status="draft"' in text
        and 'data-testid="settlement-amount" data-fen="6200">¥62.00<' in text
    )
    a, b = place.venues["a"], place.venues["b"]
    assert f'data-venue="{a.code}" data-day="2026-02-03"' in text
    assert f'data-venue="{a.code}" data-day="2026-02-05"' in text
    assert f'data-venue="{b.code}" data-day="2026-02-14"' in text
    assert "¥30.00" in text and "¥2.00" in text
    assert 'data-testid="approve-form"' in text and 'data-testid="pay-form"' not in text

    # the list shows it, filtered by operator and status
    listed = staff.get("/honour/settlements/", {"operator": place.code, "status": "draft"})
    assert "1 record" in listed.content.decode() and "62.00" in listed.content.decode()
    assert (
        "0 records"
        in staff.get(
            "/honour/settlements/", {"operator": place.code, "status": "paid"}
        ).content.decode()
    )

    # paying a draft: refused with the service's message, 409, nothing changed
    refused = staff.post(
        f"/honour/settlements/{settlement.pk}/pay/", {"payment_reference": "X", "confirm": "on"}
    )
    assert refused.status_code == 409
    assert "A Draft statement cannot become Paid." in refused.content.decode()
    assert the_settlement(place).status == "draft"

    unconfirmed = staff.post(f"/honour/settlements/{settlement.pk}/approve/")
    assert unconfirmed.status_code == 422 and 'data-field="confirm"' in unconfirmed.content.decode()
    assert the_settlement(place).status == "draft"
    approved = staff.post(f"/honour/settlements/{settlement.pk}/approve/", {"confirm": "on"})
    assert approved.status_code == 302
    settlement.refresh_from_db()
    assert settlement.status == "approved" and settlement.approved_by == city.user("union")
    text = staff.get(f"/honour/settlements/{settlement.pk}/").content.decode()
    assert 'data-status="approved"' in text and 'data-testid="pay-form"' in text
    assert 'data-testid="approve-form"' not in text

    # approving again: 409 with the message
    again = staff.post(f"/honour/settlements/{settlement.pk}/approve/", {"confirm": "on"})
    assert again.status_code == 409
    assert "A Approved statement cannot become Approved." in again.content.decode() or (
        "cannot become Approved" in again.content.decode()
    )

    # a payment without a reference: 422 beside the field
    empty = staff.post(
        f"/honour/settlements/{settlement.pk}/pay/", {"payment_reference": " ", "confirm": "on"}
    )
    assert empty.status_code == 422 and 'data-field="payment_reference"' in empty.content.decode()
    assert the_settlement(place).status == "approved"

    reference = {"payment_reference": "ICBC-2026-0311-001"}
    unconfirmed = staff.post(f"/honour/settlements/{settlement.pk}/pay/", reference)
    assert unconfirmed.status_code == 422 and 'data-field="confirm"' in unconfirmed.content.decode()
    assert the_settlement(place).status == "approved"
    paid = staff.post(
        f"/honour/settlements/{settlement.pk}/pay/",
        {"payment_reference": "ICBC-2026-0311-001", "confirm": "on"},
    )
    assert paid.status_code == 302
    settlement.refresh_from_db()
    assert (settlement.status, settlement.payment_reference) == ("paid", "ICBC-2026-0311-001")
    assert (
        AuditEntry.objects.filter(action="settlement.pay", subject_id=str(settlement.pk)).count()
        == 1
    )
    text = staff.get(f"/honour/settlements/{settlement.pk}/").content.decode()
    assert 'data-status="paid"' in text and "ICBC-2026-0311-001" in text

    # paying twice: refused with the message, the first payment stands
    twice = staff.post(
        f"/honour/settlements/{settlement.pk}/pay/",
        {"payment_reference": "ICBC-2026-0312-999", "confirm": "on"},
    )
    assert twice.status_code == 409
    assert "A Paid statement cannot become Paid." in twice.content.decode()
    assert 'data-testid="page-error"' in twice.content.decode()
    settlement.refresh_from_db()
    assert settlement.payment_reference == "ICBC-2026-0311-001"
    assert (
        AuditEntry.objects.filter(action="settlement.pay", subject_id=str(settlement.pk)).count()
        == 1
    )

    # preparing the settled month again: the service's message, 409
    reprepared = prepare(staff, place)
    assert reprepared.status_code == 409
    assert "is already Paid: it no longer changes." in reprepared.content.decode()


def test_a_month_not_over_and_bad_input_are_refused(city, staff, march, place):
    answer = prepare(staff, place, "2026-03")
    assert answer.status_code == 422
    page = answer.content.decode()
    assert 'data-field="month"' in page
    assert "2026-03 is not over yet: it can be settled from 2026-04-01." in page
    assert not Settlement.objects.filter(operator=place.operator).exists()
    assert prepare(staff, place, "2026-2").status_code == 422
    unknown = staff.post("/honour/settlements/prepare/", {"operator": "nope", "month": "2026-02"})
    assert unknown.status_code == 422 and 'data-field="operator"' in unknown.content.decode()
    assert not Settlement.objects.filter(operator=place.operator).exists()


def test_a_draft_is_recomputed_and_a_double_submit_prepares_once(city, staff, march, place):
    assert prepare(staff, place, key="k1").status_code == 302
    assert prepare(staff, place, key="k1").status_code == 302
    assert Settlement.objects.filter(operator=place.operator).count() == 1
    answer = prepare(staff, place, key="k2")
    assert answer.status_code == 302
    assert "recomputed" in staff.get(answer["Location"]).content.decode()


def test_the_statement_exports(city, staff, march, place):
    prepare(staff, place)
    settlement = the_settlement(place)
    rows = sheet(staff.get(f"/honour/settlements/{settlement.pk}/", {"export": "xlsx"}))
    assert rows[0] == ["Operator", "Month", "Venue code", "Venue", "Day", "Swipes", "Amount (fen)"]
    a = place.venues["a"]
    assert rows[1][2:] == [a.code, a.name, "2026-02-03", 2, 3000]
    assert rows[-1][3:] == ["Total", None, 5, 6200]  # "" reads back as None
    csv_answer = staff.get(f"/honour/settlements/{settlement.pk}/", {"export": "csv"})
    assert csv_answer["Content-Type"].startswith("text/csv")
    assert "6200" in csv_answer.content.decode("utf-8-sig")
    listed = sheet(staff.get("/honour/settlements/", {"operator": place.code, "export": "xlsx"}))
    assert listed[0][:5] == ["Operator", "Month", "Status", "Swipes", "Amount (yuan)"]
    assert listed[1][:5] == [place.operator.name, "2026-02", "Draft", 5, Decimal("62.00")]


# ---------------------------------------------------------------- reconciliation


def upload(client, settlement, name: str, data: bytes):
    return client.post(
        f"/honour/settlements/{settlement.pk}/reconcile/",
        {"file": SimpleUploadedFile(name, data)},
    )


def test_a_planted_discrepancy_shows_on_the_page(city, staff, march, place):
    prepare(staff, place)
    settlement = the_settlement(place)
    gate = place.gates["a"].code
    gate_b = place.gates["b"].code
    # theirs: s2 missing, s3 at 12 yuan, x9 unknown to us; the rest agree
    theirs = [
        ["闸机编号", "刷卡流水号", "金额（元）"],
        [gate, "s1", "15.00"],
        [gate, "s3", "12.00"],
        [gate, "s4", "15"],
        [gate_b, "b1", "2.00"],
        [gate, "x9", "8.00"],
    ]
    answer = upload(staff, settlement, "运营方-2026-02.xlsx", xlsx_bytes(theirs))
    reconciliation = Reconciliation.objects.get(settlement=settlement)
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"?reconciliation={reconciliation.pk}#reconciliation")
    page = html.unescape(staff.get(answer["Location"]).content.decode())
    assert "The operator's export is compared with the statement." in page
    assert 'data-testid="finding-only_ours" data-count="1"' in page
    assert 'data-testid="finding-only_theirs" data-count="1"' in page
    assert 'data-testid="finding-amount_differs" data-count="1"' in page
    assert 'data-testid="findings-clean"' not in page
    # each with its swipe, time and amounts (in yuan; data-fen keeps the fen)
    only_ours = page.split(f'data-swipe="{gate}:s2"', 1)[1].split("</tr>", 1)[0]
    assert "2026-02-03 16:00" in only_ours and 'data-fen="1500"' in only_ours
    differs = page.split(f'data-swipe="{gate}:s3"', 1)[1].split("</tr>", 1)[0]
    assert "2026-02-05 10:00" in differs
    assert 'data-fen="1500"' in differs and 'data-fen="1200"' in differs
    assert ">¥15.00<" in differs and ">¥12.00<" in differs and ">-¥3.00<" in differs
    assert f'data-swipe="{gate}:x9"' in page
    assert "运营方-2026-02.xlsx" in page and "5 rows read" in page

    # the findings export
    rows = sheet(
        staff.get(
            f"/honour/settlements/{settlement.pk}/reconciliations/{reconciliation.pk}/export/",
            {"export": "xlsx"},
        )
    )
    assert rows[0][:3] == ["Finding", "Gate", "Swipe id"]
    assert [(r[2], r[5], r[6], r[7]) for r in rows[1:]] == [
        ("s2", 1500, None, None),
        ("x9", None, None, None),
        ("s3", 1500, 1200, -300),
    ]

    # a second, agreeing upload; both listed, the earlier one still shown on request
    agreeing = [
        ["swipe_id", "gate", "amount_fen"],
        *[[s, gate, 1500] for s in ("s1", "s2", "s3", "s4")],
        ["b1", gate_b, 200],
    ]
    answer = upload(staff, settlement, "ok.csv", csv_bytes(agreeing))
    assert answer.status_code == 302
    page = staff.get(answer["Location"]).content.decode()
    assert 'data-testid="findings-clean"' in page
    listed = page.split('data-testid="reconciliations"', 1)[1]
    assert "ok.csv" in listed and "运营方-2026-02.xlsx" in listed
    earlier = staff.get(
        f"/honour/settlements/{settlement.pk}/", {"reconciliation": reconciliation.pk}
    ).content.decode()
    assert f'data-reconciliation="{reconciliation.pk}"' in earlier
    assert 'data-testid="finding-only_ours" data-count="1"' in earlier


def test_a_bad_file_is_refused_with_the_reason(city, staff, march, place):
    prepare(staff, place)
    settlement = the_settlement(place)
    cases = [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "Upload the operator's export as CSV"),
        ("export.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not a CSV text file"),
        ("export.xlsx", b"PK\x03\x04broken", "not an Excel workbook"),
        ("export.pdf", b"%PDF-1.4", "Upload the operator's export as CSV"),
        ("export.csv", b"name,price\r\nfoo,1\r\n", "No header row names the swipe column"),
        ("export.csv", b"swipe_id,gate,amount_fen\r\ns1,g,abc\r\n", "Row 2, amount_fen"),
    ]
    for name, data, says in cases:
        answer = upload(staff, settlement, name, data)
        assert answer.status_code == 422, name
        page = html.unescape(answer.content.decode())
        assert 'data-field="file"' in page and says in page, (name, page[-3000:])
    empty = staff.post(f"/honour/settlements/{settlement.pk}/reconcile/", {})
    assert empty.status_code == 422 and 'data-field="file"' in empty.content.decode()
    assert not Reconciliation.objects.filter(settlement=settlement).exists()


def test_other_roles_and_unknown_statements(city, staff, march, place):
    prepare(staff, place)
    settlement = the_settlement(place)
    for username in ("zhangwei", "clerk.hudai", "officer.binhu"):
        client = city.client(username, "en")
        assert client.get(f"/honour/settlements/{settlement.pk}/").status_code == 403
        assert client.post(f"/honour/settlements/{settlement.pk}/approve/").status_code == 403
        assert (
            client.post(
                f"/honour/settlements/{settlement.pk}/pay/",
                {"payment_reference": "x", "confirm": "on"},
            ).status_code
            == 403
        )
        assert upload(client, settlement, "a.csv", b"swipe_id\r\n").status_code == 403
        assert prepare(client, place, "2026-01").status_code == 403
    assert the_settlement(place).status == "draft"
    assert not Settlement.objects.filter(operator=place.operator, month="2026-01-01").exists()
    assert staff.get("/honour/settlements/999999/").status_code == 404
    assert staff.post("/honour/settlements/999999/approve/").status_code == 404
    assert (
        staff.get(f"/honour/settlements/{settlement.pk}/", {"reconciliation": "999999"}).status_code
        == 404
    )
    assert staff.get("/honour/settlements/prepare/").status_code == 405
