"""The permission layer: each role sees its own scope; everything else is refused. Through
the selectors, the API and the pages."""

import pytest

from onething.core.errors import NotFound, PermissionDenied, Unauthenticated
from onething.core.models import Enterprise, Person
from onething.core.permissions import ANONYMOUS, require_role, visible
from onething.core.selectors.parties import enterprises_list, people_list, person_get


def test_clerk_sees_only_their_towns_people(city):
    hudai = city.actor("clerk.hudai")
    mine = people_list(hudai)
    assert mine.exists()
    assert set(mine.values_list("region__code", flat=True)) == {"320211102"}
    assert city.xueyan_person not in mine


def test_clerk_cannot_read_another_towns_person(city):
    with pytest.raises(NotFound):
        person_get(city.actor("clerk.hudai"), city.xueyan_person.pk)
    assert person_get(city.actor("clerk.xueyan"), city.xueyan_person.pk) == city.xueyan_person


def test_clerk_cannot_read_another_towns_person_through_the_api(city):
    client = city.client("clerk.hudai")
    answer = client.get(f"/api/people/{city.xueyan_person.pk}")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    listed = client.get("/api/people?page_size=200").json()["items"]
    assert city.xueyan_person.pk not in {p["id"] for p in listed}
    assert client.get(f"/api/people/{city.hudai_person.pk}").status_code == 200


def test_clerk_cannot_open_another_towns_person_page(city):
    page = city.client("clerk.hudai").get(f"/people/{city.xueyan_person.pk}/")
    assert page.status_code == 404
    assert city.xueyan_person.name not in page.content.decode()


def test_city_supervisor_sees_wuxi_but_not_changzhou(city):
    supervisor = city.actor("supervisor")
    seen = set(people_list(supervisor).values_list("region__code", flat=True))
    assert "320211102" in seen and "320282107" in seen
    assert "320412114" not in seen  # 雪堰镇 belongs to Changzhou
    codes = set(enterprises_list(supervisor).values_list("region__code", flat=True))
    assert all(code.startswith("3202") for code in codes)


def test_officer_sees_their_departments_region(city):
    officer = city.actor("officer.binhu")  # 滨湖区市场监督管理局
    codes = set(people_list(officer).values_list("region__code", flat=True))
    assert "320211102" in codes  # 胡埭镇, a town of 滨湖区
    assert all(code.startswith("320211") for code in codes)  # 滨湖区 and its towns only


def test_applicant_sees_only_themself_and_their_enterprise(city):
    applicant = city.actor("qiye.chengfeng")
    assert list(people_list(applicant).values_list("pk", flat=True)) == [applicant.person_id]
    assert list(enterprises_list(applicant).values_list("pk", flat=True)) == [
        applicant.enterprise_id
    ]
    other = Enterprise.objects.exclude(pk=applicant.enterprise_id).first()
    answer = city.client("qiye.chengfeng").get(f"/api/enterprises/{other.pk}")
    assert answer.status_code == 404


def test_gate_and_union_see_no_people(city):
    for username in ("gate.metro01", "union"):
        assert not visible(city.actor(username), Person.objects.all()).exists() or (
            username == "union"
        )
    assert not people_list(city.actor("gate.metro01")).exists()


def test_anonymous_sees_the_directory_only(city):
    assert not people_list(ANONYMOUS).exists()
    client = city.client()
    assert client.get("/api/regions").status_code == 200
    assert client.get("/api/people").status_code == 401


def test_require_role():
    with pytest.raises(Unauthenticated):
        require_role(ANONYMOUS, "clerk")


def test_wrong_role_is_403(city):
    with pytest.raises(PermissionDenied) as info:
        require_role(city.actor("zhangwei"), "clerk", "officer")
    assert info.value.details["your_role"] == "applicant"
    answer = city.client("zhangwei").post(
        "/api/people",
        {"name": "李四", "id_number": "11010519491231002X", "region_code": "320211102"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "permission_denied"


def test_staff_pages_refuse_applicants(city):
    assert city.client("zhangwei").get("/people/").status_code == 403
    assert city.client().get("/people/").status_code == 302  # to the login page


def test_unknown_region_or_department(city):
    client = city.client(language="en")
    assert client.get("/api/regions/320211102").json()["name"] == "胡埭镇"
    assert client.get("/api/regions/999999").status_code == 404
    assert client.get("/api/departments/BH-SCJG").json()["region"]["code"] == "320211"
    assert client.get("/api/departments/NOPE").status_code == 404
    answer = client.get("/api/departments?region_code=999999")
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["rule"] == "unknown_region"
    assert city.client("supervisor").get("/api/people?region_code=999999").status_code == 422
    page = city.client("supervisor", "en").get("/people/", {"region_code": "999999"})
    assert page.status_code == 422 and "no region with code 999999" in page.content.decode()


def test_session_writes_need_the_csrf_token(city):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(city.user("clerk.hudai"))
    answer = client.post(
        "/api/people",
        {"name": "x", "id_number": "11010519491231002X", "region_code": "320211102"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "csrf_failed"


def test_token_clients_write_without_csrf(city):
    """A machine client with a bearer token is not a browser: no CSRF token is asked for."""
    from django.test import Client

    from onething.core.services.accounts import token_issue

    _token, secret = token_issue(actor=city.actor("admin"), user=city.user("clerk.hudai"), name="t")
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    answer = client.post(
        "/api/people",
        {"name": "机器", "id_number": "11010519491231002X", "region_code": "320211102"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert answer.status_code == 201, answer.content
