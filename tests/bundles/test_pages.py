"""The one-thing pages through Django's test client: the public list and a bundle's page
(its steps, the graph in words, the one form, the one set of materials); the application
(each field and material once, 422 beside the field and nothing written on bad input, a
double click makes one run, an agent applies for a declared enterprise); the run page
(seen by its applicant and the departments only, licences together, withdrawal with a
reason and a confirmation); the case panel (outputs, milestone); the agency's
declarations and batch pickup (agents only, refusals shown, never a 500)."""

import csv
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onething.bundles.demo import EQUITY, PROJECT, RESTAURANT
from onething.bundles.models import BundleRun, Pickup, RunStep
from onething.bundles.services.runs import run_submit, step_outputs_enter
from onething.cases.models import Case, Material
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.cases.services.materials import material_upload
from onething.core import clock
from onething.core.generate import credit_code
from onething.core.models import AgencyDeclaration, Enterprise, IdempotencyRecord, Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.core.services.declarations import declaration_file
from tests import files

from .conftest import EQUITY_MATERIALS

APPLY = f"/one-things/{EQUITY}/apply/"
FIELDS = (
    "taxpayer_id",
    "income_yuan",
    "period",
    "company_credit_code",
    "transferor",
    "transferee",
    "share_percent",
    "price_yuan",
)
OUTPUTS = {"declare": {"tax_basis_yuan": "1200000"}, "verify": {"verification_number": "JY-1"}}
OFFICERS = {"declare": "officer.jy-sw", "verify": "officer.jy-sw", "register": "officer.jy-scjg"}


def application(form, materials=EQUITY_MATERIALS, key="run-key-1", **extra):
    """The POST of the application page, files included."""
    data = {f"form.{k}": v for k, v in form.items() if v is not None}
    for code in materials:
        data[f"materials.{code}"] = SimpleUploadedFile(f"{code}.pdf", files.pdf())
    return (
        {"region_code": "320281", "delivery": "electronic", "idempotency_key": key} | data | extra
    )


def written():
    """What a refused application must not change."""
    return (
        BundleRun.objects.count(),
        Case.objects.count(),
        Material.objects.count(),
        IdempotencyRecord.objects.count(),
    )


@pytest.fixture
def submit(city, chengfeng, equity_form):
    """Apply for 股权转让 on the page as qiye.chengfeng; returns the run."""

    def submit(key="run-key-1", **extra):
        client = city.client("qiye.chengfeng", "en")
        answer = client.post(
            APPLY, application(equity_form, key=key, enterprise_id=chengfeng.pk, **extra)
        )
        assert answer.status_code == 302, answer.content.decode()[-3000:]
        return BundleRun.objects.get(number=answer["Location"].split("/")[3])

    return submit


def steps(run):
    return {
        rs.step.key: rs for rs in RunStep.objects.filter(run=run).select_related("step", "case")
    }


def handle(city, run, *keys):
    """The departments accept, enter the outputs and approve these steps (services)."""
    for key in keys:
        actor = city.actor(OFFICERS[key])
        number = steps(run)[key].case.number
        case_accept(actor=actor, number=number)
        if key in OUTPUTS:
            step_outputs_enter(actor=actor, case_number=number, values=OUTPUTS[key])
        case_conclude(actor=actor, number=number, outcome="approved")


@pytest.fixture
def undeclared(city):
    """The agency starts without a declaration (the demo's runs may have filed one): the
    declarations there are revoked for this test (rolled back after it)."""
    agency_id = city.actor("agent.chengxin").agency_id
    AgencyDeclaration.objects.filter(agency_id=agency_id).update(revoked_at=clock.now())


def other_enterprise_staff(city):
    enterprise = Enterprise.objects.get(name="德力佳传动科技（江苏）股份有限公司")
    account_create(
        actor=SYSTEM,
        username="qiye.pages-other",
        password="Demo#2026",
        role=Role.APPLICANT,
        person=city.xueyan_person,
        enterprise=enterprise,
    )
    return "qiye.pages-other"


# --- public -----------------------------------------------------------------------------


def test_the_public_list_of_one_things(city):
    client = city.client(None, "en")
    html = client.get("/one-things/").content.decode()
    for name in ("股权转让一件事", "开办餐饮店一件事", "工业项目拿地即开工一件事"):
        assert name in html
    assert f'href="/one-things/{EQUITY}/"' in html
    only = client.get("/one-things/", {"audience": "person"}).content.decode()
    assert "开办餐饮店一件事" in only and "股权转让一件事" not in only
    bad = client.get("/one-things/", {"audience": "martians"})
    assert bad.status_code == 422 and 'data-field="audience"' in bad.content.decode()
    export = client.get("/one-things/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert {EQUITY, PROJECT, RESTAURANT} <= {r[1] for r in rows[1:]}


def test_a_bundle_page_shows_its_steps_graph_form_and_materials(city):
    html = city.client(None, "en").get(f"/one-things/{EQUITY}/").content.decode()
    for key in ("declare", "verify", "register"):
        assert f'data-step="{key}"' in html
    assert "3 steps start at once and run in parallel" in html
    assert "concludes only after 股权转让纳税查验 is approved" in html
    assert "转让价格（元） must agree with 计税依据（元） from 股权转让纳税申报" in html
    for name in FIELDS:  # the one form: each field once
        assert html.count(f'data-field="{name}"') == 1
    assert html.count('data-material="business-licence"') == 1
    licence_row = html.split('data-material="business-licence"')[1].split("</tr>")[0]
    assert "股权转让纳税申报、股权转让纳税查验、公司变更登记" in licence_row
    assert 'data-testid="sign-in-to-apply"' in html
    project = city.client(None, "en").get(f"/one-things/{PROJECT}/").content.decode()
    assert "concludes after “土地出让合同签订”" in project
    restaurant = city.client(None, "en").get(f"/one-things/{RESTAURANT}/").content.decode()
    assert "starts when 个体工商户设立登记 is approved" in restaurant
    assert "so you do not enter it" in restaurant  # the credit code is passed on
    missing = city.client(None, "en").get("/one-things/YJS-320200-QY-999/")
    assert missing.status_code == 404 and 'data-testid="error-message"' in missing.content.decode()


# --- applying ---------------------------------------------------------------------------


def test_the_application_asks_each_field_and_each_material_once(city, chengfeng):
    html = city.client("qiye.chengfeng", "en").get(APPLY).content.decode()
    for name in FIELDS:
        assert html.count(f'name="form.{name}"') == 1
    for code in EQUITY_MATERIALS:
        assert html.count(f'name="materials.{code}"') == 1
    assert f'name="enterprise_id" value="{chengfeng.pk}"' in html
    assert '<option value="320281" selected>江阴市</option>' in html
    assert 'name="idempotency_key"' in html and 'value="window"' in html
    assert "Uploaded once, given to: 股权转让纳税申报、股权转让纳税查验、公司变更登记" in html


def test_only_applicants_and_agents_apply(city):
    assert city.client(None).get(APPLY).status_code == 302  # to the sign-in page
    for staff in ("officer.jy-sw", "clerk.hudai", "supervisor"):
        assert city.client(staff, "en").get(APPLY).status_code == 403
    citizen = city.client("zhangwei", "en").get(APPLY)
    assert citizen.status_code == 200 and 'data-testid="no-enterprise"' in citizen.content.decode()
    assert 'data-testid="apply-form"' not in citizen.content.decode()
    before = written()
    posted = city.client("zhangwei", "en").post(APPLY, {"form.price_yuan": "1"})
    assert posted.status_code == 422 and written() == before


def test_applying_submits_one_run_and_a_double_click_makes_one(city, chengfeng, equity_form):
    client = city.client("qiye.chengfeng", "en")
    before = BundleRun.objects.count()
    data = lambda: application(equity_form, key="double", enterprise_id=chengfeng.pk)  # noqa: E731
    first, second = client.post(APPLY, data()), client.post(APPLY, data())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert BundleRun.objects.count() == before + 1
    run = BundleRun.objects.get(number=first["Location"].split("/")[3])
    assert run.enterprise == chengfeng and run.region.code == "320281"
    assert {rs.status for rs in steps(run).values()} == {"started"}  # in parallel
    page = client.get(first["Location"]).content.decode()
    assert f"One-thing {run.number} submitted" in page
    assert page.count('data-status="started"') == 3


def test_bad_answers_are_422_beside_the_fields_and_nothing_is_written(city, chengfeng, equity_form):
    client = city.client("qiye.chengfeng")  # Chinese
    before = written()
    bad = {**equity_form, "share_percent": 130, "income_yuan": "abc", "transferor": ""}
    answer = client.post(
        APPLY,
        application(bad, materials=EQUITY_MATERIALS[:3], enterprise_id=chengfeng.pk),
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    for name in ("form.share_percent", "form.income_yuan", "form.transferor"):
        assert f'data-field="{name}"' in html
    assert 'data-field="materials.application-form"' in html
    assert 'value="江阴澄丰投资有限公司"' in html  # the answers are kept
    assert written() == before


def test_a_form_that_disagrees_with_itself_shows_the_checks_message(city, chengfeng, equity_form):
    before = written()
    answer = city.client("qiye.chengfeng", "en").post(
        APPLY,
        application({**equity_form, "price_yuan": 1000000}, enterprise_id=chengfeng.pk),
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'data-testid="form-errors"' in html and "转让价格与纳税申报收入不一致" in html
    assert written() == before


def test_bad_choices_are_422_never_a_500(city, chengfeng, equity_form):
    client = city.client("qiye.chengfeng", "en")
    before = written()
    other = Enterprise.objects.exclude(pk=chengfeng.pk).first()
    cases = [
        ({"enterprise_id": other.pk}, "enterprise_id"),
        ({"enterprise_id": "x'; drop"}, "enterprise_id"),
        ({"enterprise_id": ""}, "enterprise_id"),
        ({"enterprise_id": chengfeng.pk, "region_code": "320211102"}, "region_code"),
        ({"enterprise_id": chengfeng.pk, "delivery": "pigeon"}, "delivery"),
        ({"enterprise_id": chengfeng.pk, "delivery": "post"}, "delivery_address"),
    ]
    for extra, field in cases:
        answer = client.post(APPLY, application(equity_form, **extra))
        assert answer.status_code == 422, (extra, answer.status_code)
        assert f'data-field="{field}"' in answer.content.decode(), extra
    assert written() == before


def test_an_agent_applies_for_an_enterprise_its_declaration_names(
    city, undeclared, chengfeng, equity_form
):
    agent = city.client("agent.chengxin", "en")
    html = agent.get(APPLY).content.decode()
    assert 'data-testid="no-enterprise"' in html and "/agency/declarations/" in html
    delijia = Enterprise.objects.get(name="德力佳传动科技（江苏）股份有限公司")
    declaration_file(
        actor=city.actor("agent.chengxin"),
        credit_codes=[chengfeng.credit_code, delijia.credit_code],
    )
    html = agent.get(APPLY).content.decode()
    assert f'value="{chengfeng.pk}"' in html and f'value="{delijia.pk}"' in html
    hudai = Enterprise.objects.get(name="无锡胡埭精密机械有限公司")  # not declared
    refused = agent.post(APPLY, application(equity_form, key="agent-1", enterprise_id=hudai.pk))
    assert refused.status_code == 422 and 'data-field="enterprise_id"' in refused.content.decode()
    answer = agent.post(APPLY, application(equity_form, key="agent-2", enterprise_id=chengfeng.pk))
    assert answer.status_code == 302
    run = BundleRun.objects.get(number=answer["Location"].split("/")[3])
    assert run.enterprise == chengfeng and run.submitted_by.username == "agent.chengxin"
    mine = agent.get("/my/one-things/").content.decode()
    assert run.number in mine


# --- the run ----------------------------------------------------------------------------


def test_the_run_is_shown_to_its_applicant_and_the_departments_only(city, submit):
    run = submit()
    url = f"/one-thing/runs/{run.number}/"
    by_key = steps(run)
    mine = city.client("qiye.chengfeng", "en").get(url)
    assert mine.status_code == 200
    html = mine.content.decode()
    assert 'data-testid="run-status" data-status="running"' in html
    for rs in by_key.values():
        assert f'href="/cases/{rs.case.number}/"' in html
    assert "江阴市税务局" in html or by_key["declare"].case.department.name in html
    assert city.client(None).get(url).status_code == 302
    for outsider in ("zhangwei", other_enterprise_staff(city), "officer.hudai", "clerk.hudai"):
        assert city.client(outsider, "en").get(url).status_code == 404, outsider
    tax = city.client("officer.jy-sw", "en").get(url)
    assert tax.status_code == 200
    html = tax.content.decode()
    assert f'href="/cases/{by_key["declare"].case.number}/"' in html
    assert f'href="/cases/{by_key["register"].case.number}/"' not in html  # not its case
    assert 'data-testid="withdraw"' not in html
    assert city.client("zhangwei", "en").get("/one-thing/runs/nonsense/").status_code == 404


def test_a_concluded_run_shows_every_licence_and_the_time_saved(city, submit):
    run = submit()
    handle(city, run, "declare", "verify", "register")
    client = city.client("qiye.chengfeng", "en")
    html = client.get(f"/one-thing/runs/{run.number}/").content.decode()
    assert 'data-testid="run-status" data-status="concluded"' in html
    licences = html.split('data-testid="licences"')[1]
    for rs in steps(run).values():
        assert rs.case.licence.number in licences
        assert f'href="/cases/{rs.case.number}/licence.pdf"' in licences
    assert 'data-testid="elapsed"' in html and 'data-testid="relay"' in html
    assert 'data-testid="withdraw"' not in html
    stream = html.split('data-testid="messages"')[1]
    assert f"One-thing {run.number} concluded" in stream
    pdf = client.get(f"/cases/{steps(run)['register'].case.number}/licence.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    listed = client.get("/my/one-things/", {"status": "concluded"}).content.decode()
    assert run.number in listed
    assert run.number not in client.get("/my/one-things/", {"status": "running"}).content.decode()
    assert client.get("/my/one-things/", {"status": "bogus"}).status_code == 422
    assert city.client("officer.jy-sw").get("/my/one-things/").status_code == 403


def test_withdrawing_needs_a_reason_and_a_confirmation(city, submit):
    run = submit()
    url = f"/one-thing/runs/{run.number}/withdraw/"
    client = city.client("qiye.chengfeng", "en")
    assert 'data-testid="withdraw"' in client.get(f"/one-thing/runs/{run.number}/").content.decode()
    refused = client.post(url, {"withdraw-reason": ""})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'data-field="reason"' in html and 'data-field="confirm"' in html
    assert BundleRun.objects.get(pk=run.pk).status == "running"
    assert city.client("zhangwei").post(url, {"withdraw-reason": "x"}).status_code == 404
    officer = city.client("officer.jy-sw").post(
        url, {"withdraw-reason": "x", "withdraw-confirm": "on"}
    )
    assert officer.status_code == 403
    done = client.post(url, {"withdraw-reason": "交易取消", "withdraw-confirm": "on"})
    assert done.status_code == 302
    run.refresh_from_db()
    assert run.status == "withdrawn" and run.stopped_reason == "交易取消"
    assert {rs.case.status for rs in steps(run).values()} == {"withdrawn"}
    again = client.post(url, {"withdraw-reason": "再撤一次", "withdraw-confirm": "on"})
    assert again.status_code == 409 and 'data-testid="error-message"' in again.content.decode()
    assert client.get(url).status_code == 405


# --- the department's case page ----------------------------------------------------------


def test_the_case_panel_shows_the_run_and_takes_the_outputs(city, submit):
    run = submit()
    by_key = steps(run)
    declare = by_key["declare"].case.number
    tax = city.client("officer.jy-sw", "en")
    html = tax.get(f"/cases/{declare}/").content.decode()
    assert 'data-testid="one-thing-panel"' in html and f'data-run="{run.number}"' in html
    siblings = html.split('data-testid="panel-siblings"')[1].split("</ul>")[0]
    assert siblings.count("<li") == 3
    assert 'data-testid="enter-outputs"' in html and 'name="outputs-tax_basis_yuan"' in html
    blank = tax.post(f"/cases/{declare}/one-thing/outputs/", {"outputs-tax_basis_yuan": " "})
    assert blank.status_code == 422
    html = blank.content.decode()
    assert 'data-testid="bundle-refusal" data-status="422"' in html
    assert 'data-field="tax_basis_yuan"' in html
    done = tax.post(f"/cases/{declare}/one-thing/outputs/", {"outputs-tax_basis_yuan": "1200000"})
    assert done.status_code == 302 and done["Location"].endswith("#one-thing")
    assert RunStep.objects.get(pk=by_key["declare"].pk).outputs["tax_basis_yuan"] == "1200000"
    # the register step: no outputs to enter; it may not conclude before verify is approved
    market = city.client("officer.jy-scjg", "en")
    register = by_key["register"].case.number
    case_accept(actor=city.actor("officer.jy-scjg"), number=register)
    html = market.get(f"/cases/{register}/").content.decode()
    assert 'data-testid="one-thing-panel"' in html
    assert 'data-testid="enter-outputs"' not in html
    # a denial stays possible, so the conclusion form is offered; an approval is refused
    assert 'data-testid="action-conclude"' in html
    early = market.post(f"/cases/{register}/act/conclude/", {"conclude-outcome": "approved"})
    assert early.status_code == 409
    assert "verify" in early.content.decode()
    assert Case.objects.get(number=register).status == "accepted"
    # the market office may not enter the tax office's outputs, nor see its case
    other = market.post(f"/cases/{declare}/one-thing/outputs/", {"outputs-tax_basis_yuan": "1"})
    assert other.status_code == 404
    assert tax.post(f"/cases/{declare}/one-thing/nonsense/").status_code == 404
    no_milestone = tax.post(f"/cases/{declare}/one-thing/milestone/")
    assert no_milestone.status_code == 409
    assert 'data-testid="bundle-refusal" data-status="409"' in no_milestone.content.decode()


def test_the_inbox_marks_the_steps_of_a_run(city, submit):
    run = submit()
    html = city.client("officer.jy-sw", "en").get("/inbox/").content.decode()
    assert f"One-thing {run.number} (股权转让一件事), step declare" in html
    assert f"One-thing {run.number} (股权转让一件事), step verify" in html


def test_an_officer_records_the_milestone_of_a_project(city):
    agent = city.actor("agent.chengxin")
    delijia = Enterprise.objects.get(name="德力佳传动科技（江苏）股份有限公司")
    declaration_file(actor=agent, credit_codes=[delijia.credit_code])
    ids = [
        material_upload(
            actor=agent, material_type_code=code, name=f"{code}.pdf", data=files.pdf()
        ).pk
        for code in (
            "business-licence",
            "land-contract",
            "design-drawings",
            "construction-contract",
        )
    ]
    run = run_submit(
        actor=agent,
        bundle_code=PROJECT,
        form={
            "project_name": "德力佳风电齿轮箱扩建项目",
            "project_code": "2026-320205-34-03-000001",
            "site": "锡山经济技术开发区联吉路",
            "floor_area": 52000,
            "investment_yuan": 600000000,
        },
        material_ids=ids,
        enterprise_id=delijia.pk,
        region_code="320205",
    )
    land = steps(run)["land"].case.number
    officer = city.client("officer.xs-zrzy", "en")
    html = officer.get(f"/cases/{land}/").content.decode()
    assert 'data-testid="record-milestone"' in html and "土地出让合同签订" in html
    done = officer.post(f"/cases/{land}/one-thing/milestone/")
    assert done.status_code == 302
    run.refresh_from_db()
    assert run.milestone_at is not None
    html = officer.get(f"/cases/{land}/").content.decode()
    assert 'data-testid="record-milestone"' not in html
    again = officer.post(f"/cases/{land}/one-thing/milestone/")
    assert again.status_code == 409
    page = city.client("agent.chengxin", "en").get(f"/one-thing/runs/{run.number}/")
    assert 'data-testid="milestone"' in page.content.decode()


# --- the agency --------------------------------------------------------------------------


def test_declarations_are_for_agents_and_name_the_bad_line(city, chengfeng):
    assert city.client(None).get("/agency/declarations/").status_code == 302
    for other in ("zhangwei", "qiye.chengfeng", "officer.jy-sw"):
        assert city.client(other).get("/agency/declarations/").status_code == 403
        assert city.client(other).get("/agency/declarations/new/").status_code == 403
    agent = city.client("agent.chengxin", "en")
    assert agent.get("/agency/declarations/").status_code == 200
    before = AgencyDeclaration.objects.count()
    wrong = chengfeng.credit_code[:-1] + ("0" if chengfeng.credit_code[-1] != "0" else "1")
    unknown = credit_code(random.Random(7), "320281")
    refused = agent.post(
        "/agency/declarations/new/",
        {"credit_codes": f"{chengfeng.credit_code}\n{wrong}\n\n{unknown}", "idempotency_key": "d1"},
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'data-field="credit_codes"' in html and "Line 2" in html and "Line 3" in html
    assert AgencyDeclaration.objects.count() == before
    empty = agent.post("/agency/declarations/new/", {"credit_codes": " \n "})
    assert empty.status_code == 422
    bad_date = agent.post(
        "/agency/declarations/new/",
        {"credit_codes": chengfeng.credit_code, "valid_until": "2020-01-01"},
    )
    assert bad_date.status_code == 422 and 'data-field="valid_until"' in bad_date.content.decode()
    data = {"credit_codes": f" {chengfeng.credit_code.lower()} \n", "idempotency_key": "d2"}
    assert agent.post("/agency/declarations/new/", data).status_code == 302
    assert agent.post("/agency/declarations/new/", data).status_code == 302  # a double click
    assert AgencyDeclaration.objects.count() == before + 1
    listed = agent.get("/agency/declarations/").content.decode()
    assert "江阴澄丰化纤有限公司" in listed and chengfeng.credit_code in listed
    found = agent.get("/agency/declarations/", {"q": chengfeng.credit_code}).content.decode()
    assert "江阴澄丰化纤有限公司" in found


def test_a_citizen_cannot_open_the_pickup_page(city, undeclared):
    assert city.client(None).get("/agency/pickup/").status_code == 302
    for other in ("zhangwei", "qiye.chengfeng", "officer.jy-sw", "clerk.hudai"):
        answer = city.client(other, "en").get("/agency/pickup/")
        assert answer.status_code == 403, other
        assert 'data-testid="error-message"' in answer.content.decode()
    html = city.client("agent.chengxin", "en").get("/agency/pickup/").content.decode()
    assert 'data-testid="nothing-ready"' in html


def test_the_agent_collects_the_ready_results_in_one_batch(city, undeclared, submit, chengfeng):
    run = submit(delivery="window")
    handle(city, run, "declare", "verify", "register")
    numbers = [rs.case.number for rs in steps(run).values()]
    agent = city.client("agent.chengxin", "en")
    assert 'data-testid="nothing-ready"' in agent.get("/agency/pickup/").content.decode()
    declaration_file(actor=city.actor("agent.chengxin"), credit_codes=[chengfeng.credit_code])
    pickups = Pickup.objects.filter(collected_by__username="agent.chengxin").count()
    html = agent.get("/agency/pickup/").content.decode()
    for number in numbers:
        assert f'data-case="{number}"' in html
    none = agent.post("/agency/pickup/", {"collect": "selected"})
    assert none.status_code == 422 and 'data-testid="pickup-refusal"' in none.content.decode()
    stranger = Case.objects.exclude(enterprise=chengfeng).exclude(number__in=numbers).first()
    refused = agent.post(
        "/agency/pickup/",
        {"collect": "selected", "case_numbers": [numbers[0], stranger.number]},
    )
    assert refused.status_code == 422
    assert f"{stranger.number} is not a case of an enterprise" in refused.content.decode()
    assert not Case.objects.filter(number__in=numbers, handed_over_at__isnull=False).exists()
    long = agent.post("/agency/pickup/", {"collect": "selected", "case_numbers": ["9" * 80]})
    assert long.status_code == 422
    twice = {"collect": "selected", "case_numbers": numbers[:2], "idempotency_key": "p1"}
    done = agent.post("/agency/pickup/", twice)
    assert done.status_code == 302
    assert agent.post("/agency/pickup/", twice).status_code == 302  # a double click
    assert Pickup.objects.filter(collected_by__username="agent.chengxin").count() == pickups + 1
    assert Case.objects.filter(number__in=numbers[:2], handed_over_at__isnull=False).count() == 2
    html = agent.get("/agency/pickup/").content.decode()
    assert f'data-case="{numbers[2]}"' in html and f'data-case="{numbers[0]}"' not in html
    again = agent.post("/agency/pickup/", {"collect": "selected", "case_numbers": numbers[:1]})
    assert again.status_code == 409
    assert "collected already" in again.content.decode()
    rest = agent.post("/agency/pickup/", {"collect": "all"})
    assert rest.status_code == 302
    assert Case.objects.filter(number__in=numbers, handed_over_at__isnull=False).count() == 3
    empty = agent.post("/agency/pickup/", {"collect": "all"})
    assert empty.status_code == 409 and 'data-testid="pickup-refusal"' in empty.content.decode()
