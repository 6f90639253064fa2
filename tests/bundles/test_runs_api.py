"""One-thing runs through the API: one form, one set of materials, parallel steps, data
passing and checks between them, denial propagation, withdrawal, idempotent retries."""

import pytest

from onething.bundles.models import BundleRun, RunStep
from onething.cases.models import Case, Material
from onething.core.models import AuditEntry, Message
from onething.demo.bundles import EQUITY, RESTAURANT

from .conftest import handle

pytestmark = pytest.mark.django_db


def error(response):
    return response.json()["error"]


def fields(response):
    return error(response)["details"]["fields"]


def steps_of(run_json):
    return {s["key"]: s for s in run_json["steps"]}


def test_one_form_asks_each_field_once_and_lists_each_material_once(api):
    bundle = api("qiye.chengfeng").get(f"/api/bundles/{EQUITY}").json()
    fields = bundle["form_schema"]["x-order"]
    assert len(fields) == len(set(fields))
    # the two tax items share taxpayer_id, income_yuan and period: asked once
    assert fields.count("taxpayer_id") == 1 and "price_yuan" in fields
    materials = {m["material_type"]["code"]: m["steps"] for m in bundle["materials"]}
    assert materials["business-licence"] == ["declare", "verify", "register"]
    assert materials["tax-return"] == ["declare"]


def test_equity_transfer_runs_in_parallel_and_concludes_with_every_licence(apply_equity, officers):
    staff, answer = apply_equity()
    assert answer.status_code == 201, answer.content
    run = answer.json()
    steps = steps_of(run)
    # 并联: the three steps start at submission, each a case in its department's inbox
    assert {k: s["status"] for k, s in steps.items()} == dict.fromkeys(
        ("declare", "verify", "register"), "started"
    )
    assert steps["declare"]["department"]["code"] == "JY-SW"
    assert steps["register"]["department"]["code"] == "JY-SCJG"
    tax, market = officers("JY-SW"), officers("JY-SCJG")
    inbox = tax.get("/api/cases", page_size=100).json()["items"]
    assert {steps["declare"]["case_number"], steps["verify"]["case_number"]} <= {
        c["number"] for c in inbox
    }
    assert steps["register"]["case_number"] not in {c["number"] for c in inbox}

    # 一套材料: each upload once, attached to every step that needs it (the same file)
    licences = Material.objects.filter(
        case__number__in=[s["case_number"] for s in steps.values()],
        material_type__code="business-licence",
    )
    assert licences.count() == 3 and len({m.sha256 for m in licences}) == 1

    # 一表: each case has its own part of the one form, shared fields passed to both
    declare = Case.objects.get(number=steps["declare"]["case_number"])
    register = Case.objects.get(number=steps["register"]["case_number"])
    assert declare.form_data["income_yuan"] == 1200000 and "price_yuan" not in declare.form_data
    assert register.form_data["price_yuan"] == 1200000 and "income_yuan" not in register.form_data

    # registration may be reviewed in parallel but concludes after a passed verification
    early = handle(market, steps["register"]["case_number"])
    assert early.status_code == 409
    assert error(early)["code"] == "step_not_ready"
    # the step it waits for, named by its item (never by its key)
    verify = Case.objects.get(number=steps["verify"]["case_number"])
    assert verify.item.name in error(early)["message"]
    assert "verify" not in error(early)["message"]
    assert (
        handle(tax, steps["declare"]["case_number"], {"tax_basis_yuan": "1200000"}).status_code
        == 200
    )
    assert (
        handle(
            tax, steps["verify"]["case_number"], {"verification_number": "JYCY2025-0001"}
        ).status_code
        == 200
    )
    done = market.post(
        f"/api/cases/{steps['register']['case_number']}/conclude", {"outcome": "approved"}
    )
    assert done.status_code == 200, done.content

    run = staff.get(f"/api/runs/{run['number']}").json()
    assert run["status"] == "concluded"
    steps = steps_of(run)
    assert all(s["status"] == "approved" and s["licence_number"] for s in steps.values())
    # data passed on: the tax certificate number came from the declaration's licence
    assert steps["declare"]["outputs"]["tax_certificate"] == steps["declare"]["licence_number"]
    assert run["elapsed_hours"] is not None and run["relay_hours"] >= run["elapsed_hours"]
    # one message stream with the run's conclusion naming every licence
    stream = staff.get(f"/api/runs/{run['number']}/messages").json()
    last = [m for m in stream if run["number"] in m["subject"]][-1]
    assert all(s["licence_number"] in last["body"] for s in steps.values())
    assert len(stream) > 4


def test_registration_refused_when_the_amount_disagrees_with_the_tax_basis(apply_equity, officers):
    _staff, answer = apply_equity()
    steps = steps_of(answer.json())
    tax, market = officers("JY-SW"), officers("JY-SCJG")
    handle(tax, steps["declare"]["case_number"], {"tax_basis_yuan": "1500000"})
    handle(tax, steps["verify"]["case_number"], {"verification_number": "JYCY2025-0002"})
    refused = handle(market, steps["register"]["case_number"])
    assert refused.status_code == 409
    assert "计税依据不一致" in error(refused)["message"]
    case = Case.objects.get(number=steps["register"]["case_number"])
    assert case.status == "accepted" and not hasattr(case, "licence")


def test_submission_refused_when_the_one_form_disagrees_with_itself(apply_equity, equity_form):
    before = BundleRun.objects.count(), Case.objects.count()
    _staff, answer = apply_equity(form={**equity_form, "price_yuan": 1000000})
    assert answer.status_code == 422
    problem = fields(answer)[0]
    assert problem["field"] == "checks.register" and problem["rule"] == "check_failed"
    assert "转让价格与纳税申报收入不一致" in problem["message"]
    assert (BundleRun.objects.count(), Case.objects.count()) == before


def test_bad_applications_name_the_field_and_write_nothing(api, apply_equity, equity_form):
    before = BundleRun.objects.count(), Case.objects.count()
    _s, missing = apply_equity(materials=("business-licence", "tax-return"))
    assert missing.status_code == 422
    # each missing type named once, though three steps ask for the contract
    assert sorted(p["field"] for p in fields(missing)) == [
        "materials.application-form",
        "materials.equity-contract",
    ]
    _s, bad = apply_equity(form={**equity_form, "share_percent": 130})
    assert bad.status_code == 422 and fields(bad)[0]["field"] == "form.share_percent"
    unknown = api("qiye.chengfeng").post("/api/runs", {"bundle_code": "YJS-320200-QY-999"})
    assert unknown.status_code == 422 and fields(unknown)[0]["field"] == "bundle_code"
    citizen = api("zhangwei").post("/api/runs", {"bundle_code": EQUITY, "form": equity_form})
    assert citizen.status_code == 422
    assert fields(citizen)[0]["field"] == "enterprise_id"
    assert (BundleRun.objects.count(), Case.objects.count()) == before


def test_a_retry_with_the_same_key_gets_the_same_run(api, chengfeng, equity_form):
    staff = api("qiye.chengfeng")
    payload = {
        "bundle_code": EQUITY,
        "form": equity_form,
        "materials": staff.uploads(*("business-licence", "tax-return", "equity-contract")),
        "enterprise_id": chengfeng.pk,
        "region_code": "320281",
    }
    payload["materials"].append(staff.uploads("application-form")[0])
    runs = BundleRun.objects.count()
    first = staff.post("/api/runs", payload, HTTP_IDEMPOTENCY_KEY="equity-once")
    assert first.status_code == 201, first.content
    cases = Case.objects.count()
    again = staff.post("/api/runs", payload, HTTP_IDEMPOTENCY_KEY="equity-once")
    assert again.json()["number"] == first.json()["number"]
    assert Case.objects.count() == cases
    # the same key for a different application is refused, not silently replayed
    other = staff.post(
        "/api/runs",
        {**payload, "form": {**equity_form, "transferee": "别人"}},
        HTTP_IDEMPOTENCY_KEY="equity-once",
    )
    assert other.status_code == 409
    assert BundleRun.objects.count() == runs + 1


def test_a_denied_step_stops_what_depends_on_it_and_the_run(apply_equity, officers):
    staff, answer = apply_equity()
    number = answer.json()["number"]
    steps = steps_of(answer.json())
    tax = officers("JY-SW")
    handle(tax, steps["declare"]["case_number"], {"tax_basis_yuan": "1200000"})
    denied = handle(
        tax, steps["verify"]["case_number"], outcome="denied", reason="转让方存在欠税，查验不通过"
    )
    assert denied.status_code == 200, denied.content
    run = staff.get(f"/api/runs/{number}").json()
    assert run["status"] == "stopped"
    assert "查验不通过" in run["stopped_reason"]
    steps = steps_of(run)
    assert steps["declare"]["status"] == "approved"  # done stays done
    assert steps["verify"]["status"] == "denied"
    assert steps["register"]["status"] == "stopped"
    assert steps["register"]["case_status"] == "withdrawn"  # out of the inbox
    stream = staff.get(f"/api/runs/{number}/messages").json()
    assert any("查验不通过" in m["body"] and number in m["subject"] for m in stream)
    # a stopped run cannot be withdrawn
    refused = staff.post(f"/api/runs/{number}/withdraw", {"reason": "不办了"})
    assert refused.status_code == 409


def test_withdrawing_a_run_withdraws_its_open_steps(apply_equity, officers):
    staff, answer = apply_equity()
    number = answer.json()["number"]
    case = steps_of(answer.json())["declare"]["case_number"]
    alone = staff.post(f"/api/cases/{case}/withdraw", {"reason": "只撤一项"})
    assert alone.status_code == 409 and error(alone)["code"] == "bundle_step"
    other = officers("JY-SW").post(f"/api/runs/{number}/withdraw", {"reason": "x"})
    assert other.status_code in (403, 404)
    done = staff.post(f"/api/runs/{number}/withdraw", {"reason": "交易取消"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "withdrawn"
    assert {s["case_status"] for s in done.json()["steps"]} == {"withdrawn"}
    assert AuditEntry.objects.filter(action="run.withdraw").exists()


def test_a_later_step_starts_when_its_dependency_is_approved_with_data_passed(api, officers):
    zhang = api("zhangwei")
    ids = zhang.uploads("id-card", "application-form", "premises-proof")
    form = {
        "business_name": "胡埭湖鲜小馆",
        "operator_name": "张伟",
        "operator_id": "11010519491231002X",
        "address": "滨湖区胡埭镇鸿翔路8号",
        "scope": "餐饮服务",
        "capital": 80000,
        "category": "热食类食品制售",
        "area": 60,
    }
    answer = zhang.post(
        "/api/runs",
        {"bundle_code": RESTAURANT, "form": form, "materials": ids, "region_code": "320211102"},
    )
    assert answer.status_code == 201, answer.content
    steps = steps_of(answer.json())
    assert steps["register"]["status"] == "started"
    assert steps["food"]["status"] == "waiting" and steps["food"]["case_number"] is None
    # the credit code is not asked in the one form: the registration provides it
    bundle = zhang.get(f"/api/bundles/{RESTAURANT}").json()
    assert "credit_code" not in bundle["form_schema"]["properties"]
    registrar = officers(steps["register"]["department"]["code"])
    wrong = registrar.post(
        f"/api/cases/{steps['register']['case_number']}/step-outputs",
        {"values": {"licence": "x"}},
    )
    assert wrong.status_code == 422 and fields(wrong)[0]["rule"] == "unknown_output"
    bad_code = registrar.post(
        f"/api/cases/{steps['register']['case_number']}/step-outputs",
        {"values": {"credit_code": "91320211MA1W5X8Y3K"}},
    )
    assert bad_code.status_code == 422
    assert fields(bad_code)[0]["field"] == "values.credit_code"
    assert fields(bad_code)[0]["rule"] == "checksum"
    code = "91320211MA1W5X8Y3P"
    concluded = handle(registrar, steps["register"]["case_number"], {"credit_code": code})
    assert concluded.status_code == 200, concluded.content
    run = zhang.get(f"/api/runs/{answer.json()['number']}").json()
    food = steps_of(run)["food"]
    assert food["status"] == "started" and food["inputs"] == {"credit_code": code}
    assert Case.objects.get(number=food["case_number"]).form_data["credit_code"] == code
    # the id-card was uploaded once and set aside for the food step until it started
    assert Material.objects.filter(
        case__number=food["case_number"], material_type__code="id-card"
    ).exists()


def test_the_run_is_visible_to_its_applicant_and_the_departments_only(apply_equity, api):
    _staff, answer = apply_equity()
    number = answer.json()["number"]
    assert api("zhangwei").get(f"/api/runs/{number}").status_code == 404
    assert api("officer.hudai").get(f"/api/runs/{number}").status_code == 404
    assert api("supervisor").get(f"/api/runs/{number}").status_code == 200
    mine = api("qiye.chengfeng").get("/api/runs").json()
    assert number in {r["number"] for r in mine["items"]}
    theirs = api("zhangwei").get("/api/runs").json()["items"]
    assert number not in {r["number"] for r in theirs}


def test_step_marks_show_in_the_department_inbox(apply_equity, officers):
    _staff, answer = apply_equity()
    number = answer.json()["number"]
    assert RunStep.objects.filter(run__number=number).count() == 3
    assert Message.objects.filter(subject__contains=number).exists()


def test_a_keyed_run_and_its_steps_claim_one_key_and_keep_the_audit_chain(apply_equity, officers):
    """The run's idempotency key covers its steps' cases (none of their own); after the
    whole run, every audit chain still verifies."""
    from onething.core.models import IdempotencyRecord
    from onething.core.selectors.audit import audit_verify

    records = IdempotencyRecord.objects.count()
    staff, answer = apply_equity(HTTP_IDEMPOTENCY_KEY="equity-keyed")
    assert answer.status_code == 201, answer.content
    assert IdempotencyRecord.objects.count() == records + 1
    steps = steps_of(answer.json())
    tax, market = officers("JY-SW"), officers("JY-SCJG")
    for client, key, outputs in (
        (tax, "declare", {"tax_basis_yuan": "1200000"}),
        (tax, "verify", {"verification_number": "JY-1"}),
        (market, "register", None),
    ):
        assert handle(client, steps[key]["case_number"], outputs).status_code == 200
    run = staff.get(f"/api/runs/{answer.json()['number']}").json()
    assert run["status"] == "concluded"
    assert IdempotencyRecord.objects.count() == records + 1
    checked, breaks = audit_verify()
    assert checked > 0 and breaks == []
    run_pk = BundleRun.objects.get(number=run["number"]).pk
    assert AuditEntry.objects.filter(action="run.conclude", subject_id=str(run_pk)).exists()
