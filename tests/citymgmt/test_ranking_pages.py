"""红黑榜's pages in Chinese: the public list of batches and one batch's red and black lists
(anyone; a batch not published is a 404; cards on a phone), the staff's batches (a draft's
every problem at once, one form per move, approve and publish confirmed, approve for a
supervisor only) and the rectifications (mine and overdue, exported; the evidence with
its photos kept across a refusal; close and send back confirmed; another department's is
a 404)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from onething.citymgmt.models import RankingBatch, Rectification
from onething.citymgmt.services.ranking import (
    batch_approve,
    batch_create,
    batch_draw,
    batch_publish,
)
from onething.core import clock
from tests.cityops.pages_support import chinese, errors
from tests.files import png

from .world_ranking import BATCH, at, build

NOW = at("2021-10-15")
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def published(world, **overrides) -> RankingBatch:
    batch = batch_create(actor=world.office, **{**BATCH, **overrides})
    batch_draw(actor=world.office, batch_id=batch.pk)
    batch_approve(actor=world.supervisor, batch_id=batch.pk)
    return batch_publish(actor=world.office, batch_id=batch.pk)


# ---------------------------------------------------------------- public


def test_the_public_list_shows_published_batches_to_anyone(city):
    world = build(city)
    batch = published(world)
    batch_create(actor=world.office, **{**BATCH, "sequence": 4, "title": "2021年第四批（草拟）"})
    page = city.client().get("/city/rankings/")
    assert page.status_code == 200
    html = chinese(page)
    assert "2021年第三批" in html and "第四批" not in html
    assert f'href="{reverse("city-ranking", args=[2021, 3])}"' in html
    export = city.client().get("/city/rankings/?export=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][0] == "2021年第三批" and len(rows) == 2
    assert batch.status == "published"


def test_a_batch_is_public_once_published_only(city):
    world = build(city)
    batch = batch_create(actor=world.office, **BATCH)
    batch_draw(actor=world.office, batch_id=batch.pk)
    assert city.client().get("/city/rankings/2021-3/").status_code == 404
    batch_approve(actor=world.supervisor, batch_id=batch.pk)
    assert city.client("supervisor").get("/city/rankings/2021-3/").status_code == 404
    batch_publish(actor=world.office, batch_id=batch.pk)
    assert city.client().get("/city/rankings/2021-3/").status_code == 200


def test_the_public_page_shows_both_lists_with_criteria_and_rectifications(city):
    world = build(city)
    published(world)
    page = city.client().get("/city/rankings/2021-3/")
    html = chinese(page)
    assert "背街小巷整治" in html and "居民评议" in html and "50%" in html
    red = html[html.index('data-testid="red-list"') : html.index('data-testid="black-list"')]
    black = html[html.index('data-testid="black-list"') :]
    assert red.index("春潮菜场支路") < red.index("旺庄路北支巷")
    assert "新华路西弄" in black and "春潮菜场支路" not in black
    assert black.count("待整改") == 2 and "2021-11-12" in black
    assert "得分相同的名次并列" in html  # the tie rule, stated
    try:
        street = reverse("city-street", args=["XW-WZ-001"])
    except NoReverseMatch:  # the streets part's page is not there
        street = None
    if street:
        assert f'href="{street}"' in red
    with clock.frozen(at("2021-11-20")):  # past the due day
        later = chinese(city.client().get("/city/rankings/2021-3/"))
    assert later.count("超期") == 2


def test_the_not_improved_mark(city):
    world = build(city)
    published(world)
    from onething.citymgmt.models import StreetMonth

    StreetMonth.objects.filter(street__code="XW-WZ-006").update(score_centi=4000)
    with clock.frozen(at("2021-12-10")):
        published(world, sequence=4)
        html = chinese(city.client().get("/city/rankings/2021-4/"))
    assert html.count('data-testid="not-improved"') == 2  # both black entries again, lower


def test_on_a_phone_the_lists_are_cards(city):
    world = build(city)
    published(world)
    phone = city.client()
    page = phone.get("/city/rankings/2021-3/", HTTP_USER_AGENT=PHONE)
    html = chinese(page)
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'class="ranking-lists"' in html
    assert 'data-label="得分"' in html and 'data-label="排名"' in html
    assert 'src="/static/web/cards.js"' in html or "cards.js" in html
    from django.contrib.staticfiles import finders

    css = Path(finders.find("citymgmt/ranking.css")).read_text(encoding="utf-8")
    assert re.search(
        r"@media \(max-width: 640px\)\s*\{\s*\.ranking-lists \{ grid-template-columns: 1fr; \}", css
    )


# ---------------------------------------------------------------- staff: batches


def test_a_draft_from_its_page_every_problem_at_once(city):
    build(city)
    office = city.client("rank.office")
    form = office.get("/city/manage/batches/new/")
    html = chinese(form)
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html)[1]
    refused = office.post(
        "/city/manage/batches/new/",
        {
            "idempotency_key": key,
            "year": "20x1",
            "period_start": "2021-09",
            "period_end": "2021-07",
            "rule": "thresholds",
            "red_at_least": "60",
            "black_below": "90",
            "region": "320214",
        },
    )
    assert refused.status_code == 422
    found = errors(refused)
    assert set(found) >= {"year", "sequence", "period_end", "categories", "black_below"}
    chinese(refused)
    data = {
        "idempotency_key": key,
        "year": "2021",
        "sequence": "3",
        "region": "320214",
        "period_start": "2021-07",
        "period_end": "2021-09",
        "categories": ["back-lanes"],
        "rule": "top_bottom",
        "red_count": "2",
        "black_count": "2",
    }
    made = office.post("/city/manage/batches/new/", data)
    assert made.status_code == 302
    again = office.post("/city/manage/batches/new/", data)  # a double submit: one batch
    assert again.status_code == 302 and again["Location"] == made["Location"]
    assert RankingBatch.objects.count() == 1
    other = office.post("/city/manage/batches/new/", {**data, "idempotency_key": "k2"})
    assert other.status_code == 409
    assert "已有 2021 年第 3 批" in chinese(other)


def test_the_batch_page_offers_each_role_its_moves(city):
    world = build(city)
    batch = batch_create(actor=world.office, **BATCH)
    office, supervisor = city.client("rank.office"), city.client("supervisor")
    html = chinese(office.get(f"/city/manage/batches/{batch.pk}/"))
    assert 'data-testid="move-draw"' in html and 'data-testid="move-approve"' not in html
    drawn = office.post(f"/city/manage/batches/{batch.pk}/act/draw/")
    assert drawn.status_code == 302
    html = chinese(office.get(f"/city/manage/batches/{batch.pk}/"))
    assert 'data-testid="move-approve"' not in html  # the supervisor's only
    assert html.count('data-testid="entry"') == 6
    refused = office.post(f"/city/manage/batches/{batch.pk}/act/approve/", {"confirm": "on"})
    assert refused.status_code == 403
    page = chinese(supervisor.get(f"/city/manage/batches/{batch.pk}/"))
    assert 'data-testid="move-approve"' in page and 'data-testid="move-draw"' not in page
    unconfirmed = supervisor.post(f"/city/manage/batches/{batch.pk}/act/approve/", {})
    assert unconfirmed.status_code == 422 and "confirm" in errors(unconfirmed)
    assert (
        supervisor.post(
            f"/city/manage/batches/{batch.pk}/act/approve/", {"confirm": "on"}
        ).status_code
        == 302
    )
    early = office.post(f"/city/manage/batches/{batch.pk}/act/publish/", {})
    assert early.status_code == 422 and "confirm" in errors(early)
    done = office.post(f"/city/manage/batches/{batch.pk}/act/publish/", {"confirm": "on"})
    assert done.status_code == 302
    assert RankingBatch.objects.get(pk=batch.pk).status == "published"
    assert Rectification.objects.count() == 2
    stale = office.post(f"/city/manage/batches/{batch.pk}/act/reopen/", {}, follow=True)
    assert "该批次已发布，不能再更改。" in chinese(stale)


def test_publishing_before_approval_from_the_page_says_why(city):
    world = build(city)
    batch = batch_create(actor=world.office, **BATCH)
    batch_draw(actor=world.office, batch_id=batch.pk)
    office = city.client("rank.office")
    answer = office.post(
        f"/city/manage/batches/{batch.pk}/act/publish/", {"confirm": "on"}, follow=True
    )
    assert "尚未审定" in chinese(answer)
    assert RankingBatch.objects.get(pk=batch.pk).status == "computed"


def test_the_batches_are_the_offices_and_the_supervisors(city):
    world = build(city)
    batch_create(actor=world.office, **BATCH)
    assert city.client("rank.wangzhuang").get("/city/manage/batches/").status_code == 403
    assert city.client("zhangwei").get("/city/manage/batches/").status_code == 403
    listed = chinese(city.client("supervisor").get("/city/manage/batches/"))
    assert "2021年第三批" in listed
    assert 'data-testid="new"' not in listed  # the office drafts


def test_the_sites_scores_sheet_on_the_page(city):
    world = build(city)
    batch = batch_create(
        actor=world.office, **{**BATCH, "categories": ["markets"], "red_count": 1, "black_count": 1}
    )
    office = city.client("rank.office")
    bad = office.post(
        f"/city/manage/batches/{batch.pk}/site-scores/",
        {
            "file": SimpleUploadedFile(
                "s.csv", "场所编号,环境卫生,经营秩序\nM-WZ-01,95,x\n".encode()
            )
        },
    )
    assert bad.status_code == 422
    assert "第 2 行" in errors(bad)["file"] or "2" in errors(bad)["file"]
    good = office.post(
        f"/city/manage/batches/{batch.pk}/site-scores/",
        {
            "file": SimpleUploadedFile(
                "s.csv", "场所编号,环境卫生,经营秩序\nM-WZ-01,95,85\n".encode()
            )
        },
    )
    assert good.status_code == 302
    assert batch.entries.get().score_centi == 9100


# ---------------------------------------------------------------- staff: rectifications


def test_the_rectifications_list_mine_overdue_and_exported(city):
    world = build(city)
    published(world)
    managing = city.client("rank.wangzhuang")
    html = chinese(managing.get("/city/manage/rectifications/?mine=on"))
    assert html.count('href="/city/manage/rectifications/') >= 2
    with clock.frozen(at("2021-11-20")):
        overdue = chinese(managing.get("/city/manage/rectifications/?overdue=on"))
        assert overdue.count("超期") >= 2
        sheet = managing.get("/city/manage/rectifications/?overdue=on&export=xlsx")
        assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd")
    assert "新华路西弄" not in chinese(managing.get("/city/manage/rectifications/?overdue=on"))
    other = chinese(city.client("officer.binhu").get("/city/manage/rectifications/"))
    assert "新华路西弄" not in other


def test_another_departments_officer_gets_a_404(city):
    world = build(city)
    published(world)
    task = Rectification.objects.first()
    assert (
        city.client("officer.binhu").get(f"/city/manage/rectifications/{task.pk}/").status_code
        == 404
    )
    assert (
        city.client("officer.binhu")
        .post(f"/city/manage/rectifications/{task.pk}/act/submit/", {"evidence": "已整改"})
        .status_code
        == 404
    )


def test_the_evidence_with_photos_then_closed(city):
    world = build(city)
    published(world)
    task = Rectification.objects.order_by("entry__rank").first()
    managing, office = city.client("rank.wangzhuang"), city.client("rank.office")
    page = chinese(managing.get(f"/city/manage/rectifications/{task.pk}/"))
    assert 'data-testid="move-submit"' in page and 'data-testid="move-close"' not in page
    assert "应优先整改" in page
    url = f"/city/manage/rectifications/{task.pk}/act/submit/"
    refused = managing.post(
        url,
        {"evidence": "整" * 2001, "photos": [SimpleUploadedFile("after.png", png(), "image/png")]},
    )
    assert refused.status_code == 422 and "evidence" in errors(refused)
    html = chinese(refused)
    token = re.search(r'name="photos.kept" value="([^"]+)"', html)[1]  # the photo kept
    sent = managing.post(url, {"evidence": "已修复破损路面", "photos.kept": token})
    assert sent.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.photos.count()) == ("submitted", 1)
    photo = managing.get(f"/city/manage/rectifications/{task.pk}/photos/{task.photos.get().pk}/")
    assert photo.status_code == 200
    page = chinese(office.get(f"/city/manage/rectifications/{task.pk}/"))
    assert 'data-testid="move-close"' in page and 'data-testid="move-send_back"' in page
    back = office.post(
        f"/city/manage/rectifications/{task.pk}/act/send-back/", {"reason": "缺少全景照片"}
    )
    assert back.status_code == 422 and "confirm" in errors(back)
    assert (
        office.post(
            f"/city/manage/rectifications/{task.pk}/act/send-back/",
            {"reason": "缺少全景照片", "confirm": "on"},
        ).status_code
        == 302
    )
    assert managing.post(url, {"evidence": "补充全景照片"}).status_code == 302
    assert (
        office.post(
            f"/city/manage/rectifications/{task.pk}/act/close/", {"confirm": "on"}
        ).status_code
        == 302
    )
    task.refresh_from_db()
    assert task.status == "closed"
    closed = chinese(managing.get(f"/city/manage/rectifications/{task.pk}/"))
    assert "已销号" in closed and 'data-testid="moves"' not in closed


def test_closing_without_evidence_from_the_page_is_refused(city):
    world = build(city)
    published(world)
    task = Rectification.objects.first()
    answer = city.client("rank.office").post(
        f"/city/manage/rectifications/{task.pk}/act/close/", {"confirm": "on"}, follow=True
    )
    assert "尚未提交整改材料" in chinese(answer)
    assert Rectification.objects.get(pk=task.pk).status == "open"
