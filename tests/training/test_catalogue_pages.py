"""The catalogue's pages in Chinese: the institute's home (the programme, the current
cohort with its tracks, courses and advisers, the partners with 深存科技 joining for the
first time, the universities marked 985 or overseas), a cohort's page, the partners, the
agreements (cursor pages, export) and an agreement's page; the staff's hub linking every
installed staff page, the catalogue's forms (every problem at once, nothing written,
prefilled), a cohort's moves (confirmed; an illegal one a message), an agreement's
termination; who is refused (403); the menu and the homes of the new roles."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import NoReverseMatch, reverse

from onething.core import clock
from onething.training.models import Cohort, CreditAgreement, Programme
from tests.web.test_wording import latin_words

from .world import NOW
from .world_catalogue import shencun

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}
OUTSIDERS = ("t.other", "t.wei", "t.registrar", "t.hr")


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def chinese(response) -> str:
    """The page's HTML, after checking it reads in Chinese and runs no inline script."""
    html = response.content.decode()
    words, _links = latin_words(html)
    assert not words, f"English on a Chinese page: {words}"
    assert not INLINE_SCRIPT.search(html), "an inline script (the CSP refuses it)"
    return html


def errors(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(
        re.findall(r'<small class="error"[^>]*data-field="([^"]+)"[^>]*>([^<]*)</small>', html)
    )


def installed(name: str, *args) -> bool:
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


# ---------------------------------------------------------------- public pages


def test_the_home_shows_the_institute_its_cohort_partners_and_universities(inst, city):
    shencun(inst)
    page = city.client().get("/training/", **PHONE)
    assert page.status_code == 200
    html = chinese(page)
    for text in (
        "无锡高新区产业科技创新人才实训学院",
        "产业科技创新人才实训",
        "2025年暑期实训班",
        "2025-07-14",
        "750",
        "AI芯片",
        "算法优化",
        "数字电路设计",
        "AI芯片项目实战",
        "许董事",
        "中微爱芯（无锡）科技有限公司",
        "药明合联",
        "兰州大学",
        "悉尼大学",
        "正在报名",
    ):
        assert text in html, text
    shencun_card = html[html.index("深存科技") :].split("</article>", 1)[0]
    assert "首次加入" in shencun_card and "王总" in shencun_card
    zwax_card = html[html.index("中微爱芯") :].split("</article>", 1)[0]
    assert "首次加入" not in zwax_card
    universities = html[html.index('data-testid="universities"') :].split("</section>", 1)[0]
    lzu = universities[universities.index("兰州大学") :].split("</li>", 1)[0]
    sydney = universities[universities.index("悉尼大学") :].split("</li>", 1)[0]
    assert "985" in lzu and "海外" in sydney and "海外" not in lzu
    assert "江南示范学院" not in universities  # no agreement
    assert "其中 985 高校 1 所、海外高校 1 所" in universities
    assert 'href="/training/figures/"' in html and 'href="/training/cohorts/2025S/"' in html
    assert ('href="/training/cohorts/2025S/apply/"' in html) == installed("training-apply", "2025S")
    assert 'data-testid="link-manage"' not in html


def test_a_cohorts_page(inst, city):
    html = chinese(city.client().get("/training/cohorts/2025S/"))
    assert "2025年暑期实训班" in html and "AI芯片导论" in html and "项目答辩" in html
    assert "许董事（中微爱芯（无锡）科技有限公司 董事长）" in html
    assert "待聘任" in html  # the other classes have no adviser yet
    assert city.client().get("/training/cohorts/NOPE/").status_code == 404
    staff = city.client("t.staff").get("/training/cohorts/2025S/").content.decode()
    assert 'href="/training/manage/cohorts/2025S/"' in staff


def test_the_partners_page_and_its_links_for_the_staff(inst, city):
    shencun(inst)
    html = chinese(city.client().get("/training/partners/", **PHONE))
    assert "共 3 家企业" in html and "首次加入" in html and "专精特新企业" in html
    assert "许董事 · 董事长：2025年暑期实训班 AI芯片" in html
    assert "/training/manage/" not in html
    staff = chinese(city.client("t.staff").get("/training/partners/"))
    assert f'href="/training/manage/partners/{inst.zwax.pk}/"' in staff
    assert f'href="/training/manage/advisers/{inst.adviser.pk}/"' in staff


def test_the_agreements_list_pages_and_exports(inst, city):
    html = chinese(city.client().get("/training/agreements/", **PHONE))
    assert "XY-2024-001" in html and "悉尼大学" in html and "五级制" in html
    assert 'href="/training/agreements/XY-2024-001/"' in html
    assert 'src="/static/web/cards.js"' in html
    assert 'data-testid="new"' not in html
    only = city.client().get(f"/training/agreements/?university={inst.sydney.pk}").content.decode()
    assert "XY-2025-002" in only and "XY-2024-001" not in only
    export = city.client().get("/training/agreements/?export=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "协议编号" and len(rows) == 3
    assert city.client().get("/training/agreements/?state=forever").status_code == 422


def test_an_agreements_page_and_its_termination(inst, city):
    html = chinese(city.client().get("/training/agreements/XY-2024-001/"))
    assert "产业实训选修课" in html and "AI芯片导论" in html and "百分制" in html
    assert 'data-testid="terminate"' not in html
    staff = city.client("t.staff")
    page = chinese(staff.get("/training/agreements/XY-2024-001/"))
    assert 'data-testid="terminate"' in page
    url = "/training/manage/agreements/XY-2024-001/terminate/"
    refused = staff.post(url, {"reason": "", "on": "2024-01-01"})
    assert refused.status_code == 422
    found = errors(refused)
    assert set(found) == {"reason", "confirm", "on"}  # the service's problems too
    assert CreditAgreement.objects.get(number="XY-2024-001").terminated_on is None
    wrong_day = staff.post(url, {"reason": "合作调整", "on": "2024-01-01", "confirm": "on"})
    assert wrong_day.status_code == 422 and "on" in errors(wrong_day)
    done = staff.post(url, {"reason": "合作调整", "on": "2025-07-01", "confirm": "on"}, follow=True)
    assert "协议已终止" in chinese(done)
    assert (
        CreditAgreement.objects.get(number="XY-2024-001").terminated_on.isoformat() == "2025-07-01"
    )
    for username in OUTSIDERS:
        assert city.client(username).post(url, {"reason": "x", "confirm": "on"}).status_code == 403


# ---------------------------------------------------------------- the staff's pages


def test_the_hub_links_every_installed_staff_page(inst, city):
    html = chinese(city.client("t.staff").get("/training/manage/"))
    for name in (
        "training-applications",
        "training-cohorts",
        "training-classes",
        "training-transcripts",
        "training-placements",
        "training-catalogue",
        "training-partners",
        "training-universities",
        "training-agreements",
        "training-figures",
    ):
        if installed(name):
            assert f'href="{reverse(name)}"' in html, name
    for username in OUTSIDERS:
        assert city.client(username).get("/training/manage/").status_code == 403
    assert city.client().get("/training/manage/").status_code == 302  # to sign in


STAFF_PAGES = [
    "/training/manage/catalogue/",
    "/training/manage/institute/",
    "/training/manage/programmes/new/",
    "/training/manage/programmes/CXRC/",
    "/training/manage/programmes/CXRC/tracks/new/",
    "/training/manage/programmes/CXRC/tracks/ai-chip/",
    "/training/manage/programmes/CXRC/tracks/ai-chip/courses/new/",
    "/training/manage/courses/CHIP-101/",
    "/training/manage/cohorts/",
    "/training/manage/cohorts/new/",
    "/training/manage/cohorts/2025S/",
    "/training/manage/cohorts/2025S/edit/",
    "/training/manage/partners/new/",
    "/training/manage/universities/",
    "/training/manage/universities/new/",
    "/training/manage/agreements/new/",
    "/training/manage/agreements/XY-2024-001/edit/",
]


def test_every_staff_page_reads_in_chinese_and_refuses_everyone_else(inst, city):
    staff = city.client("t.staff")
    pages = [
        *STAFF_PAGES,
        f"/training/manage/partners/{inst.zwax.pk}/",
        f"/training/manage/partners/{inst.zwax.pk}/advisers/new/",
        f"/training/manage/advisers/{inst.adviser.pk}/",
        f"/training/manage/universities/{inst.lzu.pk}/",
    ]
    for url in pages:
        answer = staff.get(url, **PHONE)
        assert answer.status_code == 200, url
        chinese(answer)
    for username in OUTSIDERS:
        client = city.client(username)
        for url in pages:
            assert client.get(url).status_code == 403, (username, url)


def test_a_new_cohort_shows_every_problem_at_once_then_is_created(inst, city):
    staff = city.client("t.staff")
    form = {
        "programme": "CXRC",
        "code": "2025S",
        "name": "",
        "starts_on": "2026-07-13",
        "ends_on": "2026-07-01",
        "capacity": "many",
        "applications_open_at": "2026-05-01T00:00",
        "applications_close_at": "2026-06-20T18:00",
        "offer_days": "7",
        "idempotency_key": "f-1",
    }
    refused = staff.post("/training/manage/cohorts/new/", form)
    assert refused.status_code == 422
    chinese(refused)
    assert set(errors(refused)) == {"code", "name", "ends_on", "capacity", "tracks"}
    assert 'data-testid="error-summary"' in refused.content.decode()
    assert Cohort.objects.count() == 1
    good = form | {
        "code": "2026S",
        "name": "2026年暑期实训班",
        "ends_on": "2026-09-12",
        "capacity": "800",
        "tracks": ["ai-chip", "circuits"],
        "idempotency_key": "f-2",
    }
    done = staff.post("/training/manage/cohorts/new/", good, follow=True)
    assert done.redirect_chain[-1][0] == "/training/manage/cohorts/2026S/"
    html = chinese(done)
    assert "实训班 2026年暑期实训班 已创建（计划中）" in html and "开放报名" in html
    cohort = Cohort.objects.get(code="2026S")
    assert cohort.capacity == 800 and cohort.applications_close_at.hour == 10  # 18:00 local


def test_a_cohorts_moves_are_confirmed_and_an_illegal_one_says_why(inst, city):
    staff = city.client("t.staff")
    page = chinese(staff.get("/training/manage/cohorts/2025S/"))
    assert 'data-testid="move-close"' in page and 'data-testid="move-finish"' not in page
    unconfirmed = staff.post("/training/manage/cohorts/2025S/act/close/", {"note": ""})
    assert unconfirmed.status_code == 422 and "confirm" in errors(unconfirmed)
    assert Cohort.objects.get(code="2025S").status == "open"
    done = staff.post("/training/manage/cohorts/2025S/act/close/", {"confirm": "on"}, follow=True)
    html = chinese(done)
    assert "实训班现为“选拔中”" in html
    illegal = staff.post(
        "/training/manage/cohorts/2025S/act/finish/", {"confirm": "on"}, follow=True
    )
    assert "只有处于“实训中”的实训班才可以" in chinese(illegal)
    assert Cohort.objects.get(code="2025S").status == "selecting"
    edit = chinese(staff.get("/training/manage/cohorts/2025S/edit/"))
    assert "已不能修改" in edit  # the window and the tracks are frozen


def test_a_course_and_a_programme_from_their_forms(inst, city):
    staff = city.client("t.staff")
    url = "/training/manage/programmes/CXRC/tracks/ai-chip/courses/new/"
    refused = staff.post(
        url, {"code": "CHIP-101", "name": "", "hours": "x", "credits": "1.25", "assessment": "exam"}
    )
    assert refused.status_code == 422
    assert set(errors(refused)) == {"code", "name", "hours", "credits", "pass_mark"}
    done = staff.post(
        url,
        {
            "code": "CHIP-301",
            "name": "芯片验证",
            "hours": "24",
            "credits": "1.5",
            "assessment": "practice",
            "pass_mark": "60",
        },
    )
    assert done.status_code == 302
    edit = staff.get("/training/manage/courses/CHIP-301/").content.decode()
    assert 'value="芯片验证"' in edit and 'value="24"' in edit  # prefilled
    catalogue = chinese(staff.get("/training/manage/catalogue/"))
    assert "芯片验证" in catalogue and "实操考核" in catalogue
    staff.post("/training/manage/programmes/CXRC/", {"name": "产业科技创新人才实训（新）"})
    assert Programme.objects.get(code="CXRC").name == "产业科技创新人才实训（新）"


def test_an_agreements_form_names_the_courses_problems(inst, city):
    staff = city.client("t.staff")
    form = {
        "number": "XY-2025-010",
        "university": str(inst.nonpartner.pk),
        "signed_on": "2025-06-01",
        "valid_from": "2025-06-01",
        "grade_scheme": "percent",
        "count_DC-101": "on",
        "credits_DC-101": "abc",
        "count_DC-201": "on",
        "credits_DC-201": "3",
        "as_DC-201": "数字系统设计",
        "idempotency_key": "g-1",
    }
    refused = staff.post("/training/manage/agreements/new/", form)
    assert refused.status_code == 422
    assert set(errors(refused)) == {"credits_DC-101"}
    none = staff.post(
        "/training/manage/agreements/new/",
        {**form, "count_DC-101": "", "count_DC-201": "", "idempotency_key": "g-2"},
    )
    assert none.status_code == 422 and "请至少选择一门课程" in chinese(none)
    assert CreditAgreement.objects.filter(number="XY-2025-010").count() == 0
    done = staff.post(
        "/training/manage/agreements/new/",
        {**form, "credits_DC-101": "2", "idempotency_key": "g-3"},
        follow=True,
    )
    assert "协议 XY-2025-010 已登记" in chinese(done)
    agreement = CreditAgreement.objects.get(number="XY-2025-010")
    assert sorted(agreement.courses.values_list("course__code", flat=True)) == ["DC-101", "DC-201"]
    edit = staff.get("/training/manage/agreements/XY-2025-010/edit/").content.decode()
    assert (
        'name="count_DC-201" checked' in edit
        or 'checked name="count_DC-201"' in edit
        or re.search(r'name="count_DC-201"[^>]*checked', edit)
    )


def test_an_adviser_is_assigned_a_class_and_taken_off_it(inst, city):
    staff = city.client("t.staff")
    url = f"/training/manage/advisers/{inst.adviser.pk}/"
    bad = staff.post(f"{url}classes/", {"cohort": "2025S", "track": ""})
    assert bad.status_code == 422 and "track" in errors(bad)
    done = staff.post(f"{url}classes/", {"cohort": "2025S", "track": "circuits"}, follow=True)
    html = chinese(done)
    assert "班级已安排" in html and "2025年暑期实训班 · 数字电路设计" in html
    twice = staff.post(f"{url}classes/", {"cohort": "2025S", "track": "circuits"}, follow=True)
    assert "该班主任已经负责这个班级" in chinese(twice)
    assignment = inst.adviser.assignments.get(track=inst.circuits)
    gone = staff.post(f"{url}classes/{assignment.pk}/remove/", {"confirm": "on"}, follow=True)
    assert "不再负责这个班级" in chinese(gone)
    assert not inst.adviser.assignments.filter(track=inst.circuits).exists()


# ---------------------------------------------------------------- the menu and the homes


def test_the_menu_of_each_role(inst, city):
    def menu(username=None):
        html = city.client(username).get("/").content.decode()
        return html[html.index('id="site-nav"') :].split("</ul>", 1)[0]

    assert 'href="/training/"' in menu() and "实训学院" in menu()
    staff = menu("t.staff")
    assert 'href="/training/manage/"' in staff and "实训管理" in staff
    assert ('href="/training/manage/applications/"' in staff) == installed("training-applications")
    assert 'href="/training/agreements/"' in staff
    assert "实训管理" not in menu("t.wei") and "实训管理" not in menu("t.other")
    wei = menu("t.wei")
    assert ("实训报名" in wei) == installed("training-my-applications")
    assert "企业岗位" not in wei
    hr = menu("t.hr")
    assert ("企业岗位" in hr) == installed("training-company") and "实训报名" not in hr
    registrar = menu("t.registrar")
    assert ("学分证明" in registrar) == installed("training-university")


def test_the_homes_of_the_institutes_staff_and_a_registrar(inst, city):
    staff = chinese(city.client("t.staff").get("/"))
    assert "实训学院工作台" in staff and "无锡高新区产业科技创新人才实训学院" in staff
    assert 'data-testid="to-screen">0<' in staff and 'data-testid="classes">0<' in staff
    assert "2025年暑期实训班" in staff and 'href="/training/manage/"' in staff
    registrar = chinese(city.client("t.registrar").get("/"))
    assert "学分互认" in registrar and "兰州大学" in registrar
    assert 'data-testid="transcripts-received">0<' in registrar and "XY-2024-001" in registrar
