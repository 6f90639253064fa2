"""The pages of value-added services: the public catalogue by category (cards) with the
seed's words, a service's page and who may ask, the request form (prefilled, every
problem at once, the files kept across a refusal, a double submit making one request),
the enterprise's list and the provider's queue (filtered, exported with formula-safe
cells), a request's page with the moves of each side (confirmed first), the audited
reveal, and the refusals (another enterprise, an account that provides nothing)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from onething.core.models import AuditEntry
from onething.valueadded.models import ServiceRequest

from ..files import pdf
from .world import BANK, ENTERPRISE, LAW_FIRM, MONDAY, OTHER_ENTERPRISE, bank_service, on, submit

pytestmark = pytest.mark.django_db


def html(answer) -> str:
    return answer.content.decode()


def test_the_catalogue_is_public_by_category_in_chinese(city):
    page = city.client().get("/value-added/")
    assert page.status_code == 200
    text = html(page)
    words_of_the_seed = ("增值服务", "融资对接", "法律咨询", "知识产权", "人才招聘", "培训")
    for words in (*words_of_the_seed, "无难事、悉心办"):
        assert words in text
    assert "江苏银行无锡分行" in text and 'data-testid="service-card"' in text
    financing = html(city.client().get("/value-added/", {"category": "financing"}))
    assert "普惠信用贷款对接" in financing and "企业“法治体检”" not in financing
    assert city.client().get("/value-added/", {"category": "nope"}).status_code == 422
    assert city.client().get("/value-added/", {"page": "99"}).status_code == 422


def test_a_services_page_says_who_may_ask_and_how(city):
    anonymous = html(city.client().get("/value-added/services/puhui-daikuan/"))
    assert "按贷款合同约定利率计息" in anonymous and 'data-testid="sign-in-to-ask"' in anonymous
    medium = html(city.client(ENTERPRISE).get("/value-added/services/puhui-daikuan/"))
    assert 'data-testid="ask-for-it"' in medium  # 澄丰 is medium: within micro/small/medium
    large = html(city.client("qiye.delijia").get("/value-added/services/puhui-daikuan/"))
    assert 'data-testid="not-eligible"' in large and "德力佳" in large
    own = html(city.client(BANK).get("/value-added/services/puhui-daikuan/"))
    assert "本企业是该服务的提供方" in own
    assert city.client().get("/value-added/services/no-such/").status_code == 404


def test_the_request_form_is_prefilled_and_says_every_problem_at_once(city):
    bank_service()
    client = city.client(ENTERPRISE)
    form = html(client.get("/value-added/services/t-loan/request/"))
    person = city.user(ENTERPRISE).person
    assert "江阴澄丰化纤有限公司" in form and f'value="{person.name}"' in form
    assert person.phone_masked in form  # the phone on file, masked, offered
    refused = client.post(
        "/value-added/services/t-loan/request/",
        {
            "subject": "",
            "details": "",
            "contact_name": "陈静",
            "contact_phone": "12",
            "attachments": [SimpleUploadedFile("报表.pdf", pdf())],
            "idempotency_key": "page-1",
        },
    )
    assert refused.status_code == 422
    text = html(refused)
    for field in ("subject", "details", "contact_phone"):
        assert f'data-field="{field}"' in text
    assert 'data-testid="kept-file"' in text and "报表.pdf" in text  # kept for the next time
    token = text.split('name="attachments.kept" value="')[1].split('"')[0]
    sent = client.post(
        "/value-added/services/t-loan/request/",
        {
            "subject": "流动资金贷款",
            "details": "需要流动资金贷款500万元。",
            "contact_name": "陈静",
            "contact_phone": "",
            "attachments.kept": token,
            "idempotency_key": "page-1",
        },
    )
    assert sent.status_code == 302
    made = ServiceRequest.objects.get()
    assert sent["Location"] == f"/value-added/requests/{made.number}/"
    assert [a.name for a in made.attachments.all()] == ["报表.pdf"]
    assert made.contact_phone_masked == person.phone_masked
    again = client.post(  # the same form sent twice: one request
        "/value-added/services/t-loan/request/",
        {
            "subject": "流动资金贷款",
            "details": "需要流动资金贷款500万元。",
            "contact_name": "陈静",
            "attachments.kept": token,
            "idempotency_key": "page-1",
        },
    )
    assert again.status_code == 302 and ServiceRequest.objects.count() == 1


def test_only_an_enterprises_staff_ask(city):
    form = "/value-added/services/puhui-daikuan/request/"
    assert city.client("zhangwei").get(form).status_code == 403
    assert city.client("officer.wx-sf").get("/value-added/mine/").status_code == 403
    assert city.client(ENTERPRISE).get("/value-added/provider/").status_code == 403
    assert city.client().get("/value-added/mine/").status_code == 302  # sign in first


def test_the_lists_filter_and_export_formula_safe(city):
    bank_service()
    with on(MONDAY):
        made = submit(city, subject='=HYPERLINK("http://x")')
    mine = html(city.client(ENTERPRISE).get("/value-added/mine/"))
    assert made.number in mine and "已提交" in mine
    exported = city.client(ENTERPRISE).get("/value-added/mine/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    queue = city.client(BANK).get("/value-added/provider/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(queue.content)).active
    cells = [c.value for c in sheet[2]]
    assert made.number in cells and '=HYPERLINK("http://x")' in cells
    assert sheet.cell(2, cells.index('=HYPERLINK("http://x")') + 1).data_type == "s"
    queue_page = html(city.client(BANK).get("/value-added/provider/", {"status": "submitted"}))
    assert made.number in queue_page and "江阴澄丰化纤有限公司" in queue_page
    empty = html(city.client(BANK).get("/value-added/provider/", {"status": "concluded"}))
    assert made.number not in empty
    assert made.number not in html(city.client(LAW_FIRM).get("/value-added/provider/"))


def test_the_moves_on_a_requests_page(city):
    bank_service()
    made = submit(city)
    url = f"/value-added/requests/{made.number}/"
    bank, enterprise = city.client(BANK), city.client(ENTERPRISE)
    provider_page = html(bank.get(url))
    assert 'data-testid="move-accept"' in provider_page
    assert 'data-testid="move-decline"' in provider_page
    assert "138****5678" in provider_page and "13812345678" not in provider_page
    assert 'data-testid="move-withdraw"' in html(enterprise.get(url))
    # declining wants the reason and the tick, both said at once
    refused = bank.post(f"{url}decline/", {"reason": ""})
    assert refused.status_code == 422
    assert 'data-field="reason"' in html(refused) and 'data-field="confirm"' in html(refused)
    assert enterprise.post(f"{url}accept/", {}).status_code == 403  # not the enterprise's
    assert bank.post(f"{url}accept/", {"note": "明日联系"}).status_code == 302
    conclude = {"outcome_kind": "financing", "outcome": "已放款", "amount": "5,000,000"}
    assert bank.post(f"{url}conclude/", conclude).status_code == 422  # not ticked
    no_amount = bank.post(f"{url}conclude/", {**conclude, "amount": "", "confirm": "on"})
    assert 'data-field="amount"' in html(no_amount)
    assert bank.post(f"{url}conclude/", {**conclude, "confirm": "on"}).status_code == 302
    made.refresh_from_db()
    assert (made.status, made.amount_fen) == ("concluded", 500_000_000)
    rate_page = html(enterprise.get(url))
    assert 'data-testid="move-rate"' in rate_page and "¥5,000,000.00" in rate_page
    assert enterprise.post(f"{url}rate/", {"rating": "4", "comment": "满意"}).status_code == 302
    done = html(enterprise.get(url))
    assert "满意" in done and 'data-testid="move-rate"' not in done
    assert [s.action for s in made.steps.all()] == ["submit", "accept", "conclude", "rate"]
    # a move the status no longer allows goes back to the page with the reason
    late = bank.post(f"{url}accept/", {})
    assert late.status_code == 302 and late["Location"].endswith("#moves")


def test_another_enterprise_sees_nothing_and_the_reveal_is_audited(city):
    bank_service()
    made = submit(city)
    url = f"/value-added/requests/{made.number}/"
    assert city.client(OTHER_ENTERPRISE).get(url).status_code == 404
    assert city.client(LAW_FIRM).get(url).status_code == 404
    short = city.client(BANK).post(f"{url}contact/", {"purpose": "看"})
    assert short.status_code == 422
    shown = city.client(BANK).post(f"{url}contact/", {"purpose": "联系企业对接贷款"})
    assert 'data-testid="revealed-phone"' in html(shown) and "13812345678" in html(shown)
    assert AuditEntry.objects.filter(action="pii.read", subject_id=str(made.pk)).count() == 1
    own = city.client(ENTERPRISE).post(f"{url}contact/", {"purpose": "核对号码"})
    assert own.status_code == 403
