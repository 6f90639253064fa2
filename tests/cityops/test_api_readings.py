"""A device's batch over HTTP with its own token: stored, a bad item refused by its field
while the good ones are stored, a retry stored once, an unknown token 401, a retired
device 403, a malformed body 422, and an alarm opening an event the dispatcher sees at
``GET /api/cityops/events``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from onething.cityops.models import Device, Reading
from onething.cityops.services.devices import device_token_issue
from onething.core import clock

from .world import at, build, item

NOW = at("2026-12-04", 10)  # a Friday
URL = "/api/cityops/readings"


def device_client(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")


def post(client: Client, body) -> object:
    with clock.frozen(NOW):
        return client.post(URL, json.dumps(body), content_type="application/json")


@pytest.fixture
def gauge(city):
    ops = build(city)
    token = device_token_issue(actor=city.actor("admin"), device_code=ops.gauge.code)
    return ops, device_client(token)


def test_a_batch_is_stored_and_a_bad_item_refused_by_its_field(gauge):
    ops, client = gauge
    t = NOW - dt.timedelta(minutes=2)
    batch = [item("level", 1.2, t), item("level", "high", t + dt.timedelta(minutes=1))]
    answer = post(client, {"readings": batch})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["stored"], body["duplicates"], body["rejected"]) == (1, 0, 1)
    assert [p["field"] for p in body["problems"]] == ["readings.1.value"]
    assert body["problems"][0]["rule"] and body["problems"][0]["message"]
    assert Reading.objects.filter(metric=ops.level).count() == 1
    assert Device.objects.get(pk=ops.gauge.pk).state == "online"


def test_a_retried_batch_stores_nothing_twice(gauge):
    ops, client = gauge
    t = NOW - dt.timedelta(minutes=3)
    batch = {"readings": [item("level", 1.0, t), item("rain", 0.4, t)]}
    assert post(client, batch).json()["stored"] == 2
    again = post(client, batch).json()
    assert (again["stored"], again["duplicates"], again["rejected"]) == (0, 2, 0)
    assert Reading.objects.filter(metric__device=ops.gauge).count() == 2


def test_a_token_not_known_or_missing_is_401_and_a_retired_device_403(city, gauge):
    ops, client = gauge
    body = {"readings": [item("level", 1.0, NOW)]}
    for who in (device_client("dv_not-a-token"), Client(), city.client("officer.wx-cg")):
        answer = post(who, body)
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "unauthenticated"
    chinese = Client(HTTP_AUTHORIZATION="Bearer dv_not-a-token", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert post(chinese, body).json()["error"]["message"] == "设备令牌无效。"
    Device.objects.filter(pk=ops.gauge.pk).update(state="retired")
    answer = post(client, body)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "device_retired"
    assert not Reading.objects.exists()


def test_a_malformed_or_too_long_body_is_422_and_nothing_is_stored(gauge):
    _ops, client = gauge
    for body, field in (
        ({"readings": "1.0"}, "readings"),
        ({}, "readings"),
        ({"readings": [item("level", 1.0, NOW)] * 1001}, "readings"),
    ):
        answer = post(client, body)
        assert answer.status_code == 422, body
        assert field in [f["field"] for f in answer.json()["error"]["details"]["fields"]]
    assert not Reading.objects.exists()


def test_an_alarm_opens_an_event_the_dispatcher_sees(city, gauge):
    ops, client = gauge
    t = NOW - dt.timedelta(minutes=5)
    batch = [item("level", 2.0, t), item("level", 3.8, t + dt.timedelta(minutes=1))]
    answer = post(client, {"readings": batch})
    opened = answer.json()["events_opened"]
    assert len(opened) == 1
    with clock.frozen(NOW):
        listed = city.client("dispatcher", "en").get("/api/cityops/events?source=sensor")
    assert listed.status_code == 200, listed.content
    rows = listed.json()["items"]
    assert [(r["number"], r["level"], r["device"]) for r in rows] == [
        (opened[0], "alarm", ops.gauge.code)
    ]
    assert listed.json()["count"] == 1
    # back to normal: the event closes by itself
    back = post(client, {"readings": [item("level", 1.0, t + dt.timedelta(minutes=2))]})
    assert back.json()["events_closed"] == opened


def test_items_of_the_wrong_types_are_refused_one_by_one(gauge):
    _ops, client = gauge
    t = NOW - dt.timedelta(minutes=1)
    batch = [
        {"metric": 12345, "value": {"a": 1}, "at": ["x"]},
        {"metric": "level", "value": True, "at": "2026-12-04T09:00:00"},  # no time zone
        {},
        item("level", 1.5, t),
    ]
    answer = post(client, {"readings": batch})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["stored"], body["rejected"]) == (1, 3)
    named = {p["field"] for p in body["problems"]}
    assert {"readings.0.metric", "readings.0.value", "readings.1.at", "readings.2.metric"} <= named
    assert not named & {f"readings.3.{f}" for f in ("metric", "value", "at")}
