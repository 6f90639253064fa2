"""The classes over the API: enrolling (one, all), the enrolments each person sees, a
class's day of attendance and grade sheet with every problem at once in the reader's
language, an adviser refused on another class (403), completing and withdrawing."""

from __future__ import annotations

import json

import pytest

from onething.core import clock
from onething.training.models import Grade

from .world_classes import IN_CLASS, accepted, enrolled


@pytest.fixture(autouse=True)
def in_class():
    with clock.frozen(IN_CLASS):
        yield


def post(client, url: str, body: dict | None = None, **headers):
    return client.post(
        f"/api/training{url}", json.dumps(body or {}), content_type="application/json", **headers
    )


def fields(answer) -> dict[str, str]:
    return {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}


def test_the_staff_enrol_one_or_all(inst, city):
    staff = city.client("t.staff")
    one = accepted(inst, inst.wei)
    accepted(inst, inst.zhao, university=inst.sydney)
    answer = post(staff, "/cohorts/2025S/enrolments", {"application": one.number})
    assert answer.status_code == 201, answer.content
    assert answer.json()["items"][0]["number"] == "XY2025S0001"
    assert answer.json()["items"][0]["status_label"] == "在读"
    again = post(staff, "/cohorts/2025S/enrolments", {"application": one.number})
    assert again.status_code == 200 and again.json()["count"] == 0
    rest = post(staff, "/cohorts/2025S/enrolments", {"all": True})
    assert rest.status_code == 201 and rest.json()["count"] == 1
    assert post(staff, "/cohorts/2025S/enrolments", {"all": True}).status_code == 200
    refused = post(city.client("t.wei"), "/cohorts/2025S/enrolments", {"all": True})
    assert refused.status_code == 403
    assert post(staff, "/cohorts/2025S/enrolments", {}).status_code == 422


def test_each_sees_their_own_enrolments(inst, city):
    wei = enrolled(inst, inst.wei)
    zhao = enrolled(inst, inst.zhao, university=inst.sydney, track=inst.algorithms)
    seen = {
        who: [e["number"] for e in city.client(who).get("/api/training/enrolments").json()["items"]]
        for who in ("t.staff", "t.wei", "t.adviser", "t.registrar", "t.sydney", "t.hr")
    }
    assert seen == {
        "t.staff": [wei.number, zhao.number],
        "t.wei": [wei.number],
        "t.adviser": [wei.number],  # the AI-chip class
        "t.registrar": [wei.number],  # 兰州大学's student
        "t.sydney": [zhao.number],
        "t.hr": [],
    }
    assert city.client("t.wei").get(f"/api/training/enrolments/{zhao.number}").status_code == 404
    mine = city.client("t.wei").get(f"/api/training/enrolments/{wei.number}").json()
    assert mine["attendance_rate"] is None and mine["grades"] == []


def test_a_day_for_the_class_and_its_problems_in_chinese(inst, city):
    wei, zhao = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)
    adviser = city.client("t.adviser")
    answer = post(
        adviser,
        "/classes/2025S/ai-chip/attendance",
        {"day": "2025-07-29", "marks": {wei.number: "present", zhao.number: "late"}},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"day": "2025-07-29", "created": 2, "changed": 0, "unchanged": 0}
    refused = post(
        adviser,
        "/classes/2025S/ai-chip/attendance",
        {"day": "2025-08-30", "marks": {wei.number: "sick"}},
    )
    assert refused.status_code == 422
    assert fields(refused) == {"day": "future", f"marks.{wei.number}": "choice"}
    assert (
        "出勤" in refused.json()["error"]["message"] or "迟到" in refused.json()["error"]["message"]
    )
    detail = city.client("t.teacher").get("/api/training/classes/2025S/ai-chip").json()
    assert [s["attendance_rate"] for s in detail["students"]] == ["1", "1"]
    assert [s["number"] for s in detail["students"]] == [wei.number, zhao.number]


def test_a_grade_outside_the_scale_names_the_field_and_the_rule(inst, city):
    wei = enrolled(inst, inst.wei)
    teacher = city.client("t.teacher")
    refused = post(
        teacher,
        f"/enrolments/{wei.number}/grades",
        {"grades": [{"course": "CHIP-101", "score": 120}]},
    )
    assert refused.status_code == 422
    assert fields(refused) == {"grades.0.score": "range"}
    assert "100" in refused.json()["error"]["message"]
    ok = post(
        teacher,
        f"/enrolments/{wei.number}/grades",
        {"grades": [{"course": "CHIP-101", "score": 86.5}]},
    )
    assert ok.status_code == 200 and ok.json()["created"] == 1
    sheet = post(
        teacher,
        "/classes/2025S/ai-chip/grades",
        {"course": "CHIP-201", "scores": {wei.number: "7x"}},
    )
    assert sheet.status_code == 422 and fields(sheet) == {f"scores.{wei.number}": "type"}


def test_an_adviser_cannot_grade_another_class(inst, city):
    other = enrolled(inst, inst.zhao, track=inst.algorithms)
    adviser = city.client("t.adviser")
    answer = post(
        adviser,
        f"/enrolments/{other.number}/grades",
        {"grades": [{"course": "ALG-101", "score": 90}]},
    )
    assert answer.status_code == 403
    sheet = post(adviser, "/classes/2025S/algorithms/grades", {"course": "ALG-101", "scores": {}})
    assert sheet.status_code == 403
    assert adviser.get("/api/training/classes/2025S/algorithms").status_code == 403
    assert [c["track"] for c in adviser.get("/api/training/classes").json()] == ["ai-chip"]
    assert not Grade.objects.exists()


def test_complete_and_withdraw(inst, city):
    wei, zhao = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)
    staff = city.client("t.staff")
    done = post(staff, f"/enrolments/{wei.number}/complete")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    twice = post(staff, f"/enrolments/{wei.number}/complete")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "invalid_transition"
    assert post(staff, f"/enrolments/{zhao.number}/withdraw", {}).status_code == 422
    left = post(staff, f"/enrolments/{zhao.number}/withdraw", {"reason": "个人原因"})
    assert left.json()["status"] == "withdrawn"
    assert post(city.client("t.teacher"), f"/enrolments/{wei.number}/complete").status_code == 409
    assert post(city.client("t.adviser"), f"/enrolments/{zhao.number}/complete").status_code == 403
