"""新街·吴韵 scoring's pages through Django's client, in Chinese: an anonymous phone scores
a street from its QR sign (every problem at once, the photo kept across a refusal, the
thank-you page with the month so far, a second score refused), a signed-in resident from
the street's page, the office's review queue (another district's office refused), an
inspector's checks and the months with their closing."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import Client
from PIL import Image

from onething.citymgmt.models import ScoringMonth, StreetMonth, StreetScore
from onething.core import clock
from tests.citymgmt import world_scoring
from tests.citymgmt.world_scoring import GOOD, at
from tests.web.test_wording import latin_words

pytestmark = pytest.mark.django_db
NOW = at("2021-11-15", 10)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def w(city):
    with clock.frozen(NOW):
        yield world_scoring.build(city)


def phone() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_USER_AGENT=PHONE)


def marks_form(marks=GOOD, **more) -> dict:
    return {f"mark_{code}": str(mark) for code, mark in marks.items()} | more


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 30)).save(out, "PNG")
    return out.getvalue()


def png_file(name="街景.png"):
    upload = io.BytesIO(png())
    upload.name = name
    return upload


def chinese(html: str) -> None:
    words, _links = latin_words(html)
    assert words == [], words


def at_now(call, *args, when=NOW, **kwargs):
    with clock.frozen(when):
        return call(*args, **kwargs)


def test_an_anonymous_phone_opens_the_scoring_page(w):
    client = phone()
    page = at_now(client.get, f"/city/score/{w.sign.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "评议春潮菜场支路" in html and "北口路牌" in html
    for code in GOOD:
        for mark in range(1, 6):
            assert f'name="mark_{code}" value="{mark}"' in html
    assert html.count('type="radio"') == 20
    assert "环境卫生" in html and "店招广告" in html
    assert "居民评议 50%" in html and "巡查考评 30%" in html and "12345 投诉 20%" in html
    assert 'src="/static/citymgmt/score.js"' in html or "citymgmt/score" in html
    assert "<script>" not in html  # no inline script (CSP)
    assert "city_voter" in page.cookies
    chinese(html)


def test_every_problem_is_shown_at_once_and_the_photo_kept(w):
    client = phone()
    url = f"/city/score/{w.sign.code}/"
    at_now(client.get, url)
    empty = at_now(client.post, url, {})
    assert empty.status_code == 422
    assert empty.content.decode().count("打 1 至 5 分。") >= 4  # beside each, and summed up
    refused = at_now(
        client.post,
        url,
        {
            "mark_sanitation": "4",
            "mark_facilities": "9",
            "comment": "长" * 301,
            "photo": png_file(),
        },
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "请为“通行秩序”打 1 至 5 分。" in html
    assert "“设施完好”的得分须为 1 至 5 的整数。" in html
    assert "请为“店招广告”打 1 至 5 分。" in html
    assert 'data-testid="error-summary"' in html and 'data-testid="kept-photo"' in html
    chinese(html)
    assert not StreetScore.objects.exists()
    token = re.search(r'name="photo_kept" value="([^"]+)"', html).group(1)
    done = at_now(client.post, url, marks_form(photo_kept=token, comment="菜场门口很干净"))
    assert done.status_code == 302 and done["Location"] == f"/city/score/thanks/{w.chunchao.code}/"
    score = StreetScore.objects.get()
    assert score.channel == "qr" and score.point == w.sign and score.photo
    assert score.comment == "菜场门口很干净"
    office = w.city.client(w.user(w.office).username)
    photo = at_now(office.get, f"/city/manage/scores/{score.pk}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content) == png()
    other = w.city.client(w.user(w.other_office).username)
    assert at_now(other.get, f"/city/manage/scores/{score.pk}/photo/").status_code == 404


def test_the_thank_you_page_and_a_second_score_the_same_day(w):
    client = phone()
    url = f"/city/score/{w.sign.code}/"
    at_now(client.get, url)
    done = at_now(client.post, url, marks_form(), follow=True)
    assert done.status_code == 200
    html = done.content.decode()
    assert "感谢您评议春潮菜场支路" in html and "谢谢！评议已记录。" in html
    assert re.search(r'data-testid="resident-count">1<', html)
    assert re.search(r'data-testid="resident-mean">4.25<', html)
    chinese(html)
    again = at_now(client.post, url, marks_form())
    assert again.status_code == 409
    assert "您今天已评议过春潮菜场支路：每天只能评议一次。" in again.content.decode()
    assert StreetScore.objects.count() == 1
    # another phone (another voter id) scores the same street
    other = phone()
    at_now(other.get, url)
    assert at_now(other.post, url, marks_form()).status_code == 302
    assert StreetScore.objects.count() == 2


def test_an_unknown_sign_is_404(w):
    assert at_now(phone().get, "/city/score/NOPE/").status_code == 404
    # a device is scored at the device, not from a phone
    assert at_now(phone().get, f"/city/score/{w.device.code}/").status_code == 404


def test_a_signed_in_resident_scores_from_the_street_page(w):
    url = f"/city/streets/{w.wangzhuang.code}/score/"
    assert at_now(phone().get, url).status_code == 302  # to sign in
    client = w.city.client("zhangwei")
    page = at_now(client.get, url)
    assert page.status_code == 200 and "评议旺庄路北支巷" in page.content.decode()
    chinese(page.content.decode())
    assert at_now(client.post, url, marks_form()).status_code == 302
    score = StreetScore.objects.get()
    assert score.channel == "web" and score.account_id == w.resident.user_id
    staff = at_now(w.city.client("officer.binhu").post, url, marks_form())
    assert staff.status_code == 403


def flagged(w) -> StreetScore:
    for n in range(10):
        world_scoring.history(
            w.chunchao, dt.date(2021, 11, 1) + dt.timedelta(days=n), [5], first_voter=n
        )
    client = phone()
    at_now(client.get, f"/city/score/{w.sign.code}/")
    at_now(client.post, f"/city/score/{w.sign.code}/", marks_form(dict.fromkeys(GOOD, 1)))
    return StreetScore.objects.get(status="flagged")


def test_the_review_queue_and_another_districts_office(w):
    low = flagged(w)
    office = w.city.client(w.user(w.office).username)
    queue = at_now(office.get, "/city/manage/scores/")
    assert queue.status_code == 200
    html = queue.content.decode()
    assert "与该街巷近 30 天评分相差过大" in html and f"/city/manage/scores/{low.pk}/" in html
    assert 'data-reason="duplicate"' in html and "当天已评议" in html
    chinese(html)
    csv = at_now(office.get, "/city/manage/scores/", {"export": "csv"})
    assert csv.status_code == 200 and "春潮菜场支路" in csv.content.decode("utf-8-sig")
    xlsx = at_now(office.get, "/city/manage/scores/", {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    other = w.city.client(w.user(w.other_office).username)
    assert (
        f"/city/manage/scores/{low.pk}/"
        not in at_now(other.get, "/city/manage/scores/").content.decode()
    )
    assert at_now(other.get, f"/city/manage/scores/{low.pk}/").status_code == 404
    assert (
        at_now(other.post, f"/city/manage/scores/{low.pk}/", {"action": "accept"}).status_code
        == 404
    )
    one = at_now(office.get, f"/city/manage/scores/{low.pk}/")
    assert one.status_code == 200 and 'data-testid="review-form"' in one.content.decode()
    chinese(one.content.decode())
    missing = at_now(office.post, f"/city/manage/scores/{low.pk}/", {})
    assert missing.status_code == 422 and "请选择采纳或剔除该评议。" in missing.content.decode()
    accepted = at_now(office.post, f"/city/manage/scores/{low.pk}/", {"action": "accept"})
    assert accepted.status_code == 302
    assert StreetScore.objects.get(pk=low.pk).status == "counted"


def test_refusals_are_shown_per_reason(w):
    client = phone()
    url = f"/city/score/{w.sign.code}/"
    at_now(client.get, url)
    at_now(client.post, url, marks_form())
    at_now(client.post, url, marks_form())  # refused: scored today already
    office = w.city.client(w.user(w.office).username)
    html = at_now(office.get, "/city/manage/scores/").content.decode()
    row = re.search(r'<tr data-reason="duplicate"><td>[^<]+</td><td>(\d+)</td><td>(\d+)</td>', html)
    assert row.groups() == ("1", "1")


def test_an_inspector_records_checks_with_every_problem_at_once(w):
    client = w.city.client(w.user(w.inspector).username)
    page = at_now(client.get, "/city/manage/inspections/")
    assert page.status_code == 200 and 'data-testid="inspection-form"' in page.content.decode()
    chinese(page.content.decode())
    refused = at_now(client.post, "/city/manage/inspections/", {"street": "", "mark": "101"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "请选择街巷。" in html and "得分须为 0 至 100 的整数。" in html
    done = at_now(
        client.post,
        "/city/manage/inspections/",
        {"street": w.chunchao.code, "mark": "88", "findings": "路面干净"},
        follow=True,
    )
    assert done.status_code == 200
    html = done.content.decode()
    assert "已记录您对春潮菜场支路的巡查考评：88 分。" in html and "路面干净" in html
    again = at_now(
        client.post, "/city/manage/inspections/", {"street": w.chunchao.code, "mark": "70"}
    )
    assert again.status_code == 409
    resident = w.city.client("zhangwei")
    assert at_now(resident.get, "/city/manage/inspections/").status_code == 403


def test_the_months_page_closes_last_month_after_a_confirmation(w):
    client = phone()
    at_now(client.get, f"/city/score/{w.sign.code}/")
    at_now(client.post, f"/city/score/{w.sign.code}/", marks_form())
    december = at("2021-12-01", 9)
    public = at_now(phone().get, "/city/months/", when=december)
    assert public.status_code == 200
    assert 'data-testid="no-months"' in public.content.decode()
    assert 'data-testid="close-month"' not in public.content.decode()
    district = w.city.client(w.user(w.office).username)
    assert (
        'data-testid="close-month"'
        not in at_now(district.get, "/city/months/", when=december).content.decode()
    )
    office = w.city.client(w.user(w.city_office).username)
    page = at_now(office.get, "/city/months/", when=december)
    assert "结算 2021-11" in page.content.decode()
    unticked = at_now(office.post, "/city/months/close/", {}, when=december)
    assert unticked.status_code == 422 and not ScoringMonth.objects.exists()
    done = at_now(office.post, "/city/months/close/", {"confirm": "on"}, when=december, follow=True)
    assert done.status_code == 200
    html = done.content.decode()
    assert "2021-11 已结算：1 条街巷得出月度得分。" in html
    assert "春潮菜场支路" in html and 'id="month-chart"' in html and "month-chart-data" in html
    chinese(html)
    assert StreetMonth.objects.get().score_centi == 8661
    shown = at_now(phone().get, "/city/months/", {"month": "2021-11"}, when=december)
    assert shown.status_code == 200 and "86.61" in shown.content.decode()
    chinese(shown.content.decode())
    csv = at_now(phone().get, "/city/months/", {"month": "2021-11", "export": "csv"}, when=december)
    assert csv.status_code == 200 and "春潮菜场支路" in csv.content.decode("utf-8-sig")
