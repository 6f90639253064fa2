"""The demo city's devices, simulated: each device the simulator can sign in as (its token
is the one derived from the server's secret, ``rules.simulation.demo_device_token``)
sends a batch of its values once a period, at its own moment in the period, as a real
device would: over HTTP to ``POST /api/cityops/readings`` with its token, or over MQTT to
``onething/devices/<code>/readings`` when a broker is configured. The values follow their
daily curves with noise, and now and then one crosses a threshold for a few readings
(``rules.simulation``), so that the operations centre's screen shows alarms coming and
going. It writes nothing itself: what it sends goes through the platform's own ingest."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from onething.core import clock

from ..models import Device, DeviceState
from ..rules.simulation import (
    Band,
    Excursion,
    Profile,
    demo_device_token,
    excursion_chance,
    next_reading,
    offset_in_period,
    profile_for,
)
from ..selectors.devices import device_token_digest

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
READINGS_PATH = "/api/cityops/readings"


@dataclass
class SimulatedValue:
    code: str
    profile: Profile
    band: Band
    excursion: Excursion | None = None

    @property
    def watched(self) -> bool:
        """Whether it has a threshold to cross, and strays past it now and then."""
        return self.profile.strays and (self.band.high is not None or self.band.low is not None)


@dataclass
class SimulatedDevice:
    code: str
    token: str
    offset: float
    values: list[SimulatedValue] = field(default_factory=list)

    def batch(self, when: dt.datetime, rng: random.Random, chance: float) -> list[dict]:
        """The device's readings taken ``when``: one item per value."""
        local = when.astimezone(SHANGHAI)
        items = []
        for value in self.values:
            number, value.excursion = next_reading(
                value.profile,
                value.band,
                local,
                rng,
                excursion=value.excursion,
                chance=chance if value.watched else 0.0,
            )
            items.append({"metric": value.code, "value": number, "at": when.isoformat()})
        return items


def simulated_devices(
    secret: str, period: float, known: dict[str, SimulatedDevice] | None = None
) -> list[SimulatedDevice]:
    """The devices in service whose token is the one derived from ``secret`` (the demo
    city's), each with its values; an excursion going on (in ``known``) carries on."""
    known = known or {}
    found = []
    devices = (
        Device.objects.exclude(state=DeviceState.RETIRED)
        .exclude(token_digest="")
        .prefetch_related("metrics")
        .order_by("code")
    )
    for device in devices:
        token = demo_device_token(secret, device.code)
        if device_token_digest(token) != device.token_digest:
            continue  # a real device, with a token of its own
        before = {v.code: v for v in known[device.code].values} if device.code in known else {}
        values = []
        for m in device.metrics.all():
            band = Band(
                m.min_possible,
                m.max_possible,
                m.warning_high,
                m.alarm_high,
                m.warning_low,
                m.alarm_low,
                m.hysteresis,
            )
            going = before.get(m.code)
            values.append(
                SimulatedValue(
                    m.code, profile_for(m.code), band, going.excursion if going else None
                )
            )
        found.append(
            SimulatedDevice(device.code, token, offset_in_period(device.code, period), values)
        )
    return found


class Sender(Protocol):
    def send(self, device: SimulatedDevice, items: list[dict]) -> str: ...


class HttpSender:
    """Batches POSTed to the platform's API over one kept-alive connection (reopened
    when it drops); what became of each: ``sent`` or ``refused <status>``/``failed``."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        url = urlsplit(base_url)
        self.https = url.scheme == "https"
        self.host, self.port = url.hostname or "127.0.0.1", url.port
        self.prefix = url.path.rstrip("/")
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        return kind(self.host, self.port, timeout=self.timeout)

    def request(self, method: str, path: str, body: bytes | None, headers: dict) -> int:
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = self._connect()
            try:
                self.connection.request(method, self.prefix + path, body=body, headers=headers)
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        return 0

    def send(self, device: SimulatedDevice, items: list[dict]) -> str:
        body = json.dumps({"readings": items}).encode()
        headers = {
            "Authorization": f"Bearer {device.token}",
            "Content-Type": "application/json",
        }
        try:
            status = self.request("POST", READINGS_PATH, body, headers)
        except (OSError, http.client.HTTPException):
            return "failed"
        return "sent" if status == 200 else f"refused {status}"

    def answers(self) -> bool:
        """Whether the server answers (its health check)."""
        try:
            return self.request("GET", "/healthz", None, {}) == 200
        except (OSError, http.client.HTTPException):
            return False


class MqttSender:
    """Batches published to the broker, QoS 1, as the devices would (kept by the client
    while the broker is away, and sent when it is back)."""

    def __init__(
        self, host: str, port: int, prefix: str, client_id: str = "onething-simulator"
    ) -> None:
        import paho.mqtt.client as mqtt

        self.prefix, self.no_connection = prefix, mqtt.MQTT_ERR_NO_CONN
        self.connected = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
        self.client.on_connect = lambda *_args: self.connected.set()
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.client.connect_async(host, port, keepalive=30)
        self.client.loop_start()

    def send(self, device: SimulatedDevice, items: list[dict]) -> str:
        message = json.dumps({"token": device.token, "readings": items})
        info = self.client.publish(f"{self.prefix}/{device.code}/readings", message, qos=1)
        if info.rc == 0:
            return "sent"
        return "queued" if info.rc == self.no_connection else "failed"

    def close(self, timeout: float = 5.0) -> None:
        """Disconnect once what was published has gone out (at most ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while self.client.want_write() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.client.disconnect()
        self.client.loop_stop()


def wait_until(answers: Callable[[], bool], timeout: float, sleep=time.sleep) -> bool:
    """Ask ``answers`` every half second until it says yes (True) or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        if answers():
            return True
        if time.monotonic() >= deadline:
            return False
        sleep(0.5)


def simulate(
    *,
    secret: str,
    sender: Sender,
    period: float = 600.0,
    alarms_per_hour: float = 6.0,
    rounds: int = 0,
    seed: int | None = None,
    log: Callable[[str], None] = lambda _line: None,
    sleep: Callable[[float], None] = time.sleep,
) -> Counter:
    """Send every simulated device's batch once a ``period`` (seconds), each at its own
    moment in it, for ``rounds`` periods (0: until interrupted); what became of the
    batches. About ``alarms_per_hour`` excursions a period's worth of readings start."""
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    known: dict[str, SimulatedDevice] = {}
    done = 0
    while not rounds or done < rounds:
        started = time.monotonic()
        devices = sorted(simulated_devices(secret, period, known), key=lambda d: d.offset)
        known = {d.code: d for d in devices}
        watched = sum(v.watched for d in devices for v in d.values)
        chance = excursion_chance(alarms_per_hour, watched * 3600 / period)
        for device in devices:
            wait = started + device.offset - time.monotonic()
            if wait > 0:
                sleep(wait)
            outcomes[sender.send(device, device.batch(clock.now(), rng, chance))] += 1
        done += 1
        log(f"round {done}: {len(devices)} devices, {dict(outcomes)}")
        rest = started + period - time.monotonic()
        if rest > 0 and (not rounds or done < rounds):
            sleep(rest)
    return outcomes
