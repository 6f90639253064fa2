"""Shared parking over the API: a gate's bad input (a wrong plate → 422 naming ``plate``
in the reader's language; every problem at once), its retries (the same answer, stored
once; an event id reused for another plate → 409), its token (wrong → 401, a gate out of
service → 403); a citizen's plate registration and its refusals (every problem at once, a
proof that is no PDF or image, a second live registration → 409, a retried key → the
first); the review (a reason to refuse, 409 once decided); the audited full phone; the
public register; and a car park's records refused to another district's officer."""

from __future__ import annotations

import json

from onething.citymgmt.models import ParkingEvent, ParkingGate, ParkingStay, PlateRegistration
from onething.core import clock
from onething.core.models import AuditEntry

from ..files import pdf, png
from .test_parking_day import gate
from .world_parking import LOT, PARENT_PLATE, PUBLIC_PLATE, at, build

DAY = "2025-10-10"


def test_a_wrong_plate_is_refused_naming_the_plate_in_chinese(city):
    world = build(city)
    client = city.client(language="zh-hans")
    answer = gate(client, world.entry_token, "in-1", "entry", "苏B12O45", at(DAY, 10))
    assert answer.status_code == 422, answer.content
    problem = answer.json()["error"]["details"]["fields"][0]
    assert (problem["field"], problem["rule"]) == ("plate", "letters_io")
    assert "车牌" in problem["message"]
    assert not ParkingEvent.objects.exists()


def test_every_problem_of_an_event_at_once(city):
    world = build(city)
    body = {"event_id": "a b", "kind": "park", "plate": "ABC", "at": "yesterday"}
    answer = city.client().post(
        "/api/citymgmt/parking/events",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world.entry_token}",
    )
    assert answer.status_code == 422
    fields = {(p["field"], p["rule"]) for p in answer.json()["error"]["details"]["fields"]}
    assert fields == {
        ("event_id", "format"),
        ("kind", "choice"),
        ("plate", "province"),
        ("at", "type"),
    }
    ahead = gate(
        city.client(), world.entry_token, "in-2", "entry", PARENT_PLATE, at(DAY, 11), at(DAY, 10)
    )
    assert ahead.status_code == 422
    assert ahead.json()["error"]["details"]["fields"][0]["rule"] == "future"


def test_a_retry_gets_the_first_answer_and_is_stored_once(city):
    world = build(city)
    client = city.client()
    first = gate(client, world.entry_token, "in-77", "entry", PUBLIC_PLATE, at(DAY, 10))
    again = gate(client, world.entry_token, "in-77", "entry", PUBLIC_PLATE, at(DAY, 10))
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content == first.content
    assert ParkingEvent.objects.count() == ParkingStay.objects.count() == 1
    assert world.fresh().occupied == 1
    out = gate(client, world.exit_token, "out-77", "exit", PUBLIC_PLATE, at(DAY, 11, 30))
    out_again = gate(client, world.exit_token, "out-77", "exit", PUBLIC_PLATE, at(DAY, 11, 30))
    assert out_again.content == out.content and out.json()["stay"]["fee_fen"] == 1000
    assert world.fresh().occupied == 0
    # the same event id at another gate is another event; with another plate: 409
    reused = gate(client, world.entry_token, "in-77", "entry", PARENT_PLATE, at(DAY, 10))
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "event_id_reused"
    assert ParkingEvent.objects.count() == 2


def test_a_gate_signs_in_with_its_own_token(city):
    world = build(city)
    client = city.client()
    wrong = gate(client, "pg_not-a-token", "in-1", "entry", PUBLIC_PLATE, at(DAY, 10))
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "unauthenticated"
    anyone = client.post("/api/citymgmt/parking/events", "{}", content_type="application/json")
    assert anyone.status_code == 401
    staff = city.client()
    staff.force_login(city.user("officer.xwcg"))  # a person's session is no gate
    assert (
        staff.post(
            "/api/citymgmt/parking/events", "{}", content_type="application/json"
        ).status_code
        == 401
    )
    ParkingGate.objects.filter(code="cx-gate-in").update(is_active=False)
    from onething.core import refdata

    refdata.bump()  # as an administrator's change would
    retired = gate(client, world.entry_token, "in-1", "entry", PUBLIC_PLATE, at(DAY, 10))
    assert retired.status_code == 403
    assert retired.json()["error"]["code"] == "gate_retired"


def _register(client, **fields):
    data = {
        "lot": LOT,
        "plate": "苏B55667",
        "group": "parent",
        "holder_name": "陈静",
        "holder_phone": "139 1234 5678",
        "proof_note": "三年级二班",
    } | fields
    headers = {k: data.pop(k) for k in list(data) if k.startswith("HTTP_")}
    return client.post("/api/citymgmt/parking/registrations", data, **headers)


def test_a_citizens_registration_and_its_refusals(city):
    build(city, registered=False)
    citizen = city.client("zhangwei")
    refused = _register(
        citizen, plate="苏B1234", group="teacher", holder_name="", holder_phone="123"
    )
    assert refused.status_code == 422, refused.content
    fields = {(p["field"], p["rule"]) for p in refused.json()["error"]["details"]["fields"]}
    assert fields == {
        ("plate", "format"),
        ("group", "choice"),
        ("holder_name", "required"),
        ("holder_phone", "format"),
        ("proof", "required"),
    }
    fake = _register(citizen, proof=_file("proof.pdf", b"not a pdf at all"))
    assert fake.status_code == 422
    assert fake.json()["error"]["details"]["fields"][0]["field"] == "proof"
    assert not PlateRegistration.objects.exists()

    key = {"HTTP_IDEMPOTENCY_KEY": "reg-0001"}
    made = _register(citizen, proof=_file("学籍证明.pdf", pdf()), **key)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["plate"], body["status"], body["holder_phone"]) == (
        "苏B55667",
        "pending",
        "139****5678",
    )
    retried = _register(citizen, proof=_file("学籍证明.pdf", pdf()), **key)
    assert (retried.status_code, retried.json()["id"]) == (201, body["id"])
    second = _register(citizen, plate="苏b 556·67", proof=_file("p.png", png()))
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "registration_exists"
    resident = _register(citizen, group="resident", proof=_file("p.png", png()))
    assert resident.status_code == 201  # another group: its own registration
    assert PlateRegistration.objects.count() == 2
    stored = PlateRegistration.objects.get(pk=body["id"])
    assert "13912345678" not in stored.holder_phone_cipher and stored.holder_phone_digest
    assert _register(city.client(), proof=_file("p.png", png())).status_code == 401

    # the citizen sees their own; another citizen nothing
    mine = citizen.get("/api/citymgmt/parking/registrations").json()
    assert mine["count"] == 2
    other = city.client("qiye.chengfeng").get("/api/citymgmt/parking/registrations").json()
    assert other["count"] == 0

    # the review: a reason to refuse, a valid end to approve, 409 once decided
    office = city.client("officer.xwcg")
    url = f"/api/citymgmt/parking/registrations/{body['id']}/review"
    no_reason = office.post(url, {"decision": "refuse"}, content_type="application/json")
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["details"]["fields"][0]["field"] == "reason"
    with clock.frozen(at(DAY, 10)):
        past = office.post(
            url,
            {"decision": "approve", "valid_until": "2025-01-01"},
            content_type="application/json",
        )
        assert past.status_code == 422
        approved = office.post(
            url,
            {"decision": "approve", "valid_until": "2026-08-31"},
            content_type="application/json",
        )
        assert approved.status_code == 200, approved.content
        assert approved.json()["status"] == "approved"
        twice = office.post(
            url, {"decision": "refuse", "reason": "重复"}, content_type="application/json"
        )
        assert twice.status_code == 409
    # another district's office may not review it
    other_office = city.client("officer.bhcg")
    foreign = other_office.post(
        f"/api/citymgmt/parking/registrations/{resident.json()['id']}/review",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert foreign.status_code == 404


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_full_phone_is_read_with_a_purpose_and_audited(city):
    build(city)
    registration = PlateRegistration.objects.get(plate=PARENT_PLATE)
    office = city.client("officer.xwcg")
    url = f"/api/citymgmt/parking/registrations/{registration.pk}/phone"
    assert office.get(url).status_code == 422  # no purpose
    read = office.get(url, {"purpose": "核实家长身份，电话联系确认学籍"})
    assert read.status_code == 200
    assert read.json()["holder_phone"] == "13812345678"
    assert AuditEntry.objects.filter(
        action="pii.read", subject_type="citymgmt.plateregistration"
    ).exists()
    proof = office.get(f"/api/citymgmt/parking/registrations/{registration.pk}/proof")
    assert proof.status_code == 200 and b"".join(proof.streaming_content).startswith(b"%PDF")


def test_the_public_register_and_a_car_park_live(city):
    build(city)
    anonymous = city.client()
    lots = anonymous.get("/api/citymgmt/parking/lots", {"kind": "shared"})
    assert lots.status_code == 200
    assert [lot["code"] for lot in lots.json()["items"]] == [LOT]
    assert lots.json()["items"][0]["spaces"] == 100
    with clock.frozen(at(DAY, 16)):
        live = anonymous.get(f"/api/citymgmt/parking/shared/{LOT}").json()
    assert (live["spaces"], live["occupied"], live["now_group"]) == (100, 0, "parent")
    hours = {w["name"]: w["hours"] for w in live["windows"]}
    assert (hours["社会车辆"], hours["居民夜间"], hours["家长早高峰"]) == (
        "全天",
        "19:00–次日07:00",
        "07:00–08:30",
    )
    assert anonymous.get("/api/citymgmt/parking/shared/NOPE").status_code == 404


def test_a_car_parks_records_are_refused_to_another_districts_officer(city):
    world = build(city)
    gate(city.client(), world.entry_token, "in-1", "entry", PUBLIC_PLATE, at(DAY, 10))
    other = city.client("officer.bhcg")
    use = other.get(f"/api/citymgmt/parking/shared/{LOT}/use")
    assert use.status_code == 403
    assert other.get("/api/citymgmt/parking/stays", {"lot": LOT}).json()["count"] == 0
    assert other.get("/api/citymgmt/parking/registrations").json()["count"] == 0
    registration = PlateRegistration.objects.get(plate=PARENT_PLATE)
    proof = other.get(f"/api/citymgmt/parking/registrations/{registration.pk}/proof")
    assert proof.status_code == 404
    # its own office and the city's supervisor see them
    mine = city.client("officer.xwcg")
    assert mine.get("/api/citymgmt/parking/stays", {"lot": LOT}).json()["count"] == 1
    assert (
        city.client("supervisor").get(f"/api/citymgmt/parking/shared/{LOT}/use").status_code == 200
    )
    assert city.client("zhangwei").get(f"/api/citymgmt/parking/shared/{LOT}/use").status_code == 403
