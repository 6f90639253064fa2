"""Events and devices over the API: the inspector's idempotent report, the loop with its
roles (403 for a wrong role, 409 for a wrong move), scope (another department's officer
gets 404), and the devices' answers (no token, a security device's place for the centre
only)."""

from __future__ import annotations

import json

import pytest

from onething.cityops.models import Device, Event
from onething.cityops.schemas import sees_exact_place
from onething.cityops.services.devices import device_token_issue
from onething.core import clock
from onething.core.permissions import SYSTEM, Actor

from .world import at, build

NOW = at("2026-12-04", 10)  # a Friday
REPORT = {
    "title": "鸿翔路井盖缺失",
    "description": "鸿翔路与环山路路口东侧井盖缺失，已放置临时警示。",
    "region_code": "320211102",
    "latitude": 31.534512,
    "longitude": 120.14321,
}


def test_the_centre_alone_sees_a_security_devices_place():
    assert [r for r in ("dispatcher", "supervisor", "admin") if sees_exact_place(Actor(role=r))]
    assert sees_exact_place(SYSTEM)
    assert not any(
        sees_exact_place(Actor(role=r)) for r in ("officer", "inspector", "applicant", None)
    )


@pytest.fixture
def frozen_now():
    with clock.frozen(NOW):
        yield


def post(city, username: str, url: str, body: dict, **headers):
    client = city.client(username, "en")
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.usefixtures("frozen_now")
def test_an_inspectors_report_is_idempotent(city):
    build(city)
    key = {"HTTP_IDEMPOTENCY_KEY": "report-0001"}
    first = post(city, "inspector", "/api/cityops/events", REPORT, **key)
    assert first.status_code == 201, first.content
    number = first.json()["number"]
    assert first["Location"] == f"/api/cityops/events/{number}"
    assert (first.json()["status"], first.json()["source"]) == ("reported", "inspector")
    again = post(city, "inspector", "/api/cityops/events", REPORT, **key)
    assert (again.status_code, again.json()["number"]) == (201, number)
    assert Event.objects.count() == 1
    other = post(city, "inspector", "/api/cityops/events", {**REPORT, "title": "别的"}, **key)
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    # only an inspector reports; a bad region is named
    assert post(city, "dispatcher", "/api/cityops/events", REPORT).status_code == 403
    bad = post(city, "inspector", "/api/cityops/events", {**REPORT, "region_code": "999"})
    assert bad.status_code == 422
    assert [f["field"] for f in bad.json()["error"]["details"]["fields"]] == ["region"]


@pytest.mark.usefixtures("frozen_now")
def test_the_loop_over_the_api_with_its_roles_and_scope(city):
    build(city)
    number = post(city, "inspector", "/api/cityops/events", REPORT).json()["number"]
    url = f"/api/cityops/events/{number}"

    refused = post(city, "inspector", f"{url}/register", {})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "permission_denied")
    illegal = post(city, "dispatcher", f"{url}/close", {})
    assert (illegal.status_code, illegal.json()["error"]["code"]) == (409, "invalid_transition")

    seen = city.client("dispatcher", "en").get(url).json()
    assert seen["actions"] == ["register", "dismiss"]
    assert post(city, "dispatcher", f"{url}/register", {}).json()["status"] == "registered"
    dispatched = post(city, "dispatcher", f"{url}/dispatch", {"department_code": "WX-CG"})
    assert dispatched.status_code == 200, dispatched.content
    assert dispatched.json()["department"]["code"] == "WX-CG"
    assert dispatched.json()["due_at"] is not None

    # another department's officer: the event does not exist for them
    assert city.client("officer.binhu", "en").get(url).status_code == 404
    assert post(city, "officer.binhu", f"{url}/handle", {"note": "x"}).status_code == 404
    listed = city.client("officer.binhu", "en").get("/api/cityops/events").json()
    assert number not in [r["number"] for r in listed["items"]]

    assert post(city, "officer.wx-cg", f"{url}/handle", {"note": "已补装井盖"}).status_code == 200
    sent_back = post(city, "inspector", f"{url}/check", {"passed": False, "note": "未固定"})
    assert sent_back.json()["status"] == "dispatched"
    post(city, "officer.wx-cg", f"{url}/handle", {"note": "已固定"})
    assert post(city, "inspector", f"{url}/check", {"passed": True}).json()["status"] == "checked"
    closed = post(city, "dispatcher", f"{url}/close", {"note": "结案"})
    assert closed.json()["status"] == "closed"
    assert closed.json()["deadline"] == "answered"

    detail = city.client("officer.wx-cg", "en").get(url).json()
    assert [s["action"] for s in detail["steps"]] == [
        "report",
        "register",
        "dispatch",
        "handle",
        "send_back",
        "handle",
        "check",
        "close",
    ]
    assert detail["steps"][0]["by"] and detail["actions"] == []


@pytest.mark.usefixtures("frozen_now")
def test_a_dismissal_needs_its_reason(city):
    build(city)
    number = post(city, "inspector", "/api/cityops/events", REPORT).json()["number"]
    url = f"/api/cityops/events/{number}/dismiss"
    missing = post(city, "dispatcher", url, {})
    assert missing.status_code == 422
    assert [f["field"] for f in missing.json()["error"]["details"]["fields"]] == ["reason"]
    dismissed = post(city, "dispatcher", url, {"reason": "重复上报"})
    assert (dismissed.json()["status"], dismissed.json()["steps"][-1]["note"]) == (
        "closed",
        "重复上报",
    )


@pytest.mark.usefixtures("frozen_now")
def test_the_events_list_refuses_an_unknown_filter_value(city):
    build(city)
    answer = city.client("dispatcher", "en").get("/api/cityops/events?status=lost")
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "status"


@pytest.mark.usefixtures("frozen_now")
def test_devices_are_scoped_and_never_show_a_token(city):
    ops = build(city)
    device_token_issue(actor=city.actor("admin"), device_code=ops.gauge.code)
    officer = city.client("officer.wx-cg", "en")
    listed = officer.get("/api/cityops/devices")
    assert listed.status_code == 200, listed.content
    assert [d["code"] for d in listed.json()["items"]] == ["WL-HD-001"]
    one = officer.get("/api/cityops/devices/WL-HD-001")
    assert sorted(m["code"] for m in one.json()["metrics"]) == ["level", "rain"]
    assert "token" not in one.content.decode() and "dv_" not in one.content.decode()
    assert one.json()["latitude"] == "31.534000" or float(one.json()["latitude"]) == 31.534
    assert officer.get("/api/cityops/devices/SM-BH-001").status_code == 404


@pytest.mark.usefixtures("frozen_now")
def test_a_security_devices_place_is_for_the_centre_only(city):
    ops = build(city)
    Device.objects.filter(pk=ops.gauge.pk).update(is_security=True)
    officer = city.client("officer.wx-cg", "en").get("/api/cityops/devices/WL-HD-001").json()
    assert (officer["latitude"], officer["longitude"], officer["location_hidden"]) == (
        None,
        None,
        True,
    )
    centre = city.client("dispatcher", "en").get("/api/cityops/devices/WL-HD-001").json()
    assert centre["location_hidden"] is False and centre["latitude"] is not None
