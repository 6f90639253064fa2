"""Readings over MQTT: a device publishes to ``onething/devices/{device_code}/readings``
the JSON ``{"token": "dv_…", "readings": [{"metric", "value", "at"}, …]}`` (the items
those of the HTTP batch), and the ingester takes it in with the same service,
``services/ingest.readings_ingest_many``.

The broker is anonymous: a device proves itself by its token inside the message. A
message whose token is not the topic's device's (unknown, another device's, a retired
device's) is dropped and counted (``refused``); a message that is no batch (not JSON, no
token, no list, over 1000 readings) is counted on the topic's device when it is known
(``malformed``). Nothing a message holds ever stops the loop.

No reading is lost: the ingester keeps a persistent session (``clean_session=False``, a
fixed client id), subscribes with QoS 1 and acknowledges a message only once what it
holds is committed (``manual_ack``). What devices publish while the ingester is down, and
what it had received but not yet stored when it stopped or was killed, the broker keeps
and delivers again when it comes back; a reading delivered twice is stored once.

Batching: paho's network thread only hands each message to a worker thread (by its
device, so one device's messages keep their order); each worker takes every message
waiting for it, up to ``MOST_MESSAGES``, into one call of the service (one transaction,
a few statements for all of them), then acknowledges them. Under load the batches grow by
themselves; when idle a message is taken in alone, at once. The broker must let enough
messages be in flight unacknowledged (Mosquitto's ``max_inflight_messages``, docs/deploy.md)."""

from __future__ import annotations

import json
import logging
import queue
import threading
import zlib
from collections import Counter
from typing import Any

import paho.mqtt.client as mqtt
from django.db import InterfaceError, OperationalError, close_old_connections

from onething.core.errors import DomainError

from .models import DeviceState
from .selectors.device_tokens import devices_signing_in
from .services.ingest import readings_ingest_many, readings_malformed

log = logging.getLogger(__name__)

TOPIC_PREFIX = "onething/devices"
TAKEN, REFUSED, MALFORMED, IGNORED, FAILED = "taken", "refused", "malformed", "ignored", "failed"
MOST_MESSAGES = 500  # messages taken in by one call of the service
MOST_BYTES = 4 * 1024 * 1024  # … and their payloads' bytes
AWAY_RETRIES = 3  # tries of a batch while the database is away, before one by one


def device_of(topic: str, prefix: str = TOPIC_PREFIX) -> str | None:
    """The device code in ``{prefix}/{code}/readings`` (None: another topic)."""
    head, tail = f"{prefix}/", "/readings"
    if not topic.startswith(head) or not topic.endswith(tail):
        return None
    code = topic[len(head) : -len(tail)]
    return code if code and "/" not in code else None


def _envelope(payload: bytes) -> tuple[Any, list] | None:
    """The token and the readings of a message (None: it is no batch)."""
    try:
        body = json.loads(payload)
        token, readings = body["token"], body["readings"]
    except (ValueError, TypeError, KeyError):
        return None
    return (token, readings) if isinstance(readings, list) else None


def messages_handle(messages: list[tuple[str, bytes]], prefix: str = TOPIC_PREFIX) -> list[str]:
    """Take in messages (topic, payload), the good ones in one call of the service: what
    became of each, in order: ``taken`` (its items each stored or refused), ``refused``,
    ``malformed`` or ``ignored``."""
    outcomes: list[str] = [IGNORED] * len(messages)
    malformed: list[str] = []
    parsed: list[tuple[int, str, Any, list]] = []
    for index, (topic, payload) in enumerate(messages):
        code = device_of(topic, prefix)
        if code is None:
            continue
        envelope = _envelope(payload)
        if envelope is None:
            outcomes[index] = MALFORMED
            malformed.append(code)
        else:
            parsed.append((index, code, *envelope))
    devices = devices_signing_in({token for *_r, token, _i in parsed if isinstance(token, str)})
    batches, where = [], []
    for index, code, token, readings in parsed:
        device = devices.get(token) if isinstance(token, str) else None
        if device is None or device.code != code or device.state == DeviceState.RETIRED:
            log.warning("mqtt: a message on %s refused (its token is not the device's)", code)
            outcomes[index] = REFUSED
            continue
        batches.append((device, readings))
        where.append((index, code))
    results = readings_ingest_many(batches=batches) if batches else []
    for (index, code), result in zip(where, results, strict=True):
        if isinstance(result, DomainError):  # over 1000 readings; retired meanwhile
            log.warning("mqtt: a batch of %s refused: %s", code, result.message)
            outcomes[index] = MALFORMED
            malformed.append(code)
        else:
            outcomes[index] = TAKEN
    for code in malformed:
        readings_malformed(device_code=code)
    return outcomes


def message_handle(topic: str, payload: bytes, prefix: str = TOPIC_PREFIX) -> str:
    """Take in one message; what became of it (see :func:`messages_handle`)."""
    return messages_handle([(topic, payload)], prefix)[0]


class Ingester:
    """The MQTT ingester: ``start()``/``stop()`` run it in paho's thread and ``workers``
    threads of its own, ``run_forever()`` in the caller's. ``counts`` tells what became of
    the messages."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 1883,
        client_id: str = "onething-ingest",
        prefix: str = TOPIC_PREFIX,
        keepalive: int = 30,
        workers: int = 2,
    ) -> None:
        self.host, self.port, self.prefix, self.keepalive = host, port, prefix, keepalive
        self.counts: Counter[str] = Counter()
        self.subscribed = threading.Event()
        self._counting = threading.Lock()
        self._stopping = threading.Event()
        self._queues: list[queue.SimpleQueue] = [queue.SimpleQueue() for _ in range(workers)]
        self._threads: list[threading.Thread] = []
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=False,
            manual_ack=True,
        )
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message

    @property
    def topic(self) -> str:
        return f"{self.prefix}/+/readings"

    def _on_connect(self, client, _userdata, _flags, reason_code, _properties) -> None:
        if reason_code.is_failure:
            log.error("mqtt: connection to %s:%s refused: %s", self.host, self.port, reason_code)
            return
        log.info("mqtt: connected to %s:%s, subscribing to %s", self.host, self.port, self.topic)
        client.subscribe(self.topic, qos=1)

    def _on_subscribe(self, _client, _userdata, _mid, _reason_codes, _properties) -> None:
        self.subscribed.set()

    def _on_message(self, _client, _userdata, message) -> None:
        code = device_of(message.topic, self.prefix) or ""
        self._queues[zlib.crc32(code.encode()) % len(self._queues)].put(message)

    # --- the workers ---------------------------------------------------------------------

    def _work(self, waiting: queue.SimpleQueue) -> None:
        while not self._stopping.is_set():
            try:
                messages = [waiting.get(timeout=0.2)]
            except queue.Empty:
                continue
            size = len(messages[0].payload)
            while len(messages) < MOST_MESSAGES and size < MOST_BYTES:
                try:
                    messages.append(waiting.get_nowait())
                except queue.Empty:
                    break
                size += len(messages[-1].payload)
            outcomes = self._outcomes([(m.topic, m.payload) for m in messages])
            if outcomes is None:
                return  # stopping while the database is away: acknowledged next time
            for message in messages:
                if message.qos:
                    self.client.ack(message.mid, message.qos)
            with self._counting:
                self.counts.update(outcomes)

    def _outcomes(self, pairs: list[tuple[str, bytes]]) -> list[str] | None:
        """The messages taken in, in one call; again while the database is away (nothing
        is acknowledged meanwhile); one by one if the call still fails, a message that
        fails alone being logged and counted as ``failed``. None: stopping meanwhile."""
        tries = 0
        while True:
            close_old_connections()
            try:
                return messages_handle(pairs, self.prefix)
            except (OperationalError, InterfaceError):  # away, or a deadlock: again
                tries += 1
                log.warning("mqtt: the database failed a batch (try %s)", tries, exc_info=True)
                if len(pairs) > 1 and tries >= AWAY_RETRIES:
                    return [one for pair in pairs for one in self._alone(pair)]
                if self._stopping.wait(min(0.2 * 2**tries, 10)):
                    return None
            except Exception:
                log.exception("mqtt: a batch of %s messages failed", len(pairs))
                if len(pairs) == 1:
                    return [FAILED]
                return [one for pair in pairs for one in self._alone(pair)]
            finally:
                close_old_connections()

    def _alone(self, pair: tuple[str, bytes]) -> list[str]:
        while True:
            close_old_connections()
            try:
                return messages_handle([pair], self.prefix)
            except (OperationalError, InterfaceError):
                log.warning("mqtt: the database is away", exc_info=True)
                if self._stopping.wait(2):
                    return [FAILED]
            except Exception:  # never stops the loop: logged and counted
                log.exception("mqtt: a message on %s failed", pair[0])
                return [FAILED]
            finally:
                close_old_connections()

    def _start_workers(self) -> None:
        self._stopping.clear()
        self._threads = [
            threading.Thread(target=self._work, args=(q,), name=f"ingest-{n}", daemon=True)
            for n, q in enumerate(self._queues)
        ]
        for thread in self._threads:
            thread.start()

    def _stop_workers(self) -> None:
        """The batches being taken in finish (and are acknowledged); messages still waiting
        are not acknowledged, so the broker delivers them again next time."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=30)
        for waiting in self._queues:
            while not waiting.empty():
                waiting.get_nowait()

    # --- running -------------------------------------------------------------------------

    def start(self) -> None:
        """Connect and handle messages in paho's thread and the workers (until ``stop()``)."""
        self._start_workers()
        self.client.connect(self.host, self.port, keepalive=self.keepalive)
        self.client.loop_start()

    def stop(self) -> None:
        self._stop_workers()
        self.client.disconnect()
        self.client.loop_stop()
        self.subscribed.clear()

    def run_forever(self) -> None:
        """Connect and handle messages until interrupted (reconnecting)."""
        self._start_workers()
        self.client.connect_async(self.host, self.port, keepalive=self.keepalive)
        try:
            self.client.loop_forever(retry_first_connection=True)
        finally:
            self._stop_workers()
            self.client.disconnect()
