"""A case's whole life in a real browser: 张伟 applies online with his materials, the window
of 胡埭 accepts, the town's market regulation office asks for a correction, he uploads it,
the office approves, he downloads the licence and opens its verification page, rates the
service 不满意, and the supervisor closes the rectification after a follow-up call."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from onething.cases.models import Case, Rectification
from onething.core.models import Department, Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from tests import files
from tests.browser import shot, sign_in

from .conftest import FORM, ITEM

pytestmark = pytest.mark.browser

OFFICER = "officer.hd-scjg"


def upload(name, data, mime):
    return {"name": name, "mimeType": mime, "buffer": data}


def open_case(tab, number):
    tab.goto(f"{tab.base}/cases/{number}/")
    tab.wait_for_selector("[data-testid=case-number]")


def status(tab):
    return tab.get_attribute("[data-testid=case-status]", "data-status")


def test_apply_correct_approve_download_verify_rate_and_rectify(page):
    account_create(
        actor=SYSTEM,
        username=OFFICER,
        password="Demo#2026",
        role=Role.OFFICER,
        department=Department.objects.get(code="HD-SCJG"),
    )

    # 张伟 applies online, with a PDF for two materials and a PNG for the third
    sign_in(page, "zhangwei")
    page.click("[data-testid=link-my-cases]")
    page.wait_for_selector("[data-testid=list]")
    page.goto(f"{page.base}/services/{ITEM}/apply/")
    assert page.inner_text("[data-testid=apply-title]") == "个体工商户设立登记"
    for name, value in FORM.items():
        page.fill(f'[name="form.{name}"]', str(value))
    page.set_input_files(
        '[name="materials.id-card"]', upload("身份证.pdf", files.pdf(), "application/pdf")
    )
    page.set_input_files(
        '[name="materials.application-form"]', upload("申请书.pdf", files.pdf(), "application/pdf")
    )
    page.set_input_files(
        '[name="materials.premises-proof"]', upload("租赁合同.png", files.png(), "image/png")
    )
    page.check('[name=delivery][value="electronic"]')
    shot(page, "cases-1-apply")
    page.click("[data-testid=submit-application]")
    page.wait_for_selector("[data-testid=case-number]")
    number = page.inner_text("[data-testid=case-number]")
    assert status(page) == "submitted"
    assert page.locator("[data-testid=materials] li").count() == 3
    case = Case.objects.get(number=number)
    assert case.department.code == "HD-SCJG" and case.form_data["capital"] == 50000
    shot(page, "cases-2-submitted")

    # the window of 胡埭 finds it on the workbench and accepts it
    sign_in(page, "clerk.hudai")
    page.click("[data-testid=link-workbench]")
    page.wait_for_selector("[data-testid=list]")
    shot(page, "cases-3-workbench")
    page.click(f"[data-testid=list] a:text('{number}')")
    page.click("[data-testid=do-accept]")
    page.wait_for_selector("[data-testid=case-status][data-status=accepted]")
    assert page.locator("[data-testid=deadline-state] mark").count() == 1
    shot(page, "cases-3b-accepted")

    # the town's market regulation office asks for a clearer premises proof
    sign_in(page, OFFICER)
    page.goto(f"{page.base}/inbox/")
    shot(page, "cases-4-inbox")
    page.click(f"[data-testid=list] a:text('{number}')")
    page.click("[data-testid=do-request_correction]")  # without a reason: refused
    assert page.locator("[data-field=reason]").is_visible()
    assert status(page) == "accepted"
    page.fill('[name="request_correction-reason"]', "经营场所证明不清晰，请重新上传。")
    page.click("[data-testid=do-request_correction]")
    page.wait_for_selector("[data-testid=case-status][data-status=correction_requested]")
    shot(page, "cases-4b-correction-requested")

    # 张伟 uploads the corrected material
    sign_in(page, "zhangwei")
    open_case(page, number)
    assert "经营场所证明不清晰" in page.inner_text("[data-testid=correction-reason]")
    page.set_input_files(
        '[name="submit_correction-materials.premises-proof"]',
        upload("租赁合同-清晰.pdf", files.pdf(), "application/pdf"),
    )
    page.click("[data-testid=do-submit_correction]")
    page.wait_for_selector("[data-testid=case-status][data-status=accepted]")
    assert page.locator("[data-testid=materials] li.superseded").count() == 1
    shot(page, "cases-5-corrected")

    # the office approves: the licence is issued
    sign_in(page, OFFICER)
    open_case(page, number)
    page.check('[name="conclude-outcome"][value="approved"]')
    page.check('[name="conclude-confirm"]')
    page.click("[data-testid=do-conclude]")
    page.wait_for_selector("[data-testid=licence]")
    assert page.get_attribute("[data-testid=case-outcome]", "data-outcome") == "approved"
    shot(page, "cases-6-approved")

    # 张伟 downloads the licence and opens its verification page
    sign_in(page, "zhangwei")
    open_case(page, number)
    with page.expect_download() as info:
        page.click("[data-testid=licence-pdf]")
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    licence = case.licence
    assert "营业执照" in text and licence.number in text
    shot(page, "cases-7-licence")
    page.click("[data-testid=licence-verify]")
    page.wait_for_selector("[data-testid=verified]")
    assert page.get_attribute("[data-testid=licence-state]", "data-state") == "valid"
    assert page.inner_text("[data-testid=licence-title]") == "营业执照"
    assert page.inner_text("[data-testid=holder]") == "张*"
    shot(page, "cases-8-verified")

    # and rates the service 不满意 with a comment
    open_case(page, number)
    page.check('[name="rate-rating"][value="2"]')
    page.fill('[name="rate-comment"]', "补正来回跑了两次，等待时间长。")
    page.click("[data-testid=do-rate]")
    page.wait_for_selector("[data-testid=evaluation]")
    assert page.locator("[data-testid=action-rate]").count() == 0
    shot(page, "cases-9-rated")

    # the supervisor sees the rectification and closes it after the follow-up call
    sign_in(page, "supervisor")
    page.click("[data-testid=link-supervision]")
    page.wait_for_selector("[data-testid=board]")
    shot(page, "cases-10-supervision")
    page.click("[data-testid=open-rectifications]")
    page.click(f"[data-testid=list] a:text('{number}')")
    assert "等待时间长" in page.inner_text("[data-testid=comment]")
    page.fill('[name="result"]', "窗口增设材料预审，补正一次告知。")
    page.click("[data-testid=do-close]")  # without the call: refused
    assert page.locator("[data-field=follow_up_at]").is_visible()
    called = timezone.localtime() - dt.timedelta(hours=1)
    page.fill('[name="follow_up_at"]', f"{called:%Y-%m-%dT%H:%M}")
    page.fill('[name="follow_up_note"]', "申请人表示理解，认可整改。")
    shot(page, "cases-11-rectification")
    page.click("[data-testid=do-close]")
    page.wait_for_selector("[data-testid=list]")
    rectification = Rectification.objects.get(case=case)
    assert rectification.status == "closed" and rectification.closed_by.username == "supervisor"
    shot(page, "cases-12-rectification-closed")
