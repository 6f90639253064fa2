"""A cache of reference data (the catalogue, departments, service centres): what intake
reads on every application and what changes a few times a year.

Entries live in Django's cache under a version number; every write of reference data bumps
the version (``refdata.bump()``), so the writing process sees the change at once. With a
cache shared by every app server (``CACHE_URL=redis://…``) so does everybody; with the
default per-process cache another process sees it within ``TTL`` seconds at the latest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
TTL = 30
VERSION_KEY = "refdata:version"
_MISSING = object()


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY, 1)
    return value


def bump() -> None:
    """Reference data changed: forget every cached entry (now, and again after the commit,
    so that nobody re-caches what the transaction had not yet written)."""

    def forget() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)

    forget()
    transaction.on_commit(forget)


def cached(key: str, load: Callable[[], T]) -> T:
    """``load()`` once per version and TTL; None is cached too."""
    full = f"refdata:{version()}:{key}"
    value = cache.get(full, _MISSING)
    if value is _MISSING:
        value = load()
        cache.set(full, value, TTL)
    return value
