"""The one-thing pages through Django's test client: the public list and a bundle's page
(its steps, the graph in words, the one form, the one set of materials); the application
(each field and material once, 422 beside the field and nothing written on bad input, a
double click makes one run, an agent applies for a declared enterprise)."""

import csv
import io

from onething.bundles.models import BundleRun
from onething.core.models import Enterprise
from onething.core.services.declarations import declaration_file
from onething.demo.bundles import EQUITY, PROJECT, RESTAURANT

from .conftest import EQUITY_MATERIALS
from .pages import APPLY, FIELDS, application, steps, written


def test_the_public_list_of_one_things(city):
    client = city.client(None, "en")
    html = client.get("/one-things/", {"level": "city", "audience": "enterprise"}).content.decode()
    for name in ("股权转让一件事", "工业项目拿地即开工一件事"):
        assert name in html
    assert f'href="/one-things/{EQUITY}/"' in html
    national = client.get("/one-things/", {"level": "national"}).content.decode()
    assert "开办餐饮店一件事" in national and "股权转让一件事" not in national
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
