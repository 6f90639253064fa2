"""Reconciliation (对账) of a statement with the operator's own export: a planted
discrepancy found exactly, CSV in UTF-8 and GBK and .xlsx all read, yuan converted to fen
exactly, and a bad file answered 422 with the row and column, nothing stored."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from onething.cards.models import Reconciliation
from onething.cards.services.reconcile import read_export, reconciliation_upload
from onething.cards.services.settlement import settlement_approve, settlement_prepare
from onething.core import clock
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry

from .world import Place, at


def csv_bytes(lines: list[list], encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(",".join(str(v) for v in line) for line in lines) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(lines: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def month(city, union):
    """February 2026 of one venue: four swipes at gate G (s1…s3 at 15 yuan, s4 at 10 yuan
    after a tariff change), prepared on 10 March."""
    place = Place(union, a=1500)
    place.tariff("a", 1000, "2026-02-06")
    for day in (3, 4, 5, 6):
        place.swipe("a", at(2026, 2, day), swipe_id=f"s{day - 2}")
    with clock.frozen(at(2026, 3, 10)):
        settlement = settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    assert (settlement.swipes, settlement.amount_fen) == (4, 5500)
    settlement.place = place
    settlement.gate = place.gates["a"].code
    return settlement


def planted(gate: str) -> list[list]:
    """Their export: s1 and s4 agree, s2 missing, s3 at another amount, x9 extra."""
    return [
        ["swipe_id", "gate", "amount_fen"],
        ["s1", gate, 1500],
        ["s3", gate, 1200],
        ["s4", gate, 1000],
        ["x9", gate, 800],
    ]


def expected(gate: str) -> tuple[list, list, list]:
    return (
        [f"{gate}:s2"],
        [f"{gate}:x9"],
        [{"swipe": f"{gate}:s3", "ours": 1500, "theirs": 1200}],
    )


def found(reconciliation) -> tuple[list, list, list]:
    return reconciliation.only_ours, reconciliation.only_theirs, reconciliation.amount_differs


def test_a_planted_discrepancy_is_found_exactly(city, union, month):
    reconciliation = reconciliation_upload(
        actor=union,
        settlement_id=month.pk,
        name="operator-2026-02.csv",
        data=csv_bytes(planted(month.gate)),
    )
    assert found(reconciliation) == expected(month.gate)
    assert reconciliation.rows == 4 and reconciliation.settlement == month
    assert len(reconciliation.sha256) == 64 and reconciliation.by_id == city.user("union").pk
    assert AuditEntry.objects.filter(
        action="reconciliation.upload", subject_id=str(reconciliation.pk)
    ).exists()
    # the operator's file agreeing in full: clean
    agreeing = [["swipe_id", "gate", "amount_fen"]] + [
        [f"s{i}", month.gate, fen] for i, fen in ((1, 1500), (2, 1500), (3, 1500), (4, 1000))
    ]
    clean = reconciliation_upload(
        actor=union, settlement_id=month.pk, name="ok.csv", data=csv_bytes(agreeing)
    )
    assert found(clean) == ([], [], [])


def test_over_the_api_with_a_gbk_csv_in_yuan(city, month):
    gate = month.gate
    lines = [
        ["某景区运营公司 2026年2月 劳模卡刷卡明细"],  # a title line above the header
        ["闸机编号", "刷卡流水号", "刷卡时间", "金额（元）"],
        [gate, "s1", "2026-02-03 10:00", "15.00"],
        [gate, "s3", "2026-02-05 10:00", "12"],
        [gate, "s4", "2026-02-06 10:00", "10.0"],
        [gate, "x9", "2026-02-07 10:00", "8.00"],
    ]
    data = csv_bytes(lines, "gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really GBK
    client = city.client("union", "en")
    answer = client.post(
        f"/api/settlements/{month.pk}/reconciliations",
        {"file": SimpleUploadedFile("对账单.csv", data, content_type="text/csv")},
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["only_ours"], body["only_theirs"], body["amount_differs"]) == expected(gate)
    assert body["rows"] == 4 and body["clean"] is False and body["file_name"] == "对账单.csv"
    detail = client.get(f"/api/settlements/{month.pk}").json()
    assert [r["id"] for r in detail["reconciliations"]] == [body["id"]]
    listed = client.get(f"/api/settlements/{month.pk}/reconciliations").json()
    assert [r["id"] for r in listed] == [body["id"]]


def test_xlsx_and_utf8_bom_and_the_combined_key_all_read(city, union, month):
    gate = month.gate
    book = xlsx_bytes(
        [
            ["刷卡流水号", "金额（分）"],
            [f"{gate}:s1", 1500],
            [f"{gate}:s3", 1200.0],
            [f"{gate}:s4", 1000],
            [f"{gate}:x9", 800],
        ]
    )
    by_xlsx = reconciliation_upload(
        actor=union, settlement_id=month.pk, name="对账.xlsx", data=book
    )
    assert found(by_xlsx) == expected(gate)
    bom = b"\xef\xbb\xbf" + csv_bytes([["Swipe_ID", "Gate", "Amount_Fen"], *planted(gate)[1:]])
    by_csv = reconciliation_upload(actor=union, settlement_id=month.pk, name="export.CSV", data=bom)
    assert found(by_csv) == expected(gate)
    # the statement may be approved (or paid): reconciling changes nothing in it
    settlement_approve(actor=union, settlement_id=month.pk)
    again = reconciliation_upload(actor=union, settlement_id=month.pk, name="again.xlsx", data=book)
    assert found(again) == expected(gate)
    assert Reconciliation.objects.filter(settlement=month).count() == 3


def test_a_correction_counts_on_our_side_and_a_duplicate_on_theirs(city, union, month):
    from onething.cards.models import LedgerEntry

    entry = LedgerEntry.objects.get(swipe__gate__code=month.gate, swipe__swipe_id="s3")
    month.place.correct(entry, 1200, dt.date(2026, 2, 20))
    lines = [*planted(month.gate), ["s1", month.gate, 1500]]  # s1 listed twice
    reconciliation = reconciliation_upload(
        actor=union, settlement_id=month.pk, name="x.csv", data=csv_bytes(lines)
    )
    assert reconciliation.amount_differs == [
        {"swipe": f"{month.gate}:s1", "ours": 1500, "theirs": 3000}
    ]  # s3 agrees now (1500 - 300 = 1200)
    assert reconciliation.rows == 5


def test_a_bad_amount_names_its_row_and_nothing_is_stored(city, union, month):
    before = Reconciliation.objects.count()
    lines = planted(month.gate)
    lines[2][2] = "12.5"  # row 3 of the file
    lines[4][2] = "八百"  # row 5
    with pytest.raises(ValidationFailed) as error:
        reconciliation_upload(
            actor=union, settlement_id=month.pk, name="x.csv", data=csv_bytes(lines)
        )
    fields = [(p["field"], p["rule"]) for p in error.value.details["fields"]]
    assert fields == [("rows.3.amount_fen", "integer"), ("rows.5.amount_fen", "integer")]

    client = city.client("union", "en")
    answer = client.post(
        f"/api/settlements/{month.pk}/reconciliations",
        {"file": SimpleUploadedFile("x.csv", csv_bytes(lines))},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "rows.3.amount_fen"
    # yuan with three decimals, a missing swipe id
    yuan = [
        ["刷卡流水号", "闸机编号", "金额（元）"],
        ["s1", month.gate, "15.005"],
        ["", month.gate, "1"],
    ]
    with pytest.raises(ValidationFailed) as error:
        reconciliation_upload(
            actor=union, settlement_id=month.pk, name="y.csv", data=csv_bytes(yuan)
        )
    fields = [(p["field"], p["rule"]) for p in error.value.details["fields"]]
    assert fields == [("rows.2.amount_yuan", "decimal"), ("rows.3.swipe_id", "required")]
    assert Reconciliation.objects.count() == before


@pytest.mark.parametrize(
    ("name", "data", "rule"),
    [
        ("scan.pdf", b"%PDF-1.4 not a spreadsheet", "format"),
        ("export.xlsx", b"PK\x03\x04 broken zip", "format"),
        ("export.csv", b"", "required"),
        ("export.csv", "流水号,时间\ns1,2026-02-03\n".encode(), "missing_column"),
        ("export.csv", "日期,金额（分）\n2026-02-03,1500\n".encode(), "missing_column"),
        ("export.csv", b"swipe_id,amount_fen\n", "empty"),
        ("export.csv", b"\x00\x01\x02binary", "format"),
        ("export.csv", b"\xff\xfe\xff\xfe\x81", "encoding"),
    ],
)
def test_a_file_we_cannot_read_names_the_file(name, data, rule):
    with pytest.raises(ValidationFailed) as error:
        read_export(name, data)
    problem = error.value.details["fields"][0]
    assert (problem["field"], problem["rule"]) == ("file", rule)


def test_without_a_gate_column_the_swipe_names_its_gate():
    with pytest.raises(ValidationFailed) as error:
        read_export("x.csv", b"swipe_id,amount_fen\ns1,1500\n")
    assert error.value.details["fields"][0]["field"] == "rows.2.swipe_id"
    export = read_export("x.csv", b"swipe_id,amount_yuan\ng-1:s1,15.1\ng-1:s2,0.07\n")
    assert export.amounts == {"g-1:s1": 1510, "g-1:s2": 7}  # exact, no float


def test_who_may_reconcile(city, month):
    with pytest.raises(PermissionDenied):
        reconciliation_upload(
            actor=city.actor("zhangwei"),
            settlement_id=month.pk,
            name="x.csv",
            data=csv_bytes(planted(month.gate)),
        )
    answer = city.client("zhangwei", "en").post(
        f"/api/settlements/{month.pk}/reconciliations",
        {"file": SimpleUploadedFile("x.csv", csv_bytes(planted(month.gate)))},
    )
    assert answer.status_code == 403


def test_an_upload_retried_with_its_key_is_stored_once(city, union, month):
    data = csv_bytes(planted(month.gate))
    first = reconciliation_upload(
        actor=union, settlement_id=month.pk, name="x.csv", data=data, idempotency_key="rec-1"
    )
    retry = reconciliation_upload(
        actor=union, settlement_id=month.pk, name="x.csv", data=data, idempotency_key="rec-1"
    )
    assert retry.pk == first.pk
    assert Reconciliation.objects.filter(settlement=month).count() == 1
