"""The whole life of a case through the API: online application with materials, acceptance,
a correction (the clock stops), approval, the licence (PDF, verification page), the rating
不满意 and the supervisor's rectification — plus the refusals on the way."""

import io

from pypdf import PdfReader

from onething.cases.models import Case, Rectification
from onething.core.models import AuditEntry, Message

from .conftest import FORM, ITEM


def test_online_application_is_routed_to_the_town(submitted):
    assert submitted["status"] == "submitted"
    assert submitted["department"]["code"] == "HD-SCJG"  # 胡埭's market regulation office
    assert submitted["center"]["code"] == "SC-HD"
    assert submitted["number"].startswith("320211102-")
    assert len(submitted["materials"]) == 3
    assert submitted["applicant"]["id_number_masked"].count("*") == 10
    assert submitted["actions"] == ["withdraw"]


def test_the_whole_flow(api, submitted):
    number = submitted["number"]
    clerk, officer, zhang = api("clerk.hudai"), api("officer.binhu"), api("zhangwei")
    # the clerk of 胡埭 accepts: the deadline starts
    accepted = clerk.post(f"/api/cases/{number}/accept").json()
    assert accepted["status"] == "accepted" and accepted["due_date"]
    assert accepted["deadline_state"] in ("on_time", "warning")
    # the handling department's officer (胡埭分局 belongs to 滨湖区; officer.binhu is 滨湖区's)
    # cannot see it: only the handling department can.
    assert officer.get(f"/api/cases/{number}").status_code == 404
    hudai_officer = api("officer.hudai")  # 胡埭's market regulation office
    corrected = hudai_officer.post(
        f"/api/cases/{number}/request-correction", {"reason": "经营场所证明不清晰。"}
    )
    assert corrected.json()["status"] == "correction_requested"
    assert corrected.json()["deadline_state"] == "on_time"  # paused
    new = zhang.uploads("premises-proof")
    back = zhang.post(f"/api/cases/{number}/correction", {"materials": new}).json()
    assert back["status"] == "accepted"
    assert sum(1 for m in back["materials"] if m["superseded"]) == 1
    done = hudai_officer.post(f"/api/cases/{number}/conclude", {"outcome": "approved"}).json()
    assert done["status"] == "concluded" and done["outcome"] == "approved"
    licence = done["licence"]
    assert licence["title"] == "营业执照" and licence["number"].startswith("ZZ")
    # the applicant downloads the PDF: Chinese text, the font embedded
    pdf = zhang.client.get(licence["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = reader.pages[0].extract_text()
    assert "营业执照" in text and licence["number"] in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descendants = [
        d.get_object() for f in fonts.values() for d in f.get_object().get("/DescendantFonts", [])
    ]
    assert any("/FontFile2" in d["/FontDescriptor"].get_object() for d in descendants)
    # the verification page (public, no login) says valid, masks the holder's name
    page = api("zhangwei").client.get(licence["verify_url"])
    assert page.status_code == 200
    # rating 不满意 opens a rectification
    rated = zhang.post(f"/api/cases/{number}/evaluation", {"level": 2, "comment": "等待时间长"})
    assert rated.status_code == 201 and rated.json()["rectification_id"]
    assert rated.json()["rating"] == 2  # sent as level, the name clients used first
    assert zhang.post(f"/api/cases/{number}/evaluation", {"level": 5}).status_code == 409
    supervisor = api("supervisor")
    listed = supervisor.get("/api/rectifications", status="open").json()["items"]
    mine = next(r for r in listed if r["case_number"] == number)
    stored = Rectification.objects.get(case__number=number)
    assert (mine["due_date"], mine["due_provisional"]) == (
        str(stored.due_date),
        stored.due_provisional,
    )
    assert number in [r["case_number"] for r in listed]
    rid = rated.json()["rectification_id"]
    incomplete = supervisor.post(f"/api/rectifications/{rid}/close", {"result": "已整改"})
    assert incomplete.status_code == 422
    fields = {f["field"] for f in incomplete.json()["error"]["details"]["fields"]}
    assert fields == {"follow_up_at", "follow_up_note"}
    closed = supervisor.post(
        f"/api/rectifications/{rid}/close",
        {
            "result": "增设导办员",
            "follow_up_at": "2026-01-05T10:00:00+08:00",
            "follow_up_note": "申请人表示认可",
        },
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert Rectification.objects.get(pk=rid).closed_by.username == "supervisor"
    # every step told the applicant; every step is in the audit log
    case = Case.objects.get(number=number)
    subjects = list(Message.objects.filter(topic_id=str(case.pk)).values_list("subject", flat=True))
    assert len(subjects) == 5  # received, accepted, correction, correction received, concluded
    actions = list(
        AuditEntry.objects.filter(subject_type="cases.case", subject_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "case.submit",
        "case.accept",
        "case.request_correction",
        "case.submit_correction",
        "case.conclude",
        "evaluation.submit",
    ]
    history = zhang.get(f"/api/cases/{number}").json()["history"]
    assert [h["action"] for h in history][:2] == ["case.submit", "case.accept"]


def test_illegal_transitions_are_409_and_wrong_roles_403(api, submitted):
    number = submitted["number"]
    clerk, zhang = api("clerk.hudai"), api("zhangwei")
    conclude = clerk.post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert conclude.status_code == 409
    assert conclude.json()["error"]["code"] == "invalid_transition"
    assert zhang.post(f"/api/cases/{number}/accept").status_code == 403
    assert clerk.post(f"/api/cases/{number}/accept").status_code == 200
    assert clerk.post(f"/api/cases/{number}/accept").status_code == 409
    # a clerk concludes only instant items
    refused = clerk.post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert refused.status_code == 403
    assert zhang.post(f"/api/cases/{number}/withdraw").json()["status"] == "withdrawn"
    assert zhang.post(f"/api/cases/{number}/withdraw").status_code == 409


def test_other_towns_clerk_cannot_see_or_act(api, submitted):
    xueyan = api("clerk.xueyan")
    assert xueyan.get(f"/api/cases/{submitted['number']}").status_code == 404
    assert xueyan.post(f"/api/cases/{submitted['number']}/accept").status_code == 404
    assert submitted["number"] not in {
        c["number"] for c in xueyan.get("/api/cases").json()["items"]
    }


def test_bad_form_fields_are_422_per_field(api):
    zhang = api("zhangwei")
    ids = zhang.uploads("id-card", "application-form", "premises-proof")
    before = Case.objects.count()
    bad = {**FORM, "operator_id": "110105194912310021", "capital": -5, "extra": 1}
    del bad["business_name"]
    answer = zhang.post("/api/cases", {"item_code": ITEM, "form": bad, "materials": ids})
    assert answer.status_code == 422
    rules = {(f["field"], f["rule"]) for f in answer.json()["error"]["details"]["fields"]}
    assert rules == {
        ("form.business_name", "required"),
        ("form.operator_id", "checksum"),
        ("form.capital", "min"),
        ("form.extra", "unknown_field"),
    }
    assert Case.objects.count() == before


def test_missing_material_is_422(api):
    zhang = api("zhangwei")
    ids = zhang.uploads("id-card")
    answer = zhang.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
    assert answer.status_code == 422
    fields = {f["field"] for f in answer.json()["error"]["details"]["fields"]}
    assert fields == {"materials.application-form", "materials.premises-proof"}


def test_retry_with_the_same_key_gets_the_first_case(api):
    zhang = api("zhangwei")
    ids = zhang.uploads("id-card", "application-form", "premises-proof")
    body = {"item_code": ITEM, "form": FORM, "materials": ids}
    first = zhang.post("/api/cases", body, HTTP_IDEMPOTENCY_KEY="apply-1")
    second = zhang.post("/api/cases", body, HTTP_IDEMPOTENCY_KEY="apply-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["number"] == second.json()["number"]
    assert Case.objects.filter(number=first.json()["number"]).count() == 1


def test_personal_answers_are_sealed_masked_and_revealed_with_audit(api, submitted):
    number = submitted["number"]
    assert submitted["form"]["operator_id"] == "1101**********002X"
    case = Case.objects.get(number=number)
    assert "11010519491231002X" not in str(case.form_data)
    assert "11010519491231002X" not in case.form_personal
    officer = api("officer.hudai")
    answer = officer.post(
        f"/api/cases/{number}/form/reveal", {"field": "operator_id", "purpose": "核对经营者身份"}
    )
    assert answer.status_code == 200 and answer.json()["value"] == "11010519491231002X"
    entry = AuditEntry.objects.filter(action="pii.read", subject_id=str(case.pk)).latest("id")
    assert entry.after == {"field": "form.operator_id"} and entry.note == "核对经营者身份"
    assert officer.post(f"/api/cases/{number}/form/reveal", {"field": "capital"}).status_code == 422
    assert (
        api("supervisor")
        .post(f"/api/cases/{number}/form/reveal", {"field": "operator_id"})
        .status_code
        == 403
    )
    assert (
        api("clerk.xueyan")
        .post(f"/api/cases/{number}/form/reveal", {"field": "operator_id"})
        .status_code
        == 404
    )


def test_a_case_outside_runs_and_alliances_costs_no_run_or_cross_region_look_up(api, submitted):
    """Accepting an ordinary case reads whether it is a step or cross-region with the case
    itself: no separate look-up of a run step or a cross-region record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clerk = api("clerk.hudai")
    with CaptureQueriesContext(connection) as seen:
        assert clerk.post(f"/api/cases/{submitted['number']}/accept").status_code == 200
    lookups = [
        q["sql"]
        for q in seen.captured_queries
        if q["sql"].startswith(('SELECT "bundles_runstep"', 'SELECT "crossregion_crossregioncase"'))
    ]
    assert lookups == []


def test_a_token_submission_reads_the_applicant_with_the_token_and_a_retry_makes_one_case(
    api,
):
    """Over a bearer token the applicant (person and region) comes with the token's
    look-up, and a retried submission with the same Idempotency-Key answers the first case."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from onething.core.models import IdempotencyRecord, User
    from onething.core.permissions import SYSTEM
    from onething.core.services.accounts import token_issue

    zhang = api("zhangwei")
    ids = zhang.uploads("id-card", "application-form", "premises-proof")
    _token, secret = token_issue(
        actor=SYSTEM, user=User.objects.get(username="zhangwei"), name="app"
    )
    client = Client(enforce_csrf_checks=True)

    def submit():
        return client.post(
            "/api/cases",
            {"item_code": ITEM, "form": FORM, "materials": ids},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_IDEMPOTENCY_KEY="token-once",
        )

    cases = Case.objects.count()
    with CaptureQueriesContext(connection) as seen:
        first = submit()
    assert first.status_code == 201, first.content
    assert first.json()["applicant"]["name"] == "张伟"
    assert not [q for q in seen.captured_queries if q["sql"].startswith('SELECT "core_person"')]
    again = submit()
    assert again.status_code == 201 and again.json()["number"] == first.json()["number"]
    assert Case.objects.count() == cases + 1
    assert IdempotencyRecord.objects.filter(key="token-once").count() == 1
