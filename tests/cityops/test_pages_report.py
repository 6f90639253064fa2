"""The grid inspector's report page (网格员上报) and the API's report with photos: in
Chinese on a phone, one event however often it is posted (the hidden idempotency key),
every problem at once beside its input, the photos checked like every upload (size and
pixels, naming the photo) and kept across a refused submission, the location typed when
the phone gives none (static/cityops/report.js fills it when it does)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from onething.appeals.services.intake import appeal_submit
from onething.cityops.models import Event, EventPhoto
from onething.cityops.services.reports import KEPT_PHOTOS
from onething.core import clock
from onething.core.errors import FieldProblem
from onething.core.kept_uploads import user_owner
from onething.core.permissions import SYSTEM
from tests import files
from tests.core.test_image_pixels import bomb_png

from .pages_support import chinese, errors
from .world import account, at

NOW = at("2026-12-04", 10)
URL = "/ops/events/report/"
FORM = {
    "title": "鸿翔路井盖缺失",
    "description": "鸿翔路与环山路路口东侧井盖缺失，已放置临时警示。",
    "region": "320211102",
    "latitude": "31.534512",
    "longitude": "120.143210",
    "idempotency_key": "page-report-0001",
}


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def photo(name: str = "well.png", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or files.png(), content_type="image/png")


def test_the_page_reads_in_chinese_for_the_inspector_only(city):
    page = city.client("inspector").get(URL)
    assert page.status_code == 200
    html = chinese(page)
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<input type="file" name="photos"[^>]*multiple', html)
    assert 'src="/static/cityops/report.js"' in html  # the phone's position, no inline script
    assert 'name="latitude"' in html and 'name="longitude"' in html  # typed when it cannot
    assert 'value="320211102" selected' in html  # the inspector's grid, chosen already
    assert 'name="idempotency_key"' in html
    for username in ("dispatcher", "officer.wx-cg", "zhangwei"):
        assert city.client(username).get(URL).status_code == 403


def test_a_report_with_photos_opens_one_event_however_often_it_is_posted(city):
    client = city.client("inspector")
    answer = client.post(URL, {**FORM, "photos": [photo(), photo("b.jpg", files.jpeg())]})
    assert answer.status_code == 302, errors(answer)
    event = Event.objects.get()
    assert answer["Location"] == f"/ops/events/{event.number}/"
    assert (event.source, event.status, event.region.code) == ("inspector", "reported", "320211102")
    assert str(event.latitude) == "31.534512"
    assert sorted(EventPhoto.objects.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]
    # a double submit: the same hidden key, the same event
    again = client.post(URL, {**FORM, "photos": [photo(), photo("b.jpg", files.jpeg())]})
    assert again["Location"] == answer["Location"] and Event.objects.count() == 1
    # the new event's page shows what was reported, with its photos
    shown = client.get(answer["Location"])
    html = chinese(shown)
    assert "鸿翔路井盖缺失" in html and "已上报" in html
    first = EventPhoto.objects.order_by("pk").first()
    assert f"/ops/events/{event.number}/photos/{first.pk}/" in html
    image = client.get(f"/ops/events/{event.number}/photos/{first.pk}/")
    assert image.status_code == 200 and image["Content-Type"] == first.content_type
    assert (
        city.client("officer.binhu")
        .get(f"/ops/events/{event.number}/photos/{first.pk}/")
        .status_code
        == 404
    )


def test_the_same_form_sent_again_with_other_content_is_a_new_report(city):
    """Back to the form after sending it, changed and sent again: the key names the first
    report, so the page says so and gives the form a new key (nothing is lost)."""
    client = city.client("inspector")
    assert client.post(URL, FORM).status_code == 302
    again = client.post(URL, {**FORM, "title": "道路积水", "photos": [photo()]})
    assert again.status_code == 409
    html = chinese(again)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    assert key != FORM["idempotency_key"] and "道路积水" in html
    kept = re.findall(r'name="photos.kept" value="([^"]+)"', html)
    answer = client.post(
        URL, {**FORM, "title": "道路积水", "idempotency_key": key, "photos.kept": kept}
    )
    assert answer.status_code == 302 and Event.objects.count() == 2
    assert Event.objects.get(title="道路积水").photos.count() == 1


def test_a_report_without_the_phones_position_is_fine(city):
    answer = city.client("inspector").post(URL, {**FORM, "latitude": "", "longitude": ""})
    assert answer.status_code == 302
    assert Event.objects.get().latitude is None


def test_every_problem_at_once_and_the_photo_kept(city):
    client = city.client("inspector")
    refused = client.post(
        URL,
        {
            **FORM,
            "title": " ",
            "latitude": "north",
            "longitude": "200",
            "appeal_number": "SQ320211-20991231-000001",
            "photos": [photo()],
        },
    )
    assert refused.status_code == 422
    assert set(errors(refused)) == {"title", "latitude", "longitude", "appeal_number"}
    html = chinese(refused)
    assert 'data-testid="error-summary"' in html
    assert not Event.objects.exists()
    kept = re.findall(r'name="photos.kept" value="([^"]+)"', html)
    assert len(kept) == 1 and "well.png" in html
    # corrected, the photo chosen before goes with it without choosing it again
    answer = client.post(URL, {**FORM, "photos.kept": kept})
    assert answer.status_code == 302, errors(answer)
    event = Event.objects.get()
    assert [p.name for p in event.photos.all()] == ["well.png"]
    # another inspector cannot use that photo, nor anyone a forged token: refused beside
    # the photos, and nothing reported
    account("inspector.hd2", "inspector", region="320211102")
    other = city.client("inspector.hd2")
    for token in (kept[0], "forged"):
        refused = other.post(URL, {**FORM, "idempotency_key": "k2", "photos.kept": [token]})
        assert refused.status_code == 422 and set(errors(refused)) == {"photos"}
    assert Event.objects.count() == 1


def test_a_kept_photo_can_be_removed(city):
    client = city.client("inspector")
    refused = client.post(URL, {**FORM, "title": "", "photos": [photo()]})
    kept = re.findall(r'name="photos.kept" value="([^"]+)"', refused.content.decode())
    answer = client.post(URL, {**FORM, "photos.kept": kept, "photos.remove": kept})
    assert answer.status_code == 302
    assert not Event.objects.get().photos.exists()


@override_settings(ONETHING_UPLOAD_MAX_BYTES=2000)
def test_a_photo_too_large_is_refused_naming_it(city):
    big = files.png((200, 200), noise=True)
    refused = city.client("inspector").post(URL, {**FORM, "photos": [photo("big.png", big)]})
    assert refused.status_code == 422
    problems = errors(refused)
    assert set(problems) == {"photos"} and "big.png" in problems["photos"]
    assert "MB" in problems["photos"]
    assert not Event.objects.exists() and 'name="photos.kept"' not in refused.content.decode()


@override_settings(ONETHING_MAX_IMAGE_PIXELS=1_000_000)
def test_a_photo_of_too_many_pixels_is_refused_naming_it(city):
    refused = city.client("inspector").post(
        URL, {**FORM, "title": "", "photos": [photo("bomb.png", bomb_png(2000, 2000))]}
    )
    assert refused.status_code == 422
    problems = errors(refused)
    assert set(problems) == {"title", "photos"}  # with the other problem, at once
    assert "bomb.png" in problems["photos"] and "像素" in problems["photos"]
    assert not Event.objects.exists()


def test_more_photos_than_allowed_are_refused(city):
    many = [photo(f"p{n}.png", files.png((20 + n, 20))) for n in range(4)]
    refused = city.client("inspector").post(URL, {**FORM, "photos": many})
    assert refused.status_code == 422 and set(errors(refused)) == {"photos"}
    assert not Event.objects.exists()


def test_a_report_names_a_12345_appeal(city):
    appeal = appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        type="demand",
        category_code="other",
        title="井盖缺失",
        text="鸿翔路井盖缺失，夜间有人摔倒。",
        region_code="320211102",
        contact_name="李娜",
        contact_phone="13912345678",
    )
    answer = city.client("inspector").post(URL, {**FORM, "appeal_number": appeal.number})
    assert answer.status_code == 302
    assert Event.objects.get().appeal_number == appeal.number


# ---------------------------------------------------------------- the API, with photos


def test_the_api_takes_a_report_with_photos_once(city):
    client = city.client("inspector", "en")
    body = {k: v for k, v in FORM.items() if k not in ("region", "idempotency_key")}
    body["region_code"] = "320211102"
    key = {"HTTP_IDEMPOTENCY_KEY": "api-upload-0001"}
    first = client.post("/api/cityops/events/upload", {**body, "photos": [photo()]}, **key)
    assert first.status_code == 201, first.content
    number = first.json()["number"]
    assert [p["content_type"] for p in first.json()["photos"]] == ["image/png"]
    assert first["Location"] == f"/api/cityops/events/{number}"
    again = client.post("/api/cityops/events/upload", {**body, "photos": [photo()]}, **key)
    assert (again.status_code, again.json()["number"]) == (201, number)
    assert Event.objects.count() == 1
    photo_id = first.json()["photos"][0]["id"]
    got = client.get(f"/api/cityops/events/{number}/photos/{photo_id}")
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    # the JSON body still works
    plain = client.post("/api/cityops/events", body, content_type="application/json")
    assert plain.status_code == 201 and plain.json()["photos"] == []


@override_settings(ONETHING_MAX_IMAGE_PIXELS=1_000_000)
def test_the_api_refuses_a_photo_naming_it(city):
    client = city.client("inspector", "en")
    body = {"title": "井盖缺失", "region_code": "320211102"}
    bomb = client.post(
        "/api/cityops/events/upload",
        {**body, "photos": [photo(), photo("bomb.png", bomb_png(2000, 2000))]},
    )
    assert bomb.status_code == 422
    fields = {f["field"]: f["rule"] for f in bomb.json()["error"]["details"]["fields"]}
    assert fields == {"photos.1": "too_many_pixels"}
    with override_settings(ONETHING_UPLOAD_MAX_BYTES=2000):
        big = client.post(
            "/api/cityops/events/upload",
            {**body, "photos": [photo("big.png", files.png((200, 200), noise=True))]},
        )
    fields = {f["field"]: f["rule"] for f in big.json()["error"]["details"]["fields"]}
    assert (big.status_code, fields) == (422, {"photos.0": "too_large"})
    assert not Event.objects.exists()


def test_kept_photos_are_the_users_own_and_purged_when_old(city):
    inspector = user_owner(city.actor("inspector"))
    kept = KEPT_PHOTOS.keep(owner=inspector, name="well.png", data=files.png())
    assert KEPT_PHOTOS.kept(owner=inspector, token=kept.token).data == kept.data
    other = user_owner(city.actor("dispatcher"))
    assert isinstance(KEPT_PHOTOS.kept(owner=other, token=kept.token), FieldProblem)
    assert KEPT_PHOTOS.purge() == 0  # not old yet
    assert KEPT_PHOTOS.purge(older_than=dt.timedelta(seconds=-1)) >= 1  # (and earlier tests')
    gone = KEPT_PHOTOS.kept(owner=inspector, token=kept.token)
    assert isinstance(gone, FieldProblem) and gone.field == "photos"
