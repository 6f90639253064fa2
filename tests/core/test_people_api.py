"""Registering people and enterprises through the API: validation (422 naming the field
and the rule, in the request's language), nothing stored on bad input, idempotent retries,
masking, and the audited read of the full number."""

import random

import pytest
from stdnum.cn import ric

from onething.core.crypto import keyring
from onething.core.generate import credit_code, resident_id
from onething.core.models import AuditEntry, Enterprise, Person

NEW_ID = "11010519491231002X"


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def body(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(
    ("id_number", "rule"),
    [
        ("110105194912310021", "checksum"),
        (body("11010519491331002"), "birth_date"),
        (body("99999919491231002"), "region"),
        ("1101051949", "length"),
    ],
)
def test_bad_id_number_is_422_with_field_and_rule_and_nothing_stored(city, id_number, rule):
    people, audits = Person.objects.count(), AuditEntry.objects.count()
    answer = post(
        city.client("clerk.hudai"),
        "/api/people",
        {"name": "王五", "id_number": id_number, "region_code": "320211102"},
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "validation_failed"
    assert {"field": "id_number", "rule": rule} == {
        k: error["details"]["fields"][0][k] for k in ("field", "rule")
    }
    assert (Person.objects.count(), AuditEntry.objects.count()) == (people, audits)


def test_messages_follow_the_request_language(city):
    data = {"name": "王五", "id_number": "110105194912310021", "region_code": "320211102"}
    zh = post(city.client("clerk.hudai", "zh-hans"), "/api/people", data).json()["error"]
    en = post(city.client("clerk.hudai", "en"), "/api/people", data).json()["error"]
    assert "check character" in en["details"]["fields"][0]["message"]
    assert "校验" in zh["details"]["fields"][0]["message"]


def test_schema_errors_are_422_per_field(city):
    answer = post(city.client("clerk.hudai", "en"), "/api/people", {"name": 5})
    assert answer.status_code == 422
    fields = {f["field"]: f["rule"] for f in answer.json()["error"]["details"]["fields"]}
    assert fields == {"name": "type", "id_number": "required", "region_code": "required"}


def test_unknown_region_is_422(city):
    answer = post(
        city.client("clerk.hudai"),
        "/api/people",
        {"name": "王五", "id_number": NEW_ID, "region_code": "999999"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0] == {
        "field": "region_code",
        "rule": "unknown_region",
        "message": answer.json()["error"]["details"]["fields"][0]["message"],
    }


def test_register_masks_encrypts_and_audits(city):
    client = city.client("clerk.hudai")
    answer = post(
        client,
        "/api/people",
        {"name": "王五", "id_number": NEW_ID, "phone": "13800001234", "region_code": "320211102"},
    )
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["id_number_masked"] == "1101**********002X"
    assert data["phone_masked"] == "138****1234"
    assert NEW_ID not in answer.content.decode()
    person = Person.objects.get(pk=data["id"])
    assert NEW_ID not in person.id_number_cipher and "13800001234" not in person.phone_cipher
    assert keyring().decrypt(person.id_number_cipher, "person.id_number") == NEW_ID
    entry = AuditEntry.objects.get(action="person.register", subject_id=str(person.pk))
    assert entry.actor.username == "clerk.hudai"
    assert entry.after["id_number_masked"] == "1101**********002X"
    assert NEW_ID not in str(entry.after)


def test_duplicate_person_is_409(city):
    client = city.client("clerk.hudai")
    data = {"name": "王五", "id_number": NEW_ID, "region_code": "320211102"}
    assert post(client, "/api/people", data).status_code == 201
    again = post(client, "/api/people", data)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "person_exists"


def test_retry_with_the_same_idempotency_key_gets_the_first_person(city):
    client = city.client("clerk.hudai")
    data = {"name": "王五", "id_number": NEW_ID, "region_code": "320211102"}
    first = post(client, "/api/people", data, HTTP_IDEMPOTENCY_KEY="intake-0001")
    second = post(client, "/api/people", data, HTTP_IDEMPOTENCY_KEY="intake-0001")
    assert first.status_code == 201 and second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert (
        AuditEntry.objects.filter(
            action="person.register", subject_id=str(first.json()["id"])
        ).count()
        == 1
    )
    other = post(
        client,
        "/api/people",
        {**data, "name": "王六"},
        HTTP_IDEMPOTENCY_KEY="intake-0001",
    )
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_reveal_is_audited_and_scoped(city):
    person = city.hudai_person
    client = city.client("clerk.hudai")
    before = AuditEntry.objects.filter(action="pii.read").count()
    answer = post(
        client, f"/api/people/{person.pk}/reveal", {"field": "id_number", "purpose": "核验身份"}
    )
    assert answer.status_code == 200
    assert ric.is_valid(answer.json()["value"])
    assert answer.json()["value"][-4:] == person.id_number_masked[-4:]
    entry = AuditEntry.objects.filter(action="pii.read").latest("id")
    assert AuditEntry.objects.filter(action="pii.read").count() == before + 1
    assert (entry.subject_id, entry.note, entry.actor.username) == (
        str(person.pk),
        "核验身份",
        "clerk.hudai",
    )
    # another town's clerk: not found; a supervisor: not a role that reads full numbers
    assert (
        post(
            city.client("clerk.xueyan"), f"/api/people/{person.pk}/reveal", {"field": "id_number"}
        ).status_code
        == 404
    )
    assert (
        post(
            city.client("supervisor"), f"/api/people/{person.pk}/reveal", {"field": "id_number"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(action="pii.read").count() == before + 1


def test_lookup_by_full_number(city):
    number = resident_id(random.Random(99))
    client = city.client("clerk.hudai")
    assert post(client, "/api/people/lookup", {"id_number": number}).status_code == 404
    post(client, "/api/people", {"name": "赵七", "id_number": number, "region_code": "320211102"})
    found = post(client, "/api/people/lookup", {"id_number": number})
    assert found.status_code == 200 and found.json()["name"] == "赵七"


@pytest.mark.parametrize(
    ("change", "rule"),
    [(lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"), "checksum"), (lambda c: c[:10], "length")],
)
def test_bad_credit_code_is_422(city, change, rule):
    code = credit_code(random.Random(3), "320211")
    count = Enterprise.objects.count()
    answer = post(
        city.client("officer.binhu", "en"),
        "/api/enterprises",
        {"name": "测试有限公司", "credit_code": change(code), "region_code": "320211"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["rule"] == rule
    assert Enterprise.objects.count() == count


def test_register_enterprise(city):
    code = credit_code(random.Random(4), "320211")
    answer = post(
        city.client("officer.binhu"),
        "/api/enterprises",
        {"name": "无锡测试有限公司", "credit_code": code, "region_code": "320211", "size": "small"},
    )
    assert answer.status_code == 201
    assert answer.json()["credit_code"] == code
    assert (
        post(
            city.client("officer.binhu"),
            "/api/enterprises",
            {"name": "x", "credit_code": code, "region_code": "320211"},
        ).status_code
        == 409
    )


def test_list_is_paginated_and_filtered(city):
    client = city.client("supervisor")
    page = client.get("/api/people?page_size=5").json()
    assert len(page["items"]) == 5 and page["count"] > 5
    only = client.get("/api/people?region_code=320282107").json()
    assert only["count"] == city.people_in("320282107").count()
    assert client.get("/api/people?page=0").status_code == 422
