"""What the devices publish: the throughput's buffered batches (made before the clock
starts, and the same rows as COPY's text), and the paced load of the latency and restart
measures (each device once a second, its message made as it is sent)."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import time

import paho.mqtt.client as mqtt

from . import (
    ALARM_VALUE,
    BULK_MESSAGES,
    BULK_SAMPLES,
    DEVICES,
    METRICS,
    NORMAL_HIGH,
    NORMAL_LOW,
    PREFIX,
)
from .world import World

UTC = dt.UTC


def topic(code: str) -> str:
    return f"{PREFIX}/{code}/readings"


def bulk(world: World, base: dt.datetime) -> tuple[list[tuple[str, bytes]], bytes, int]:
    """The throughput's messages (device by device, each its BULK_MESSAGES in time order),
    the same readings as COPY text (metric_id, at, value, received_at) and their count."""
    rng = random.Random(19)
    messages, lines = [], []
    received = base.isoformat()
    for n in range(DEVICES):
        for m in range(BULK_MESSAGES):
            items = []
            for s in range(m * BULK_SAMPLES, (m + 1) * BULK_SAMPLES):
                at = (base + dt.timedelta(seconds=s)).isoformat()
                for k in range(METRICS):
                    value = round(rng.uniform(NORMAL_LOW, NORMAL_HIGH), 3)
                    items.append({"metric": f"m{k}", "value": value, "at": at})
                    lines.append(f"{world.metric_ids[n][k]}\t{at}\t{value}\t{received}\n")
            body = {"token": world.tokens[n], "readings": items}
            messages.append((topic(world.codes[n]), json.dumps(body).encode()))
    # interleave the devices as a city's stations would arrive (each device's order kept)
    ordered = [
        messages[n * BULK_MESSAGES + m] for m in range(BULK_MESSAGES) for n in range(DEVICES)
    ]
    return ordered, "".join(lines).encode(), len(lines)


class Publisher:
    """One MQTT client publishing for every device (QoS 1)."""

    def __init__(self, port: int, client_id: str):
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
        self.client.max_inflight_messages_set(1000)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        self.last = None
        self.sent = 0

    def send(self, where: str, payload: bytes) -> None:
        self.last = self.client.publish(where, payload, qos=1)
        self.sent += 1

    def close(self) -> None:
        if self.last is not None:
            self.last.wait_for_publish(timeout=60)
        self.client.disconnect()
        self.client.loop_stop()


def paced(
    publisher: Publisher,
    world: World,
    seconds: int,
    *,
    alarms_per_s: int = 0,
    at_second=None,
) -> tuple[int, dict[tuple[int, dt.datetime], float], float, float]:
    """Every device publishes one reading of each value once a second (spread evenly over
    the second) for ``seconds``; ``alarms_per_s`` of them carry an alarm of m0 (a device
    alarms at most once in DEVICES/alarms_per_s seconds, its next message normal).
    ``at_second(s)`` is called as second ``s`` starts (the restart). The readings sent,
    the alarms (m0's id, time) → when published, the first and last reading's time."""
    rng = random.Random(7)
    step = DEVICES // alarms_per_s if alarms_per_s else 0
    alarms: dict[tuple[int, dt.datetime], float] = {}
    start = time.time() + 0.2
    sent = 0
    for second in range(seconds):
        if at_second is not None:
            threading.Thread(target=at_second, args=(second,), daemon=True).start()
        for n in range(DEVICES):
            due = start + second + n / DEVICES
            wait = due - time.time()
            if wait > 0.002:
                time.sleep(wait)
            at = dt.datetime.fromtimestamp(round(due, 3), UTC)
            text = at.isoformat()
            alarm = step and n % step == second % step
            items = [
                {
                    "metric": f"m{k}",
                    "value": ALARM_VALUE
                    if (alarm and k == 0)
                    else round(rng.uniform(NORMAL_LOW, NORMAL_HIGH), 3),
                    "at": text,
                }
                for k in range(METRICS)
            ]
            body = json.dumps({"token": world.tokens[n], "readings": items}).encode()
            publisher.send(topic(world.codes[n]), body)
            if alarm:
                alarms[(world.metric_ids[n][0], at)] = time.time()
            sent += METRICS
    first = dt.datetime.fromtimestamp(round(start, 3), UTC)
    last = dt.datetime.fromtimestamp(round(start + seconds, 3), UTC)
    return sent, alarms, first, last
