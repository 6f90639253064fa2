"""Placements over the API: the public openings (keyset pages, filters), posting once per
Idempotency-Key, applying once, the moves by each side, hiring into a placement, one
active placement per student (409 naming the rule), direct records, and who sees what
(another company 404, a student only their own)."""

from __future__ import annotations

import json

import pytest

from onething.core import clock
from onething.training.models import JobApplication, Placement

from .world_placements import AFTER_CLASS, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(AFTER_CLASS):
        yield


@pytest.fixture
def jobs(inst):
    return build(inst)


def post(client, url: str, body: dict | None = None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def fields(answer) -> dict[str, str]:
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


def test_the_public_lists_open_openings_by_keyset_with_filters(jobs, client):
    answer = client.get("/api/training/openings?page_size=1")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["count"] == 2 and body["next_cursor"]
    first = body["items"][0]
    assert first["number"] == jobs.zwax_opening.number  # the later one first
    assert first["accepting"] is True and first["status_label"]
    assert first["track"] == {"code": "ai-chip", "name": "AI芯片"}
    rest = client.get(f"/api/training/openings?page_size=1&cursor={body['next_cursor']}").json()
    assert [o["number"] for o in rest["items"]] == [jobs.yaoming_opening.number]
    mine = client.get(f"/api/training/openings?company={jobs.inst.yaoming.pk}").json()
    assert [o["number"] for o in mine["items"]] == [jobs.yaoming_opening.number]
    assert client.get("/api/training/openings?track=circuits").json()["count"] == 0
    unknown = client.get("/api/training/openings?track=nope&company=999999")
    assert unknown.status_code == 422 and fields(unknown) == {
        "track": "unknown",
        "company": "unknown",
    }
    assert client.get("/api/training/openings?colour=red").status_code == 422
    one = client.get(f"/api/training/openings/{jobs.yaoming_opening.number}")
    assert one.status_code == 200 and one.json()["company"]["name"].startswith("无锡药明合联")
    assert client.get("/api/training/openings/GW202599999").status_code == 404


def test_a_company_posts_once_per_key_and_every_problem_at_once(jobs, city):
    hr = city.client("t.hr", "zh-hans")
    body = {"title": "质量分析员", "positions": 2, "closes_on": "2025-11-30", "track": "ai-chip"}
    key = {"HTTP_IDEMPOTENCY_KEY": "gw-api-1"}
    first = post(hr, "/api/training/openings", body, **key)
    assert first.status_code == 201, first.content
    assert first["Location"].endswith(first.json()["number"])
    again = post(hr, "/api/training/openings", body, **key)
    assert again.json()["number"] == first.json()["number"]
    bad = post(
        hr,
        "/api/training/openings",
        {"title": "", "positions": 0, "closes_on": "2025-09-01", "track": "x"},
    )
    assert bad.status_code == 422
    assert fields(bad) == {
        "title": "required",
        "positions": "range",
        "closes_on": "before_opening",
        "track": "unknown",
    }
    assert "岗位" in bad.json()["error"]["message"] or "1" in bad.json()["error"]["message"]
    boolean = post(hr, "/api/training/openings", {**body, "positions": True})
    assert boolean.status_code == 422
    other = post(hr, "/api/training/openings", {**body, "company": jobs.inst.zwax.pk})
    assert other.status_code == 403
    assert post(city.client("t.wei"), "/api/training/openings", body).status_code == 403
    assert post(city.client(), "/api/training/openings", body).status_code in (401, 403)
    staff = city.client("t.staff")
    missing = post(staff, "/api/training/openings", body)
    assert missing.status_code == 422 and fields(missing) == {"company": "required"}
    made = post(staff, "/api/training/openings", {**body, "company": jobs.other_company.pk})
    assert made.status_code == 201 and made.json()["company"]["id"] == jobs.other_company.pk


def test_edit_close_and_the_managed_list(jobs, city):
    hr = city.client("t.hr")
    number = jobs.yaoming_opening.number
    edited = hr.patch(
        f"/api/training/openings/{number}",
        json.dumps({"positions": 4, "track": ""}),
        content_type="application/json",
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["positions"] == 4 and edited.json()["track"] is None
    refused = city.client("t.zwax.hr").patch(
        f"/api/training/openings/{number}",
        json.dumps({"positions": 1}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    closed = post(hr, f"/api/training/openings/{number}/close", {"note": "招满"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert post(hr, f"/api/training/openings/{number}/close").status_code == 409
    public = city.client().get("/api/training/openings").json()
    assert number not in [o["number"] for o in public["items"]]
    managed = hr.get("/api/training/openings?status=all").json()
    assert [o["number"] for o in managed["items"]] == [number]  # only its company's
    assert hr.get("/api/training/openings?status=closed").json()["count"] == 1
    applying = post(city.client("t.wei"), f"/api/training/openings/{number}/apply")
    assert applying.status_code == 409 and applying.json()["error"]["code"] == "opening_closed"


def test_the_whole_way_to_a_placement_and_the_rule_of_one(jobs, city):
    wei, hr, zwax = city.client("t.wei"), city.client("t.hr"), city.client("t.zwax.hr")
    applied = post(
        wei,
        f"/api/training/openings/{jobs.yaoming_opening.number}/apply",
        {"note": "可立即到岗"},
        HTTP_IDEMPOTENCY_KEY="apply-1",
    )
    assert applied.status_code == 201, applied.content
    app = applied.json()
    assert app["status"] == "applied" and app["actions"] == ["withdraw"]
    assert app["student"]["passed_courses"] == ["AI芯片导论"]  # not the failed one
    assert app["student"]["track"] == "AI芯片" and app["student"]["cohort"] == "2025年暑期实训班"
    twice = post(wei, f"/api/training/openings/{jobs.yaoming_opening.number}/apply")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_applied"
    url = f"/api/training/job-applications/{app['id']}"
    seen = hr.get(url).json()
    assert seen["actions"] == ["interview", "offer", "reject"]
    naive = post(hr, f"{url}/interview", {"at": "2025-09-25T10:00:00"})
    assert naive.status_code == 422 and fields(naive) == {"at": "naive"}
    moved = post(hr, f"{url}/interview", {"at": "2025-09-25T10:00:00+08:00", "note": "A座"})
    assert moved.status_code == 200 and moved.json()["status"] == "interviewing"
    assert post(wei, f"{url}/offer").status_code == 403
    assert post(zwax, f"{url}/offer").status_code == 404
    assert post(hr, f"{url}/offer", {"note": "面议"}).json()["status"] == "offered"
    assert post(hr, f"{url}/hire").status_code == 403
    hired = post(wei, f"{url}/hire", {"started_on": "2025-10-08"})
    assert hired.status_code == 200, hired.content
    assert hired.json()["status"] == "hired" and hired.json()["placement"]
    # a second placement at once
    second = post(wei, f"/api/training/openings/{jobs.zwax_opening.number}/apply").json()
    post(zwax, f"/api/training/job-applications/{second['id']}/offer")
    refused = post(wei, f"/api/training/job-applications/{second['id']}/hire")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "already_placed"
    assert error["details"]["rule"] == "one_active_placement"
    assert "魏同学" in error["message"] and "2025-10-08" in error["message"]
    assert JobApplication.objects.get(pk=second["id"]).status == "offered"
    assert Placement.objects.filter(person_id=jobs.wei.person_id).count() == 1
    # ended: placed again
    placement = hired.json()["placement"]
    ended = post(hr, f"/api/training/placements/{placement}/end", {"ended_on": "2025-09-20"})
    assert ended.status_code == 422 and fields(ended) == {"ended_on": "before_start"}
    assert (
        post(
            zwax, f"/api/training/placements/{placement}/end", {"ended_on": "2025-10-08"}
        ).status_code
        == 404
    )
    future = post(hr, f"/api/training/placements/{placement}/end", {"ended_on": "2025-10-08"})
    assert future.status_code == 422 and fields(future) == {"ended_on": "future"}
    with clock.frozen(AFTER_CLASS.replace(month=10, day=10)):
        ended = post(hr, f"/api/training/placements/{placement}/end", {"ended_on": "2025-10-09"})
        assert ended.status_code == 200 and ended.json()["active"] is False
        again = post(wei, f"/api/training/job-applications/{second['id']}/hire")
        assert again.status_code == 200 and again.json()["status"] == "hired"


def test_direct_records_and_the_staff_list_with_filters(jobs, city):
    staff = city.client("t.staff")
    body = {
        "enrolment": jobs.zhao_enrolment.number,
        "company": jobs.inst.yaoming.pk,
        "position": "研发助理",
        "started_on": "2025-09-15",
    }
    made = post(staff, "/api/training/placements", body, HTTP_IDEMPOTENCY_KEY="p1")
    assert made.status_code == 201, made.content
    assert made.json()["student"] == "赵盛龙" and made.json()["cohort"] == "2025S"
    assert (
        post(staff, "/api/training/placements", body, HTTP_IDEMPOTENCY_KEY="p1").json()["id"]
        == made.json()["id"]
    )
    twice = post(staff, "/api/training/placements", body)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_placed"
    assert post(city.client("t.hr"), "/api/training/placements", body).status_code == 403
    bad = post(staff, "/api/training/placements", {**body, "enrolment": "XY0", "position": ""})
    assert fields(bad) == {"enrolment": "unknown", "position": "required"}
    listed = staff.get("/api/training/placements?cohort=2025S&year=2025&active=true").json()
    assert [p["id"] for p in listed["items"]] == [made.json()["id"]]
    assert staff.get("/api/training/placements?year=2024").json()["count"] == 0
    assert staff.get(f"/api/training/placements?company={jobs.inst.zwax.pk}").json()["count"] == 0
    unknown = staff.get("/api/training/placements?cohort=1999X&year=1")
    assert unknown.status_code == 422 and fields(unknown) == {"cohort": "unknown", "year": "range"}


def test_who_sees_what(jobs, city):
    wei, zhao = city.client("t.wei"), city.client("t.zhao")
    a = post(wei, f"/api/training/openings/{jobs.yaoming_opening.number}/apply").json()
    b = post(zhao, f"/api/training/openings/{jobs.zwax_opening.number}/apply").json()
    placement = post(
        city.client("t.staff"),
        "/api/training/placements",
        {
            "enrolment": jobs.zhao_enrolment.number,
            "company": jobs.inst.zwax.pk,
            "position": "验证工程师",
            "started_on": "2025-09-15",
        },
    ).json()

    def ids(client, url):
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        return [row["id"] for row in answer.json()["items"]]

    assert ids(wei, "/api/training/job-applications") == [a["id"]]
    assert ids(zhao, "/api/training/job-applications?mine=true") == [b["id"]]
    assert wei.get(f"/api/training/job-applications/{b['id']}").status_code == 404
    hr, zwax, other = city.client("t.hr"), city.client("t.zwax.hr"), city.client("t.other.hr")
    assert ids(hr, "/api/training/job-applications") == [a["id"]]
    assert ids(zwax, "/api/training/job-applications") == [b["id"]]
    assert ids(other, "/api/training/job-applications") == []
    assert hr.get(f"/api/training/job-applications/{b['id']}").status_code == 404
    assert zwax.get(f"/api/training/job-applications/{a['id']}").status_code == 404
    assert ids(zwax, "/api/training/placements") == [placement["id"]]
    assert ids(hr, "/api/training/placements") == []
    assert hr.get(f"/api/training/placements/{placement['id']}").status_code == 404
    assert ids(zhao, "/api/training/placements") == [placement["id"]]
    assert ids(wei, "/api/training/placements") == []
    assert ids(city.client("t.registrar"), "/api/training/job-applications") == []
    assert sorted(ids(city.client("t.staff"), "/api/training/job-applications")) == sorted(
        [a["id"], b["id"]]
    )
    assert city.client().get("/api/training/job-applications").status_code in (401, 403)
