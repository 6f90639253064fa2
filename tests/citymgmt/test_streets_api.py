"""The streets over the API: the public register and a street's page, a programme's totals,
the staff's projects — created once per Idempotency-Key, moved 立项 → 施工 → 完工 (409
otherwise), spent on (once per key), photographed — scoped (403 for a role, 404 outside
one's reach), and every bad input a 4xx naming its field, in Chinese when asked."""

from __future__ import annotations

import json

import pytest

from onething.citymgmt.models import ProjectPhoto, ProjectStep, StreetMonth, StreetProject
from onething.citymgmt.services.streets import project_spend, project_start
from onething.core import clock
from tests.files import jpeg, pdf

from .world_streets import NOW, build

pytestmark = pytest.mark.django_db

NEW = {
    "street": "XW-WZ-CCCC",
    "title": "春潮菜场支路环境综合整治",
    "items": ["road_repair", "railings", "shop_signs", "parking", "rain_canopy"],
    "budget_fen": 380_000_000,
    "programme": "WX-2021",
}


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def w(city):
    return build(city)


def post(client, url: str, body: dict, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def fields(answer) -> dict[str, str]:
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


# ---------------------------------------------------------------- the public register


def test_anyone_reads_the_register_filtered_and_paged(w, client):
    answer = client.get("/api/citymgmt/streets?district=320214&page_size=1")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["count"] == 2 and len(body["items"]) == 1 and body["next_cursor"]
    first = body["items"][0]
    assert first["district"] == {"code": "320214", "name": "新吴区"}
    rest = client.get(
        f"/api/citymgmt/streets?district=320214&page_size=1&cursor={body['next_cursor']}"
    )
    assert {first["code"], rest.json()["items"][0]["code"]} == {"XW-WZ-CCCC", "XW-WZ-WZBZ"}
    found = client.get("/api/citymgmt/streets?q=春潮").json()["items"]
    assert [s["code"] for s in found] == ["XW-WZ-CCCC"]
    assert found[0]["department"]["code"] == "XW-WZ-JD"


def test_a_bad_filter_is_a_422_naming_it_in_chinese(w, city):
    client = city.client(language="zh-hans")
    answer = client.get("/api/citymgmt/streets?distrcit=320214")
    assert (answer.status_code, fields(answer)) == (422, {"distrcit": "unknown"})
    answer = client.get("/api/citymgmt/streets?category=alley")
    assert (answer.status_code, fields(answer)) == (422, {"category": "choice"})
    assert "请从以下选项中选择" in answer.json()["error"]["message"]
    answer = client.get("/api/citymgmt/streets?district=999999")
    assert (answer.status_code, fields(answer)) == (422, {"district": "unknown_region"})


def test_a_streets_page_has_its_projects_months_and_published_rankings(w, client):
    project = w.project()
    StreetMonth.objects.create(
        street=w.chunchao,
        month=NOW.date().replace(day=1, month=1),
        resident_count=30,
        resident_centi=450,
        inspection_count=2,
        inspection_mark=90,
        complaint_count=1,
        weights={"residents": 50, "inspections": 30, "complaints": 20},
        score_centi=9075,
        closed_at=NOW,
    )
    answer = client.get("/api/citymgmt/streets/XW-WZ-CCCC")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["name"] == "春潮菜场支路"
    assert [p["number"] for p in body["projects"]] == [project.number]
    assert body["projects"][0]["milestone"] == "planned"
    assert body["months"][0]["score"] == "90.75"
    assert body["rankings"] == []
    assert client.get("/api/citymgmt/streets/NOPE").status_code == 404


def test_a_programmes_totals_come_from_its_projects(w, client):
    one = w.project(budget_fen=1_000)
    w.project(street=w.wangzhuang, title="旺庄", budget_fen=500)
    project_spend(actor=w.office, number=one.number, amount_fen=1_500)
    answer = client.get("/api/citymgmt/programmes/WX-2021")
    assert answer.status_code == 200, answer.content
    totals = answer.json()["totals"]
    assert (totals["streets"], totals["projects"]) == (2, 2)
    assert (totals["budget_fen"], totals["investment_fen"]) == (1_500, 1_500)
    assert totals["by_district"][0]["code"] == "320214"
    assert [m["milestone"] for m in totals["by_milestone"]] == ["planned", "under_way", "completed"]
    listed = client.get("/api/citymgmt/programmes").json()["items"]
    assert [p["code"] for p in listed] == ["WX-2021"]


# ---------------------------------------------------------------- the staff's projects


def test_a_project_is_created_once_per_idempotency_key(w, city):
    client = city.client("t.xw-cg", "en")
    key = {"HTTP_IDEMPOTENCY_KEY": "new-project-0001"}
    first = post(client, "/api/citymgmt/projects", NEW, **key)
    assert first.status_code == 201, first.content
    number = first.json()["number"]
    assert number.startswith("ZZ320214-")
    assert first["Location"] == f"/api/citymgmt/projects/{number}"
    assert first.json()["actions"] == ["start"]
    assert first.json()["steps"][0]["action"] == "create"
    again = post(client, "/api/citymgmt/projects", NEW, **key)
    assert (again.status_code, again.json()["number"]) == (201, number)
    assert StreetProject.objects.count() == 1
    other = post(client, "/api/citymgmt/projects", {**NEW, "title": "别的"}, **key)
    assert (other.status_code, other.json()["error"]["code"]) == (409, "idempotency_key_reused")


def test_a_bad_project_is_a_422_naming_every_field_in_chinese(w, city):
    client = city.client("t.xw-cg", "zh-hans")
    bad = {**NEW, "items": ["road_repair", "pool"], "budget_fen": -1, "title": "", "programme": "X"}
    answer = post(client, "/api/citymgmt/projects", bad)
    assert answer.status_code == 422, answer.content
    assert fields(answer) == {
        "items": "choice",
        "budget_fen": "min",
        "title": "required",
        "programme": "unknown",
    }
    messages = [f["message"] for f in answer.json()["error"]["details"]["fields"]]
    assert "金额不能为负数。" in messages
    typed = post(client, "/api/citymgmt/projects", {**NEW, "budget_fen": "很多"})
    assert typed.status_code == 422 and "budget_fen" in fields(typed)
    boolean = post(client, "/api/citymgmt/projects", {**NEW, "budget_fen": True})
    assert boolean.status_code == 422 and "budget_fen" in fields(boolean)
    missing = post(client, "/api/citymgmt/projects", {"title": "x"})
    assert missing.status_code == 422 and {"street", "items", "budget_fen"} <= set(fields(missing))


def test_who_may_create_list_and_read_projects(w, city):
    project = w.project()
    assert post(city.client("t.lx-cg"), "/api/citymgmt/projects", NEW).status_code == 403
    assert post(city.client("supervisor"), "/api/citymgmt/projects", NEW).status_code == 403
    assert post(city.client("zhangwei"), "/api/citymgmt/projects", NEW).status_code == 403
    assert post(city.client(), "/api/citymgmt/projects", NEW).status_code in (401, 403)
    assert city.client("t.lx-cg").get(f"/api/citymgmt/projects/{project.number}").status_code == 404
    sup = city.client("t.sup-binhu").get(f"/api/citymgmt/projects/{project.number}")
    assert sup.status_code == 404
    assert city.client("inspector").get("/api/citymgmt/projects").status_code == 403
    listed = city.client("t.wz-jd").get("/api/citymgmt/projects").json()
    assert [p["number"] for p in listed["items"]] == [project.number]
    seen = city.client("supervisor").get(f"/api/citymgmt/projects/{project.number}").json()
    assert seen["actions"] == []  # a supervisor reads, and moves nothing


def test_the_milestones_over_the_api_and_an_illegal_move_is_a_409(w, city):
    project = w.project()
    client = city.client("t.wz-jd", "zh-hans")
    url = f"/api/citymgmt/projects/{project.number}"
    early = post(client, f"{url}/complete", {})
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "invalid_transition"
    assert "立项" in early.json()["error"]["message"]
    started = post(client, f"{url}/start", {"note": "开工"})
    assert (started.status_code, started.json()["milestone"]) == (200, "under_way")
    assert started.json()["actions"] == ["complete"]
    future = post(client, f"{url}/complete", {"on": "2022-02-01"})
    assert (future.status_code, fields(future)) == (422, {"on": "future"})
    done = post(client, f"{url}/complete", {"on": "2022-01-24"})
    assert (done.status_code, done.json()["milestone"]) == (200, "completed")
    again = post(client, f"{url}/start", {})
    assert again.status_code == 409 and "已完工" in again.json()["error"]["message"]
    assert post(city.client("supervisor"), f"{url}/start", {}).status_code == 403
    assert post(city.client("t.lx-cg"), f"{url}/start", {}).status_code == 404
    bad_date = post(client, f"{url}/start", {"on": "2022-13-01"})
    assert bad_date.status_code == 422 and "on" in fields(bad_date)


def test_spending_is_recorded_once_per_key_and_flagged_over_budget(w, city):
    project = w.project(budget_fen=10_000)
    client = city.client("t.xw-cg", "zh-hans")
    url = f"/api/citymgmt/projects/{project.number}/spend"
    key = {"HTTP_IDEMPOTENCY_KEY": "spend-0001"}
    for _ in range(2):
        answer = post(client, url, {"amount_fen": 12_000, "note": "结算款"}, **key)
        assert answer.status_code == 200, answer.content
    assert (answer.json()["spent_fen"], answer.json()["over_budget"]) == (12_000, True)
    assert ProjectStep.objects.filter(project=project, action="spend").count() == 1
    below = post(client, url, {"amount_fen": -20_000, "note": "更正"})
    assert (below.status_code, fields(below)) == (422, {"amount_fen": "below_zero"})
    assert "不能低于零" in below.json()["error"]["details"]["fields"][0]["message"]


def test_photos_over_the_api(w, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = w.project()
    client = city.client("t.xw-cg", "zh-hans")
    url = f"/api/citymgmt/projects/{project.number}/photos"
    key = {"HTTP_IDEMPOTENCY_KEY": "photo-0001"}
    for _ in range(2):
        sent = client.post(
            url,
            {"phase": "before", "caption": "路面破损", "file": _upload("a.jpg", jpeg())},
            **key,
        )
        assert sent.status_code == 201, sent.content
    assert ProjectPhoto.objects.filter(project=project).count() == 1
    photo = sent.json()
    got = city.client().get(f"/api/citymgmt/projects/{project.number}/photos/{photo['id']}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == jpeg()
    page_photo = city.client().get(photo["url"])
    assert page_photo.status_code == 200
    bad = client.post(url, {"phase": "during", "file": _upload("b.pdf", pdf())})
    assert bad.status_code == 422
    assert fields(bad) == {"phase": "choice", "photo": "type"}
    assert (
        city.client().get(f"/api/citymgmt/projects/{project.number}/photos/999").status_code == 404
    )


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_started_project_reads_under_way_in_the_list(w, city):
    project = w.project()
    project_start(actor=w.office, number=project.number)
    listed = city.client("t.xw-cg").get("/api/citymgmt/projects?milestone=under_way").json()
    assert [p["number"] for p in listed["items"]] == [project.number]
    bad = city.client("t.xw-cg").get("/api/citymgmt/projects?milestone=built")
    assert (bad.status_code, fields(bad)) == (422, {"milestone": "choice"})
