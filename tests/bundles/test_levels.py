"""The one-thing list at three levels: 国家级 and 省级 key items (重点事项) and the city's own
(市级) — in the API (list filter, definitions in and out), the public list (a badge, a
filter, the count per level), the detail page, the workbook and the admin."""

from __future__ import annotations

import re

import pytest

from onething.bundles.models import Bundle
from onething.bundles.services.definitions import bundle_row
from onething.bundles.xlsx import bundles_export_xlsx, bundles_import_xlsx
from onething.core.errors import ValidationFailed
from onething.demo.bundles import EQUITY, RESTAURANT
from tests.catalog.books import cell, edited, row_of

pytestmark = pytest.mark.django_db

TWO_STEPS = {
    "name": "测试省级一件事",
    "audience": "enterprise",
    "level": "provincial",
    "listed_in": "江苏省测试清单",
    "steps": [
        {"key": "declare", "item_code": "320200-SW-101"},
        {"key": "verify", "item_code": "320200-SW-102", "after": ["declare"]},
    ],
}


def fields(response):
    return {f["field"]: f["rule"] for f in response.json()["error"]["details"]["fields"]}


def test_the_api_lists_a_level_and_says_which_are_key_items(city):
    client = city.client(None, "en")
    national = client.get("/api/bundles", {"level": "national"}).json()
    assert len(national) == 21 and {b["level"] for b in national} == {"national"}
    assert all(b["key_item"] and b["listed_in"] for b in national)
    assert RESTAURANT in {b["code"] for b in national}
    provincial = client.get("/api/bundles", {"level": "provincial"}).json()
    assert len(provincial) == 8 and all(b["key_item"] for b in provincial)
    own = client.get("/api/bundles", {"level": "city", "audience": "enterprise"}).json()
    assert EQUITY in {b["code"] for b in own} and not any(b["key_item"] for b in own)
    assert len(client.get("/api/bundles").json()) == 59
    refused = client.get("/api/bundles", {"level": "county"})
    assert refused.status_code == 422 and fields(refused) == {"level": "choice"}


def test_a_definition_carries_its_level(api):
    admin = api("admin")
    put = admin.client.put
    saved = put("/api/bundles/YJS-320200-QY-099", TWO_STEPS, content_type="application/json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["level"] == "provincial" and saved.json()["key_item"] is True
    bundle = Bundle.objects.get(code="YJS-320200-QY-099")
    assert (bundle.level, bundle.listed_in) == ("provincial", "江苏省测试清单")
    plain = {k: v for k, v in TWO_STEPS.items() if k not in ("level", "listed_in")}
    again = put("/api/bundles/YJS-320200-QY-098", plain, content_type="application/json")
    assert again.json()["level"] == "city"  # the city's own unless said otherwise
    for change, field in (({"level": "world"}, "level"), ({"listed_in": "x" * 101}, "listed_in")):
        bad = put(
            "/api/bundles/YJS-320200-QY-097",
            {**TWO_STEPS, **change},
            content_type="application/json",
        )
        assert bad.status_code == 422 and field in fields(bad)
    assert not Bundle.objects.filter(code="YJS-320200-QY-097").exists()


def test_the_public_list_counts_and_badges_each_level(city):
    html = city.client().get("/one-things/").content.decode()
    counts = dict(re.findall(r'data-testid="level-(\w+)" data-count="(\d+)"', html))
    assert counts == {"national": "21", "provincial": "8", "city": "30"}
    assert "国家级" in html and "省级" in html and "市级" in html and "重点事项" in html
    provincial = city.client().get("/one-things/", {"level": "provincial"}).content.decode()
    assert provincial.count('data-testid="bundle-card"') == 8
    assert provincial.count('data-testid="key-item"') == 8
    assert "江苏省“高效办成一件事”重点事项清单" in provincial
    own = city.client().get("/one-things/", {"level": "city"}).content.decode()
    assert 'data-testid="key-item"' not in own
    bad = city.client(None, "en").get("/one-things/", {"level": "county"})
    assert bad.status_code == 422 and 'data-field="level"' in bad.content.decode()


def test_the_detail_page_shows_the_level_and_the_list(city):
    restaurant = city.client().get(f"/one-things/{RESTAURANT}/").content.decode()
    badge = restaurant.split('data-testid="level-badge"')[1].split("</a>")[0]
    assert "国家级" in badge and 'data-testid="key-item"' in restaurant
    assert "国发〔2024〕3号" in restaurant.split('data-testid="listed-in"')[1]
    equity = city.client().get(f"/one-things/{EQUITY}/").content.decode()
    assert "市级" in equity.split('data-testid="level-badge"')[1].split("</a>")[0]
    assert 'data-testid="key-item"' not in equity and 'data-testid="listed-in"' not in equity


def test_the_level_goes_through_the_workbook(city):
    admin = city.actor("admin")
    body = bundles_export_xlsx(admin)
    line = row_of(body, EQUITY, sheet="bundles")
    changed = edited(
        body, lambda wb: setattr(cell(wb, "bundles", line, "level"), "value", "provincial")
    )
    result = bundles_import_xlsx(actor=admin, data=changed)
    assert result.updated == 1
    assert bundle_row(Bundle.objects.get(code=EQUITY))["level"] == "provincial"
    wrong = edited(body, lambda wb: setattr(cell(wb, "bundles", line, "level"), "value", "县级"))
    with pytest.raises(ValidationFailed) as refused:
        bundles_import_xlsx(actor=admin, data=wrong)
    problem = refused.value.problems[0]
    assert problem.field.endswith(".level") and str(line) in problem.field
    assert problem.rule == "choice"
    assert bundle_row(Bundle.objects.get(code=EQUITY))["level"] == "provincial"  # unchanged


def test_the_admin_filters_by_level(city):
    client = city.client("admin", "en")
    page = client.get("/admin/bundles/bundle/", {"level__exact": "provincial"}).content.decode()
    assert "企业注销一件事" in page and "股权转让一件事" not in page
    runs = client.get("/admin/bundles/bundlerun/", {"bundle__level__exact": "national"})
    assert runs.status_code == 200


@pytest.mark.parametrize(
    ("item", "department"),
    [
        ("320200-WJ-201", "WX-WJW"),  # 出生医学证明: 卫健委, not another "other" department
        ("320200-JY-201", "WX-JYJ"),
        ("320200-GA-201", "WX-GA"),  # 户口: 公安局, not its traffic police
        ("320200-JJ-202", "WX-GAJJ"),
        ("320200-BDC-202", "WX-BDC"),  # 不动产登记中心, not 自然资源和规划局
        ("320200-ZR-201", "WX-ZRZY"),
        ("320200-SSDJ-207", "HD-SCJG"),  # a kind the town has an office of: the town's
    ],
)
def test_the_list_items_are_handled_by_their_own_departments(city, item, department):
    from onething.catalog.models import ServiceItem
    from onething.catalog.selectors import competent_department

    town = city.region("320211102")  # 胡埭镇
    found = competent_department(ServiceItem.objects.get(code=item), town)
    assert found.code == department
