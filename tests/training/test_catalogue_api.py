"""The catalogue's API: public reads (programmes, cohorts, a cohort, partners,
universities, agreements) in their documented shapes; the institute's staff create and
edit, anyone else is refused (403) with nothing written; bad input 422 naming every
field, in Chinese; an illegal move 409; a create retried with its key answered once."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core import clock
from onething.training.models import Cohort, CreditAgreement, Programme

from .world import NOW

pytestmark = pytest.mark.django_db
API = "/api/training"


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def problems(answer) -> dict[str, str]:
    return {p["field"]: p["rule"] for p in answer.json()["error"]["details"]["fields"]}


def test_the_public_reads_and_their_shapes(inst, city):
    client = city.client()
    programmes = client.get(f"{API}/programmes").json()
    assert programmes["count"] == 1
    programme = programmes["items"][0]
    assert (programme["code"], programme["institute"]) == ("CXRC", inst.institute.name)
    assert [t["code"] for t in programme["tracks"]] == ["ai-chip", "algorithms", "circuits"]
    chip = programme["tracks"][0]["courses"][0]
    assert chip == {
        "code": "CHIP-101",
        "name": "AI芯片导论",
        "hours": 32,
        "credits": "2.0",
        "assessment": "exam",
        "assessment_label": "考试",
        "pass_mark": 60,
    }
    cohort = client.get(f"{API}/cohorts/2025S").json()
    assert cohort["capacity"] == 750 and cohort["status"] == "open"
    assert cohort["status_label"] == "报名中" and cohort["taking_applications"] is True
    assert cohort["actions"] == []  # the public moves nothing
    assert cohort["advisers"] == [
        {
            "adviser_id": inst.adviser.pk,
            "name": "许董事",
            "title": "董事长",
            "company": "中微爱芯（无锡）科技有限公司",
            "track": "ai-chip",
        }
    ]
    assert [t["code"] for t in cohort["track_courses"]] == ["ai-chip", "algorithms", "circuits"]
    assert client.get(f"{API}/cohorts?status=open").json()["count"] == 1
    assert client.get(f"{API}/cohorts?status=sleeping").status_code == 422
    partners = client.get(f"{API}/partners").json()["items"]
    assert [p["name"] for p in partners] == [
        "中微爱芯（无锡）科技有限公司",
        "无锡药明合联生物技术有限公司",
    ]
    assert partners[0]["advisers"][0]["classes"][0]["track"] == "ai-chip"
    assert partners[0]["advisers"][0]["has_account"] is True
    universities = client.get(f"{API}/universities?kind=985").json()["items"]
    assert [u["name"] for u in universities] == ["兰州大学"]
    agreements = client.get(f"{API}/agreements?state=valid").json()["items"]
    assert {a["number"] for a in agreements} == {"XY-2024-001", "XY-2025-002"}
    detail = client.get(f"{API}/agreements/XY-2025-002").json()
    assert detail["state"] == "valid" and detail["grade_scheme_label"] == "五级制"
    assert [c["course"] for c in detail["courses"]] == ["ALG-101", "ALG-201", "CHIP-101"]
    assert client.get(f"{API}/agreements/NOPE").status_code == 404
    assert client.get(f"{API}/cohorts?colour=red").status_code == 422  # no such filter


def test_the_staff_move_a_cohort_and_an_illegal_move_is_409(inst, city):
    client = city.client("t.staff")
    answer = post(client, f"{API}/cohorts/2025S/close", {"note": "报名截止"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "selecting"
    assert answer.json()["actions"] == ["reopen", "start"]
    refused = post(client, f"{API}/cohorts/2025S/finish", {})
    assert refused.status_code == 409
    body = refused.json()["error"]
    assert body["code"] == "invalid_transition" and body["details"]["allowed_from"] == ["running"]
    assert "结业" in body["message"]


def test_everyone_else_is_refused(inst, city):
    before = (Programme.objects.count(), Cohort.objects.get(code="2025S").status)
    for username in ("t.other", "t.wei", "t.registrar", "t.hr", "t.adviser"):
        client = city.client(username)
        assert post(client, f"{API}/programmes", {"code": "X", "name": "x"}).status_code == 403
        assert post(client, f"{API}/cohorts/2025S/close", {}).status_code == 403
        assert post(client, f"{API}/universities", {"name": "新大学"}).status_code == 403
        answer = post(client, f"{API}/agreements/XY-2024-001/terminate", {"reason": "x"})
        assert answer.status_code == 403
    assert post(city.client(), f"{API}/programmes", {"code": "X", "name": "x"}).status_code in (
        401,
        403,
    )
    assert (Programme.objects.count(), Cohort.objects.get(code="2025S").status) == before


def cohort_body(**overrides):
    body = {
        "programme": "CXRC",
        "code": "2026S",
        "name": "2026年暑期实训班",
        "starts_on": "2026-07-13",
        "ends_on": "2026-09-12",
        "capacity": 800,
        "applications_open_at": "2026-05-01T00:00:00+08:00",
        "applications_close_at": "2026-06-20T18:00",
        "tracks": ["ai-chip"],
    }
    return body | overrides


def test_a_cohort_is_created_once_and_bad_input_names_every_field(inst, city):
    client = city.client("t.staff")
    made = post(client, f"{API}/cohorts", cohort_body(), HTTP_IDEMPOTENCY_KEY="c-1")
    assert made.status_code == 201, made.content
    assert made["Location"] == "/api/training/cohorts/2026S"
    body = made.json()
    assert body["status"] == "planned" and body["actions"] == ["open"]
    close = dt.datetime.fromisoformat(body["applications_close_at"].replace("Z", "+00:00"))
    assert close == dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC)  # 18:00 in the city
    again = post(client, f"{API}/cohorts", cohort_body(), HTTP_IDEMPOTENCY_KEY="c-1")
    assert again.status_code == 201 and Cohort.objects.filter(code="2026S").count() == 1
    bad = post(
        client,
        f"{API}/cohorts",
        cohort_body(code="2025S", name="", capacity=0, ends_on="2026-07-01", tracks=["x"]),
    )
    assert bad.status_code == 422
    assert problems(bad) == {
        "code": "unique",
        "name": "required",
        "capacity": "range",
        "ends_on": "before_start",
        "tracks": "unknown",
    }
    assert "已被使用" in bad.json()["error"]["message"]
    typed = post(client, f"{API}/cohorts", cohort_body(capacity="many", starts_on="2026-13-01"))
    assert typed.status_code == 422 and {"capacity", "starts_on"} <= set(problems(typed))
    edited = post(
        client, f"{API}/cohorts/2026S", {"capacity": 820, "tracks": ["ai-chip", "circuits"]}
    )
    assert edited.status_code == 200 and edited.json()["capacity"] == 820
    assert [t["code"] for t in edited.json()["tracks"]] == ["ai-chip", "circuits"]


def test_programmes_tracks_and_courses_by_the_api(inst, city):
    client = city.client("t.staff")
    assert post(client, f"{API}/programmes", {"code": "GJ", "name": "高级"}).status_code == 201
    track = post(client, f"{API}/programmes/GJ/tracks", {"code": "eda", "name": "EDA"})
    assert track.status_code == 201 and track.json()["courses"] == []
    course = post(
        client,
        f"{API}/programmes/GJ/tracks/eda/courses",
        {"code": "EDA-1", "name": "导论", "hours": 16, "credits": "1.5"},
    )
    assert course.status_code == 201 and course.json()["credits"] == "1.5"
    changed = post(client, f"{API}/courses/EDA-1", {"pass_mark": 75})
    assert changed.json()["pass_mark"] == 75
    bad = post(client, f"{API}/courses/EDA-1", {"hours": 0, "assessment": "oral"})
    assert bad.status_code == 422 and problems(bad) == {"hours": "range", "assessment": "choice"}
    assert post(client, f"{API}/courses/NOPE", {"hours": 2}).status_code == 404


def test_partners_advisers_and_their_classes(inst, city):
    client = city.client("t.staff")
    adviser = post(
        client,
        f"{API}/partners/{inst.yaoming.pk}/advisers",
        {"name": "陈总", "title": "总经理", "appointed_on": "2025-06-01", "account": "t.hr"},
        HTTP_IDEMPOTENCY_KEY="a-1",
    )
    assert adviser.status_code == 201, adviser.content
    body = adviser.json()
    assert body["has_account"] is True and body["classes"] == []
    assigned = post(
        client, f"{API}/advisers/{body['id']}/classes", {"cohort": "2025S", "track": "algorithms"}
    )
    assert assigned.status_code == 201
    classes = assigned.json()["classes"]
    assert classes[0]["cohort"] == "2025S" and classes[0]["track"] == "algorithms"
    twice = post(
        client, f"{API}/advisers/{body['id']}/classes", {"cohort": "2025S", "track": "algorithms"}
    )
    assert twice.status_code == 409
    removed = post(
        client, f"{API}/advisers/{body['id']}/classes/{classes[0]['assignment_id']}/remove", {}
    )
    assert removed.status_code == 200 and removed.json()["classes"] == []
    unknown = post(client, f"{API}/partners", {"credit_code": "X", "joined_on": "2025-01-01"})
    assert unknown.status_code == 422 and problems(unknown) == {"enterprise": "unknown"}


def test_agreements_by_the_api(inst, city):
    client = city.client("t.staff")
    made = post(
        client,
        f"{API}/agreements",
        {
            "number": "XY-2025-009",
            "university": inst.nonpartner.pk,
            "signed_on": "2025-06-01",
            "valid_from": "2025-06-01",
            "grade_scheme": "pass_fail",
            "courses": [{"course": "DC-101", "credits": 2, "counted_as": "数字电路"}],
        },
        HTTP_IDEMPOTENCY_KEY="x-1",
    )
    assert made.status_code == 201, made.content
    assert made.json()["courses"][0] == {
        "course": "DC-101",
        "course_name": "数字电路设计导论",
        "track": "数字电路设计",
        "credits": "2.0",
        "counted_as": "数字电路",
    }
    bad = post(
        client,
        f"{API}/agreements/XY-2025-009",
        {"valid_until": "2025-01-01", "courses": [{"course": "DC-101", "credits": 99}]},
    )
    assert bad.status_code == 422
    assert problems(bad) == {"valid_until": "before_start", "courses.0.credits": "range"}
    ended = post(
        client, f"{API}/agreements/XY-2025-009/terminate", {"on": "2025-07-01", "reason": "调整"}
    )
    assert ended.status_code == 200 and ended.json()["terminated_on"] == "2025-07-01"
    assert ended.json()["state"] == "valid"  # today (10 June) it has not yet ended
    again = post(client, f"{API}/agreements/XY-2025-009/terminate", {"reason": "再次"})
    assert again.status_code == 409
    assert CreditAgreement.objects.get(number="XY-2025-009").terminated_on == dt.date(2025, 7, 1)


def test_a_registrars_accounts_are_the_staffs(inst, city):
    url = f"{API}/universities/{inst.lzu.pk}/accounts"
    assert city.client("t.wei").get(url).status_code == 403
    accounts = city.client("t.staff").get(url).json()
    assert len(accounts) == 1 and accounts[0]["university_id"] == inst.lzu.pk
