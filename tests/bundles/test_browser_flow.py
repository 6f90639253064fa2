"""股权转让一件事 in a real browser: 江阴澄丰化纤 fills in the one form once and uploads each
material once; the three steps start together in two departments' inboxes; the tax
office accepts the declaration, enters the tax basis and approves it on the case page
(the verification goes through the services); the market-regulation office accepts and
approves the registration on its page; the run page shows every licence and the time
saved; then 无锡梁溪诚信代理记账's agent files a declaration naming the enterprise and
collects its licences in one batch at the window."""

import pytest
from django.utils import timezone

from onething.bundles.models import Bundle, BundleRun, Pickup
from onething.bundles.services.steps import step_outputs_enter
from onething.cases.models import Case
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.core.models import AuditEntry, Enterprise, User
from onething.core.permissions import actor_for
from onething.demo.bundles import EQUITY, setup, window_clerk
from tests import files
from tests.browser import shot, sign_in

from .conftest import EQUITY_FORM, EQUITY_MATERIALS

pytestmark = pytest.mark.browser

CHENGFENG = "江阴澄丰化纤有限公司"


def open_case(tab, number):
    tab.goto(f"{tab.base}/cases/{number}/")
    tab.wait_for_selector("[data-testid=case-number]")


def step_row(tab, key):
    return tab.locator(f"[data-testid=run-steps] tr[data-step={key}]")


def test_equity_transfer_in_parallel_then_a_batch_pickup(page):
    if not Bundle.objects.filter(code=EQUITY).exists():  # the city's one-things
        setup(print)
    chengfeng = Enterprise.objects.get(name=CHENGFENG)

    # the enterprise reads what the one-thing does and applies with one form
    sign_in(page, "qiye.chengfeng")
    page.goto(f"{page.base}/one-things/")
    assert page.get_attribute("[data-testid=level-city]", "data-count") == "30"
    page.select_option("select[name=level]", "city")  # the city's own: 市级
    page.select_option("select[name=audience]", "enterprise")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**level=city**")
    page.click(f"[data-testid=bundle-card] a[href='/one-things/{EQUITY}/']")
    page.wait_for_selector("[data-testid=graph]")
    assert page.locator("[data-testid=steps] li").count() == 3
    shot(page, "bundles-1-one-thing")
    page.click("[data-testid=apply]")
    page.wait_for_selector("[data-testid=apply-form]")
    form = {**EQUITY_FORM, "company_credit_code": chengfeng.credit_code}
    for name, value in form.items():
        assert page.locator(f'[name="form.{name}"]').count() == 1  # each field once
        page.fill(f'[name="form.{name}"]', str(value))
    for code in EQUITY_MATERIALS:
        assert page.locator(f'[name="materials.{code}"]').count() == 1  # each material once
        page.set_input_files(
            f'[name="materials.{code}"]',
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": files.pdf()},
        )
    page.check(f'[name=enterprise_id][value="{chengfeng.pk}"]')
    page.select_option("select[name=region_code]", "320281")
    page.check('[name=delivery][value="window"]')
    shot(page, "bundles-2-apply")
    submitted = timezone.now()
    page.click("[data-testid=submit-run]")
    page.wait_for_selector("[data-testid=run-number]")
    number = page.inner_text("[data-testid=run-number]")
    run = BundleRun.objects.get(number=number)
    assert page.get_attribute("[data-testid=run-status]", "data-status") == "running"
    # 并联: all three steps started at submission, each a case of its department
    for key in ("declare", "verify", "register"):
        assert step_row(page, key).get_attribute("data-status") == "started"
    cases = {rs.step.key: rs.case for rs in run.steps.select_related("step", "case")}
    assert all(rs.started_at >= submitted for rs in run.steps.all())
    started = [rs.started_at for rs in run.steps.all()]
    assert max(started) - min(started) < timezone.timedelta(seconds=30)
    assert {c.department.code for c in cases.values()} == {"JY-SW", "JY-SCJG"}
    assert run.enterprise == chengfeng and run.delivery == "window"
    shot(page, "bundles-3-run-started")

    # the tax office: the two steps marked in its inbox; it accepts the declaration,
    # enters the tax basis the transfer price must agree with, and approves it
    sign_in(page, "officer.jy-sw")
    page.goto(f"{page.base}/inbox/")
    page.wait_for_selector("[data-testid=list]")
    assert page.locator(f"[data-testid=list] td:has-text('{number}')").count() == 2
    shot(page, "bundles-4-tax-inbox")
    page.click(f"[data-testid=list] a:text('{cases['declare'].number}')")
    page.wait_for_selector("[data-testid=one-thing-panel]")
    page.click("[data-testid=do-accept]")
    page.wait_for_selector("[data-testid=case-status][data-status=accepted]")
    # a denial stays possible, but the panel asks for the outputs before an approval
    assert page.locator("[data-testid=enter-outputs]").count() == 1
    page.fill('[name="outputs-tax_basis_yuan"]', str(form["price_yuan"]))
    page.click("[data-testid=do-enter-outputs]")
    page.wait_for_selector("[data-testid=panel-outputs]")
    shot(page, "bundles-5-outputs-entered")
    page.check('[name="conclude-outcome"][value="approved"]')
    page.check('[name="conclude-confirm"]')
    page.click("[data-testid=do-conclude]")
    page.wait_for_selector("[data-testid=licence]")
    shot(page, "bundles-6-declaration-approved")

    # the verification through the services, by the same office
    tax = actor_for(User.objects.get(username="officer.jy-sw"))
    case_accept(actor=tax, number=cases["verify"].number)
    step_outputs_enter(
        actor=tax,
        case_number=cases["verify"].number,
        values={"verification_number": f"JYCY-{number}"},
    )
    case_conclude(actor=tax, number=cases["verify"].number, outcome="approved")

    # the market-regulation office registers the change on its page
    sign_in(page, "officer.jy-scjg")
    open_case(page, cases["register"].number)
    assert page.locator("[data-testid=panel-siblings] li[data-status=approved]").count() == 2
    page.click("[data-testid=do-accept]")
    page.wait_for_selector("[data-testid=case-status][data-status=accepted]")
    page.check('[name="conclude-outcome"][value="approved"]')
    page.check('[name="conclude-confirm"]')
    page.click("[data-testid=do-conclude]")
    page.wait_for_selector("[data-testid=licence]")
    assert page.get_attribute("[data-testid=panel-run-status]", "data-status") == "concluded"
    shot(page, "bundles-7-registration-approved")

    # the enterprise: one status, every licence together, the time saved
    sign_in(page, "qiye.chengfeng")
    page.goto(f"{page.base}/my/one-things/")
    page.click(f"[data-testid=list] a:text('{number}')")
    page.wait_for_selector("[data-testid=run-status][data-status=concluded]")
    licences = page.locator("[data-testid=licences] li")
    assert licences.count() == 3
    for case in Case.objects.filter(pk__in=[c.pk for c in cases.values()]):
        assert page.locator(f"[data-licence='{case.licence.number}']").count() == 1
    assert page.locator("[data-testid=licence-pdf]").count() == 3
    assert page.locator("[data-testid=messages] li").count() >= 5
    shot(page, "bundles-8-run-concluded")
    page.set_viewport_size({"width": 390, "height": 844})  # the run page on a phone
    page.reload()
    page.wait_for_selector("[data-testid=licences]")
    shot(page, "bundles-8b-mobile")
    page.set_viewport_size({"width": 1280, "height": 860})

    # the agency declares the enterprise by its credit code and collects in one batch
    sign_in(page, "agent.chengxin")
    page.goto(f"{page.base}/agency/declarations/")
    page.click("[data-testid=new]")
    page.fill('[name="credit_codes"]', chengfeng.credit_code)
    shot(page, "bundles-9-declaration")
    page.click("[data-testid=file-declaration]")
    page.wait_for_selector(f"[data-testid=list] td:has-text('{chengfeng.credit_code}')")
    shot(page, "bundles-10-declarations")
    page.goto(f"{page.base}/agency/pickup/")
    for case in cases.values():
        assert page.locator(f"tr[data-case='{case.number}']").count() == 1
    page.check("[data-testid=select-all]")
    assert (
        page.locator("input[name=case_numbers]:checked").count()
        == page.locator("input[name=case_numbers]").count()
    )
    shot(page, "bundles-11-pickup")
    page.click("[data-testid=collect-selected]")
    page.wait_for_selector("[data-testid=nothing-ready]")
    page.wait_for_selector("[data-testid=my-pickups] tr[data-status=waiting]")
    asked = Pickup.objects.filter(collected_by__username="agent.chengxin").latest("id")
    collected = Case.objects.filter(pk__in=[c.pk for c in cases.values()])
    assert asked.status == "waiting"  # asked for: the window has not handed anything over
    assert all(c.handed_over_at is None for c in collected)
    shot(page, "bundles-12-asked")

    # a window clerk of the centre checks the agent's identity and confirms the handover
    sign_in(page, window_clerk(asked.center).username)
    page.goto(f"{page.base}/")
    page.click("[data-testid=link-pickups]")
    page.wait_for_selector("[data-testid=list]")
    page.click(f"[data-testid=list] a:has-text('{asked.number}')")
    page.wait_for_selector("[data-testid=confirm-form]")
    shot(page, "bundles-13-window-confirms")
    page.click("[data-testid=do-confirm]")  # the identity box not ticked: refused
    page.wait_for_selector("[data-field=identity_checked]")
    page.check("[name=confirm-identity_checked]")
    page.click("[data-testid=do-confirm]")
    page.wait_for_selector("[data-testid=pickup-status][data-state=confirmed]")
    assert all(c.handed_over_at is not None for c in collected.all())
    assert AuditEntry.objects.filter(action="case.batch_pickup").count() >= 3
    shot(page, "bundles-14-confirmed")

    # the agent sees it confirmed
    sign_in(page, "agent.chengxin")
    page.goto(f"{page.base}/agency/pickup/")
    page.wait_for_selector(
        f"[data-testid=my-pickups] tr[data-pickup='{asked.number}'][data-status=confirmed]"
    )
    shot(page, "bundles-15-collected")
