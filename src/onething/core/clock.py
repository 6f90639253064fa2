"""The platform's clock. Services ask it for the time instead of the system clock, so the
demo city and the data generators can run real services "as of" a past day (every
timestamp, deadline and audit entry then agrees with that day). Always aware."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_frozen: ContextVar[dt.datetime | None] = ContextVar("onething_clock", default=None)


def now() -> dt.datetime:
    return _frozen.get() or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Run the block as of ``at`` (an aware datetime)."""
    if timezone.is_naive(at):
        raise ValueError("the clock only takes aware datetimes")
    token = _frozen.set(at)
    try:
        yield
    finally:
        _frozen.reset(token)
