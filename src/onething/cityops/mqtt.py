"""Readings over MQTT: a device publishes to ``onething/devices/{device_code}/readings``
the JSON ``{"token": "dv_…", "readings": [{"metric", "value", "at"}, …]}`` (the items
those of the HTTP batch), and the ingester takes it in with the same service,
``services/ingest.readings_ingest``.

The broker is anonymous: a device proves itself by its token inside the message. A
message whose token is not the topic's device's (unknown, another device's, a retired
device's) is dropped and counted (``refused``); a message that is no batch (not JSON, no
token, no list, over 1000 readings) is counted on the topic's device when it is known
(``malformed``). Nothing a message holds ever stops the loop.

The ingester keeps a persistent session (``clean_session=False``, a fixed client id) and
subscribes with QoS 1: what devices publish with QoS 1 while it is down the broker keeps
and delivers when it comes back. Messages are handled in paho's network thread, one at a
time, each between ``close_old_connections()`` calls (as Django does around a request)."""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter

import paho.mqtt.client as mqtt
from django.db import close_old_connections
from pydantic import ValidationError

from onething.core.errors import DomainError

from .models import DeviceState
from .schemas import ReadingBatchIn
from .selectors.device_tokens import device_signing_in
from .services.ingest import readings_ingest, readings_malformed

log = logging.getLogger(__name__)

TOPIC_PREFIX = "onething/devices"
TAKEN, REFUSED, MALFORMED, IGNORED = "taken", "refused", "malformed", "ignored"


def device_of(topic: str, prefix: str = TOPIC_PREFIX) -> str | None:
    """The device code in ``{prefix}/{code}/readings`` (None: another topic)."""
    head, tail = f"{prefix}/", "/readings"
    if not topic.startswith(head) or not topic.endswith(tail):
        return None
    code = topic[len(head) : -len(tail)]
    return code if code and "/" not in code else None


def message_handle(topic: str, payload: bytes, prefix: str = TOPIC_PREFIX) -> str:
    """Take in one message; what became of it: ``taken`` (by the service, its items each
    stored or refused), ``refused``, ``malformed`` or ``ignored``."""
    code = device_of(topic, prefix)
    if code is None:
        return IGNORED
    try:
        body = json.loads(payload)
        token = body["token"]
        batch = ReadingBatchIn.model_validate({"readings": body["readings"]})
    except (ValueError, TypeError, KeyError, ValidationError):
        readings_malformed(device_code=code)
        return MALFORMED
    device = device_signing_in(token) if isinstance(token, str) else None
    if device is None or device.code != code or device.state == DeviceState.RETIRED:
        log.warning("mqtt: a message on %s refused (its token is not the device's)", topic)
        return REFUSED
    try:
        readings_ingest(device=device, readings=[item.model_dump() for item in batch.readings])
    except DomainError as error:  # over 1000 readings; retired meanwhile
        log.warning("mqtt: a batch of %s refused: %s", code, error.message)
        readings_malformed(device_code=code)
        return MALFORMED
    return TAKEN


class Ingester:
    """The MQTT ingester: ``start()``/``stop()`` run it in paho's thread,
    ``run_forever()`` in the caller's. ``counts`` tells what became of the messages."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 1883,
        client_id: str = "onething-ingest",
        prefix: str = TOPIC_PREFIX,
        keepalive: int = 30,
    ) -> None:
        self.host, self.port, self.prefix, self.keepalive = host, port, prefix, keepalive
        self.counts: Counter[str] = Counter()
        self.subscribed = threading.Event()
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False
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
        close_old_connections()
        try:
            outcome = message_handle(message.topic, message.payload, self.prefix)
        except Exception:  # never stops the loop: logged and counted
            log.exception("mqtt: a message on %s failed", message.topic)
            outcome = "failed"
        finally:
            close_old_connections()
        self.counts[outcome] += 1

    def start(self) -> None:
        """Connect and handle messages in paho's thread (until ``stop()``)."""
        self.client.connect(self.host, self.port, keepalive=self.keepalive)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
        self.subscribed.clear()

    def run_forever(self) -> None:
        """Connect and handle messages in this thread until interrupted (reconnecting)."""
        self.client.connect_async(self.host, self.port, keepalive=self.keepalive)
        try:
            self.client.loop_forever(retry_first_connection=True)
        finally:
            self.client.disconnect()
