"""Readings over MQTT: the topic names the device, the token in the message proves it,
a malformed message is counted and never stops the loop, and a good one goes through the
same service as the HTTP batch. The last test runs against a real Mosquitto
(127.0.0.1:1883, anonymous): skipped without it, unless ONETHING_REQUIRE_MQTT=1 (CI),
where a missing broker fails the run. Each run uses its own client ids and topic prefix,
so parallel runs do not collide."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
import uuid

import paho.mqtt.client as mqtt
import pytest

from onething.cityops.models import Device, Event, Reading
from onething.cityops.mqtt import (
    IGNORED,
    MALFORMED,
    REFUSED,
    TAKEN,
    Ingester,
    device_of,
    message_handle,
)
from onething.cityops.services.devices import device_token_issue
from onething.core import clock

from .world import build, item

BROKER = ("127.0.0.1", 1883)
REQUIRE_MQTT = os.environ.get("ONETHING_REQUIRE_MQTT") == "1"
TOPIC = "onething/devices/{}/readings"


def message(token, readings) -> bytes:
    return json.dumps({"token": token, "readings": readings}).encode()


def test_the_topic_names_the_device():
    assert device_of("onething/devices/WL-HD-001/readings") == "WL-HD-001"
    assert device_of("x/y/devices/WL-1/readings", "x/y/devices") == "WL-1"
    for other in (
        "onething/devices/WL-HD-001/status",
        "onething/devices//readings",
        "onething/devices/a/b/readings",
        "elsewhere/WL-HD-001/readings",
    ):
        assert device_of(other) is None


@pytest.fixture
def gauge(city):
    ops = build(city)
    token = device_token_issue(actor=city.actor("admin"), device_code=ops.gauge.code)
    return ops, token


def test_a_good_message_is_taken_in_like_an_http_batch(gauge):
    ops, token = gauge
    now = clock.now()
    body = message(token, [item("level", 1.2, now - dt.timedelta(minutes=1))])
    assert message_handle(TOPIC.format(ops.gauge.code), body) == TAKEN
    assert message_handle(TOPIC.format(ops.gauge.code), body) == TAKEN  # a retry: stored once
    assert Reading.objects.filter(metric=ops.level).count() == 1


def test_a_token_not_the_topics_device_is_refused(gauge):
    ops, token = gauge
    other = device_token_issue(actor=ops.actor("admin"), device_code=ops.other.code)
    good = [item("level", 4.0, clock.now() - dt.timedelta(minutes=1))]
    for wrong in (other, "dv_unknown", "", None, 12):
        assert message_handle(TOPIC.format(ops.gauge.code), message(wrong, good)) == REFUSED
    assert message_handle(TOPIC.format(ops.other.code), message(token, good)) == REFUSED
    assert not Reading.objects.filter(metric__device__in=[ops.gauge, ops.other]).exists()
    assert not Event.objects.filter(metric=ops.level).exists()


def test_a_malformed_message_is_counted_on_its_device_if_known(gauge):
    ops, token = gauge
    topic = TOPIC.format(ops.gauge.code)
    bad = [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b"12",
        json.dumps({"readings": []}).encode(),
        json.dumps({"token": token}).encode(),
        json.dumps({"token": token, "readings": "level=4"}).encode(),
        message(token, [item("level", 1, clock.now())] * 1001),
    ]
    assert [message_handle(topic, body) for body in bad] == [MALFORMED] * len(bad)
    assert Device.objects.get(pk=ops.gauge.pk).rejected_count == len(bad)
    # items that are no readings: refused one by one, as in an HTTP batch
    assert message_handle(topic, message(token, [1, 2])) == TAKEN
    assert Device.objects.get(pk=ops.gauge.pk).rejected_count == len(bad) + 2
    assert message_handle(TOPIC.format("NO-SUCH-DEVICE"), b"{") == MALFORMED
    assert message_handle("onething/other/topic", b"{") == IGNORED


# --- against a real broker ------------------------------------------------------------------


@pytest.fixture
def broker():
    try:
        socket.create_connection(BROKER, timeout=2).close()
    except OSError as error:
        if REQUIRE_MQTT:
            pytest.fail(f"ONETHING_REQUIRE_MQTT=1 but no MQTT broker at {BROKER}: {error}")
        pytest.skip(f"no MQTT broker at {BROKER}: {error} (mosquitto must run)")
    return BROKER


def publisher(client_id: str) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
    client.connect(*BROKER)
    client.loop_start()
    return client


def publish(client: mqtt.Client, topic: str, body: bytes) -> None:
    client.publish(topic, body, qos=1).wait_for_publish(timeout=5)


def forget_session(client_id: str) -> None:
    """Drop the broker's persistent session of ``client_id`` (a clean connection)."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
    client.connect(*BROKER)
    client.disconnect()


def until(check, seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "not within the time allowed"
        time.sleep(0.05)


def started(run: str, prefix: str) -> Ingester:
    ingester = Ingester(client_id=f"onething-test-{run}", prefix=prefix)
    ingester.start()
    assert ingester.subscribed.wait(5), "the ingester did not subscribe"
    return ingester


@pytest.mark.django_db(transaction=True)
def test_readings_published_over_mqtt_open_and_close_an_event(transactional_city, broker):
    ops = build(transactional_city)
    token = device_token_issue(actor=ops.actor("admin"), device_code=ops.gauge.code)
    run = uuid.uuid4().hex
    prefix = f"onething-test/{run}/devices"
    topic = f"{prefix}/{ops.gauge.code}/readings"
    ingester = started(run, prefix)
    client = publisher(f"onething-test-{run}-device")
    try:
        now = clock.now()
        publish(client, topic, message("dv_wrong", [item("level", 9.0, now)]))
        publish(client, topic, message(token, [item("level", 3.8, now - dt.timedelta(seconds=30))]))
        until(lambda: ingester.counts[TAKEN] == 1)
        assert ingester.counts[REFUSED] == 1
        assert list(Reading.objects.filter(metric=ops.level).values_list("value", flat=True)) == [
            3.8
        ]
        event = Event.objects.get(metric=ops.level)
        assert event.closed_at is None

        ingester.stop()  # published while the ingester is down: kept by the broker (QoS 1)
        publish(client, topic, message(token, [item("level", 1.0, now - dt.timedelta(seconds=5))]))
        ingester = started(run, prefix)
        until(lambda: ingester.counts[TAKEN] == 1)
        event.refresh_from_db()
        assert event.returned_at is not None and event.closed_at is not None
        assert Reading.objects.filter(metric=ops.level).count() == 2
    finally:
        ingester.stop()
        client.disconnect()
        client.loop_stop()
        forget_session(f"onething-test-{run}")
