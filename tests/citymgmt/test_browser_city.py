"""Issue 20's story in a real browser (zh-hans), through the pages: a resident scores a
street on a phone from its QR sign (a second score the same day refused by the phone's
voter cookie); the month closes (the monthly job, run here with the clock at the next
month's first day: the live server's thread does not see a frozen clock) and its scores
are public; the city-management office drafts a batch through the form and draws it,
publishing before approval is refused, a supervisor approves and the office publishes the
red and black lists on the public page; the black-listed street's managing department
submits its evidence with a photo (closing before it is refused), the office closes the
rectification and the public page says so. No serious accessibility violation on the
scoring page and the public lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from onething.citymgmt.models import Rectification, StreetMonth, StreetScore
from onething.citymgmt.rules.scoring import month_after
from onething.core import clock
from tests.browser import axe, axe_report, shot, sign_in
from tests.files import jpeg

from .world_scoring import build, history

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
OFFICE = "officer.chengguan"  # the demo's 无锡市城市管理局 (WX-CG): runs the batches
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
MARKS = {"sanitation": 5, "traffic_order": 5, "facilities": 4, "shop_signs": 5}


def post_from(page, url: str, fields: dict) -> None:
    """A form posted from the open page with its CSRF token (a stale page or a crafted
    request: the move the page does not offer)."""
    with page.expect_navigation():
        page.evaluate(
            """([url, fields]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = url;
                const token = document.querySelector('input[name=csrfmiddlewaretoken]');
                fields = Object.assign({csrfmiddlewaretoken: token.value}, fields);
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement('input');
                    input.type = 'hidden';
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [url, fields],
        )


def signed_in(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def score(page, base: str, code: str) -> None:
    page.goto(f"{base}/city/score/{code}/")
    for criterion, mark in MARKS.items():
        page.check(f"[data-testid=mark_{criterion}-{mark}]")
    page.fill("[data-testid=score-form] textarea[name=comment]", "菜场门口干净多了，雨棚很实用。")
    page.click("[data-testid=submit-score]")


def test_a_street_scored_ranked_and_put_right(page, transactional_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = build(transactional_city)  # 春潮菜场支路 (its QR sign), 旺庄路北支巷: 旺庄街道办事处's
    managing = w.user(w.managing)  # t.s.wz-jd, 旺庄街道办事处's officer
    managing.set_password("Demo#2026")
    managing.save()
    today = clock.today()
    month = today.replace(day=1)
    # the month so far: residents like 春潮菜场支路 and dislike 旺庄路北支巷
    history(w.chunchao, today, [5, 4, 5, 5, 4])
    history(w.wangzhuang, today, [1, 2, 1, 1, 2], first_voter=100)
    base = page.base

    # 1. a resident scores 春潮菜场支路 on a phone from its sign, anonymously
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/city/score/{w.sign.code}/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert "春潮菜场支路" in page.inner_text("h1")
    violations = axe(page)
    assert not violations, axe_report(violations)
    score(page, base, w.sign.code)
    page.wait_for_selector("[data-testid=score-thanks]")
    assert page.inner_text("[data-testid=resident-count]") == "6"
    shot(page, "citymgmt-story-thanks-phone")
    [mine] = StreetScore.objects.filter(street=w.chunchao, channel="qr")
    assert mine.status == "counted" and mine.marks == MARKS
    score(page, base, w.sign.code)  # again the same day, the same phone
    refused = page.inner_text("[data-testid=form-error]")
    assert "您今天已评议过春潮菜场支路：每天只能评议一次。" in refused
    assert StreetScore.objects.filter(street=w.chunchao).count() == 6

    # 2. the month closes (the monthly job), and its scores are public
    zone = timezone.get_current_timezone()
    with clock.frozen(dt.datetime.combine(month_after(month), dt.time(1), tzinfo=zone)):
        call_command("citymgmt_close_month", verbosity=0)
    good = StreetMonth.objects.get(street=w.chunchao, month=month)
    bad = StreetMonth.objects.get(street=w.wangzhuang, month=month)
    assert good.resident_count == 6 and bad.resident_count == 5
    assert good.score_centi > bad.score_centi
    page.goto(f"{base}/city/months/")
    assert page.inner_text("[data-testid=month-heading]").startswith(f"{month:%Y-%m}")
    row = page.locator("[data-testid=list] tbody tr", has_text="春潮菜场支路")
    assert str(Decimal(good.score_centi) / 100) in row.inner_text()  # 93.3
    page.goto(f"{base}/city/streets/{w.chunchao.code}/")
    page.locator("#street-score-chart canvas").first.wait_for(state="attached")
    months = page.locator("[data-testid=months] tbody").text_content()
    assert f"{month:%Y-%m}" in months and str(Decimal(good.score_centi).scaleb(-2)) in months

    # 3. the office drafts a batch through the form and draws its lists
    page.set_viewport_size(DESKTOP)
    signed_in(page, OFFICE)
    page.goto(f"{base}/city/manage/batches/new/")
    form = "[data-testid=batch-form]"
    page.fill(f"{form} input[name=year]", str(month.year))
    page.fill(f"{form} input[name=sequence]", "3")
    page.fill(f"{form} input[name=period_start]", f"{month:%Y-%m}")
    page.fill(f"{form} input[name=period_end]", f"{month:%Y-%m}")
    page.get_by_label("背街小巷整治").check()
    page.check(f"{form} input[name=rule][value=top_bottom]")
    page.fill(f"{form} input[name=red_count]", "1")
    page.fill(f"{form} input[name=black_count]", "1")
    page.click("[data-testid=save-batch]")
    page.wait_for_selector("[data-testid=move-draw]")
    batch_url = page.url
    page.click("[data-testid=do-draw]")
    page.wait_for_selector("[data-testid=entry] >> text=旺庄路北支巷")
    assert page.locator("[data-testid=entry]").count() == 2
    assert page.locator("[data-testid=move-publish]").count() == 0  # not offered yet
    # publishing before a supervisor approved (a stale page, a crafted post): refused
    post_from(page, f"{batch_url}act/publish/", {"confirm": "on"})
    assert "该批次尚未审定" in page.inner_text(".flash.error")
    status_drawn = page.inner_text("[data-testid=batch-status]")

    # a supervisor approves (confirming)
    signed_in(page, "supervisor")
    page.goto(batch_url)
    page.click("[data-testid=do-approve]")  # not confirmed: refused
    page.wait_for_selector("[data-testid=refusal]")
    page.check("[data-testid=move-approve] input[name=confirm]")
    page.click("[data-testid=do-approve]")
    page.wait_for_selector(".flash.success")
    assert page.inner_text("[data-testid=batch-status]") != status_drawn
    assert page.locator("[data-testid=move-approve]").count() == 0

    # the office publishes (confirming)
    signed_in(page, OFFICE)
    page.goto(batch_url)
    page.check("[data-testid=move-publish] input[name=confirm]")
    page.click("[data-testid=do-publish]")
    page.wait_for_selector("[data-testid=public-link]")
    public_url = page.get_attribute("[data-testid=public-link]", "href")
    assert public_url == f"/city/rankings/{month.year}-3/"
    # the black-listed street's rectification: not closed without evidence
    page.click("[data-testid=entry]:has-text('旺庄路北支巷') a[href*='/rectifications/']")
    page.wait_for_selector("[data-testid=task-title]")
    task_url = page.url
    assert page.locator("[data-testid=move-close]").count() == 0
    post_from(page, f"{task_url}act/close/", {"confirm": "on"})
    assert "尚未提交整改材料" in page.inner_text(".flash.error")
    assert page.inner_text("[data-testid=task-status]") == "待整改"

    # anyone sees the lists
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{base}{public_url}")
    assert "春潮菜场支路" in page.inner_text("[data-testid=red-list]")
    assert "旺庄路北支巷" in page.inner_text("[data-testid=black-list]")
    assert "待整改" in page.inner_text("[data-testid=black-entry] [data-testid=task]")
    violations = axe(page)
    assert not violations, axe_report(violations)

    # 4. the managing department submits its evidence with a photo
    page.set_viewport_size(DESKTOP)
    signed_in(page, managing.username)
    page.goto(f"{base}/city/manage/rectifications/")
    page.click("[data-testid=list] >> text=旺庄路北支巷")
    page.wait_for_selector("[data-testid=move-submit]")
    assert page.url == task_url
    page.click("[data-testid=do-submit]")  # nothing put right yet: refused
    page.wait_for_selector("[data-testid=refusal]")
    panel = "[data-testid=move-submit]"
    page.fill(f"{panel} textarea[name=evidence]", "破损路面已修复，占道经营已清理，店招统一更换。")
    page.set_input_files(
        f"{panel} input[name=photos]",
        files=[{"name": "整改后.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}],
    )
    page.click("[data-testid=do-submit]")
    page.wait_for_selector(".flash.success")
    assert page.inner_text("[data-testid=task-status]") == "已整改待核验"
    assert page.locator("[data-testid=photos] img").count() == 1

    # the office closes it on that evidence (confirming)
    signed_in(page, OFFICE)
    page.goto(task_url)
    page.check("[data-testid=move-close] input[name=confirm]")
    page.click("[data-testid=do-close]")
    page.wait_for_selector(".flash.success")
    assert page.inner_text("[data-testid=task-status]") == "已销号"
    assert Rectification.objects.get().status == "closed"

    page.context.clear_cookies()
    page.goto(f"{base}{public_url}")
    assert "已销号" in page.inner_text("[data-testid=black-entry] [data-testid=task]")
    assert page.evaluate(OVERFLOW) <= 0  # the two lists side by side fit the screen
    shot(page, "citymgmt-story-ranking")
