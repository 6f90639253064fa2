"""The streets' pages in Chinese: the public register (filters, cursor pages, export, cards
on a phone), a street's page (projects with their items and before/after photos, the
monthly scores' chart and weights, the published rankings only), a programme's totals;
the staff's hub, projects and a project's page with one form per move — confirmed, every
problem at once, an illegal move a message, a photo kept across a refusal — and who is
refused (403 / 404)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from onething.citymgmt.models import (
    ProjectPhoto,
    RankingBatch,
    RankingCategory,
    RankingEntry,
    StreetMonth,
    StreetProject,
)
from onething.citymgmt.services.streets import project_photo_add, project_spend, project_start
from onething.core import clock
from onething.core.models import Region
from onething.web import listing
from tests.files import jpeg, png
from tests.web.test_wording import latin_words

from .world_streets import NOW, at, build, fresh

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def w(city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build(city)


def chinese(response) -> str:
    """The page's HTML, after checking it reads in Chinese and runs no inline script."""
    html = response.content.decode()
    words, _links = latin_words(html)
    assert not words, f"English on a Chinese page: {words}"
    assert not INLINE_SCRIPT.search(html), "an inline script (the CSP refuses it)"
    return html


def errors(response) -> dict[str, str]:
    html = response.content.decode()
    found = re.findall(r'<small class="error"[^>]*data-field="([^"]+)"[^>]*>([^<]*)</small>', html)
    return dict(found)


def installed(name: str, *args) -> bool:
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


def months(street, scores: list[int]) -> None:
    for n, score in enumerate(scores, start=1):
        StreetMonth.objects.create(
            street=street,
            month=dt.date(2021, n, 1),
            resident_count=20,
            resident_centi=400,
            inspection_count=2,
            inspection_mark=85,
            complaint_count=1,
            weights={"residents": 50, "inspections": 30, "complaints": 20},
            score_centi=score,
            closed_at=at(f"2021-{n + 1:02d}-01") if n < 12 else at("2022-01-02"),
        )


def batch(title: str, sequence: int, status: str) -> RankingBatch:
    return RankingBatch.objects.create(
        year=2021,
        sequence=sequence,
        title=title,
        region=Region.objects.get(code="320200"),
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2021, 9, 1),
        rule="top_bottom",
        status=status,
        published_at=at("2021-10-20") if status == "published" else None,
        created_at=at("2021-10-01"),
    )


# ---------------------------------------------------------------- the public register


def test_the_register_reads_in_chinese_for_anyone_and_on_a_phone(w, city):
    for client in (city.client(), city.client("t.xw-cg"), city.client("zhangwei")):
        page = client.get("/city/streets/", **PHONE)
        assert page.status_code == 200
        html = chinese(page)
        assert 'href="/city/streets/XW-WZ-CCCC/"' in html and "春潮菜场支路" in html
        assert 'src="/static/web/cards.js"' in html  # a table becomes cards on a phone
        assert "<thead>" in html and "XW-WZ-CCCC</" not in html  # no internal code shown
    filtered = city.client().get("/city/streets/?district=320213").content.decode()
    assert "南长街支巷" in filtered and "春潮菜场支路" not in filtered
    searched = city.client().get("/city/streets/?q=旺庄").content.decode()
    assert "旺庄路北支巷" in searched and "春潮菜场支路" not in searched
    bad = city.client().get("/city/streets/?category=alley")
    assert bad.status_code == 422
    assert city.client().get("/city/streets/?cursor=forged").status_code == 422


def test_the_register_pages_by_cursor_and_exports(w, city, monkeypatch):
    monkeypatch.setattr(listing, "CURSOR_PER_PAGE", 2)
    first = city.client().get("/city/streets/")
    html = first.content.decode()
    cursor = re.search(r'cursor=([^"&]+)"', html).group(1)
    second = city.client().get(f"/city/streets/?cursor={cursor}").content.decode()
    names = {"春潮菜场支路", "旺庄路北支巷", "南长街支巷"}
    shown = {n for n in names if n in html} | {n for n in names if n in second}
    assert shown == names
    exported = city.client().get("/city/streets/?export=csv&district=320214")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "街巷" and {r[0] for r in rows[1:]} == {"春潮菜场支路", "旺庄路北支巷"}
    book = city.client().get("/city/streets/?export=xlsx")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet.max_row == 4
    assert city.client().get("/city/streets/?export=pdf").status_code == 422


# ---------------------------------------------------------------- a street's page


def test_a_streets_page_shows_projects_photos_scores_and_published_rankings(w, city):
    project = w.project()
    for phase, caption in (("before", "路面破损"), ("after", "路面修复")):
        project_photo_add(
            actor=w.office,
            number=project.number,
            phase=phase,
            name=f"{phase}.jpg",
            data=jpeg(),
            caption=caption,
        )
    project_spend(actor=w.office, number=project.number, amount_fen=400_000_000)  # over budget
    months(w.chunchao, [8200, 8500, 9075])
    category = RankingCategory.objects.create(code="bs", name="背街小巷整治", subject="streets")
    shown = batch("2021年第三批红黑榜", 3, "published")
    hidden = batch("2021年第四批（草稿）", 4, "computed")
    for b in (shown, hidden):
        RankingEntry.objects.create(
            batch=b, category=category, street=w.chunchao, score_centi=9200, rank=1, list="red"
        )
    for client in (city.client(), city.client("t.xw-cg"), city.client("zhangwei")):
        page = client.get("/city/streets/XW-WZ-CCCC/", **PHONE)
        assert page.status_code == 200
        html = chinese(page)
        assert "修复破损路面" in html and "建设挡雨棚" in html  # the items as chips
        assert html.count('data-phase="before"') == 1 and html.count('data-phase="after"') == 1
        photos = ProjectPhoto.objects.filter(project=project).order_by("phase")
        for photo in photos:
            assert f"/city/projects/{project.number}/photos/{photo.pk}/" in html
        assert "超预算" in html
        assert 'id="street-score-data"' in html and "90.75" in html
        assert 'src="/static/citymgmt/street_scores.js"' in html
        assert 'src="/static/vendor/echarts/echarts.min.js"' in html
        assert "居民评议" in html and "50%" in html and "20%" in html  # the weights published
        assert "2021年第三批红黑榜" in html and "第四批" not in html
        assert ("/city/streets/XW-WZ-CCCC/score/" in html) == installed(
            "city-score-street", "XW-WZ-CCCC"
        )
    staff = city.client("t.xw-cg").get("/city/streets/XW-WZ-CCCC/").content.decode()
    assert "/city/manage/projects/new/?street=XW-WZ-CCCC" in staff
    assert (
        "/city/manage/projects/new/"
        not in city.client().get("/city/streets/XW-WZ-CCCC/").content.decode()
    )
    photo = photos.first()
    served = city.client().get(f"/city/projects/{project.number}/photos/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert city.client().get(f"/city/projects/{project.number}/photos/999/").status_code == 404
    assert city.client().get("/city/streets/NOPE/").status_code == 404


def test_a_street_without_scores_says_so(w, city):
    html = chinese(city.client().get("/city/streets/LX-QMQ-NCJ/"))
    assert 'data-testid="no-scores"' in html and "street_scores.js" not in html


def test_a_programmes_totals_and_bars_by_district(w, city):
    one = w.project(budget_fen=1_000_00)
    w.project(street=w.wangzhuang, title="旺庄北支巷整治", budget_fen=2_000_00)
    project_spend(actor=w.office, number=one.number, amount_fen=1_500_00)
    page = city.client().get("/city/programmes/WX-2021/")
    html = chinese(page)
    assert re.search(r'data-testid="total-streets">2<', html)
    assert "¥1,500.00" in html and "¥3,000.00" in html
    assert 'id="programme-chart-data"' in html and 'src="/static/web/bar_chart.js"' in html
    assert 'data-district="320214"' in html
    listing = chinese(city.client().get("/city/programmes/"))
    assert 'href="/city/programmes/WX-2021/"' in listing
    assert city.client().get("/city/programmes/NOPE/").status_code == 404


# ---------------------------------------------------------------- the staff's pages


def test_the_hub_links_every_installed_staff_page(w, city):
    for username in ("t.xw-cg", "supervisor", "inspector"):
        page = city.client(username).get("/city/manage/")
        assert page.status_code == 200, username
        html = chinese(page)
        assert 'href="/city/manage/projects/"' in html
        for name in ("city-batches", "city-months", "city-parking", "city-score-review"):
            if installed(name):
                assert f'href="{reverse(name)}"' in html
    assert city.client("zhangwei").get("/city/manage/").status_code == 403
    assert city.client().get("/city/manage/").status_code == 302  # to sign in


def test_the_menu_and_home_pages_lead_to_the_streets(w, city):
    anonymous = city.client().get("/").content.decode()
    assert 'href="/city/streets/"' in anonymous
    officer = city.client("t.xw-cg").get("/").content.decode()
    assert 'href="/city/manage/"' in officer and 'data-testid="link-city-manage"' in officer
    for username in ("supervisor", "inspector"):
        home = city.client(username).get("/").content.decode()
        assert 'data-testid="link-city-manage"' in home, username
    applicant = city.client("zhangwei").get("/").content.decode()
    assert 'data-testid="link-city-streets"' in applicant
    assert 'href="/city/manage/"' not in applicant


def test_the_projects_list_keeps_to_the_reach(w, city):
    mine = w.project()
    theirs = w.project(actor=w.other_office, street=w.nanchang, title="南长街支巷整治")
    html = chinese(city.client("t.xw-cg").get("/city/manage/projects/", **PHONE))
    assert mine.number in html and theirs.number not in html
    assert 'href="/city/manage/projects/new/"' in html
    supervisor = city.client("supervisor").get("/city/manage/projects/").content.decode()
    assert mine.number in supervisor and theirs.number in supervisor
    assert 'href="/city/manage/projects/new/"' not in supervisor
    assert city.client("inspector").get("/city/manage/projects/").status_code == 403
    exported = city.client("t.xw-cg").get("/city/manage/projects/?export=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [mine.number]


def test_a_supervisor_of_another_district_is_refused_a_projects_page(w, city):
    project = w.project()
    url = f"/city/manage/projects/{project.number}/"
    assert city.client("t.sup-binhu").get(url).status_code == 404
    assert city.client("t.lx-cg").get(url).status_code == 404
    assert city.client("inspector").get(url).status_code == 403
    assert city.client("zhangwei").get(url).status_code == 403
    seen = city.client("supervisor").get(url)
    html = chinese(seen)
    assert 'data-testid="moves"' not in html  # a supervisor reads, and moves nothing


def test_a_projects_page_offers_the_lifecycles_moves_confirmed(w, city):
    project = w.project()
    client = city.client("t.wz-jd")
    html = chinese(client.get(f"/city/manage/projects/{project.number}/"))
    assert 'data-move="start"' in html and 'data-move="complete"' not in html
    assert 'data-move="spend"' in html and 'data-move="photo"' in html
    act = f"/city/manage/projects/{project.number}/act"
    refused = client.post(f"{act}/start/", {"note": "开工"})
    assert refused.status_code == 422
    assert "confirm" in errors(refused)
    chinese(refused)
    assert fresh(project).milestone == "planned"
    done = client.post(f"{act}/start/", {"note": "开工", "confirm": "on"})
    assert done.status_code == 302
    assert fresh(project).milestone == "under_way"
    # a page left open: starting again is a message, not an error page
    again = client.post(f"{act}/start/", {"confirm": "on"}, follow=True)
    assert again.status_code == 200 and "只有处于" in again.content.decode()
    future = client.post(f"{act}/complete/", {"confirm": "on", "on": "2022-02-01"})
    assert future.status_code == 422 and "on" in errors(future)
    assert client.post(f"{act}/demolish/", {}).status_code == 404
    assert city.client("supervisor").post(f"{act}/complete/", {"confirm": "on"}).status_code == 403


def test_spending_from_the_page(w, city):
    project = w.project(budget_fen=10_000)
    client = city.client("t.xw-cg")
    act = f"/city/manage/projects/{project.number}/act/spend/"
    bad = client.post(act, {"amount": "12.345"})
    assert bad.status_code == 422 and "amount" in errors(bad)
    empty = client.post(act, {"amount": ""})
    assert empty.status_code == 422 and "amount" in errors(empty)
    correction = client.post(act, {"amount": "-1"})
    assert correction.status_code == 422
    assert set(errors(correction)) == {"amount", "note"}  # below zero, and no reason given
    ok = client.post(act, {"amount": "120.50", "note": "结算款", "idempotency_key": "k1"})
    assert ok.status_code == 302
    again = client.post(act, {"amount": "120.50", "note": "结算款", "idempotency_key": "k1"})
    assert again.status_code == 302
    assert fresh(project).spent_fen == 12_050
    html = chinese(client.get(f"/city/manage/projects/{project.number}/"))
    assert 'data-testid="over-budget"' in html and "¥120.50" in html


def test_a_new_project_shows_every_problem_at_once_and_is_prefilled(w, city):
    client = city.client("t.xw-cg")
    form = client.get("/city/manage/projects/new/?street=XW-WZ-CCCC")
    html = chinese(form)
    assert re.search(r'<option value="XW-WZ-CCCC" selected>', html)
    assert re.search(r'<option value="XW-WZ-JD" selected>', html)
    assert "南长街支巷" not in html  # another district's street is not offered
    refused = client.post(
        "/city/manage/projects/new/", {"budget": "很多", "approved_on": "2022-02-01"}
    )
    assert refused.status_code == 422
    assert set(errors(refused)) >= {"street", "title", "items", "budget", "approved_on"}
    chinese(refused)
    made = client.post(
        "/city/manage/projects/new/",
        {
            "street": "XW-WZ-CCCC",
            "title": "春潮菜场支路环境综合整治",
            "items": ["road_repair", "rain_canopy"],
            "budget": "3,800,000",
            "programme": "WX-2021",
            "idempotency_key": "new-1",
        },
    )
    assert made.status_code == 302, errors(made)
    project = StreetProject.objects.get()
    assert made["Location"] == f"/city/manage/projects/{project.number}/"
    assert (project.budget_fen, project.items) == (380_000_000, ["road_repair", "rain_canopy"])
    assert project.department.code == "XW-WZ-JD"
    assert city.client("supervisor").get("/city/manage/projects/new/").status_code == 403


def test_a_photo_refused_for_its_phase_is_kept_for_the_next_try(w, city):
    project = w.project()
    client = city.client("t.xw-cg")
    url = f"/city/manage/projects/{project.number}/photos/"
    refused = client.post(url, {"caption": "整治前", "photo": _file("before.png", png())})
    assert refused.status_code == 422
    assert "phase" in errors(refused)
    html = chinese(refused)
    token = re.search(r'name="photo.kept" value="([^"]+)"', html).group(1)
    assert ProjectPhoto.objects.count() == 0
    added = client.post(url, {"phase": "before", "caption": "整治前", "photo.kept": token})
    assert added.status_code == 302
    photo = ProjectPhoto.objects.get()
    assert (photo.phase, photo.content_type, photo.caption) == ("before", "image/png", "整治前")
    nothing = client.post(url, {"phase": "after"})
    assert nothing.status_code == 422 and "photo" in errors(nothing)
    wrong = client.post(url, {"phase": "after", "photo": _file("a.png", jpeg())})
    assert wrong.status_code == 422 and "photo" in errors(wrong)
    assert 'name="photo.kept"' not in wrong.content.decode()  # a bad photo is not kept
    assert city.client("t.lx-cg").post(url, {"phase": "after"}).status_code == 404


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_staff_page_shows_the_timeline(w, city):
    project = w.project()
    project_start(actor=w.office, number=project.number, note="开工")
    html = chinese(city.client("t.xw-cg").get(f"/city/manage/projects/{project.number}/"))
    assert 'data-action="create"' in html and 'data-action="start"' in html
    assert "项目立项" in html and "开工" in html
