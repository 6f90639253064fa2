"""The home page as a portal: for anyone, the catalogue's search, popular services (from the
roll-ups, cached), 个人办事 / 法人办事 by life event, services by department, notices and
the figures; for a signed-in user, their open items or the counts of their work first."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

from onething.cases.models import CaseTally
from onething.cases.selectors.tallies import popular_items
from onething.catalog.models import ServiceItem
from tests.cases.conftest import ITEM, Api, apply_online

# ITEM: 个体工商户设立登记 (市场监管局, for citizens, 开办企业)
SECTIONS = (
    "portal-search",
    "portal-person",
    "portal-enterprise",
    "portal-departments",
    "portal-notices",
    "portal-figures",
)


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def _links(html: str) -> list[str]:
    main = html[html.index("<main") : html.index("</main>")]
    return [unescape(h) for h in re.findall(r'href="([^"#]+)"', main)]


def _apply(city) -> str:
    """张伟 applies online for ITEM; the new case's number."""
    return apply_online(Api(city, "zhangwei")).json()["number"]


def test_anonymous_home_has_every_portal_section(city):
    html = city.client().get("/").content.decode()
    for testid in SECTIONS:
        assert f'data-testid="{testid}"' in html, testid
    assert "个人办事" in html and "法人办事" in html and "通知公告" in html
    # life events of each audience, with their links into the catalogue
    person, enterprise = _section(html, "portal-person"), _section(html, "portal-enterprise")
    assert "生育" in person and "退休" in person and "开办企业" not in person
    assert "开办企业" in enterprise and "工程建设" in enterprise and "生育" not in enterprise
    assert "/services/?life_event=birth" in person
    assert "/services/?audience=enterprise" in enterprise
    assert "无锡市市场监督管理局" in _section(html, "portal-departments")
    assert 'href="/figures/"' in _section(html, "portal-figures")


def test_every_link_of_the_anonymous_home_answers(city):
    client = city.client()
    links = _links(client.get("/").content.decode())
    assert len(links) > 20
    for href in sorted(set(links)):
        if not href.startswith("/") or href.startswith("/api/"):
            continue
        answer = client.get(href, follow=True)
        assert answer.status_code == 200, href


def test_the_search_box_leads_to_the_catalogues_results(city):
    client = city.client()
    html = client.get("/").content.decode()
    search = _section(html, "portal-search")
    assert 'action="/services/"' in search and 'name="q"' in search
    assert re.search(r'<label for="portal-q"[^>]*>服务名称或事项编码</label>', search)
    results = client.get("/services/", {"q": "异地就医"}).content.decode()
    assert "异地就医备案" in results and "个体工商户设立登记" not in results


def test_the_department_and_audience_links_filter_the_catalogue(city):
    client = city.client()
    html = client.get("/").content.decode()
    departments = _section(html, "portal-departments")
    href = unescape(re.search(r'href="(/services/\?department_code=[^"]+)"', departments)[1])
    code = parse_qs(urlsplit(href).query)["department_code"][0]
    listed = client.get(href)
    assert listed.status_code == 200
    page = listed.content.decode()
    owned = ServiceItem.objects.filter(department__code=code, is_active=True)
    others = ServiceItem.objects.exclude(department__code=code).filter(is_active=True)
    assert owned.exists() and others.exists()
    assert all(item.name in page for item in owned[:5])
    assert not any(f">{item.name}<" in page for item in others)
    enterprise = client.get(
        "/services/", {"audience": "enterprise", "category": "construction"}
    ).content.decode()
    assert "建设工程规划许可" in enterprise and "异地就医备案" not in enterprise


def test_popular_services_come_from_the_roll_up(city):
    html = city.client().get("/").content.decode()
    assert 'data-testid="portal-popular"' not in html  # nothing applied for yet
    _apply(city)
    from django.core.cache import cache

    cache.clear()  # the portal keeps its popular services for a while
    html = city.client().get("/").content.decode()
    popular = _section(html, "portal-search")
    assert 'data-testid="portal-popular"' in popular
    assert f'href="/services/{ITEM}/"' in popular and "个体工商户设立登记" in popular


def test_popular_items_are_ranked_capped_and_in_service(city):
    from onething.core import clock

    month = clock.today().replace(day=1)
    items = list(ServiceItem.objects.select_related("department").order_by("code")[:4])
    for n, item in enumerate(items, start=1):
        CaseTally.objects.create(month=month, department=item.department, item=item, cases=n * 10)
    ranked = popular_items(limit=3)
    assert [r["code"] for r in ranked] == [items[3].code, items[2].code, items[1].code]
    assert ranked[0]["cases"] == 40
    ServiceItem.objects.filter(pk=items[3].pk).update(is_active=False)
    assert items[3].code not in [r["code"] for r in popular_items(limit=3)]
    old = month.replace(year=month.year - 2)
    CaseTally.objects.create(month=old, department=items[0].department, item=items[0], cases=999)
    assert popular_items(limit=1)[0]["code"] == items[2].code  # last year's months only


def test_the_portal_reads_its_figures_once_then_from_the_cache(city):
    client = city.client()
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    tally = [q for q in first.captured_queries if "cases_casetally" in q["sql"]]
    assert tally  # popular services and the figures read the roll-up
    assert not [q for q in second.captured_queries if "cases_casetally" in q["sql"]]
    assert not [q for q in first.captured_queries if 'FROM "cases_case"' in q["sql"]]


def test_signed_in_applicant_sees_open_items_first(city):
    number = _apply(city)
    html = city.client("zhangwei").get("/").content.decode()
    open_items = _section(html, "open-items")
    assert number in open_items and "个体工商户设立登记" in open_items
    assert f'href="/cases/{number}/"' in open_items
    assert "待受理" in open_items or "已提交" in open_items  # its status, in Chinese
    # first: before the identity card and before the portal
    assert html.index('data-testid="open-items"') < html.index('data-testid="id-number"')
    assert html.index('data-testid="open-items"') < html.index('data-testid="portal-search"')
    assert "在办办件：1" in open_items


def test_open_items_show_the_deadline_once_accepted(city):
    number = _apply(city)
    clerk = city.client("clerk.hudai", "en")
    assert (
        clerk.post(f"/api/cases/{number}/accept", content_type="application/json").status_code
        == 200
    )
    from onething.cases.models import Case

    due = Case.objects.get(number=number).due_date
    html = city.client("zhangwei").get("/").content.decode()
    row = _section(html, "open-items")
    assert f'<time datetime="{due.isoformat()}">{due.isoformat()}</time>' in row
    assert "已受理" in row or "办理中" in row


def test_applicant_with_nothing_open_is_told_so(city):
    html = city.client("zhangwei").get("/").content.decode()
    assert "暂无在办事项" in _section(html, "open-items")


def test_staff_homes_count_their_work_first(city):
    _apply(city)
    clerk = city.client("clerk.hudai").get("/").content.decode()
    assert re.search(r'data-testid="count-to-accept">1<', clerk)
    assert clerk.index('data-testid="workbench-card"') < clerk.index('data-testid="portal-search"')
    officer = city.client("officer.binhu").get("/").content.decode()
    assert 'data-testid="count-inbox">' in officer
    supervisor = city.client("supervisor").get("/").content.decode()
    assert re.search(r'data-testid="count-overdue">\d+<', supervisor)


def test_the_menu_folds_with_a_button_and_no_inline_script(city):
    html = city.client().get("/").content.decode()
    button = re.search(r"<button[^>]*data-testid=\"menu-toggle\"[^>]*>", html)[0]
    assert 'aria-expanded="false"' in button and 'aria-controls="site-nav"' in button
    assert 'id="site-nav"' in html and 'aria-label="主菜单"' in html
    assert "菜单</button>" in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all('src="' in attrs and not body.strip() for attrs, body in scripts)
    sources = [re.search(r'src="([^"]+)"', attrs)[1] for attrs, _ in scripts]
    assert any(s.endswith("web/menu.js") for s in sources)
    assert any(s.endswith("web/cards.js") for s in sources)
