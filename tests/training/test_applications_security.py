"""Who may see and move an application, over every endpoint and page: another student
finds nothing (404) and moves nothing; the staff's moves are refused to a student, to
another department's officer (403) and to a registrar; a registrar sees no application
at all; another institute's staff find nothing (404)."""

from __future__ import annotations

import json

import pytest

from onething.core import clock
from onething.core.models import User
from onething.core.permissions import SYSTEM
from onething.core.services.organisations import department_create
from onething.training.models import Application, ApplicationStep

from .world import NOW
from .world_applications import apply

BASE = "/api/training"
STUDENT_MOVES = ("accept", "decline", "withdraw")
STAFF_MOVES = ("screen", "reject", "interview")


def post(client, path: str, body: dict | None = None):
    return client.post(f"{BASE}{path}", json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def application(inst):
    return apply(inst, inst.wei)


def unchanged(application) -> bool:
    fresh = Application.objects.get(pk=application.pk)
    return (
        fresh.status == "submitted"
        and ApplicationStep.objects.filter(application=application).count() == 1
    )


def test_another_student_finds_nothing_and_moves_nothing(inst, application):
    other = inst.city.client("t.zhao")
    number = application.number
    assert other.get(f"{BASE}/applications/{number}").status_code == 404
    assert other.get(f"{BASE}/applications").json()["count"] == 0
    file_id = application.files.first().pk
    assert other.get(f"{BASE}/applications/{number}/files/{file_id}").status_code == 404
    with clock.frozen(NOW):
        for move in STUDENT_MOVES:
            assert post(other, f"/applications/{number}/{move}").status_code == 404, move
            page = other.post(f"/training/mine/{number}/{move}/", {"confirm": "on"})
            assert page.status_code == 404, move
        for move in STAFF_MOVES:
            assert post(other, f"/applications/{number}/{move}", {"score": 90}).status_code in (
                403,
                404,
            )
    assert other.get(f"/training/applications/{number}/files/{file_id}/").status_code == 404
    assert unchanged(application)


def test_the_student_may_not_make_the_staffs_moves(inst, application):
    own = inst.city.client("t.wei")
    with clock.frozen(NOW):
        for move in STAFF_MOVES:
            answer = post(own, f"/applications/{application.number}/{move}", {"score": 100})
            assert answer.status_code == 403, move
        assert post(own, "/cohorts/2025S/selection").status_code == 403
        assert own.get(f"/training/manage/applications/{application.number}/").status_code == 403
    assert unchanged(application)


def test_another_departments_officer_cannot_screen(inst, application):
    officer = inst.city.client("t.other")
    with clock.frozen(NOW):
        for move in STAFF_MOVES:
            answer = post(officer, f"/applications/{application.number}/{move}", {"score": 90})
            assert answer.status_code == 403, move
        assert post(officer, "/cohorts/2025S/selection").status_code == 403
        assert officer.get(f"{BASE}/cohorts/2025S/selection").status_code == 403
        page = officer.post(
            f"/training/manage/applications/{application.number}/screen/", {"note": "x"}
        )
        assert page.status_code == 403
    assert unchanged(application)


def test_a_registrar_sees_no_application(inst, application):
    registrar = inst.city.client("t.registrar")  # 兰州大学's, and the student is of 兰州大学
    assert registrar.get(f"{BASE}/applications").json()["count"] == 0
    assert registrar.get(f"{BASE}/applications/{application.number}").status_code == 404
    file_id = application.files.first().pk
    assert (
        registrar.get(f"{BASE}/applications/{application.number}/files/{file_id}").status_code
        == 404
    )
    assert registrar.get("/training/manage/applications/").status_code == 403
    assert registrar.get("/training/mine/").status_code == 200  # their own: none
    assert application.number not in registrar.get("/training/mine/").content.decode()


def test_another_institutes_staff_find_nothing(inst, application):
    department = department_create(
        actor=SYSTEM, code="XW-OTHER-SX", name="另一实训基地", kind="other", region_code="320214"
    )
    User.objects.create(username="t.stranger", role="institute_staff", department=department)
    stranger = inst.city.client("t.stranger")
    assert stranger.get(f"{BASE}/applications").json()["count"] == 0
    assert stranger.get(f"{BASE}/applications/{application.number}").status_code == 404
    with clock.frozen(NOW):
        assert post(stranger, f"/applications/{application.number}/screen").status_code == 404
        assert post(stranger, "/cohorts/2025S/selection").status_code == 403
    assert unchanged(application)


def test_anonymous_is_asked_to_sign_in(inst, application):
    anonymous = inst.city.client()
    assert anonymous.get(f"{BASE}/applications/{application.number}").status_code == 401
    assert post(anonymous, f"/applications/{application.number}/accept").status_code == 401
    assert anonymous.get("/training/mine/").status_code == 302
