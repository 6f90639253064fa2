"""Every write operation of the API (read from its OpenAPI document), and the Open311 POST,
is sent hostile bodies: a lone UTF-16 surrogate, a NUL character and a megabyte in each
text, the wrong JSON type in each field, a body that is no object, an empty one, invalid
JSON, deeply nested arrays and objects, 3 MB. Each is answered 4xx — never 2xx, never 5xx —
and a validation error names the field, in the API's one error shape. The account that
calls each operation is a role that may reach it (``CALLERS``): an operation found in the
document without one fails here, so a new endpoint is fuzzed too."""

from __future__ import annotations

import json

import pytest

from onething.config.api import api

from .write_fuzz_callers import CALLERS, NONSENSE
from .write_fuzz_support import (
    MEGABYTE,
    NUL,
    Caller,
    Operation,
    Probe,
    base_body,
    field_probes,
    named_fields,
    names,
    whole_body_probes,
    write_operations,
)

DOCUMENT = api.get_openapi_schema()
OPERATIONS = write_operations(DOCUMENT)


def samples() -> dict:
    """Plausible values by field name, so that a probe's other fields pass and its bad
    value reaches as deep as it can."""
    from onething.bundles.models import Bundle
    from onething.cards.models import Honoree, Operator, Venue
    from onething.catalog.models import ServiceItem

    return {
        "item_code": ServiceItem.objects.order_by("pk").first().code,
        "bundle_code": Bundle.objects.order_by("pk").first().code,
        "region_code": "320211102",
        "region": "320211102",
        "handling_region_code": "320412114",
        "venue_code": Venue.objects.order_by("pk").first().code,
        "operator_code": Operator.objects.order_by("pk").first().code,
        "operator": Operator.objects.order_by("pk").first().code,
        "honoree_id": Honoree.objects.order_by("pk").first().pk,
        "mode": "proxy",
        "id_number": "11010519491231002X",
        "department": "WX-CG",
        "category": "streetlight",
        "text": "路灯连续三个晚上不亮。",
        "level": "municipal",
        "year": 2020,
        "latitude": 31.55,
        "longitude": 120.25,
    }


def client_for(city, caller: Caller):
    client = city.client(caller.username, "en")
    if caller.token:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {caller.token}"
    return client


def url_for(operation: Operation, caller: Caller) -> str:
    url = operation.path
    for name in operation.path_params:
        value = caller.path[name]() if name in caller.path else NONSENSE
        url = url.replace("{" + name + "}", str(value))
    return url


def send(client, operation: Operation, url: str, body: str, content_type: str):
    call = getattr(client, operation.method)
    return call(url, body, content_type=content_type)


def verdict(operation: Operation, probe: Probe, answer, routed: bool = True) -> str | None:
    """What is wrong with the answer to a probe (None: nothing). ``routed=False``: the path
    itself may match no route, and Django's own 404 page is a right answer."""
    status = answer.status_code
    if status >= 500 or (status < 400 and not probe.may_pass):
        return f"{status}: {answer.content[:300]!r}"
    if status < 400 or (status == 404 and not routed):
        return None
    try:
        error = answer.json()["error"]
        assert error["code"] and error["message"]
    except Exception:
        return f"{status} outside the error shape: {answer.content[:200]!r}"
    if status == 422 and probe.field and not names(answer, probe.field):
        return f"422 naming {named_fields(answer)}, not {probe.field}"
    return None


def test_every_write_operation_has_a_caller():
    """A write operation without a caller here would go unfuzzed: map it in CALLERS."""
    found = {o.operation_id for o in OPERATIONS}
    assert len(found) >= 70
    assert sorted(found - set(CALLERS)) == [], "map these operations in CALLERS"
    assert sorted(set(CALLERS) - found) == [], "these operations are gone: remove them"


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_hostile_bodies_are_refused_with_a_4xx(city, operation):
    caller = CALLERS.get(operation.operation_id)
    if caller is None:
        pytest.fail(f"{operation} ({operation.operation_id}) has no caller in CALLERS")
    client = client_for(city, caller)
    url = url_for(operation, caller)
    faults = []
    if operation.content_type == "application/json":
        known = samples()
        probes = [*whole_body_probes(operation), *field_probes(operation, known)]
        for probe in probes:
            answer = send(client, operation, url, probe.body, "application/json")
            fault = verdict(operation, probe, answer)
            if fault:
                faults.append(f"{probe.label}: {fault}")
        faults += header_faults(client, operation, url, known)
    elif operation.content_type:  # multipart: form fields and a file
        faults += multipart_faults(client, operation, url)
    faults += path_faults(client, operation)
    assert not faults, f"{operation}:\n" + "\n".join(faults)


def multipart_faults(client, operation: Operation, url: str) -> list[str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    faults = []
    texts = [n for n, node in operation.fields.items() if node.get("format") != "binary"]
    files = [n for n, node in operation.fields.items() if node.get("format") == "binary"]
    files += [
        n
        for n, node in operation.fields.items()
        if node.get("type") == "array" and node.get("items", {}).get("format") == "binary"
    ]
    texts = [t for t in texts if t not in files]

    def form(**changes):
        data = {t: "1" for t in texts}
        data.update({f: SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not a zip") for f in files})
        data.update(changes)
        return data

    probes = [("garbage file", form(), None)]
    for name in texts:
        probes += [
            (f"{name}: a NUL", form(**{name: f"a{NUL}b"}), None),
            (f"{name}: 1 MB", form(**{name: MEGABYTE}), None),
        ]
    for label, data, field_name in probes:
        answer = client.post(url, data)
        fault = verdict(operation, Probe(label, "", field_name), answer)
        if fault:
            faults.append(f"{label}: {fault}")
    for label, body in (
        ("JSON instead of a form", json.dumps({"file": "x"})),
        ("a broken multipart", "--boundary\r\nnonsense"),
    ):
        kind = "application/json" if label.startswith("JSON") else "multipart/form-data"
        if "multipart" in kind:
            kind += "; boundary=boundary"
        answer = client.post(url, body, content_type=kind)
        fault = verdict(operation, Probe(label, body), answer)
        if fault:
            faults.append(f"{label}: {fault}")
    return faults


def header_faults(client, operation: Operation, url: str, known: dict) -> list[str]:
    """A NUL and 10,000 characters in each header parameter (Idempotency-Key)."""
    faults = []
    body = json.dumps(base_body(operation, known))
    for name in operation.headers:
        meta = "HTTP_" + name.upper().replace("-", "_")
        for label, value in (("a NUL", f"k{NUL}"), ("10k", "k" * 10_000)):
            call = getattr(client, operation.method)
            answer = call(url, body, content_type="application/json", **{meta: value})
            if not 400 <= answer.status_code < 500:
                faults.append(f"{name}: {label}: {answer.status_code} {answer.content[:200]!r}")
    return faults


def path_faults(client, operation: Operation) -> list[str]:
    """Nonsense, broken and huge path values (with a body that is no JSON: whichever the
    operation looks at first, the answer is a 4xx)."""
    faults = []
    if not operation.path_params:
        return faults
    values = ["0", "%00", "%ED%A0%80", "x" * 5000, "-1", "99999999999999999999999"]
    for value in values:
        url = operation.path
        for name in operation.path_params:
            url = url.replace("{" + name + "}", value)
        answer = getattr(client, operation.method)(url, "[[[", content_type="application/json")
        fault = verdict(operation, Probe(f"path {value[:20]}", ""), answer, routed=False)
        if fault:
            faults.append(f"path {value[:20]}: {fault}")
    return faults


# --- Open311: a form-encoded POST with an api_key ----------------------------------------

OPEN311_KEY = "o311_demo-city-open311-client-key-0001"


def test_open311_post_refuses_hostile_forms(city):
    from django.test import Client

    client = Client()
    url = "/open311/v2/requests.json"
    good = {
        "api_key": OPEN311_KEY,
        "service_code": "streetlight",
        "lat": "31.5",
        "long": "120.2",
        "description": "路灯连续三个晚上不亮。",
    }
    fields = [*good, "address_string", "email", "first_name", "last_name", "phone"]
    fields += ["media_url", "device_id", "account_id", "jurisdiction_id"]
    faults = []
    for name in fields:
        for label, value in (("a NUL", f"a{NUL}b"), ("1 MB", MEGABYTE)):
            answer = client.post(url, {**good, name: value})
            if not 400 <= answer.status_code < 500:
                faults.append(f"{name}: {label}: {answer.status_code} {answer.content[:200]!r}")
        body = "&".join(f"{k}={v}" for k, v in {**good, name: "%ED%A0%80%FF"}.items())
        answer = client.post(url, body, content_type="application/x-www-form-urlencoded")
        if not 400 <= answer.status_code < 500:
            faults.append(f"{name}: bad UTF-8: {answer.status_code} {answer.content[:200]!r}")
    for label, body, kind in (
        ("JSON", json.dumps(good), "application/json"),
        ("3 MB", "description=" + "x" * (3 * 1024 * 1024), "application/x-www-form-urlencoded"),
        ("broken multipart", "--b\r\nnonsense", "multipart/form-data; boundary=b"),
    ):
        answer = client.post(url, body, content_type=kind)
        if not 400 <= answer.status_code < 500:
            faults.append(f"{label}: {answer.status_code} {answer.content[:200]!r}")
    assert not faults, "\n".join(faults)


def test_every_request_schema_has_a_name_of_its_own():
    """The OpenAPI document keeps one schema per name: two request schemas of one name (the
    cards' and the appeals' ``BatchIn`` were) documented one operation's body with the
    other's, and this test would fuzz the wrong fields."""
    from onething.core.schema import Schema

    seen: dict[str, set[str]] = {}
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        if cls.__module__.startswith("onething.") and cls.__name__.endswith("In"):
            seen.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert len(seen) >= 50
    assert {n: m for n, m in seen.items() if len(m) > 1} == {}


# --- the faults this sweep found, each on its own --------------------------------------------


def test_a_nul_in_an_api_path_is_a_422_naming_the_parameter(city):
    answer = city.client("clerk.hudai", "en").post("/api/cases/a%00b/accept")
    assert answer.status_code == 422  # on PostgreSQL the lookup was a 500
    assert [(f["field"], f["rule"]) for f in answer.json()["error"]["details"]["fields"]] == [
        ("number", "format")
    ]
    assert "NUL" in answer.json()["error"]["message"]
    assert city.client("clerk.hudai").get("/cases/a%00b/").status_code == 400


def test_a_text_past_the_cap_is_a_422_and_a_huge_body_a_413(city):
    from onething.appeals.models import Policy
    from onething.core.apiutils import JSON_BODY_MAX_BYTES, TEXT_MAX_CHARS

    client = city.client("admin", "en")
    policy = {"title": "政策", "summary": "摘要", "body": "正文", "department": "WX-CG"}
    before = Policy.objects.count()
    answer = client.post(
        "/api/policies",
        {**policy, "industries": ["字" * (TEXT_MAX_CHARS + 1)]},
        content_type="application/json",
    )
    assert answer.status_code == 422, answer.content[:300]  # a megabyte here was stored
    fields = answer.json()["error"]["details"]["fields"]
    assert [(f["field"], f["rule"]) for f in fields] == [("industries.0", "max_length")]
    body = json.dumps({"ticket_number": "", "padding": "x" * JSON_BODY_MAX_BYTES})
    answer = city.client("clerk.hudai", "en").post(
        "/api/crossregion/arrivals", body, content_type="application/json"
    )
    assert answer.status_code == 413, answer.content[:300]  # it made an arrival
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "body"
    assert Policy.objects.count() == before


def test_a_nul_in_an_idempotency_key_is_a_422(city):
    from onething.cards.models import PoolTopUp

    before = PoolTopUp.objects.count()
    answer = city.client("union", "en").post(
        "/api/pool/top-ups",
        {"amount_fen": 100},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"k{NUL}",
    )
    assert answer.status_code == 422, answer.content[:300]
    fields = answer.json()["error"]["details"]["fields"]
    assert [(f["field"], f["rule"]) for f in fields] == [("idempotency_key", "nul_character")]
    assert PoolTopUp.objects.count() == before


def test_open311_refuses_a_form_that_is_not_utf8_and_an_overlong_field(city):
    from django.test import Client

    from onething.appeals.models import Appeal

    before = Appeal.objects.count()
    good = f"api_key={OPEN311_KEY}&service_code=streetlight&lat=31.5&long=120.2&description=ok"
    answer = Client().post(
        "/open311/v2/requests.json",
        good + "&first_name=%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 400
    assert "first_name" in answer.json()[0]["description"]
    answer = Client().post(
        "/open311/v2/requests.json",
        good + "&device_id=" + "x" * 20_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 400
    assert "device_id" in answer.json()[0]["description"]
    assert Appeal.objects.count() == before


def test_a_bad_longitude_is_named_as_the_longitude(city):
    body = {
        "type": "demand",
        "category": "streetlight",
        "title": "路灯不亮",
        "text": "路灯连续三个晚上不亮。",
        "latitude": 31.55,
        "longitude": 1e308,
    }
    answer = city.client("zhangwei", "en").post(
        "/api/appeals", body, content_type="application/json"
    )
    assert answer.status_code == 422
    fields = answer.json()["error"]["details"]["fields"]
    assert [(f["field"], f["rule"]) for f in fields] == [("longitude", "type")]
