"""What a resident's score is held by, shared by every channel (scores.py) and a scoring
device's hot path (device.py): who the voter is (the keyed hash's input), the rates (a
device's, a network address's) in the cache, a second score of the day, and the refusals
counted per street, day and reason (``ScoreRefusal``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from onething.core import throttle
from onething.core.errors import Conflict, DomainError, TooManyRequests, ValidationFailed
from onething.core.rollups import rollup_add

from ...models import ScoreRefusal, ScoringPoint, Street
from ...rules.scoring import (
    ADDRESS_LIMITS,
    DEVICE,
    DEVICE_LIMITS,
    REFUSED_ADDRESS_RATE,
    REFUSED_DEVICE_RATE,
    REFUSED_DUPLICATE,
)

VOTER_LABEL = "citymgmt.voter"  # the keyed hashes' labels (core's blind index)
ADDRESS_LABEL = "citymgmt.address"
KEY_MAX = 100  # characters of an Idempotency-Key (as core.services.idempotency)


@dataclass(frozen=True)
class Voter:
    key: str  # what is hashed: account:<id>, resident:<id read>, phone:<voter id>
    account_id: int | None = None


class Refused(Exception):
    """A refusal that is counted (ScoreRefusal) once the request's transaction is undone."""

    def __init__(self, reason: str, error: DomainError) -> None:
        super().__init__(error.message)
        self.reason, self.error = reason, error


def check_key(key: str | None) -> None:
    """An Idempotency-Key as core's idempotency checks it: at most 100 characters, no NUL
    (422 naming ``idempotency_key``)."""
    if not key:
        return
    if len(key) > KEY_MAX:
        raise ValidationFailed.one(
            "idempotency_key", "max_length", _("An idempotency key has at most 100 characters.")
        )
    if "\x00" in key:  # PostgreSQL can neither store nor compare one
        raise ValidationFailed.one(
            "idempotency_key", "nul_character", _("A NUL character is not allowed.")
        )


def _limits(name: str, default) -> list[tuple[int, int]]:
    return [tuple(pair) for pair in getattr(settings, name, default)]


def address_today(digest: str, day) -> int:
    """Scores sent from this network address today (this one counted), across streets."""
    key = f"citymgmt:address-day:{digest}:{day.isoformat()}"
    cache.add(key, 0, 2 * 86400)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 2 * 86400)
        return 1


def rate(channel: str, point: ScoringPoint | None, address_digest: str) -> None:
    """Count this score against its device's rate (a device) or its address's (phones and
    signed-in residents); over it, ``Refused`` with the 429."""
    if channel == DEVICE:
        limits = _limits("ONETHING_SCORE_DEVICE_LIMITS", DEVICE_LIMITS)
        verdict = throttle.take("city_score.device", point.pk, limits)
        if not verdict.allowed:
            raise Refused(
                REFUSED_DEVICE_RATE,
                TooManyRequests(
                    _("This scoring device sent too many scores. Try again in %(n)s seconds.")
                    % {"n": verdict.retry_after},
                    retry_after=verdict.retry_after,
                    code="device_rate",
                ),
            )
    elif address_digest:
        limits = _limits("ONETHING_SCORE_ADDRESS_LIMITS", ADDRESS_LIMITS)
        verdict = throttle.take("city_score.address", address_digest, limits)
        if not verdict.allowed:
            raise Refused(
                REFUSED_ADDRESS_RATE,
                TooManyRequests(
                    _("Too many scores from this network. Try again in %(n)s seconds.")
                    % {"n": verdict.retry_after},
                    retry_after=verdict.retry_after,
                    code="address_rate",
                ),
            )


def scored_today(street: Street, day) -> Refused:
    """The voter's second score of the day at ``street``: 409 ``already_scored_today``."""
    return Refused(
        REFUSED_DUPLICATE,
        Conflict(
            _("%(street)s has been scored by you today already: one score a day.")
            % {"street": street.name},
            code="already_scored_today",
            details={"street": street.code, "day": day.isoformat()},
        ),
    )


def count_refusal(street: Street, day, reason: str) -> None:
    """One more refusal of ``reason`` at ``street`` on ``day``: one statement, atomic on its
    own (called once the refused request's own transaction, if any, is undone)."""
    rollup_add(ScoreRefusal, ("day", "street", "reason"), ("count",), [(day, street.pk, reason, 1)])
