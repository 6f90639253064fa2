"""The whole catalogue as a workbook: export → import into a fresh catalogue → export again
gives the same data; a workbook with problems is refused row by row and writes nothing."""

import pytest
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import translation

from onething.catalog.models import MaterialRequirement, ServiceItem
from onething.catalog.services import export_row
from onething.catalog.xlsx import catalogue_export_xlsx, catalogue_import_xlsx
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry

from .books import cell, demo_rows, edited, row_of, sheets

OLD = "old-"


def _fresh(items_sheet):
    return [r for r in items_sheet if not str(r[0]).startswith(OLD)]


def test_export_import_export_is_lossless(city):
    admin = city.actor("admin")
    first = catalogue_export_xlsx(admin)
    before = sorted((export_row(i) for i in ServiceItem.objects.all()), key=lambda r: r["code"])
    n = len(demo_rows())  # the demo catalogue: the towns' items and the one-things'
    assert len(before) == n
    assert before == sorted(demo_rows(), key=lambda r: r["code"])
    # A fresh catalogue: the demo items step aside (cases keep them), the workbook creates all.
    ServiceItem.objects.update(code=Concat(Value(OLD), "code"))
    result = catalogue_import_xlsx(actor=admin, data=first)
    assert (result.created, result.updated, result.total) == (n, 0, 2 * n)
    after = sorted(
        (export_row(i) for i in ServiceItem.objects.exclude(code__startswith=OLD)),
        key=lambda r: r["code"],
    )
    assert after == before
    second = sheets(catalogue_export_xlsx(admin))
    again = sheets(first)
    assert _fresh(second["items"]) == again["items"]
    assert _fresh(second["materials"]) == again["materials"]
    assert len(again["items"]) == n + 1 and len(again["materials"]) > n


def test_importing_the_same_workbook_changes_nothing(city):
    admin = city.actor("admin")
    body = catalogue_export_xlsx(admin)
    entries = AuditEntry.objects.count()
    result = catalogue_import_xlsx(actor=admin, data=body)
    n = len(demo_rows())
    assert (result.created, result.updated, result.total) == (0, n, n)
    assert AuditEntry.objects.count() == entries  # nothing changed, nothing to record


def test_an_edit_in_the_workbook_is_imported_and_audited(city):
    admin = city.actor("admin")
    body = catalogue_export_xlsx(admin)
    at, material = row_of(body, "320200-SSDJ-001"), row_of(body, "320200-SSDJ-001", "materials")

    def edit(wb):
        cell(wb, "items", at, "name").value = "个体工商户设立登记（新）"
        cell(wb, "items", at, "regions").value = 320211102  # a code typed as a number
        cell(wb, "items", at, "fee_fen").value = 1500
        cell(wb, "items", at, "online").value = "否"
        cell(wb, "materials", material, "copies").value = 2

    catalogue_import_xlsx(actor=admin, data=edited(body, edit))
    item = ServiceItem.objects.get(code="320200-SSDJ-001")
    row = export_row(item)
    assert row["name"] == "个体工商户设立登记（新）"
    assert row["regions"] == ["320211102"]
    assert (row["fee_fen"], row["online"], row["materials"][0]["copies"]) == (1500, False, 2)
    entry = AuditEntry.objects.filter(action="item.import", subject_id=str(item.pk)).first()
    assert entry.note == "xlsx" and entry.before["fee_fen"] == 0 and entry.after["fee_fen"] == 1500


def _snapshot():
    return (
        sorted((export_row(i) for i in ServiceItem.objects.all()), key=lambda r: r["code"]),
        MaterialRequirement.objects.count(),
        AuditEntry.objects.count(),
    )


def test_problems_are_listed_by_sheet_row_and_nothing_is_written(city):
    admin = city.actor("admin")
    body = catalogue_export_xlsx(admin)
    before = _snapshot()
    row = {
        code: row_of(body, code)
        for code in (
            "320200-SSDJ-001",  # statutory 15
            "320200-SSDJ-002",
            "320200-SSDJ-003",
            "320200-SSDJ-004",
            "320200-SSDJ-005",
            "320200-SSDJ-006",  # promised 3
            "320200-SB-001",
        )
    }
    material = row_of(body, "320200-SB-001", "materials")

    def edit(wb):
        cell(wb, "items", row["320200-SB-001"], "name").value = "a good change, never written"
        cell(wb, "items", row["320200-SSDJ-002"], "department_code").value = "NO-SUCH-DEPT"
        cell(wb, "items", row["320200-SSDJ-001"], "promised_days").value = 30
        cell(
            wb, "items", row["320200-SSDJ-003"], "form_schema"
        ).value = '{"type": "object", "properties": {"a": {"type": "bogus", "title": "A"}}}'
        cell(wb, "items", row["320200-SSDJ-004"], "form_schema").value = '{"type": "object",'
        cell(wb, "materials", material, "material_type").value = "no-such-type"
        cell(wb, "items", row["320200-SSDJ-005"], "code").value = "320200-SSDJ-001"
        cell(wb, "items", row["320200-SSDJ-006"], "kind").value = "instant"

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        catalogue_import_xlsx(actor=admin, data=edited(body, edit))
    found = {(p.field, p.rule) for p in refused.value.problems}
    assert {
        (f"row {row['320200-SSDJ-002']}.department_code", "unknown"),
        (f"row {row['320200-SSDJ-001']}.promised_days", "within_statutory"),
        (f"row {row['320200-SSDJ-003']}.form_schema", "schema"),
        (f"row {row['320200-SSDJ-004']}.form_schema", "json"),
        (f"row {row['320200-SSDJ-005']}.code", "unique"),
        (f"row {row['320200-SSDJ-006']}.promised_days", "instant"),
        (f"materials row {material}.material_type", "unknown"),
    } <= found
    # The items sheet first, row by row, then the materials sheet.
    # The materials of the item whose code was overwritten now name no item: said too.
    orphans = [
        n for n, r in enumerate(sheets(body)["materials"], start=1) if r[0] == "320200-SSDJ-005"
    ]
    assert orphans and {(f"materials row {n}.item_code", "unknown") for n in orphans} <= found
    fields = [p.field for p in refused.value.problems]
    on_items = [f for f in fields if f.startswith("row ")]
    on_materials = [f for f in fields if f.startswith("materials row ")]
    assert fields == on_items + on_materials

    def number(field):
        return int(field.split(".")[0].split()[-1])

    assert [number(f) for f in on_items] == sorted(number(f) for f in on_items)
    assert [number(f) for f in on_materials] == sorted(number(f) for f in on_materials)
    messages = {p.field: p.message for p in refused.value.problems}
    assert messages[f"row {row['320200-SSDJ-001']}.promised_days"] == (
        "The promised limit (30) exceeds the statutory limit (15)."
    )
    assert f"also row {row['320200-SSDJ-001']}" in messages[f"row {row['320200-SSDJ-005']}.code"]
    assert _snapshot() == before


def test_problems_come_in_the_users_language(city):
    body = catalogue_export_xlsx(city.actor("admin"))
    at = row_of(body, "320200-SSDJ-001")

    def edit(wb):
        cell(wb, "items", at, "promised_days").value = 30

    body = edited(body, edit)
    for language in ("en", "zh-hans"):
        with translation.override(language), pytest.raises(ValidationFailed) as refused:
            catalogue_import_xlsx(actor=city.actor("admin"), data=body)
        problem = refused.value.problems[0]
        with translation.override(language):
            row = translation.gettext("row %(n)s") % {"n": at}
            message = translation.gettext(
                "The promised limit (%(p)s) exceeds the statutory limit (%(s)s)."
            ) % {"p": 30, "s": 15}
        assert (problem.field, problem.message) == (f"{row}.promised_days", message)


def test_a_file_that_is_not_a_workbook_writes_nothing(city):
    before = _snapshot()
    with pytest.raises(ValidationFailed) as refused:
        catalogue_import_xlsx(actor=city.actor("admin"), data=b"%PDF-1.4 not a workbook")
    assert refused.value.problems[0].rule == "not_xlsx"
    assert _snapshot() == before


def test_only_administrators_import_and_only_staff_export(city):
    body = catalogue_export_xlsx(city.actor("clerk.hudai"))
    with pytest.raises(PermissionDenied):
        catalogue_import_xlsx(actor=city.actor("clerk.hudai"), data=body)
    with pytest.raises(PermissionDenied):
        catalogue_export_xlsx(city.actor("zhangwei"))
