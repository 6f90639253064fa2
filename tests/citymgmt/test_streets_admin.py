"""The streets in the back office, with records in it: every screen opens in Chinese; the
register (streets, programmes) is edited and audited there, while projects, their
timelines and photos are read-only (they change through their services)."""

from __future__ import annotations

import pytest

from onething.citymgmt.models import (
    ProjectPhoto,
    ProjectStep,
    RenovationProgramme,
    Street,
    StreetProject,
)
from onething.citymgmt.services.streets import project_photo_add, project_start
from onething.core import clock
from onething.core.models import AuditEntry
from tests.files import jpeg
from tests.web.test_admin import Interface, english, screens

from .world_streets import NOW, build

MODELS = [Street, RenovationProgramme, StreetProject, ProjectStep, ProjectPhoto]
READ_ONLY = {StreetProject, ProjectStep, ProjectPhoto}


@pytest.fixture
def w(city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with clock.frozen(NOW):
        w = build(city)
        project = w.project()
        project_start(actor=w.office, number=project.number)
        project_photo_add(
            actor=w.office, number=project.number, phase="before", name="a.jpg", data=jpeg()
        )
    return w


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_every_screen_opens_in_chinese_with_records(w, city, model):
    client = city.client("admin")
    first = model.objects.order_by("-pk").first()
    for url in screens(model):
        answer = client.get(url)
        if url.endswith("/add/"):
            assert answer.status_code == (403 if model in READ_ONLY else 200), url
            continue
        assert answer.status_code == 200, url
        page = Interface()
        page.feed(answer.content.decode())
        texts = [t.replace(str(first), "") for t in page.texts]
        assert not english(texts), f"{url}: {sorted(english(texts))}"


def test_a_streets_change_in_the_back_office_is_audited(w, city):
    street = w.chunchao
    url = f"/admin/citymgmt/street/{street.pk}/change/"
    answer = city.client("admin").post(
        url,
        {
            "code": street.code,
            "name": "春潮菜场支路",
            "district": street.district_id,
            "street_office": street.street_office_id,
            "category": "branch_road",
            "length_m": 350,
            "description": "",
            "department": street.department_id,
            "is_active": "on",
        },
    )
    assert answer.status_code == 302, answer.content[:500]
    assert Street.objects.get(pk=street.pk).length_m == 350
    entry = AuditEntry.objects.filter(action="street.change", subject_id=str(street.pk)).get()
    assert (entry.before["length_m"], entry.after["length_m"]) == (320, 350)
