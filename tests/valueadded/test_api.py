"""Value-added services over the API: the public catalogue and figures, a request made
once per `Idempotency-Key` (JSON, and multipart with files), 422 naming every field at
once, 403 for the wrong side, 404 for another enterprise or provider, 409 for a move the
status does not allow, the contact's phone masked and its audited reveal, the queue's
deadline filter."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onething.core.models import AuditEntry
from onething.valueadded.models import ServiceRequest

from ..files import pdf, png
from .world import (
    BANK,
    ENTERPRISE,
    LAW_FIRM,
    MONDAY,
    OTHER_ENTERPRISE,
    at,
    bank_service,
    on,
    submit,
)

pytestmark = pytest.mark.django_db
BODY = {
    "service_code": "t-loan",
    "subject": "流动资金贷款",
    "details": "需要流动资金贷款500万元。",
    "contact_name": "陈静",
    "contact_phone": "13812345678",
}


def post(city, username, url, body, **headers):
    return city.client(username, "en").post(
        url, json.dumps(body), content_type="application/json", **headers
    )


def named(answer) -> list[str]:
    return [f["field"] for f in answer.json()["error"]["details"]["fields"]]


def test_the_catalogue_and_the_figures_are_public(city):
    client = city.client()
    services = client.get("/api/valueadded/services", {"category": "financing"}).json()
    codes = {s["code"] for s in services["items"]}
    assert {"yinqi-duijie", "rongzi-pipei", "puhui-daikuan"} <= codes
    assert {s["category"] for s in services["items"]} == {"financing"}
    one = client.get("/api/valueadded/services/puhui-daikuan").json()
    assert (one["provider"], one["free"], one["response_days"]) == ("js-bank-wx", False, 2)
    assert one["sizes"] == ["micro", "small", "medium"]
    providers = client.get("/api/valueadded/providers").json()["items"]
    kinds = {p["code"]: p["kind"] for p in providers}
    assert kinds["js-bank-wx"] == "partner" and kinds["wx-jr"] == "city"
    figures = client.get("/api/valueadded/figures").json()
    assert figures["requests"] == 0 and figures["on_time_rate"] is None
    assert client.get("/api/valueadded/services/nothing-here").status_code == 404
    unknown = client.get("/api/valueadded/services", {"colour": "red"})
    assert unknown.status_code == 422


def test_a_request_once_per_key_with_every_problem_named(city):
    bank_service()
    key = {"HTTP_IDEMPOTENCY_KEY": "va-0001"}
    with on(MONDAY):
        first = post(city, ENTERPRISE, "/api/valueadded/requests", BODY, **key)
        assert first.status_code == 201, first.content
        number = first.json()["number"]
        assert first["Location"] == f"/api/valueadded/requests/{number}"
        again = post(city, ENTERPRISE, "/api/valueadded/requests", BODY, **key)
    assert (again.status_code, again.json()["number"]) == (201, number)
    answer = first.json()
    assert answer["contact_phone"] == "138****5678" and "13812345678" not in first.content.decode()
    assert (answer["status"], answer["deadline"], answer["actions"]) == (
        "submitted",
        "on_time",
        ["withdraw"],
    )
    assert answer["due_date"] == "2025-11-12"
    other = post(city, ENTERPRISE, "/api/valueadded/requests", {**BODY, "subject": "另"}, **key)
    assert (other.status_code, other.json()["error"]["code"]) == (409, "idempotency_key_reused")
    bad = post(
        city,
        ENTERPRISE,
        "/api/valueadded/requests",
        {**BODY, "subject": "", "details": " ", "contact_phone": "123"},
    )
    assert bad.status_code == 422
    assert named(bad) == ["subject", "details", "contact_phone"]
    assert ServiceRequest.objects.count() == 1


def test_a_request_with_files_names_the_bad_one(city):
    bank_service()
    client = city.client(ENTERPRISE, "en")
    good = SimpleUploadedFile("报表.pdf", pdf(), content_type="application/pdf")
    bad = SimpleUploadedFile("photo.png", b"not a png", content_type="image/png")
    refused = client.post("/api/valueadded/requests/upload", {**BODY, "attachments": [good, bad]})
    assert refused.status_code == 422 and named(refused) == ["attachments.1"]
    files = [
        SimpleUploadedFile("报表.pdf", pdf(), content_type="application/pdf"),
        SimpleUploadedFile("现场.png", png(), content_type="image/png"),
    ]
    made = client.post("/api/valueadded/requests/upload", {**BODY, "attachments": files})
    assert made.status_code == 201, made.content
    attachments = made.json()["attachments"]
    assert [a["name"] for a in attachments] == ["报表.pdf", "现场.png"]
    number = made.json()["number"]
    url = f"/api/valueadded/requests/{number}/attachments/{attachments[0]['id']}"
    assert client.get(url).status_code == 200
    assert city.client(BANK).get(url).status_code == 200  # the provider reads it
    assert city.client(OTHER_ENTERPRISE).get(url).status_code == 404
    too_many = [SimpleUploadedFile(f"{n}.pdf", pdf()) for n in range(4)]
    four = client.post("/api/valueadded/requests/upload", {**BODY, "attachments": too_many})
    assert four.status_code == 422 and "attachments" in named(four)


def test_the_sides_the_scope_and_the_moves(city):
    bank_service()
    with on(MONDAY):
        number = submit(city).number
    url = f"/api/valueadded/requests/{number}"
    # another enterprise, another provider: the request does not exist for them
    assert city.client(OTHER_ENTERPRISE).get(url).status_code == 404
    assert city.client(LAW_FIRM).get(url).status_code == 404
    assert post(city, LAW_FIRM, f"{url}/accept", {}).status_code == 404
    # the enterprise may not accept (403), the bank may not withdraw (403)
    wrong = post(city, ENTERPRISE, f"{url}/accept", {})
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (403, "permission_denied")
    assert post(city, BANK, f"{url}/withdraw", {}).status_code == 403
    # too early to conclude: 409
    early = post(city, BANK, f"{url}/conclude", {"outcome_kind": "advice", "outcome": "x"})
    assert (early.status_code, early.json()["error"]["code"]) == (409, "invalid_transition")
    assert city.client(BANK).get(url).json()["actions"] == ["accept", "decline"]
    with on(at("2025-11-11", 9)):
        accepted = post(city, BANK, f"{url}/accept", {"note": "明日联系"})
    assert (accepted.status_code, accepted.json()["answered_on_time"]) == (200, True)
    missing = post(city, BANK, f"{url}/conclude", {"outcome_kind": "financing", "outcome": ""})
    assert missing.status_code == 422 and named(missing) == ["outcome", "amount_fen"]
    done = post(
        city,
        BANK,
        f"{url}/conclude",
        {"outcome_kind": "financing", "outcome": "已放款", "amount_fen": 500_000_000},
    )
    assert done.json()["status"] == "concluded" and done.json()["amount_fen"] == 500_000_000
    assert post(city, ENTERPRISE, f"{url}/rate", {"rating": 9}).status_code == 422
    assert post(city, ENTERPRISE, f"{url}/rate", {"rating": True}).status_code == 422
    rated = post(city, ENTERPRISE, f"{url}/rate", {"rating": 4, "comment": "不错"})
    assert rated.json()["rating"] == 4 and rated.json()["actions"] == []
    assert post(city, ENTERPRISE, f"{url}/rate", {"rating": 5}).status_code == 409
    steps = [s["action"] for s in city.client(ENTERPRISE).get(url).json()["steps"]]
    assert steps == ["submit", "accept", "conclude", "rate"]
    figures = city.client().get("/api/valueadded/figures", {"provider": "js-bank-wx"}).json()
    assert (figures["requests"], figures["concluded"], figures["on_time_rate"]) == (1, 1, 1.0)
    assert (figures["satisfaction_rate"], figures["financing_fen"]) == (1.0, 500_000_000)


def test_the_lists_of_each_side_and_the_deadline_filter(city):
    bank_service()
    with on(MONDAY):
        number = submit(city).number
    mine = city.client(ENTERPRISE).get("/api/valueadded/requests").json()
    assert [r["number"] for r in mine["items"]] == [number]
    assert city.client(OTHER_ENTERPRISE).get("/api/valueadded/requests").json()["count"] == 0
    with on(at("2025-11-13", 9)):  # past the due day (12 November)
        overdue = city.client(BANK).get("/api/valueadded/queue", {"deadline": "overdue"}).json()
        on_time = city.client(BANK).get("/api/valueadded/queue", {"deadline": "on_time"}).json()
    assert [r["number"] for r in overdue["items"]] == [number]
    assert overdue["items"][0]["deadline"] == "overdue" and on_time["count"] == 0
    assert city.client(LAW_FIRM).get("/api/valueadded/queue").json()["count"] == 0
    bad = city.client(BANK).get("/api/valueadded/queue", {"deadline": "soon"})
    assert bad.status_code == 422 and named(bad) == ["deadline"]


def test_the_contact_phone_is_read_by_the_provider_only_and_audited(city):
    bank_service()
    number = submit(city).number
    url = f"/api/valueadded/requests/{number}/contact"
    assert city.client(BANK).get(url).status_code == 422  # a purpose is needed
    assert city.client(ENTERPRISE).get(url, {"purpose": "核对电话"}).status_code == 403
    read = city.client(BANK).get(url, {"purpose": "联系企业对接贷款"})
    assert read.json()["contact_phone"] == "13812345678"
    entry = AuditEntry.objects.get(action="pii.read", subject_type="valueadded.servicerequest")
    assert entry.note == "联系企业对接贷款"


def test_the_catalogues_writes_over_the_api(city):
    body = {
        "provider_code": "js-bank-wx",
        "code": "t-api",
        "name": "API 服务",
        "category": "financing",
        "description": "说明",
        "response_days": 3,
    }
    assert post(city, LAW_FIRM, "/api/valueadded/services", body).status_code == 403
    made = post(city, BANK, "/api/valueadded/services", body)
    assert made.status_code == 201 and made["Location"] == "/api/valueadded/services/t-api"
    assert post(city, BANK, "/api/valueadded/services", body).status_code == 409
    bad = post(city, BANK, "/api/valueadded/services", {**body, "code": "t-2", "category": "x"})
    assert bad.status_code == 422 and named(bad) == ["category"]
    off = post(city, BANK, "/api/valueadded/services/t-api", {"active": False})
    assert off.json()["active"] is False
    assert city.client().get("/api/valueadded/services/t-api").status_code == 404
    assert city.client(BANK).get("/api/valueadded/services/t-api").status_code == 200
    provider = {"code": "t-prov", "name": "测试机构", "kind": "city", "department_code": "WX-SF"}
    assert post(city, BANK, "/api/valueadded/providers", provider).status_code == 403
    assert post(city, "admin", "/api/valueadded/providers", provider).status_code == 201
