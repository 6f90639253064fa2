"""The application forms fill in what the platform knows and report every problem at once:
an enterprise's staff find its name and credit code filled in, an agent chooses which of
its client enterprises applies, and a window intake lists every bad input together, each
format error with the expected format."""

from __future__ import annotations

from onething.cases.models import Case
from onething.core.models import Enterprise
from onething.core.services.declarations import declaration_file

from .test_pages_staff import intake_data

FOOD = "/services/320200-SSDJ-005/apply/"  # for enterprises: 经营者名称, 统一社会信用代码
TAX = "/services/320200-SW-101/apply/"  # for enterprises: 纳税人识别号


def test_enterprise_staff_find_the_name_and_credit_code_filled_in(city):
    chengfeng = Enterprise.objects.get(name="江阴澄丰化纤有限公司")
    client = city.client("qiye.chengfeng")
    html = client.get(FOOD).content.decode()
    assert f'name="form.credit_code" value="{chengfeng.credit_code}"' in html
    assert f'name="form.business_name" value="{chengfeng.name}"' in html
    assert f"{chengfeng.name}（{chengfeng.credit_code}）" in html  # who applies
    tax = client.get(TAX).content.decode()
    assert f'name="form.taxpayer_id" value="{chengfeng.credit_code}"' in tax


def test_a_citizen_finds_no_enterprise_data_but_their_name(city):
    html = city.client("zhangwei").get("/services/320200-SSDJ-001/apply/").content.decode()
    assert 'name="form.operator_name" value="张伟"' in html
    assert 'name="form.operator_id" value=' not in html  # a full number is never put in a page


def test_an_agent_chooses_which_client_enterprise_applies(city):
    agent = city.actor("agent.chengxin")
    clients = list(
        Enterprise.objects.filter(name__in=["江阴澄丰化纤有限公司", "无锡胡埭精密机械有限公司"])
    )
    declaration_file(
        actor=agent, credit_codes=[e.credit_code for e in clients], idempotency_key="forms-decl"
    )
    html = city.client("agent.chengxin").get(FOOD).content.decode()
    for enterprise in clients:
        assert f'name="applicant_for" value="{enterprise.pk}"' in html
        assert f"{enterprise.name}（{enterprise.credit_code}）" in html
    assert 'value="self"' not in html  # an item for enterprises only


def test_the_window_intake_reports_every_problem_at_once(city):
    clerk = city.client("clerk.hudai")
    cases = Case.objects.count()
    answer = clerk.post(
        "/workbench/intake/",
        intake_data(
            idempotency_key="walk-in-forms",
            id_number="1101051949",
            phone="12",
            name="",
            **{"form.phone": "abc", "materials.id-card": "", "delivery": "post"},
        ),
    )
    assert answer.status_code == 422 and Case.objects.count() == cases
    html = answer.content.decode()
    for name in (
        "id_number",
        "phone",
        "name",
        "form.phone",
        "materials.id-card",
        "delivery_address",
    ):
        assert f'data-field="{name}"' in html, name
    assert 'data-testid="error-summary"' in html and 'href="#id_id_number"' in html
    assert "例如 320211199001011234" in html and "例如 13812345678" in html
    # the inputs say the expected format before anything goes wrong
    form = clerk.get("/workbench/intake/", {"item": "320200-SB-002"}).content.decode()
    assert 'aria-describedby="id_id_number_helptext"' in form
    assert 'id="id_id_number_helptext"' in form
