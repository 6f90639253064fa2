"""The catalogue's workbook through the API: who may export and import, the answers, the
error shape (per-row problems, a non-workbook), nothing written on refusal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from onething.catalog.models import ServiceItem
from onething.catalog.services import export_row
from onething.core.models import AuditEntry

from .books import cell, demo_rows, edited, row_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(body: bytes, name: str = "catalogue.xlsx"):
    return {"file": SimpleUploadedFile(name, body, content_type=XLSX)}


@pytest.fixture
def workbook(city):
    answer = city.client("admin").get("/api/catalog/export")
    assert answer.status_code == 200
    return answer.content


def test_export_is_for_staff(city):
    assert city.client().get("/api/catalog/export").status_code == 401
    refused = city.client("zhangwei", "en").get("/api/catalog/export")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    for username in ("clerk.hudai", "officer.binhu", "supervisor", "admin"):
        answer = city.client(username).get("/api/catalog/export")
        assert answer.status_code == 200, username
        assert answer["Content-Type"] == XLSX
        assert answer["Content-Disposition"].startswith('attachment; filename="catalogue-')
        book = load_workbook(io.BytesIO(answer.content), read_only=True)
        assert book.sheetnames[:2] == ["items", "materials"]
        assert book["items"].max_row == len(demo_rows()) + 1  # the header, then each item


def test_import_is_for_administrators(city, workbook):
    assert city.client().post("/api/catalog/import", _upload(workbook)).status_code == 401
    for username in ("clerk.hudai", "supervisor", "zhangwei"):
        answer = city.client(username).post("/api/catalog/import", _upload(workbook))
        assert answer.status_code == 403, username


def test_import_answers_what_it_did(city, workbook):
    at = row_of(workbook, "320200-SB-005")

    def edit(wb):
        cell(wb, "items", at, "fee_fen").value = 2500

    answer = city.client("admin").post("/api/catalog/import", _upload(edited(workbook, edit)))
    assert answer.status_code == 200, answer.content
    n = len(demo_rows())
    assert answer.json() == {"created": 0, "updated": n, "total": n}
    item = ServiceItem.objects.get(code="320200-SB-005")
    assert item.fee_fen == 2500
    assert AuditEntry.objects.filter(
        action="item.import", subject_id=str(item.pk), note="xlsx"
    ).exists()


def test_import_lists_the_problems_of_each_row_and_writes_nothing(city, workbook):
    first, second = row_of(workbook, "320200-SSDJ-001"), row_of(workbook, "320200-SSDJ-002")

    def edit(wb):
        cell(wb, "items", first, "name").value = "changed but refused"
        cell(wb, "items", second, "promised_days").value = 99  # statutory 20

    before = [export_row(i) for i in ServiceItem.objects.all()]
    answer = city.client("admin", "en").post("/api/catalog/import", _upload(edited(workbook, edit)))
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["details"]["fields"] == [
        {
            "field": f"row {second}.promised_days",
            "rule": "within_statutory",
            "message": "The promised limit (99) exceeds the statutory limit (20).",
        }
    ]
    assert [export_row(i) for i in ServiceItem.objects.all()] == before


def test_import_refuses_a_file_that_is_not_a_workbook(city):
    answer = city.client("admin", "en").post(
        "/api/catalog/import", _upload(b"code,name\n1,x\n", "catalogue.csv")
    )
    assert answer.status_code == 422
    fields = answer.json()["error"]["details"]["fields"]
    assert fields == [
        {
            "field": "file",
            "rule": "not_xlsx",
            "message": "The file is not an Excel workbook (.xlsx).",
        }
    ]


def test_import_without_a_file(city):
    answer = city.client("admin", "en").post("/api/catalog/import", {})
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "file"


def test_the_public_api_still_answers_everyone(city):
    assert city.client().get("/api/catalog/items").status_code == 200
    answer = city.client().get("/api/catalog/items/320200-SB-005")
    assert answer.json()["fee_fen"] == 2000
