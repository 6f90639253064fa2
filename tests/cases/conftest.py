import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import files

# 个体工商户设立登记: promised 1 day; needs id-card, application-form, premises-proof
ITEM = "320200-SSDJ-001"
FORM = {
    "business_name": "胡埭湖鲜小吃店",
    "operator_name": "张伟",
    "operator_id": "11010519491231002X",
    "address": "滨湖区胡埭镇鸿翔路8号",
    "scope": "小吃服务",
    "capital": 50000,
}


class Api:
    """A signed-in client for one account, speaking JSON."""

    def __init__(self, city, username, language="en"):
        self.client = city.client(username, language)

    def post(self, url, data=None, **headers):
        return self.client.post(url, data or {}, content_type="application/json", **headers)

    def get(self, url, **params):
        return self.client.get(url, params)

    def upload(self, material_type, name="scan.pdf", data=None, **headers):
        content = files.pdf() if data is None else data
        return self.client.post(
            "/api/materials",
            {"material_type": material_type, "file": SimpleUploadedFile(name, content)},
            **headers,
        )

    def uploads(self, *types):
        return [self.upload(t).json()["id"] for t in types]


def apply_online(applicant: Api):
    """``applicant``'s online application for ITEM (FORM, its three materials uploaded
    first), made: the API's answer."""
    ids = applicant.uploads("id-card", "application-form", "premises-proof")
    answer = applicant.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
    assert answer.status_code == 201, answer.content
    return answer


@pytest.fixture
def api(city):
    return lambda username, language="en": Api(city, username, language)


@pytest.fixture
def submitted(api):
    """An online application by 张伟 (胡埭镇) for 个体工商户设立登记, with its materials."""
    zhang = api("zhangwei")
    answer = apply_online(zhang)
    assert answer["Location"] == f"/api/cases/{answer.json()['number']}"
    return zhang.get(answer["Location"]).json()


@pytest.fixture
def licensed(api, submitted):
    """张伟's registration accepted and approved: the case with its licence."""
    from onething.cases.models import Case

    number = submitted["number"]
    clerk, officer = api("clerk.hudai"), api("officer.hudai")
    assert clerk.post(f"/api/cases/{number}/accept").status_code == 200
    done = officer.post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert done.status_code == 200, done.content
    return Case.objects.select_related("licence", "applicant").get(number=number)


@pytest.fixture
def walk_in(api):
    """A walk-in at 胡埭's window for an instant item, concluded on the spot."""
    import random

    from onething.cases.models import Case
    from onething.core.generate import resident_id

    clerk = api("clerk.hudai")
    answer = clerk.post(
        "/api/cases/window",
        {
            "id_number": resident_id(random.Random(41)),
            "name": "钱宏进",
            "phone": "13900001111",
            "item_code": "320200-SB-002",
            "form": {"phone": "13900001111", "start_month": "2026-01"},
            "materials": clerk.uploads("id-card"),
        },
    )
    assert answer.status_code == 201, answer.content
    return Case.objects.select_related("applicant").get(number=answer.json()["number"])
