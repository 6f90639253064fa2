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
GATE = "ot_demo0001_metro-gate-token-for-the-demo-city-only"
NO_DEVICE = "dv_a-device-token-no-device-of-the-demo-city-has"
NO_GATE = "pg_a-gate-token-no-parking-gate-of-the-demo-city-has"
NONSENSE = "0"  # a path id nothing has


def _first(model_path: str, attribute: str, **filters):
    def value():
        from django.apps import apps

        model = apps.get_model(model_path)
        return getattr(model.objects.filter(**filters).order_by("pk").first(), attribute)

    return value


def _hudai_person():
    from onething.core.models import Person

    return Person.objects.filter(region__code="320211102").order_by("pk").first().pk


# The account that calls each write operation (by operationId), and how to fill its path.
CALLERS: dict[str, Caller] = {
    # core
    "onething_core_api_register_person": Caller("clerk.hudai"),
    "onething_core_api_lookup_person": Caller("clerk.hudai"),
    "onething_core_api_reveal_person_field": Caller(
        "clerk.hudai", path={"person_id": _hudai_person}
    ),
    "onething_core_api_register_enterprise": Caller("clerk.hudai"),
    "onething_core_api_calendar_schedule_enter": Caller("supervisor"),
    "onething_core_api_calendar_schedule_import": Caller("supervisor"),
    "onething_catalog_api_import_catalogue": Caller("admin"),
    # cases
    "onething_cases_api_upload_material": Caller("zhangwei"),
    "onething_cases_api_submit_case": Caller("zhangwei"),
    "onething_cases_api_window_intake": Caller("clerk.hudai"),
    "onething_cases_api_accept": Caller("clerk.hudai"),
    "onething_cases_api_decline": Caller("clerk.hudai"),
    "onething_cases_api_request_correction": Caller("officer.hudai"),
    "onething_cases_api_submit_correction": Caller("zhangwei"),
    "onething_cases_api_conclude": Caller("officer.hudai"),
    "onething_cases_api_withdraw": Caller("zhangwei"),
    "onething_cases_api_hand_over": Caller("clerk.hudai"),
    "onething_cases_api_reveal_form_answer": Caller("clerk.hudai"),
    "onething_cases_api_rate": Caller("zhangwei"),
    "onething_cases_api_close_rectification": Caller("supervisor"),
    "onething_cases_api_urges_issue_urge": Caller("supervisor"),
    "onething_cases_api_urges_answer_urge": Caller("officer.hudai"),
    "onething_cases_api_urges_close_urge": Caller("supervisor"),
    # cross-region
    "onething_crossregion_api_start": Caller("clerk.hudai"),
    "onething_crossregion_api_window_intake": Caller("clerk.hudai"),
    "onething_crossregion_api_online": Caller("zhangwei"),
    "onething_crossregion_api_decide_part": Caller("officer.xueyan"),
    "onething_crossregion_api_prepare_handoff": Caller("clerk.hudai"),
    "onething_crossregion_api_send_handoff": Caller("clerk.hudai"),
    "onething_crossregion_api_receive_handoff": Caller("clerk.xueyan"),
    # one-things (bundles)
    "onething_bundles_api_save_bundle": Caller(
        "admin", path={"code": _first("bundles.Bundle", "code")}
    ),
    "onething_bundles_api_submit_run": Caller("qiye.chengfeng"),
    "onething_bundles_api_withdraw_run": Caller("qiye.chengfeng"),
    "onething_bundles_api_record_milestone": Caller("qiye.delijia"),
    "onething_bundles_api_enter_outputs": Caller("officer.jy-sw"),
    "onething_bundles_api_file_declaration": Caller("agent.chengxin"),
    "onething_bundles_api_collect": Caller("agent.chengxin"),
    "onething_bundles_api_confirm_pickup": Caller("clerk.hudai"),
    "onething_bundles_api_refuse_pickup": Caller("clerk.hudai"),
    "onething_bundles_api_xlsx_import_bundles": Caller("admin"),
    # appeals
    "onething_appeals_api_intake_submit": Caller("zhangwei"),
    "onething_appeals_api_intake_submit_with_photos": Caller("zhangwei"),
    "onething_appeals_api_flow_dispatch": Caller("dispatcher"),
    "onething_appeals_api_flow_accept": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_return_to_dispatcher": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_reply": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_follow_up": Caller("zhangwei"),
    "onething_appeals_api_flow_request_extension": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_decide_extension": Caller("supervisor"),
    "onething_appeals_api_supervision_create_batch": Caller("supervisor"),
    "onething_appeals_api_supervision_add_to_batch": Caller("supervisor"),
    "onething_appeals_api_supervision_create_project": Caller("officer.qmq"),
    "onething_appeals_api_supervision_record_milestone": Caller("officer.qmq"),
    "onething_appeals_api_directory_publish_policy": Caller("admin"),
    "onething_appeals_api_directory_ask_about_policy": Caller(
        "qiye.chengfeng", path={"policy_id": _first("appeals.Policy", "pk")}
    ),
    # honour cards
    "onething_cards_api_registry_register_honoree": Caller("union"),
    "onething_cards_api_registry_import_honorees": Caller("union"),
    "onething_cards_api_registry_change_status": Caller(
        "union", path={"honoree_id": _first("cards.Honoree", "pk")}
    ),
    "onething_cards_api_cards_create_batch": Caller("union"),
    "onething_cards_api_cards_issue_card": Caller("union"),
    "onething_cards_api_cards_report_lost": Caller("union"),
    "onething_cards_api_cards_bind_transit": Caller("union"),
    "onething_cards_api_batches_issue_batch": Caller("union"),
    "onething_cards_api_certificates_create_key": Caller("union"),
    "onething_cards_api_certificates_retire_key": Caller("union"),
    "onething_cards_api_certificates_issue_certificate": Caller("union"),
    "onething_cards_api_certificates_revoke_certificate": Caller(
        "union", path={"serial": _first("cards.Certificate", "serial")}
    ),
    "onething_cards_api_venues_save_operator": Caller("union"),
    "onething_cards_api_venues_save_venue": Caller("union"),
    "onething_cards_api_venues_set_tariff": Caller(
        "union", path={"code": _first("cards.Venue", "code")}
    ),
    "onething_cards_api_venues_create_benefit": Caller("union"),
    "onething_cards_api_venues_change_benefit": Caller(
        "union", path={"benefit_id": _first("cards.Benefit", "pk")}
    ),
    "onething_cards_api_gates_register_gate": Caller("union"),
    "onething_cards_api_gates_swipe": Caller(token=GATE),
    "onething_cards_api_gates_swipe_batch": Caller(token=GATE),
    "onething_cards_api_pool_set_threshold": Caller("union"),
    "onething_cards_api_pool_top_up": Caller("union"),
    "onething_cards_api_pool_correct": Caller("union"),
    "onething_cards_api_settlement_prepare_settlement": Caller("union"),
    "onething_cards_api_settlement_approve_settlement": Caller("union"),
    "onething_cards_api_settlement_pay_settlement": Caller("union"),
    "onething_cards_api_settlement_upload_reconciliation": Caller("union"),
    # operations centre: a device signs in with its own token (the demo city has no device
    # yet: a token no device has, answered 401 before the body is read), people by session
    "onething_cityops_api_readings_ingest": Caller(token=NO_DEVICE),
    "onething_cityops_api_events_report_event": Caller("inspector"),
    "onething_cityops_api_events_report_event_with_photos": Caller("inspector"),
    "onething_cityops_api_events_register_event": Caller("dispatcher"),
    "onething_cityops_api_events_dismiss_event": Caller("dispatcher"),
    "onething_cityops_api_events_dispatch_event": Caller("dispatcher"),
    "onething_cityops_api_events_handle_event": Caller("officer.wx-cg"),
    "onething_cityops_api_events_check_event": Caller("inspector"),
    "onething_cityops_api_events_close_event": Caller("dispatcher"),
    # the public-data platform: a department's officer defines its datasets and releases
    "onething_opendata_api_catalogue_define_dataset": Caller("officer.wx-cg"),
    "onething_opendata_api_releases_publish_release": Caller("officer.wx-cg"),
    # city management, 红黑榜: the city-management office (无锡市城市管理局) runs the batches
    # and closes rectifications, a supervisor approves; no batch nor task in the demo's base
    "onething_citymgmt_api_ranking_define_category": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_register_site": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_create_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_draw_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_reopen_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_approve_batch": Caller("supervisor"),
    "onething_citymgmt_api_ranking_publish_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_enter_site_scores": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_submit_rectification": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_close_rectification": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_send_back_rectification": Caller("officer.wx-cg"),
    # city management, streets: the city-management office approves and moves the projects
    # (no street nor project in the demo's base)
    "onething_citymgmt_api_streets_create_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_start_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_complete_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_spend_on_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_add_photo": Caller("officer.wx-cg"),
    # city management, 新街·吴韵: a resident scores (a scoring device signs in with its own
    # token), an inspector records a check, the office registers points, reviews and closes
    "onething_citymgmt_api_scoring_submit_score": Caller("zhangwei"),
    "onething_citymgmt_api_scoring_review_score": Caller("officer.wx-cg"),
    "onething_citymgmt_api_scoring_record_inspection": Caller("inspector"),
    "onething_citymgmt_api_scoring_close_month": Caller("officer.wx-cg"),
    "onething_citymgmt_api_scoring_register_point": Caller("officer.wx-cg"),
    # city management, shared parking: a gate signs in with its own token (no gate in the
    # demo's base: a token no gate has, answered 401 before the body is read), a citizen
    # registers a plate, the office reviews
    "onething_citymgmt_api_parking_gate_event": Caller(token=NO_GATE),
    "onething_citymgmt_api_parking_register_plate": Caller("zhangwei"),
    "onething_citymgmt_api_parking_review_registration": Caller("officer.wx-cg"),
    "onething_citymgmt_api_parking_revoke_registration": Caller("officer.wx-cg"),
    # the institute (实训学院): its staff write the catalogue, screen, select, enrol, issue
    # and record placements, a teacher takes attendance and grades, a student applies and
    # answers, a partner company's staff post openings and decide. The demo's base has the
    # accounts but none of the institute's records: paths name nothing (404 or 422 first)
    **{
        f"onething_training_api_catalogue_{name}": Caller("institute")
        for name in (
            "create_programme",
            "edit_programme",
            "create_track",
            "edit_track",
            "create_course",
            "edit_course",
            "create_cohort",
            "edit_cohort",
            "open_cohort",
            "close_cohort",
            "reopen_cohort",
            "start_cohort",
            "finish_cohort",
            "partners_create_partner",
            "partners_edit_partner",
            "partners_create_adviser",
            "partners_edit_adviser",
            "partners_assign_adviser",
            "partners_unassign_adviser",
            "partners_create_university",
            "partners_edit_university",
            "partners_link_university_account",
            "partners_create_agreement",
            "partners_edit_agreement",
            "partners_terminate_agreement",
        )
    },
    "onething_training_api_applications_submit_application": Caller("student.new"),
    "onething_training_api_applications_screen_application": Caller("institute"),
    "onething_training_api_applications_reject_application": Caller("institute"),
    "onething_training_api_applications_score_interview": Caller("institute"),
    "onething_training_api_applications_import_interview_scores": Caller("institute"),
    "onething_training_api_applications_run_selection": Caller("institute"),
    "onething_training_api_applications_close_waiting_list": Caller("institute"),
    "onething_training_api_applications_accept_offer": Caller("student.wei"),
    "onething_training_api_applications_decline_offer": Caller("student.wei"),
    "onething_training_api_applications_withdraw_application": Caller("student.wei"),
    "onething_training_api_classes_enrol": Caller("institute"),
    "onething_training_api_classes_mark_attendance": Caller("teacher.sx"),
    "onething_training_api_classes_enter_grades": Caller("teacher.sx"),
    "onething_training_api_classes_complete_enrolment": Caller("institute"),
    "onething_training_api_classes_withdraw_enrolment": Caller("institute"),
    "onething_training_api_classes_take_attendance": Caller("adviser.zwax"),
    "onething_training_api_classes_enter_grade_sheet": Caller("adviser.zwax"),
    "onething_training_api_transcripts_issue_transcript": Caller("institute"),
    "onething_training_api_transcripts_revoke_transcript": Caller("institute"),
    "onething_training_api_placements_create_opening": Caller("hr.yaoming"),
    "onething_training_api_placements_edit_opening": Caller("hr.yaoming"),
    "onething_training_api_placements_close_opening": Caller("hr.yaoming"),
    "onething_training_api_placements_apply_to_opening": Caller("student.wei"),
    "onething_training_api_placements_interview": Caller("hr.yaoming"),
    "onething_training_api_placements_job_offer": Caller("hr.yaoming"),
    "onething_training_api_placements_job_reject": Caller("hr.yaoming"),
    "onething_training_api_placements_job_withdraw": Caller("student.wei"),
    "onething_training_api_placements_job_decline": Caller("student.wei"),
    "onething_training_api_placements_hire": Caller("student.wei"),
    "onething_training_api_placements_record_placement": Caller("institute"),
    "onething_training_api_placements_end_placement": Caller("hr.yaoming"),
}


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
