"""The demo city's simulator. Its rules are pure: a value follows its daily curve and stays
normal (every kind of value the demo city has, at any hour of any month), unless an
excursion takes it past a threshold for a few readings; the demo tokens are derived, not
stored. The simulator signs in as the demo devices only and its batches go through the
platform's ingest: with the test client, with the command against a live server (and
refusing to start when no server answers), and over a real Mosquitto when one runs."""

from __future__ import annotations

import datetime as dt
import json
import random
import socket
import uuid

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from onething.cityops.models import Device, Event, Metric, Reading
from onething.cityops.rules.simulation import (
    DAILY,
    FLAT,
    PROFILES,
    RUSH,
    SEASONAL,
    WUXI_MONTHLY_MEAN,
    Band,
    Excursion,
    Profile,
    curve_value,
    demo_device_token,
    excursion_chance,
    next_reading,
    offset_in_period,
    profile_for,
)
from onething.cityops.rules.thresholds import NORMAL, Thresholds, level_of
from onething.cityops.selectors.devices import device_token_digest
from onething.cityops.services.devices import device_token_issue
from onething.cityops.services.registry import (
    DeviceSpec,
    MetricSpec,
    device_tokens_assign,
    device_type_register,
    devices_register,
)
from onething.cityops.services.simulator import (
    MqttSender,
    SimulatedDevice,
    simulate,
    simulated_devices,
)
from onething.demo.cityops.kinds import TYPES

from .test_mqtt import BROKER, REQUIRE_MQTT, forget_session, started, until

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
GAUGE = Band(0, 15, warning_high=3.8, alarm_high=4.2, hysteresis=0.05)
OXYGEN = Band(0, 15, warning_low=3, alarm_low=2, hysteresis=0.1)


def _level(band: Band, value: float, current: str = NORMAL) -> str:
    thresholds = Thresholds(
        band.warning_high, band.alarm_high, band.warning_low, band.alarm_low, band.hysteresis or 0
    )
    return level_of(value, thresholds, current)


# --- pure rules --------------------------------------------------------------------------


def test_a_demo_token_is_derived_from_the_secret_and_the_code():
    token = demo_device_token("secret-a", "WX-WL-0001")
    assert token == demo_device_token("secret-a", "WX-WL-0001")
    assert token.startswith("dv_") and len(token) >= 3 + 32
    assert token != demo_device_token("secret-b", "WX-WL-0001")
    assert token != demo_device_token("secret-a", "WX-WL-0002")


def test_the_curves_have_their_shapes():
    morning = dt.datetime(2026, 7, 1, 8, 0, tzinfo=SHANGHAI)
    night = morning.replace(hour=3)
    rush = Profile(0.4, 0.3, 0.0, RUSH)
    band = Band(0, 100)
    assert curve_value(rush, band, morning) > curve_value(rush, band, night) + 50
    afternoon = Profile(0.5, 0.1, 0.0, DAILY, 14.0)
    assert curve_value(afternoon, band, morning.replace(hour=14)) == pytest.approx(60)
    assert curve_value(afternoon, band, morning.replace(hour=2)) == pytest.approx(40)
    assert curve_value(Profile(0.3, 0.0, 0.0, FLAT), band, night) == pytest.approx(30)
    season = Profile(shape=SEASONAL, peak_hour=14.0)
    assert curve_value(season, band, morning.replace(hour=14)) == WUXI_MONTHLY_MEAN[6] + 4
    january = dt.datetime(2026, 1, 10, 2, 0, tzinfo=SHANGHAI)
    assert curve_value(season, band, january) == pytest.approx(WUXI_MONTHLY_MEAN[0] - 4)
    assert profile_for("no-such-value") == Profile()


@pytest.mark.parametrize("kind", TYPES, ids=[t[0] for t in TYPES])
def test_every_demo_value_stays_normal_without_an_excursion(kind):
    """At every hour of every month, noise included: only an excursion crosses."""
    rng = random.Random(kind[0])
    for values in kind[-1]:
        band = Band(**{k: v for k, v in values.items() if k not in ("code", "name", "unit")})
        profile = profile_for(values["code"])
        for month in range(1, 13):
            for hour in range(24):
                when = dt.datetime(2026, month, 15, hour, 20, tzinfo=SHANGHAI)
                value, going = next_reading(profile, band, when, rng)
                assert going is None
                assert band.clamp(value) == value, (values["code"], value)
                assert _level(band, value) == NORMAL, (values["code"], month, hour, value)


def test_an_excursion_crosses_a_threshold_for_a_few_readings_then_returns():
    rng = random.Random(7)
    when = dt.datetime(2026, 12, 6, 10, 0, tzinfo=SHANGHAI)
    for band in (GAUGE, OXYGEN):
        value, going = next_reading(profile_for("water_level"), band, when, rng, chance=1.0)
        assert going is not None and 1 <= going.remaining <= 4
        level, crossed = _level(band, value), 1
        assert level != NORMAL
        while going is not None:
            value, going = next_reading(
                profile_for("water_level"), band, when, rng, excursion=going
            )
            level = _level(band, value, level)
            assert level != NORMAL
            crossed += 1
        assert 2 <= crossed <= 5
        value, going = next_reading(profile_for("water_level"), band, when, rng)
        assert going is None and _level(band, value, level) == NORMAL
    assert next_reading(Profile(), Band(0, 100), when, rng, chance=1.0)[1] is None  # none to cross
    battery = Band(0, 100, warning_low=20, alarm_low=10, hysteresis=1)
    assert next_reading(profile_for("battery"), battery, when, rng, chance=1.0)[1] is None
    held = Excursion(4.3, 1)
    value, going = next_reading(profile_for("water_level"), GAUGE, when, rng, excursion=held)
    assert going is None and _level(GAUGE, value) == "alarm"


def test_the_chance_and_the_moments_of_a_period():
    assert excursion_chance(6, 36_000) == pytest.approx(6 / 36_000)
    assert excursion_chance(0, 100) == 0 and excursion_chance(5, 0) == 0
    assert excursion_chance(500, 10) == 1.0
    offsets = [offset_in_period(f"WX-SD-{n:04d}", 600) for n in range(200)]
    assert all(0 <= o < 600 for o in offsets)
    assert offsets == [offset_in_period(f"WX-SD-{n:04d}", 600) for n in range(200)]
    assert max(offsets) - min(offsets) > 500  # spread over the period
    assert set(PROFILES) >= {v["code"] for kind in TYPES for v in kind[-1]}


# --- against the platform ----------------------------------------------------------------


def _registered(actor, codes=("SIM-1", "SIM-2")) -> None:
    device_type_register(actor=actor, code="sim-gauge", name="水位计", silent_after_seconds=1800)
    metrics = (
        MetricSpec("water_level", "水位", "m", 0, 15, 3.8, 4.2, hysteresis=0.05),
        MetricSpec("battery", "电池电量", "%", 0, 100, warning_low=20, alarm_low=10, hysteresis=1),
    )
    devices_register(
        actor=actor,
        devices=[
            DeviceSpec(
                code, "胡埭河水位计", "sim-gauge", "WX-CG", "320211102", 31.53, 120.14, metrics
            )
            for code in codes
        ],
    )
    device_tokens_assign(
        actor=actor, tokens={c: demo_device_token(settings.SECRET_KEY, c) for c in codes}
    )


class ClientSender:
    """The simulator's batches POSTed through Django's test client."""

    def __init__(self, client) -> None:
        self.client, self.bodies = client, []

    def send(self, device: SimulatedDevice, items: list[dict]) -> str:
        self.bodies.append(items)
        answer = self.client.post(
            "/api/cityops/readings",
            data=json.dumps({"readings": items}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {device.token}",
        )
        return "sent" if answer.status_code == 200 else f"refused {answer.status_code}"


def test_the_simulator_feeds_the_demo_devices_through_the_api(city):
    admin = city.actor("admin")
    _registered(admin)
    real = Device.objects.get(code="SIM-2")
    device_token_issue(actor=admin, device_code=real.code)  # a token of its own: left alone
    assert [d.code for d in simulated_devices(settings.SECRET_KEY, 60)] == ["SIM-1"]

    sender = ClientSender(city.client())
    outcomes = simulate(
        secret=settings.SECRET_KEY,
        sender=sender,
        period=0.01,
        rounds=3,
        seed=1,
        alarms_per_hour=0,
    )
    assert outcomes == {"sent": 3}
    level = Metric.objects.get(device__code="SIM-1", code="water_level")
    assert Reading.objects.filter(metric=level).count() == 3
    assert Device.objects.get(code="SIM-1").state == "online"
    assert not Reading.objects.filter(metric__device=real).exists()
    assert level.last_value < 3.8 and not Event.objects.filter(metric=level).exists()
    assert all(i["metric"] in ("water_level", "battery") for b in sender.bodies for i in b)
    assert not Device.objects.filter(token_digest=demo_device_token(settings.SECRET_KEY, "SIM-1"))
    assert Device.objects.get(code="SIM-1").token_digest == device_token_digest(
        demo_device_token(settings.SECRET_KEY, "SIM-1")
    )


def test_a_simulated_excursion_opens_an_event_and_its_return_closes_it(city):
    _registered(city.actor("admin"), codes=("SIM-1",))
    sender = ClientSender(city.client())
    every = 10**9  # an excursion at once
    simulate(
        secret=settings.SECRET_KEY, sender=sender, period=0.01, rounds=1, alarms_per_hour=every
    )
    event = Event.objects.get(metric__device__code="SIM-1", metric__code="water_level")
    assert event.level in ("warning", "alarm") and event.status == "reported"
    simulate(secret=settings.SECRET_KEY, sender=sender, period=0.01, rounds=1, alarms_per_hour=0)
    event.refresh_from_db()
    assert event.status == "closed" and event.returned_at is not None  # closed by itself
    values = [i["value"] for b in sender.bodies for i in b if i["metric"] == "water_level"]
    assert values[0] >= 3.8 > values[-1]
    battery = [i["value"] for b in sender.bodies for i in b if i["metric"] == "battery"]
    assert all(v > 20 for v in battery)  # a battery never strays


@pytest.mark.django_db(transaction=True)
def test_the_command_feeds_a_live_server(transactional_city, live_server):
    _registered(transactional_city.actor("admin"))
    call_command(
        "cityops_simulate",
        "--url",
        live_server.url,
        "--transport",
        "http",
        "--rounds",
        "1",
        "--period",
        "0.2",
        "--alarms-per-hour",
        "0",
        "-v",
        "0",
    )
    assert Reading.objects.filter(metric__device__code__in=["SIM-1", "SIM-2"]).count() == 4
    assert set(Device.objects.filter(code__startswith="SIM-").values_list("state", flat=True)) == {
        "online"
    }


def test_the_command_waits_for_the_server_and_gives_up(city):
    with pytest.raises(CommandError, match="did not answer"):
        call_command(
            "cityops_simulate",
            "--url",
            "http://127.0.0.1:9",
            "--transport",
            "http",
            "--wait",
            "0.3",
            "-v",
            "0",
        )
    with pytest.raises(CommandError, match="period"):
        call_command("cityops_simulate", "--period", "0", "-v", "0")


@pytest.mark.django_db(transaction=True)
def test_the_simulator_publishes_over_mqtt(transactional_city):
    try:
        socket.create_connection(BROKER, timeout=2).close()
    except OSError as error:
        if REQUIRE_MQTT:
            pytest.fail(f"ONETHING_REQUIRE_MQTT=1 but no MQTT broker at {BROKER}: {error}")
        pytest.skip(f"no MQTT broker at {BROKER}: {error} (mosquitto must run)")
    _registered(transactional_city.actor("admin"))
    run = uuid.uuid4().hex
    prefix = f"onething-test/{run}/devices"
    ingester = started(run, prefix)
    sender = MqttSender(*BROKER, prefix, client_id=f"onething-test-{run}-simulator")
    try:
        assert sender.connected.wait(5)
        outcomes = simulate(
            secret=settings.SECRET_KEY,
            sender=sender,
            period=0.01,
            rounds=1,
            alarms_per_hour=0,
        )
        assert outcomes == {"sent": 2}
        until(lambda: ingester.counts["taken"] == 2)
        assert Reading.objects.filter(metric__device__code__startswith="SIM-").count() == 4
    finally:
        sender.close()
        ingester.stop()
        forget_session(f"onething-test-{run}")
