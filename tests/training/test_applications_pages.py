"""The application pages, in Chinese with no English word and no inline script: a student
applies (every problem at once, the transcript and the CV kept across the refusal, a
university without a credit agreement said so), answers an offer on their page (each
answer confirmed; the waiting list moves up); the staff's list (filters, cards, CSV and
.xlsx), an application's page (files, timeline, screening and scores) and the selection
page (confirmed; over capacity refused; a sheet's rows refused each on its line); and who
may not see them."""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from onething.core import clock
from onething.training.models import Application, Cohort

from ..files import pdf, png
from ..web.test_wording import latin_words
from .test_selection_services import sheet
from .world import NOW, at
from .world_applications import apply, fresh, interviewed

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
APPLY = "/training/cohorts/2025S/apply/"


def english(html: str) -> list[str]:
    """The English words of a page, less the seed's track name AI芯片."""
    return [w for w in latin_words(html)[0] if w != "AI"]


def chinese_page(answer, status: int = 200) -> str:
    assert answer.status_code == status, answer.content.decode()[:3000]
    html = answer.content.decode()
    assert english(html) == [], english(html)
    assert not INLINE_SCRIPT.search(html)
    return html


def test_a_student_applies_every_problem_at_once_and_the_files_kept(inst):
    client = inst.city.client("t.wei")
    assert inst.city.client().get(APPLY).status_code == 302  # sign in first
    with clock.frozen(NOW):
        html = chinese_page(client.get(APPLY))
    assert "报名" in html and "apply.js" in html
    assert "江南示范学院（无学分互认协议）" in html and "兰州大学（" not in html
    assert f'data-no-agreement="{inst.nonpartner.pk}"' in html
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html)[1]
    with clock.frozen(NOW):
        refused = client.post(
            APPLY,
            {
                "idempotency_key": key,
                "university": str(inst.nonpartner.pk),
                "major": "",
                "degree": "undergraduate",
                "graduation_year": "2019",
                "first_track": "ai-chip",
                "transcript": SimpleUploadedFile("成绩单.png", png()),
                "cv": SimpleUploadedFile("简历.pdf", pdf()),
            },
        )
    page = chinese_page(refused, 422)
    for field in ("major", "graduation_year"):
        assert f'data-field="{field}"' in page, field
    assert 'data-testid="kept-transcript"' in page and "成绩单.png" in page
    assert 'data-testid="kept-cv"' in page and "简历.pdf" in page
    assert not Application.objects.exists()
    tokens = {
        name: re.search(rf'name="{name}.kept" value="([^"]+)"', page)[1]
        for name in ("transcript", "cv")
    }
    with clock.frozen(NOW):
        done = client.post(
            APPLY,
            {
                "idempotency_key": key,
                "university": str(inst.nonpartner.pk),
                "major": "电子信息工程",
                "degree": "undergraduate",
                "graduation_year": "2026",
                "first_track": "ai-chip",
                "second_track": "circuits",
                "transcript.kept": tokens["transcript"],
                "cv.kept": tokens["cv"],
            },
        )
    assert done.status_code == 302 and done["Location"] == "/training/mine/"
    application = Application.objects.get()
    assert {f.name for f in application.files.all()} == {"成绩单.png", "简历.pdf"}
    with clock.frozen(NOW):
        mine = chinese_page(client.get("/training/mine/"))
    assert application.number in mine and "已提交" in mine
    assert "学分不能转换" in mine  # the university has no agreement: said on the page too
    with clock.frozen(NOW):
        again = chinese_page(client.get(APPLY))
    assert 'data-testid="applied-already"' in again and "apply-form" not in again


def test_the_apply_page_when_closed_and_for_staff(inst):
    with clock.frozen(at("2025-06-21")):
        closed = chinese_page(inst.city.client("t.wei").get(APPLY))
    assert 'data-testid="closed"' in closed and "apply-form" not in closed
    with clock.frozen(NOW):
        staff = chinese_page(inst.city.client("t.staff").get(APPLY))
        assert 'data-testid="not-student"' in staff
        assert inst.city.client("t.staff").post(APPLY, {}).status_code == 403
    assert inst.city.client("t.wei").get("/training/cohorts/NOPE/apply/").status_code == 404


def test_the_student_accepts_or_declines_on_their_page(inst):
    Cohort.objects.filter(pk=inst.cohort.pk).update(capacity=1)
    apps = interviewed(inst, ["90", "80"])
    when = NOW + dt.timedelta(days=1)
    with clock.frozen(when):
        inst.city.client("t.staff").post(
            "/training/manage/cohorts/2025S/selection/", {"confirm": "on"}
        )
    best, next_ = fresh(apps[0]), fresh(apps[1])
    assert best.status == "offered"
    client = inst.city.client(best.account.username)
    with clock.frozen(when):
        page = chinese_page(client.get("/training/mine/"))
        assert "已录取待确认" in page and "请在" in page and 'data-testid="do-accept"' in page
        waiting = chinese_page(inst.city.client(next_.account.username).get("/training/mine/"))
        assert "候补中" in waiting and "第 1 位" in waiting
        unconfirmed = client.post(f"/training/mine/{best.number}/decline/", {})
        chinese_page(unconfirmed, 422)
        assert fresh(apps[0]).status == "offered"
        # another student's application: not found
        other = inst.city.client(next_.account.username)
        assert (
            other.post(f"/training/mine/{best.number}/accept/", {"confirm": "on"}).status_code
            == 404
        )
        done = client.post(f"/training/mine/{best.number}/decline/", {"confirm": "on"})
    assert done.status_code == 302
    assert fresh(apps[0]).status == "declined" and fresh(apps[1]).status == "offered"
    with clock.frozen(fresh(apps[1]).offer_deadline + dt.timedelta(hours=1)):
        late = other.post(f"/training/mine/{next_.number}/accept/", {"confirm": "on"})
        assert late.status_code == 302
        shown = chinese_page(other.get(late["Location"]))
    assert "逾期" in shown and fresh(apps[1]).status == "offered"


def test_the_staff_list_filters_exports_and_is_refused_to_others(inst):
    apply(inst, inst.wei)
    apply(inst, inst.zhao, university=inst.sydney, first="algorithms")
    staff = inst.city.client("t.staff")
    html = chinese_page(staff.get("/training/manage/applications/"))
    assert "魏同学" in html and "赵盛龙" in html and "兰州大学" in html
    assert 'data-testid="count"' in html
    only = chinese_page(staff.get("/training/manage/applications/?track=algorithms"))
    assert "赵盛龙" in only and "魏同学" not in only
    csv = staff.get("/training/manage/applications/?export=csv")
    body = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert csv.status_code == 200 and "魏同学" in body.decode("utf-8-sig")
    xlsx = staff.get("/training/manage/applications/?export=xlsx")
    assert xlsx.status_code == 200
    for outsider in ("t.registrar", "t.wei", "t.other", "t.hr"):
        assert inst.city.client(outsider).get("/training/manage/applications/").status_code == 403


def test_an_applications_page_screening_and_scores(inst):
    application = apply(inst, inst.wei)
    staff = inst.city.client("t.staff")
    url = f"/training/manage/applications/{application.number}/"
    with clock.frozen(NOW):
        html = chinese_page(staff.get(url))
        assert (
            "魏同学" in html
            and 'data-testid="file-cv"' in html
            and 'data-testid="timeline"' in html
        )
        assert 'data-testid="move-screen"' in html and 'data-testid="move-reject"' in html
        refused = staff.post(f"{url}reject/", {"note": ""})
        page = chinese_page(refused, 422)
        assert 'data-field="note"' in page and 'data-field="confirm"' in page
        assert staff.post(f"{url}screen/", {"note": "材料齐全"}).status_code == 302
        bad = chinese_page(staff.post(f"{url}interview/", {"score": "120"}), 422)
        assert "0 至 100" in bad
        assert staff.post(f"{url}interview/", {"score": "88.5"}).status_code == 302
    assert fresh(application).score == 88.5
    cv = application.files.get(kind="cv")
    file_url = f"/training/applications/{application.number}/files/{cv.pk}/"
    assert staff.get(file_url).status_code == 200
    assert inst.city.client("t.wei").get(file_url).status_code == 200
    assert inst.city.client("t.zhao").get(file_url).status_code == 404
    assert inst.city.client("t.registrar").get(file_url).status_code == 404
    assert inst.city.client("t.registrar").get(url).status_code == 403
    assert inst.city.client("t.other").post(f"{url}screen/", {}).status_code == 403


def test_the_selection_page_confirms_refuses_over_capacity_and_imports(inst):
    Cohort.objects.filter(pk=inst.cohort.pk).update(capacity=2)
    apps = interviewed(inst, ["90", "80", "70"])
    staff = inst.city.client("t.staff")
    url = "/training/manage/cohorts/2025S/selection/"
    when = NOW + dt.timedelta(days=1)
    with clock.frozen(when):
        html = chinese_page(staff.get(url))
        assert 'data-testid="free">2<' in html and 'data-testid="preview"' in html
        unconfirmed = chinese_page(staff.post(url, {}), 422)
        assert 'data-field="confirm"' in unconfirmed
        over = chinese_page(staff.post(url, {"places": "3", "confirm": "on"}), 409)
        assert "不得超出名额" in over and 'data-field="places"' in over
        assert all(fresh(a).status == "interviewed" for a in apps)
        data = sheet([[apps[0].number, 95], ["SX2025999999", 50], [apps[1].number, 101]])
        refused = staff.post(
            "/training/manage/cohorts/2025S/interviews/import/",
            {"file": SimpleUploadedFile("面试.xlsx", data)},
        )
        page = chinese_page(refused, 422)
        assert "第 3 行，申请编号" in page and "第 4 行，面试得分" in page
        assert fresh(apps[0]).score == 90
        done = staff.post(url, {"places": "2", "confirm": "on"})
    assert done.status_code == 302
    assert [fresh(a).status for a in apps] == ["offered", "offered", "waiting"]
    assert inst.city.client("t.other").get(url).status_code == 403
    assert inst.city.client("t.wei").get(url).status_code == 403
