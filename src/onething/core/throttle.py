"""Per-account rate limits with counters in Django's cache (Redis when ``CACHE_URL`` says
so, then every app server counts together): fixed windows of a minute and of a day."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from . import clock


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window that refused ends
    first_refusal: bool = False  # the first call over the limit in that window


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return 1


def take(scope: str, account: int | str, limits: list[tuple[int, int]]) -> Verdict:
    """Count one use of ``scope`` by ``account`` against each ``(limit, window seconds)``;
    refused when any window's count passes its limit. A refused call counts too (so the
    refusal is reported once per window, and hammering does not reopen it)."""
    now = int(clock.now().timestamp())
    wait, first = 0, False
    for limit, window in limits:
        used = _count(f"throttle:{scope}:{account}:{window}:{now // window}", window)
        if used > limit:
            wait = max(wait, window - now % window)
            first = first or used == limit + 1
    return Verdict(False, wait, first) if wait else Verdict(True)
