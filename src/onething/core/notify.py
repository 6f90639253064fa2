"""Delivery channels of the outbox. Email goes through Django's email backend (configure
EMAIL_BACKEND / EMAIL_HOST); SMS through ``ONETHING_SMS_BACKEND``, a class with
``send(phone, text)`` — the operator's SMS gateway plugs in here. The default SMS backend
writes to the log, so a development machine needs no gateway."""

from __future__ import annotations

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("onething.sms")


class SmsBackend(Protocol):
    """The interface an SMS gateway implements."""

    def send(self, phone: str, text: str) -> None: ...


class LogSmsBackend:
    """Writes each SMS to the log (the phone masked)."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", f"{phone[:3]}****{phone[-4:]}", text)


class MemorySmsBackend:
    """Keeps sent SMS in memory: for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


@cache
def sms_backend() -> SmsBackend:
    return import_string(settings.ONETHING_SMS_BACKEND)()
