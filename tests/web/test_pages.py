"""Pages through Django's test client: every role's home, the directory, the people list
(filters, pagination, CSV and .xlsx export), registration with bad input, the audited
reveal, the language switch."""

import csv
import io

import pytest
from openpyxl import load_workbook

from onething.core.models import AuditEntry, Person

HOMES = {
    "admin": "Administration",
    "zhangwei": "My services",
    "qiye.chengfeng": "My services",
    "agent.chengxin": "Agency workbench",
    "clerk.hudai": "Window workbench",
    "officer.binhu": "Department inbox",
    "supervisor": "Supervision",
    "dispatcher": "Appeals dispatch",
    "union": "Trade union services",
    "gate.metro01": "Gate terminal",
    "desk.xibang": "Gate terminal",  # a restaurant's till (餐饮商圈优惠): a gate account
    "inspector": "Grid inspection",
    "institute": "Institute workbench",  # 实训学院工作台
    "registrar.lzu": "Credit recognition",  # 学分互认
    "leader.shengang": "Night duty",  # 带班值班
}


@pytest.mark.parametrize(("username", "title"), HOMES.items())
def test_every_role_has_its_home(city, username, title):
    page = city.client(username, "en").get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-testid="home-title">{title}<' in html
    assert city.user(username).get_role_display() in html


def test_every_role_is_among_the_homes_tried(city):
    from onething.core.models import Role

    assert {city.user(username).role for username in HOMES} == set(Role.values)


def test_the_dispatchers_home_counts_the_queue(city):
    html = city.client("dispatcher").get("/").content.decode()
    assert "诉求派单" in html and 'data-testid="to-dispatch"' in html
    assert 'href="/appeals/dispatch/"' in html


def test_home_in_chinese_by_default(city):
    html = city.client("clerk.hudai").get("/").content.decode()
    assert "窗口工作台" in html and "胡埭镇便民服务中心" in html
    assert 'lang="zh-hans"' in html


def test_anonymous_home_and_directory(city):
    client = city.client()
    assert "高效办成一件事" in client.get("/").content.decode()
    html = client.get("/directory/").content.decode()
    for name in ("胡埭镇", "雪堰镇", "万石镇", "跨域通办专窗", "无锡市总工会"):
        assert name in html


def test_language_switch(city):
    client = city.client("clerk.hudai")
    answer = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert answer.status_code == 302
    assert "Window workbench" in client.get("/").content.decode()


def test_people_list_is_scoped_filtered_and_paginated(city):
    client = city.client("supervisor", "en")
    html = client.get("/people/").content.decode()
    assert "1 of 2" in html or "Page 1 of" in html
    hudai = city.hudai_person
    filtered = client.get("/people/", {"q": hudai.name}).content.decode()
    assert hudai.id_number_masked in filtered
    other = client.get("/people/", {"q": city.xueyan_person.name}).content.decode()
    assert "Nothing matches." in other and city.xueyan_person.id_number_masked not in other


def test_people_export_csv_and_xlsx(city):
    client = city.client("clerk.hudai", "en")
    answer = client.get("/people/", {"export": "csv"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    text = answer.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Full name", "ID number"]
    people = city.people_in("320211102")
    assert len(rows) - 1 == people.count()
    assert {r[1] for r in rows[1:]} == set(people.values_list("id_number_masked", flat=True))
    xlsx = client.get("/people/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Full name" and len(values) - 1 == people.count()


def test_bad_filter_is_422_not_500(city):
    answer = city.client("supervisor", "en").get("/people/", {"q": "x" * 80})
    assert answer.status_code == 422
    assert "at most 50 characters" in answer.content.decode()


def test_register_walk_in_with_bad_then_good_id(city):
    client = city.client("clerk.hudai", "en")
    count = Person.objects.count()
    bad = client.post(
        "/people/new/",
        {"name": "钱九", "id_number": "110105194912310021", "region_code": "320211102"},
    )
    assert bad.status_code == 422
    assert "check character is wrong" in bad.content.decode()
    assert Person.objects.count() == count
    good = client.post(
        "/people/new/",
        {"name": "钱九", "id_number": "11010519491231002X", "region_code": "320211102"},
    )
    assert good.status_code == 302
    detail = client.get(good["Location"]).content.decode()
    assert "1101**********002X" in detail and "11010519491231002X" not in detail


def test_reveal_on_the_page_is_audited(city):
    client = city.client("clerk.hudai", "en")
    person = city.hudai_person
    before = AuditEntry.objects.filter(action="pii.read").count()
    page = client.post(f"/people/{person.pk}/", {"field": "id_number", "purpose": "核验"})
    assert page.status_code == 200
    assert "written to the audit log" in page.content.decode()
    assert AuditEntry.objects.filter(action="pii.read").count() == before + 1
    refused = client.post(f"/people/{person.pk}/", {"field": "id_number", "purpose": ""})
    assert refused.status_code == 422
    assert AuditEntry.objects.filter(action="pii.read").count() == before + 1


def test_supervisor_sees_masked_only(city):
    page = city.client("supervisor", "en").get(f"/people/{city.hudai_person.pk}/")
    assert page.status_code == 200
    assert "Show the full ID number" not in page.content.decode()


def test_unknown_page_is_404(city):
    assert city.client("clerk.hudai").get("/people/999999/").status_code == 404
    assert city.client().get("/no-such-page/").status_code == 404


def test_api_docs_are_served_locally(city):
    client = city.client()
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "/static/ninja/" in html
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "onething API"
    assert "/api/people" in schema["paths"]


def test_pages_load_no_third_party_assets(city):
    html = city.client("clerk.hudai").get("/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_register_enterprise_page_with_bad_code(city):
    client = city.client("officer.binhu", "en")
    answer = client.post(
        "/enterprises/new/",
        {"name": "无锡测试", "credit_code": "91320211MA1MXXXXX1", "region_code": "320211"},
    )
    assert answer.status_code == 422
    assert "check character is wrong" in answer.content.decode()


@pytest.mark.parametrize("username", HOMES)
def test_pages_name_the_account_not_its_username(city, username):
    import re

    html = city.client(username).get("/").content.decode()
    who = re.search(r'data-testid="who">([^<]*)<', html).group(1)
    heading = re.search(r"<hgroup>.*?</hgroup>", html, re.S).group(0)
    assert username not in who and username not in heading
    assert city.user(username).display_name in who


def test_the_clerks_menu_leads_to_the_cross_region_intake(city):
    html = city.client("clerk.hudai").get("/").content.decode()
    assert '<a href="/workbench/cross-region/"' in html and "跨域通办受理" in html
    assert "跨域通办数据" in html  # the public figures keep their own, plain name


def test_the_figures_period_is_labelled_as_dates(city):
    html = city.client().get("/figures/").content.decode()
    form = html[html.index('data-testid="figures-filter"') :].split("</form>", 1)[0]
    assert "起始日期" in form and "截至" in form and "诉求人" not in form
