"""The device pages of the operations centre: the list (state, type, department, region;
cards on a phone) and one device with its monitored values, their levels and last values,
its refused readings and when it was last heard from — in Chinese, for the centre and the
owning department only, a security device's exact place for the centre alone."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from onething.cityops.models import Device
from onething.cityops.services.ingest import readings_ingest
from onething.core import clock

from .pages_support import chinese, errors
from .world import at, build, item

NOW = at("2026-12-04", 10)


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def codes(response) -> list[str]:
    return re.findall(r'href="/ops/devices/([^/"]+)/"', response.content.decode())


def test_the_list_in_chinese_scoped_by_role(city):
    build(city)
    for username in ("dispatcher", "supervisor", "admin"):
        page = city.client(username).get("/ops/devices/")
        assert page.status_code == 200, username
        chinese(page)
        assert codes(page) == ["SM-BH-001", "WL-HD-001"], username
    officer = city.client("officer.wx-cg").get("/ops/devices/")
    assert codes(officer) == ["WL-HD-001"] and 'name="department"' not in officer.content.decode()
    assert codes(city.client("officer.binhu").get("/ops/devices/")) == ["SM-BH-001"]
    for username in ("inspector", "zhangwei", "clerk.hudai"):
        assert city.client(username).get("/ops/devices/").status_code == 403


def test_the_filters_of_the_list(city):
    ops = build(city)
    client = city.client("dispatcher")
    assert codes(client.get("/ops/devices/?region=320211102")) == ["WL-HD-001"]
    assert codes(client.get("/ops/devices/?department=BH-SCJG")) == ["SM-BH-001"]
    assert codes(client.get("/ops/devices/?type=water-level")) == ["SM-BH-001", "WL-HD-001"]
    assert codes(client.get("/ops/devices/?state=online")) == []
    readings_ingest(device=ops.gauge, readings=[item("level", 2.1, NOW - dt.timedelta(minutes=1))])
    assert codes(client.get("/ops/devices/?state=online")) == ["WL-HD-001"]
    refused = client.get("/ops/devices/?state=lost&region=999")
    assert refused.status_code == 422 and set(errors(refused)) == {"state", "region"}
    exported = client.get("/ops/devices/?export=csv").content.decode("utf-8-sig")
    assert exported.splitlines()[0].startswith("设备编号") and "WL-HD-001" in exported


def test_a_device_with_its_values_refusals_and_last_heard(city):
    ops = build(city)
    readings_ingest(
        device=ops.gauge,
        readings=[
            item("level", 3.2, NOW - dt.timedelta(minutes=2)),
            item("rain", 12.5, NOW - dt.timedelta(minutes=2)),
            item("level", 99, NOW - dt.timedelta(minutes=1)),  # beyond the gauge: refused
        ],
    )
    page = city.client("officer.wx-cg").get("/ops/devices/WL-HD-001/")
    assert page.status_code == 200
    html = chinese(page)
    metrics = re.search(r'data-testid="metrics".*?</table>', html, re.S).group(0)
    assert "水位" in metrics and "雨量" in metrics
    assert "3.2 m" in metrics and "12.5 mm" in metrics
    assert 'data-state="level-warning"' in metrics  # 3.2 m is over the warning of 3.0 m
    assert "预警 ≥ 3" in metrics and "告警 ≥ 3.5" in metrics and "回差 0.1" in metrics
    rejected = re.search(r'data-testid="rejected">([^<]*)<', html).group(1)
    assert rejected == str(Device.objects.get(pk=ops.gauge.pk).rejected_count) == "1"
    assert re.search(r'data-testid="last-seen">([^<]*)<', html).group(1) == "2026-12-04 10:00"
    assert "31.534000" in html  # not a security device: its place for its department too


def test_a_security_devices_place_is_for_the_centre_only(city):
    ops = build(city)
    Device.objects.filter(pk=ops.gauge.pk).update(is_security=True)
    officer = city.client("officer.wx-cg").get("/ops/devices/WL-HD-001/").content.decode()
    location = re.search(r'data-testid="location">(.*?)</dd>', officer).group(1)
    assert "31.534" not in location and "不显示" in location
    centre = city.client("dispatcher").get("/ops/devices/WL-HD-001/").content.decode()
    assert "31.534000" in re.search(r'data-testid="location">(.*?)</dd>', centre).group(1)


def test_another_departments_device_does_not_exist_for_an_officer(city):
    build(city)
    assert city.client("officer.wx-cg").get("/ops/devices/SM-BH-001/").status_code == 404
    assert city.client("officer.binhu").get("/ops/devices/SM-BH-001/").status_code == 200
    assert city.client("inspector").get("/ops/devices/WL-HD-001/").status_code == 403
