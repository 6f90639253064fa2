"""One-things as a workbook: export, import (each problem by sheet and row, all or
nothing), lossless round trip, in the admin and over the API."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import translation
from openpyxl import load_workbook

from onething.bundles.models import Bundle, BundleStep
from onething.bundles.services.definitions import bundle_row
from onething.bundles.xlsx import (
    bundles_export_xlsx,
    bundles_import_xlsx,
    parse_workbook,
    workbook_bytes,
)
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.exports import XLSX_TYPE
from onething.core.models import AuditEntry
from onething.demo.bundles import EQUITY, PROJECT, RESTAURANT
from tests.catalog.books import cell, edited, row_of, sheets

NEW = "YJS-320211-GR-009"


def _snapshot():
    return (
        sorted((bundle_row(b) for b in Bundle.objects.all()), key=lambda r: r["code"]),
        BundleStep.objects.count(),
        AuditEntry.objects.count(),
    )


# --- the workbook -----------------------------------------------------------------------------


def bundle_line(body: bytes, code: str) -> int:
    """The bundles sheet's row (1 = the header) of one-thing ``code``."""
    return row_of(body, code, sheet="bundles")


def step_line(body: bytes, code: str, key: str) -> int:
    return next(
        n for n, r in enumerate(sheets(body)["steps"], start=1) if r[0] == code and r[1] == key
    )


def test_the_workbook_holds_every_definition_as_saved(city):
    body = bundles_export_xlsx(city.actor("clerk.hudai"))
    book = sheets(body)
    assert book["bundles"][0] == (
        "code",
        "name",
        "audience",
        "level",
        "listed_in",
        "description",
        "milestone",
        "is_active",
    )
    project = book["bundles"][bundle_line(body, PROJECT) - 1]
    assert project[6] == "土地出让合同签订" and project[7] is True
    assert project[3] == "city" and project[4] is None  # the city's own: no list
    restaurant = book["bundles"][bundle_line(body, RESTAURANT) - 1]
    assert restaurant[3] == "national" and "2024年度第一批" in restaurant[4]
    permit = book["steps"][step_line(body, PROJECT, "construction-permit") - 1]
    assert permit[3] is None and permit[4] == "planning,drawings" and permit[5] is True
    assert json.loads(permit[7])[0]["left"] == "steps.planning.planning_permit"
    # reading it back gives exactly what is saved
    saved = [bundle_row(b) for b in Bundle.objects.order_by("code")]
    parsed = parse_workbook(body)
    assert parsed.problems == [] and parsed.rows == saved
    assert {EQUITY, PROJECT, RESTAURANT} <= {r[0] for r in book["bundles"][1:]}
    assert len(book["bundles"]) - 1 == Bundle.objects.count() == 59


def test_export_import_export_is_lossless(city):
    admin = city.actor("admin")
    first = bundles_export_xlsx(admin)
    before = [bundle_row(b) for b in Bundle.objects.order_by("code")]
    # A fresh set: the demo's one-things step aside (their runs keep them), the workbook
    # creates them all again.
    Bundle.objects.update(code=Concat(Value("old-"), "code"))
    n = len(before)
    result = bundles_import_xlsx(actor=admin, data=first)
    assert (result.created, result.updated, result.unchanged, result.total) == (n, 0, 0, 2 * n)
    after = [
        bundle_row(b) for b in Bundle.objects.exclude(code__startswith="old-").order_by("code")
    ]
    assert after == before
    again = sheets(bundles_export_xlsx(admin))
    fresh = {
        "bundles": [r for r in again["bundles"] if not str(r[0]).startswith("old-")],
        "steps": [r for r in again["steps"] if not str(r[0]).startswith("old-")],
    }
    assert fresh["bundles"] == sheets(first)["bundles"]
    assert fresh["steps"] == sheets(first)["steps"]


def test_importing_the_same_workbook_changes_nothing(city):
    admin = city.actor("admin")
    before = _snapshot()
    result = bundles_import_xlsx(actor=admin, data=bundles_export_xlsx(admin))
    assert (result.created, result.updated, result.unchanged) == (0, 0, Bundle.objects.count())
    assert _snapshot() == before  # not even an audit entry: nothing changed


def test_an_edit_in_the_workbook_is_imported_and_audited(city):
    admin = city.actor("admin")
    body = bundles_export_xlsx(admin)
    line = bundle_line(body, RESTAURANT)
    food = step_line(body, RESTAURANT, "food")

    def edit(wb):
        cell(wb, "bundles", line, "description").value = "  一表申请，信用代码自动带入。 "
        cell(wb, "steps", food, "checks").value = json.dumps(
            [{"rule": "present", "left": "steps.register.credit_code", "message": "未发照"}],
            ensure_ascii=False,
        )

    result = bundles_import_xlsx(actor=admin, data=edited(body, edit))
    assert (result.created, result.updated, result.unchanged) == (0, 1, Bundle.objects.count() - 1)
    row = bundle_row(Bundle.objects.get(code=RESTAURANT))
    assert row["description"] == "一表申请，信用代码自动带入。"
    assert row["steps"][1]["checks"][0]["message"] == "未发照"
    entry = AuditEntry.objects.filter(action="bundle.save").order_by("-id").first()
    assert entry.after["code"] == RESTAURANT


def test_a_bad_row_is_reported_by_sheet_and_row_and_nothing_is_imported(city):
    admin = city.actor("admin")
    body = bundles_export_xlsx(admin)
    restaurant, project = bundle_line(body, RESTAURANT), bundle_line(body, PROJECT)
    register = step_line(body, RESTAURANT, "register")
    food = step_line(body, RESTAURANT, "food")
    drawings = step_line(body, PROJECT, "drawings")
    declare = step_line(body, EQUITY, "declare")
    verify = step_line(body, EQUITY, "verify")
    new_at = len(sheets(body)["bundles"]) + 1
    new_step = len(sheets(body)["steps"]) + 1

    def edit(wb):
        # a good change that must not be written either
        cell(wb, "bundles", project, "name").value = "一个好的修改，但不会写入"
        # a new bundle whose two steps wait for each other (a cycle)
        for column, value in zip(
            ["code", "name", "audience", "is_active"], [NEW, "循环", "person", True], strict=True
        ):
            cell(wb, "bundles", new_at, column).value = value
        for offset, (key, other) in enumerate((("a", "b"), ("b", "a"))):
            for column, value in zip(
                ["bundle_code", "key", "item_code", "after"],
                [NEW, key, "320200-SSDJ-001", other],
                strict=True,
            ):
                cell(wb, "steps", new_step + offset, column).value = value
        # an unknown item
        cell(wb, "steps", drawings, "item_code").value = "320200-NO-SUCH"
        # a check reading a step it does not depend on
        cell(wb, "steps", food, "after").value = None
        # a code against the coding rule
        cell(wb, "bundles", restaurant, "code").value = "YJS-320200-QY-001"
        # JSON that is not JSON
        cell(wb, "steps", declare, "outputs").value = '[{"name": "x",'
        # a step of a bundle that is not on the bundles sheet
        cell(wb, "steps", verify, "bundle_code").value = "YJS-320281-QY-999"

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        bundles_import_xlsx(actor=admin, data=edited(body, edit))
    found = {(p.field, p.rule) for p in refused.value.problems}
    assert {
        (f"bundles row {new_at}.steps", "cycle"),
        (f"steps row {drawings}.item_code", "unknown"),
        (f"bundles row {restaurant}.code", "audience"),
        (f"steps row {declare}.outputs", "json"),
        (f"steps row {verify}.bundle_code", "unknown"),
    } <= found, found
    # the restaurant's code changed: its steps now name a bundle not on the sheet
    assert (f"steps row {register}.bundle_code", "unknown") in found
    messages = {p.field: p.message for p in refused.value.problems}
    assert "a → b → a" in messages[f"bundles row {new_at}.steps"] or (
        "b → a → b" in messages[f"bundles row {new_at}.steps"]
    )
    # the bundles sheet first, then the steps sheet, each by row
    fields = [p.field for p in refused.value.problems]
    on_bundles = [f for f in fields if f.startswith("bundles row ")]
    assert fields[: len(on_bundles)] == on_bundles
    rows = [int(f.split(".")[0].split()[-1]) for f in fields[len(on_bundles) :]]
    assert rows == sorted(rows)
    assert not Bundle.objects.filter(code=NEW).exists()
    assert Bundle.objects.get(code=PROJECT).name == "工业项目拿地即开工一件事"


def test_a_check_on_a_step_not_waited_for_is_named_by_its_step_row(city):
    admin = city.actor("admin")
    body = bundles_export_xlsx(admin)
    food = step_line(body, RESTAURANT, "food")
    before = _snapshot()

    def edit(wb):
        cell(wb, "steps", food, "after").value = None

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        bundles_import_xlsx(actor=admin, data=edited(body, edit))
    (problem,) = refused.value.problems
    assert (problem.field, problem.rule) == (f"steps row {food}.checks[0]", "not_upstream")
    assert _snapshot() == before


def test_removing_a_step_of_a_bundle_with_runs_is_refused(city, concluded_at_window):
    admin = city.actor("admin")
    body = bundles_export_xlsx(admin)
    line = bundle_line(body, EQUITY)
    register = step_line(body, EQUITY, "register")

    def edit(wb):
        wb["steps"].delete_rows(register)

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        bundles_import_xlsx(actor=admin, data=edited(body, edit))
    assert (f"bundles row {line}.steps", "in_use") in {
        (p.field, p.rule) for p in refused.value.problems
    }


def test_a_file_that_is_not_a_workbook_writes_nothing(city):
    before = _snapshot()
    with pytest.raises(ValidationFailed) as refused:
        bundles_import_xlsx(actor=city.actor("admin"), data=b"%PDF-1.4 not a workbook")
    assert refused.value.problems[0].rule == "not_xlsx"
    rows = workbook_bytes([])  # a workbook of ours without the sheet of steps is not one
    wb = load_workbook(io.BytesIO(rows))
    del wb["steps"]
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationFailed) as refused:
        bundles_import_xlsx(actor=city.actor("admin"), data=out.getvalue())
    assert refused.value.problems[0].rule == "missing_sheet"
    assert _snapshot() == before


def test_only_administrators_import_and_only_staff_export(city):
    body = bundles_export_xlsx(city.actor("officer.hudai"))
    with pytest.raises(PermissionDenied):
        bundles_import_xlsx(actor=city.actor("clerk.hudai"), data=body)
    with pytest.raises(PermissionDenied):
        bundles_export_xlsx(city.actor("qiye.chengfeng"))


# --- the workbook in the admin and over the API ---------------------------------------------


def test_the_admin_downloads_and_imports_the_workbook(city):
    client = city.client("admin", "en")
    listing = client.get("/admin/bundles/bundle/").content.decode()
    assert "/admin/bundles/bundle/export/" in listing and "/admin/bundles/bundle/import/" in listing
    download = client.get("/admin/bundles/bundle/export/")
    assert download.status_code == 200 and download["Content-Type"] == XLSX_TYPE
    body = download.content
    assert parse_workbook(body).rows == [bundle_row(b) for b in Bundle.objects.order_by("code")]
    # the selected ones only, as an action
    selected = client.post(
        "/admin/bundles/bundle/",
        {
            "action": "export_selected",
            "_selected_action": [str(Bundle.objects.get(code=PROJECT).pk)],
        },
    )
    assert selected.status_code == 200 and selected["Content-Type"] == XLSX_TYPE
    assert [r["code"] for r in parse_workbook(selected.content).rows] == [PROJECT]
    # an import with a bad row: the problems listed, nothing written
    food = step_line(body, RESTAURANT, "food")
    bad = edited(body, lambda wb: setattr(cell(wb, "steps", food, "after"), "value", None))
    before = _snapshot()
    upload = client.post(
        "/admin/bundles/bundle/import/", {"workbook": SimpleUploadedFile("b.xlsx", bad)}
    )
    assert upload.status_code == 422
    assert f"steps row {food}.checks[0]" in upload.content.decode()
    assert _snapshot() == before
    # a good one: imported, said so
    good = client.post(
        "/admin/bundles/bundle/import/",
        {"workbook": SimpleUploadedFile("b.xlsx", body)},
        follow=True,
    )
    assert good.status_code == 200
    assert f"0 new, 0 updated, {Bundle.objects.count()} unchanged" in good.content.decode()


def test_the_workbook_over_the_api(city):
    clerk = city.client("clerk.hudai", "en")
    download = clerk.get("/api/bundle-definitions/export")
    assert download.status_code == 200 and download["Content-Type"] == XLSX_TYPE
    body = download.content
    refused = clerk.post(
        "/api/bundle-definitions/import", {"file": SimpleUploadedFile("b.xlsx", body)}
    )
    assert refused.status_code == 403
    admin = city.client("admin", "en")
    food = step_line(body, RESTAURANT, "food")
    bad = edited(body, lambda wb: setattr(cell(wb, "steps", food, "after"), "value", None))
    answer = admin.post(
        "/api/bundle-definitions/import", {"file": SimpleUploadedFile("b.xlsx", bad)}
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["field"] == f"steps row {food}.checks[0]"
    ok = admin.post("/api/bundle-definitions/import", {"file": SimpleUploadedFile("b.xlsx", body)})
    assert ok.status_code == 200 and ok.json() == {
        "created": 0,
        "updated": 0,
        "unchanged": Bundle.objects.count(),
        "total": Bundle.objects.count(),
    }
    assert city.client().get("/api/bundle-definitions/export").status_code == 401
