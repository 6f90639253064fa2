"""The demo city's operations centre, as seed 003 counts it, on the public API: it went
live on 2021-09-02 with the data of 14 departments (消防, 水利, 气象 among them), more than
2,000 devices, more than 6,000 monitored values, more than 220,000 video resources, and
锡心办 covering 80 city units, 267 district units, 41 streets and 123 communities — every
figure from records, moved by one more record. The devices stand in their districts; the
last day's readings came in through the ingest, crossed thresholds opened events that
people moved to the close or that closed by themselves; the inspector reported with
photos, once on a 12345 appeal; the demo tokens sign in and are not stored; nothing is
dated after the load; a second load changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.conf import settings
from django.db import transaction

from onething.appeals.selectors import appeal_get
from onething.cityops.models import (
    DataFeed,
    Device,
    Event,
    EventPhoto,
    EventStep,
    Metric,
    MinuteRollup,
    Reading,
    VideoResource,
)
from onething.cityops.rules.simulation import demo_device_token
from onething.cityops.services.videos import VideoSpec, videos_register
from onething.core import clock
from onething.core.models import AuditEntry, DirectoryUnit
from onething.core.permissions import SYSTEM
from onething.core.services.directory import directory_unit_leave
from onething.demo import cityops as demo_cityops
from onething.demo.cityops.devices import PREFIX
from onething.demo.cityops.geo import OUTLINES, district_of, inside

pytestmark = pytest.mark.demo_city

URL = "/api/cityops/public/figures"
SEED = {"city": 80, "district": 267, "street": 41, "community": 123, "total": 511}


def test_the_seed_figures_on_the_public_api(city):
    figures = city.client().get(URL).json()
    assert figures["went_live_on"] == "2021-09-02"
    assert figures["departments"] == 14
    assert figures["devices"] > 2000
    assert figures["monitored_values"] > 6000
    assert figures["video_resources"] > 220_000
    assert figures["collaborative_office"] == SEED
    feeding = DataFeed.objects.filter(is_active=True).values_list("department__name", flat=True)
    for trade in ("消防", "水利", "气象", "应急", "公安", "交通运输"):
        assert any(trade in name for name in feeding), trade
    assert DataFeed.objects.filter(is_active=False).exclude(department__name__in=feeding).exists()
    for level, count in SEED.items():  # units not on the office are in the directory too
        if level != "total":
            assert DirectoryUnit.objects.filter(level=level).count() > count


def test_the_figures_come_from_the_records(city):
    client = city.client()
    before = client.get(URL).json()
    videos_register(
        actor=SYSTEM,
        videos=[VideoSpec("T-CAM-1", "胡埭鸿翔路路口", "WX-CG", "320211102", "traffic")],
    )
    unit = DirectoryUnit.objects.filter(level="street", on_collaborative_office=True).first()
    directory_unit_leave(actor=SYSTEM, code=unit.code)
    after = client.get(URL).json()
    assert after["video_resources"] == before["video_resources"] + 1
    assert after["collaborative_office"]["street"] == 40


def test_the_devices_stand_in_their_districts(city):
    devices = Device.objects.filter(code__startswith=PREFIX).select_related("region")
    assert devices.count() > 2000
    kinds = set(devices.values_list("type__name", flat=True))
    assert {"水位计", "雨量站", "空气质量站", "烟感探测器", "井盖传感器", "交通流量计"} <= kinds
    districts = set()
    for device in devices:
        lat, lng = float(device.latitude), float(device.longitude)
        assert 31.1 <= lat <= 32.0 and 119.5 <= lng <= 120.65, device.code
        district = district_of(device.region.code)
        assert inside(lng, lat, OUTLINES[district]), device.code
        districts.add(district)
    assert districts == set(OUTLINES)  # all seven
    security = devices.filter(is_security=True)
    assert security.exists() and set(security.values_list("department__code", flat=True)) == {
        "WX-GA"
    }
    assert VideoResource.objects.filter(is_security=True).count() > 100_000


def test_the_last_day_came_in_through_the_ingest(city):
    now = clock.now()
    readings = Reading.objects.filter(metric__device__code__startswith=PREFIX)
    first = readings.order_by("at").first().at
    assert now - dt.timedelta(hours=25) < first
    assert not readings.filter(at__gt=now).exists()
    assert not Metric.objects.filter(device__code__startswith=PREFIX, last_at__isnull=True).exists()
    assert MinuteRollup.objects.filter(metric__device__code__startswith=PREFIX).exists()
    watched = readings.values("metric").distinct().count()
    assert readings.count() > watched  # some values were read all day long


def test_threshold_crossings_opened_events_moved_through_the_loop(city):
    now = clock.now()
    sensor = Event.objects.filter(source="sensor", device__code__startswith=PREFIX)
    assert sensor.count() >= 5
    assert not sensor.filter(opened_at__gt=now).exists()
    assert not EventStep.objects.filter(at__gt=now).exists()
    by_itself = sensor.filter(steps__action="auto_close").distinct()
    assert by_itself.count() >= 2 and all(e.returned_at for e in by_itself)
    full_loop = sensor.filter(steps__action="close").distinct()
    assert full_loop.count() >= 2
    for event in full_loop:
        actions = list(event.steps.order_by("at", "id").values_list("action", flat=True))
        assert actions == ["open", "register", "dispatch", "handle", "check", "close"]
        steps = list(event.steps.order_by("id").values_list("at", flat=True))
        assert steps == sorted(steps)
    assert sensor.filter(status="dispatched").exists()  # still with a department
    assert sensor.filter(status__in=("reported", "registered")).exists()
    raised = sensor.filter(steps__action="raise").filter(steps__action="lower").distinct()
    assert raised.exists()


def test_the_inspector_reported_with_photos_once_on_an_appeal(city):
    reports = Event.objects.filter(source="inspector", reported_by__username="inspector")
    assert reports.count() >= 3
    assert all(EventPhoto.objects.filter(event=e).exists() for e in reports)
    photo = EventPhoto.objects.filter(event__in=reports).first()
    assert photo.content_type == "image/jpeg" and photo.size > 1000
    linked = reports.exclude(appeal_number="").get()
    assert appeal_get(SYSTEM, linked.appeal_number).number == linked.appeal_number
    assert reports.filter(status="closed", steps__action="dismiss").exists()
    assert reports.filter(status="closed", steps__action="close").exists()


def test_the_demo_tokens_sign_in_and_are_not_stored(city):
    device = Device.objects.filter(code__startswith=f"{PREFIX}WL-").order_by("code").first()
    token = demo_device_token(settings.SECRET_KEY, device.code)
    assert device.token_digest and token not in json.dumps(
        list(Device.objects.values()), default=str
    )
    at = clock.now().isoformat()
    answer = city.client().post(
        "/api/cityops/readings",
        data=json.dumps({"readings": [{"metric": "water_level", "value": 3.1, "at": at}]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200 and answer.json()["stored"] == 1
    wrong = demo_device_token("another-secret", device.code)
    assert (
        city.client()
        .post(
            "/api/cityops/readings",
            data="{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {wrong}",
        )
        .status_code
        == 401
    )


def test_a_second_load_changes_nothing(city):
    def counts():
        return [
            m.objects.count()
            for m in (
                DataFeed,
                Device,
                Metric,
                VideoResource,
                Reading,
                Event,
                EventStep,
                DirectoryUnit,
                AuditEntry,
            )
        ]

    before = counts()
    log = io.StringIO()
    for layer in ("setup", "load_history", "live"):
        with transaction.atomic():
            getattr(demo_cityops, layer)(lambda line: log.write(line + "\n"))
    assert counts() == before
    assert "0 new" in log.getvalue() and "made already" in log.getvalue()
