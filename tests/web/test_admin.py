"""The back office: every configuration screen opens for an administrator, writes go into
the audit log, and the audit log itself cannot be edited there."""

import pytest
from django.contrib import admin

from onething.core.models import AuditEntry, Person, Region

READ_ONLY = {
    "auditentry",
    "message",
    "case",
    "licence",
    "evaluation",
    "rectification",
    "crossregioncase",
    "handoff",
}


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label in ("core", "cases", "crossregion")],
)
def test_every_screen_opens(city, model):
    client = city.client("admin", "en")
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(f"/admin/{info[0]}/{info[1]}/").status_code == 200
    add = client.get(f"/admin/{info[0]}/{info[1]}/add/")
    assert add.status_code == (403 if model._meta.model_name in READ_ONLY else 200)
    first = model.objects.first()
    if first is not None:
        assert client.get(f"/admin/{info[0]}/{info[1]}/{first.pk}/change/").status_code == 200


def test_admin_writes_are_audited(city):
    client = city.client("admin", "en")
    answer = client.post(
        "/admin/core/region/add/",
        {
            "code": "320211103",
            "name": "测试镇",
            "level": "town",
            "parent": city.region("320211").pk,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    region = Region.objects.get(code="320211103")
    assert region.path == "/320000/320200/320211/320211103/"
    assert AuditEntry.objects.filter(action="region.create", subject_id=str(region.pk)).exists()


def test_admin_refuses_a_bad_region_code(city):
    answer = city.client("admin", "en").post(
        "/admin/core/region/add/",
        {"code": "330211103", "name": "错", "level": "town", "parent": city.region("320211").pk},
    )
    assert answer.status_code == 200
    assert "must start with its parent" in answer.content.decode()
    assert not Region.objects.filter(code="330211103").exists()


def test_admin_adds_a_person_through_the_service(city):
    client = city.client("admin", "en")
    bad = client.post(
        "/admin/core/person/add/",
        {"name": "周十", "id_number": "110105194912310021", "region": city.region("320211102").pk},
    )
    assert bad.status_code == 200 and "check character" in bad.content.decode()
    good = client.post(
        "/admin/core/person/add/",
        {"name": "周十", "id_number": "11010519491231002X", "region": city.region("320211102").pk},
    )
    assert good.status_code == 302
    person = Person.objects.get(name="周十")
    assert person.id_number_masked == "1101**********002X"
    assert AuditEntry.objects.filter(action="person.register", subject_id=str(person.pk)).exists()


def test_non_admin_cannot_open_admin(city):
    assert city.client("clerk.hudai").get("/admin/").status_code == 302


def test_the_back_office_is_headed_with_the_platforms_name_in_chinese(city):
    html = city.client("admin").get("/admin/").content.decode()
    assert "一件事 · 管理后台" in html and "<title>" in html and "一件事管理后台" in html
    assert "Django" not in html.split("<body", 1)[1]
