"""Applications and the selection over the API: the shapes of a submission (multipart,
``Idempotency-Key``), of the lists and of one application; every problem at once in the
reader's language (422); one per cohort and the deadline (409); the staff's screening,
scores (one and a sheet), selection (over capacity 409) and the student's answers (after
the deadline 409); and who sees what (another student 404, a registrar nothing, another
department's officer 403)."""

from __future__ import annotations

import datetime as dt
import json

from onething.core import clock
from onething.training.models import Application, Cohort

from ..files import pdf, png
from .test_selection_services import sheet
from .world import NOW, at
from .world_applications import apply, fresh, interviewed

BASE = "/api/training"


def post_application(client, inst, *, key=None, **more):
    data = {
        "university": str(inst.lzu.pk),
        "major": "集成电路设计与集成系统",
        "degree": "master",
        "graduation_year": "2027",
        "first_track": "ai-chip",
        "second_track": "circuits",
        "statement": "做过一颗 RISC-V 小核。",
        "transcript": _file("成绩单.pdf", pdf()),
        "cv": _file("简历.pdf", pdf()),
    } | more
    data = {k: v for k, v in data.items() if v is not None}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(f"{BASE}/cohorts/2025S/applications", data, **headers)


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def post(client, path: str, body: dict | None = None):
    return client.post(f"{BASE}{path}", json.dumps(body or {}), content_type="application/json")


def fields(answer) -> set[tuple[str, str]]:
    return {(p["field"], p["rule"]) for p in answer.json()["error"]["details"]["fields"]}


def test_a_student_applies_over_the_api_and_a_retry_answers_the_first(inst):
    client = inst.city.client("t.wei")
    with clock.frozen(NOW):
        answer = post_application(client, inst, key="apply-1")
        again = post_application(client, inst, key="apply-1")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["number"].startswith("SX2025") and body["status"] == "submitted"
    assert body["status_label"] == "已提交" and body["degree_label"] == "硕士"
    assert (body["first_track"], body["second_track"], body["track"]) == (
        "ai-chip",
        "circuits",
        None,
    )
    assert body["university"] == "兰州大学" and body["credits_transfer"] is True
    assert {f["kind"] for f in body["files"]} == {"transcript", "cv"}
    assert body["moves"] == ["withdraw"] and body["interviews"] == []
    assert [s["action"] for s in body["steps"]] == ["submit"]
    assert again.status_code == 201 and again.json()["number"] == body["number"]
    assert Application.objects.count() == 1
    cv = next(f for f in body["files"] if f["kind"] == "cv")
    download = client.get(cv["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf()


def test_every_problem_at_once_in_chinese(inst):
    client = inst.city.client("t.wei")
    with clock.frozen(NOW):
        answer = post_application(
            client,
            inst,
            university="abc",
            major="",
            graduation_year="明年",
            first_track="ai-chip",
            second_track="ai-chip",
            transcript=None,
            cv=_file("简历.png", png()),
        )
    assert answer.status_code == 422
    assert fields(answer) == {
        ("university", "choice"),
        ("major", "required"),
        ("graduation_year", "type"),
        ("second_track", "same_track"),
        ("transcript", "required"),
        ("cv", "type"),
    }
    messages = [p["message"] for p in answer.json()["error"]["details"]["fields"]]
    assert all(not m.isascii() for m in messages)
    assert not Application.objects.exists()


def test_one_per_cohort_and_the_deadline_are_409s_naming_the_rule(inst):
    client = inst.city.client("t.wei")
    with clock.frozen(NOW):
        assert post_application(client, inst).status_code == 201
        second = post_application(client, inst)
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "one_application_per_cohort"
    with clock.frozen(at("2025-06-21")):
        late = post_application(inst.city.client("t.zhao"), inst)
    assert late.status_code == 409 and late.json()["error"]["code"] == "applications_closed"
    assert "报名" in late.json()["error"]["message"]


def test_the_lists_are_scoped(inst):
    mine = apply(inst, inst.wei)
    apply(inst, inst.zhao, university=inst.sydney, first="algorithms")
    staff = inst.city.client("t.staff")
    everything = staff.get(f"{BASE}/applications").json()
    assert everything["count"] == 2
    row = everything["items"][0]
    assert {"number", "student", "status", "status_label", "university", "score"} <= row.keys()
    assert staff.get(f"{BASE}/applications?track=algorithms").json()["count"] == 1
    assert staff.get(f"{BASE}/applications?university={inst.lzu.pk}").json()["count"] == 1
    assert staff.get(f"{BASE}/applications?status=offered&cohort=2025S").json()["count"] == 0
    own = inst.city.client("t.wei").get(f"{BASE}/applications").json()
    assert [r["number"] for r in own["items"]] == [mine.number]
    for outsider in ("t.registrar", "t.other", "t.hr"):
        assert inst.city.client(outsider).get(f"{BASE}/applications").json()["count"] == 0


def test_one_application_and_its_files_only_for_its_student_and_the_staff(inst):
    application = apply(inst, inst.wei)
    detail = inst.city.client("t.staff").get(f"{BASE}/applications/{application.number}")
    assert detail.status_code == 200
    assert detail.json()["moves"] == ["screen", "reject"]
    url = detail.json()["files"][0]["url"]
    assert inst.city.client("t.wei").get(url).status_code == 200
    assert inst.city.client("t.staff").get(url).status_code == 200
    for outsider in ("t.zhao", "t.registrar", "t.other"):
        client = inst.city.client(outsider)
        assert client.get(f"{BASE}/applications/{application.number}").status_code == 404
        assert client.get(url).status_code == 404
    assert inst.city.client().get(url).status_code in (401, 404)


def test_screening_and_scores_over_the_api(inst):
    application = apply(inst, inst.wei)
    staff = inst.city.client("t.staff")
    number = application.number
    refused = post(inst.city.client("t.other"), f"/applications/{number}/screen")
    assert refused.status_code == 403
    assert post(inst.city.client("t.wei"), f"/applications/{number}/screen").status_code == 403
    with clock.frozen(NOW):
        assert post(staff, f"/applications/{number}/reject").status_code == 422
        screened = post(staff, f"/applications/{number}/screen", {"note": "符合条件"})
        assert screened.status_code == 200 and screened.json()["status"] == "screened"
        bad = post(staff, f"/applications/{number}/interview", {"score": 100.5})
        assert bad.status_code == 422 and fields(bad) == {("score", "range")}
        scored = post(staff, f"/applications/{number}/interview", {"score": 86, "note": "扎实"})
    assert scored.json()["score"] == "86.00" and scored.json()["status"] == "interviewed"
    assert scored.json()["interviews"][0]["score"] == "86.0"
    # the student sees the mean, not each interviewer's score
    own = inst.city.client("t.wei").get(f"{BASE}/applications/{number}").json()
    assert own["score"] == "86.00" and own["interviews"] == []
    twice = post(staff, f"/applications/{number}/screen")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "invalid_transition"


def test_a_sheet_of_scores_over_the_api(inst):
    application = apply(inst, inst.wei)
    staff = inst.city.client("t.staff")
    with clock.frozen(NOW):
        post(staff, f"/applications/{application.number}/screen")
        from django.core.files.uploadedfile import SimpleUploadedFile

        bad = staff.post(
            f"{BASE}/cohorts/2025S/interviews/import",
            {"file": SimpleUploadedFile("s.xlsx", sheet([[application.number, 130], ["SX1", 80]]))},
        )
        good = staff.post(
            f"{BASE}/cohorts/2025S/interviews/import",
            {"file": SimpleUploadedFile("s.xlsx", sheet([[application.number, 91]]))},
        )
    assert bad.status_code == 422
    assert fields(bad) == {("rows.2.score", "range"), ("rows.3.number", "unknown")}
    assert good.status_code == 200 and good.json() == {"imported": 1}
    assert fresh(application).score == 91


def test_selection_and_answers_over_the_api(inst):
    Cohort.objects.filter(pk=inst.cohort.pk).update(capacity=1)
    apps = interviewed(inst, ["80", "90"])
    staff = inst.city.client("t.staff")
    when = NOW + dt.timedelta(days=1)
    with clock.frozen(when):
        overview = staff.get(f"{BASE}/cohorts/2025S/selection").json()
        assert (overview["capacity"], overview["free"], overview["would_offer"]) == (1, 1, 1)
        over = post(staff, "/cohorts/2025S/selection", {"places": 2})
        assert over.status_code == 409 and over.json()["error"]["code"] == "over_capacity"
        assert "名额" in over.json()["error"]["message"]
        assert post(inst.city.client("t.wei"), "/cohorts/2025S/selection").status_code == 403
        done = post(staff, "/cohorts/2025S/selection", {})
    assert done.status_code == 200
    assert done.json() | {"cohort": "2025S"} == {
        "cohort": "2025S",
        "capacity": 1,
        "taken": 1,
        "free": 0,
        "offered": [apps[1].number],
        "waiting": [apps[0].number],
    }
    best = fresh(apps[1])
    student = inst.city.client(best.account.username)
    other = inst.city.client(fresh(apps[0]).account.username)
    with clock.frozen(when):
        assert post(other, f"/applications/{best.number}/accept").status_code == 404
        assert post(staff, f"/applications/{best.number}/accept").status_code == 403
        body = student.get(f"{BASE}/applications/{best.number}").json()
        assert body["moves"] == ["accept", "decline", "withdraw"] and body["offer_deadline"]
        waiting = other.get(f"{BASE}/applications/{apps[0].number}").json()
        assert (waiting["status"], waiting["waiting_position"]) == ("waiting", 1)
    with clock.frozen(best.offer_deadline + dt.timedelta(minutes=1)):
        late = post(student, f"/applications/{best.number}/decline")
    assert late.status_code == 409 and late.json()["error"]["code"] == "offer_expired"
    with clock.frozen(when):
        declined = post(student, f"/applications/{best.number}/decline", {"reason": "已签约"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert fresh(apps[0]).status == "offered"
