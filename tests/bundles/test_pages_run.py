"""The run page (seen by its applicant and the departments only, licences together,
withdrawal with a reason and a confirmation) and the case panel (outputs, milestone)."""

from onething.bundles.models import BundleRun, RunStep
from onething.bundles.services.runs import run_submit
from onething.cases.models import Case
from onething.cases.services.lifecycle import case_accept
from onething.cases.services.materials import material_upload
from onething.core.models import Enterprise
from onething.core.services.declarations import declaration_file
from onething.demo.bundles import PROJECT
from tests import files

from .pages import handle, other_enterprise_staff, steps


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
    early = market.post(
        f"/cases/{register}/act/conclude/",
        {"conclude-outcome": "approved", "conclude-confirm": "on"},
    )
    assert early.status_code == 409
    # the step it waits for by its name, never its key
    refused = early.content.decode()
    assert f"Step {by_key['verify'].step.item.name} has not" in refused
    assert "Step verify" not in refused
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


def test_the_case_panel_names_steps_and_inputs_in_words(city, submit):
    """What an earlier step passed on reads under that step's label for it, and the step
    is named by its item, never by its key."""
    run = submit()
    by_key = steps(run)
    register = by_key["register"]
    RunStep.objects.filter(pk=register.pk).update(inputs={"tax_basis_yuan": "1200000"})
    html = city.client("officer.jy-scjg").get(f"/cases/{register.case.number}/").content.decode()
    inputs = html.split('data-testid="panel-inputs">', 1)[1].split("</dd>", 1)[0]
    assert inputs == "计税依据（元）: 1200000"
    step = html.split('data-testid="panel-step"', 1)[1].split("</dd>", 1)[0]
    assert register.step.item.name in step and "(register)" not in step
