"""The catalogue in the back office: every screen opens; an item is saved through the
import's checks and service (bad input: errors beside the fields, nothing written; good
input: the item, its materials and its audit entry)."""

import json

import pytest
from django.contrib import admin

from onething.catalog.models import Category, LifeEvent, MaterialType, ServiceItem
from onething.catalog.services import export_row
from onething.core.models import AuditEntry, Department, Region


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry if m._meta.app_label == "catalog"]
)
def test_every_screen_opens(city, model):
    client = city.client("admin", "en")
    base = f"/admin/catalog/{model._meta.model_name}/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 200
    assert client.get(f"{base}{model.objects.first().pk}/change/").status_code == 200


SCHEMA = {
    "type": "object",
    "properties": {"shop": {"type": "string", "title": "店名", "maxLength": 30}},
    "required": ["shop"],
    "x-order": ["shop"],
}


def _materials(*rows):
    data = {
        "materials-TOTAL_FORMS": str(len(rows)),
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    for i, (code, requirement, form, electronic) in enumerate(rows):
        data.update(
            {
                f"materials-{i}-material_type": str(MaterialType.objects.get(code=code).pk),
                f"materials-{i}-requirement": requirement,
                f"materials-{i}-condition": "",
                f"materials-{i}-form": form,
                f"materials-{i}-copies": "1",
                f"materials-{i}-order": str(i),
            }
        )
        if electronic:
            data[f"materials-{i}-electronic_accepted"] = "on"
    return data


def _item(**changes):
    data = {
        "code": "320200-TEST-001",
        "name": "测试事项",
        "department": str(Department.objects.get(code="WX-SCJG").pk),
        "category": str(Category.objects.get(code="business").pk),
        "is_active": "on",
        "kind": "promised",
        "statutory_days": "20",
        "promised_days": "5",
        "fee_fen": "2000",
        "audience": "person",
        "online": "on",
        "at_window": "on",
        "regions": [str(Region.objects.get(code="320211102").pk)],
        "life_events": [str(LifeEvent.objects.get(code="start-business").pk)],
        "licence_name": "",
        "licence_valid_years": "",
        "legal_basis": "《测试条例》",
        "form_schema": json.dumps(SCHEMA, ensure_ascii=False),
        **_materials(
            ("id-card", "required", "copy", True), ("photo", "conditional", "original", False)
        ),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_adds_an_item_through_the_import_service(city):
    client = city.client("admin", "en")
    answer = client.post("/admin/catalog/serviceitem/add/", _item())
    assert answer.status_code == 302, answer.content.decode()[:3000]
    item = ServiceItem.objects.get(code="320200-TEST-001")
    row = export_row(item)
    assert row["fee_fen"] == 2000 and row["regions"] == ["320211102"]
    assert row["form_schema"] == SCHEMA
    assert [
        (m["material_type"], m["requirement"], m["electronic_accepted"]) for m in row["materials"]
    ] == [
        ("id-card", "required", True),
        ("photo", "conditional", False),
    ]
    entry = AuditEntry.objects.get(action="item.import", subject_id=str(item.pk))
    assert entry.note == "admin" and entry.before is None and entry.after["code"] == item.code
    assert answer["Location"].endswith("/admin/catalog/serviceitem/")


BAD = [
    ({"promised_days": "25"}, "promised_days", "exceeds the statutory limit"),
    ({"kind": "instant", "promised_days": "3"}, "promised_days", "0 promised days"),
    ({"form_schema": '{"type": "array"}'}, "form_schema", "JSON Schema of type object"),
    (
        {"form_schema": '{"type": "object", "properties": {"x": {"type": "array", "title": "X"}}}'},
        "form_schema",
        "type is one of string",
    ),
    ({"form_schema": "{not json"}, "form_schema", "Enter a valid JSON"),
    ({"online": None, "at_window": None}, "online", "online, at a window, or both"),
    ({"statutory_days": "-1"}, "statutory_days", "greater than or equal to 0"),
    ({"department": ""}, "department", "This field is required"),
    ({"code": "320200-SB-005"}, "code", "already exists"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD)
def test_admin_refuses_a_bad_item_and_writes_nothing(city, changes, field, message):
    entries = AuditEntry.objects.count()
    items = ServiceItem.objects.count()
    answer = city.client("admin", "en").post("/admin/catalog/serviceitem/add/", _item(**changes))
    assert answer.status_code == 200
    form = answer.context["adminform"].form
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert ServiceItem.objects.count() == items
    assert AuditEntry.objects.count() == entries


def test_admin_refuses_a_material_listed_twice(city):
    data = _item(
        **_materials(
            ("id-card", "required", "copy", True), ("id-card", "required", "original", True)
        )
    )
    answer = city.client("admin", "en").post("/admin/catalog/serviceitem/add/", data)
    assert answer.status_code == 200
    assert "listed twice" in answer.content.decode()
    assert not ServiceItem.objects.filter(code="320200-TEST-001").exists()


def _change_form(item):
    row = export_row(item)
    data = _item(
        name=item.name,
        kind=item.kind,
        statutory_days=str(item.statutory_days),
        promised_days=str(item.promised_days),
        fee_fen=str(item.fee_fen),
        audience=item.audience,
        department=str(item.department_id),
        category=str(item.category_id),
        regions=[str(r.pk) for r in item.regions.all()],
        life_events=[str(e.pk) for e in item.life_events.all()],
        licence_name=item.licence_name,
        legal_basis=item.legal_basis,
        form_schema=json.dumps(item.form_schema, ensure_ascii=False),
        **_materials(
            *[
                (m["material_type"], m["requirement"], m["form"], m["electronic_accepted"])
                for m in row["materials"]
            ]
        ),
    )
    del data["code"]
    return data


def test_admin_changes_an_item_with_its_audit_entry(city):
    item = ServiceItem.objects.get(code="320200-SB-005")
    client = city.client("admin", "en")
    url = f"/admin/catalog/serviceitem/{item.pk}/change/"
    bad = client.post(url, _change_form(item) | {"promised_days": "11"})  # statutory 10
    assert bad.status_code == 200
    assert "exceeds the statutory limit" in bad.content.decode()
    item.refresh_from_db()
    assert item.promised_days == 5
    good = client.post(url, _change_form(item) | {"promised_days": "3", "code": "CHANGED"})
    assert good.status_code == 302, good.content.decode()[:3000]
    item.refresh_from_db()
    assert (item.code, item.promised_days) == ("320200-SB-005", 3)  # the code stays
    entry = AuditEntry.objects.filter(action="item.import", subject_id=str(item.pk)).first()
    assert entry.note == "admin"
    assert (entry.before["promised_days"], entry.after["promised_days"]) == (5, 3)


def test_admin_deletes_an_unused_item_with_its_audit_entry(city):
    city.client("admin", "en").post("/admin/catalog/serviceitem/add/", _item())
    item = ServiceItem.objects.get(code="320200-TEST-001")
    answer = city.client("admin", "en").post(
        f"/admin/catalog/serviceitem/{item.pk}/delete/", {"post": "yes"}
    )
    assert answer.status_code == 302
    assert not ServiceItem.objects.filter(code="320200-TEST-001").exists()
    entry = AuditEntry.objects.get(action="item.delete", subject_id=str(item.pk))
    assert entry.before["code"] == "320200-TEST-001"


def test_configuration_rows_are_audited(city):
    answer = city.client("admin", "en").post(
        "/admin/catalog/materialtype/add/",
        {"code": "tenancy", "name": "租赁合同", "description": ""},
    )
    assert answer.status_code == 302
    kind = MaterialType.objects.get(code="tenancy")
    assert AuditEntry.objects.filter(action="materialtype.create", subject_id=str(kind.pk)).exists()


def test_only_administrators_reach_the_admin(city):
    assert city.client("clerk.hudai").get("/admin/catalog/serviceitem/").status_code == 302


def test_a_refusal_at_save_time_is_a_message_not_a_500(city, monkeypatch):
    """Should the catalogue change between the form's checks and the save, the service
    still refuses: the transaction rolls back and the page says why."""
    monkeypatch.setattr("onething.catalog.admin.item_problems", lambda row, where="item": [])
    entries = AuditEntry.objects.count()
    client = city.client("admin", "en")
    answer = client.post(
        "/admin/catalog/serviceitem/add/", _item(kind="instant", promised_days="3"), follow=True
    )
    assert answer.status_code == 200
    assert "0 promised days" in answer.content.decode()
    assert not ServiceItem.objects.filter(code="320200-TEST-001").exists()
    assert AuditEntry.objects.count() == entries
