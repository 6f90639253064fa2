"""A scoring device's score, the hot path (docs/performance.md, "City management over
HTTP"): the point came from its token's cached look-up, the criteria and the street's
trailing mean from the cache, and the score is ONE statement — ``INSERT … ON CONFLICT DO
NOTHING RETURNING id`` in autocommit (no transaction, no savepoint), the device's
``Idempotency-Key`` kept on the score itself (``request_key``, unique per point).

When nothing is inserted, one SELECT by (point, key) decides: a retry (the same request
answers the first score; another request 409 ``idempotency_key_reused``, as core's
idempotency answers) or, with no score under the key, the voter's second score of the day
(``limits.scored_today``, counted by the caller). A device over its rate is refused
(429) unless the request is a retry of a stored score, which answers it. With a photo, the
score and its photo are written in one transaction."""

from __future__ import annotations

import functools
import hashlib

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core.crypto import keyring
from onething.core.errors import Conflict
from onething.core.uploads import stored_extension

from ...models import ScoringPoint, StreetScore
from ...rules.scoring import COUNTED, DEVICE, FLAGGED, average_centi, flag_reason
from ...selectors.scoring import trailing_stats
from .limits import VOTER_LABEL, Refused, Voter, rate, scored_today


@functools.cache
def _insert_sql(vendor: str) -> tuple[str, tuple]:
    """The score's INSERT (every column but the id) and its fields, in order; ``ON
    CONFLICT DO NOTHING`` without a target covers both unique keys (the voter's day and
    the device's request)."""
    meta = StreetScore._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values}) "
        f"ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    return sql, fields


def _insert_once(score: StreetScore) -> int | None:
    """INSERT ``score`` unless its voter scored the street that day or its point stored its
    request key: its id, or None."""
    sql, fields = _insert_sql(connection.vendor)
    params = [f.get_db_prep_save(getattr(score, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _attach_photo(score: StreetScore, photo: tuple[str, bytes], digest: str) -> None:
    name, data = photo
    extension = stored_extension(name or "", ".jpg")
    score.photo.save(f"{digest[:16]}{extension}", ContentFile(data), save=False)
    score.photo_sha256 = digest
    score.save(update_fields=["photo", "photo_sha256"])


def _first(point: ScoringPoint, key: str | None) -> StreetScore | None:
    """The score the device stored under ``key`` (one SELECT by the unique key), with the
    point's street."""
    if not key:
        return None
    first = StreetScore.objects.filter(point_id=point.pk, request_key=key).order_by().first()
    if first is not None and first.street_id == point.street_id:
        first.street = point.street
    return first


def _retry(first: StreetScore, sent: StreetScore, photo_digest: str) -> StreetScore:
    """The first score, when ``sent`` is the same request (voter, street, marks, comment,
    photo); 409 otherwise: a key names one request."""
    same = (
        first.street_id == sent.street_id
        and first.voter_digest == sent.voter_digest
        and first.marks == sent.marks
        and first.comment == sent.comment
        and first.photo_sha256 == photo_digest
    )
    if not same:
        raise Conflict(
            _("This idempotency key was already used for a different request."),
            code="idempotency_key_reused",
            details={"idempotency_key": sent.request_key},
        )
    return first


def device_score(
    *,
    point: ScoringPoint,
    voter: Voter,
    marks: dict[str, int],
    comment: str,
    photo: tuple[str, bytes] | None,
    now,
    key: str | None,
) -> StreetScore:
    """Store a device's checked score (marks, comment and photo checked, the key too): see
    the module's docstring. ``Refused`` for a refusal that is counted (the rate, a second
    score of the day)."""
    street = point.street
    day = timezone.localdate(now)
    score = StreetScore(
        street=street,
        point=point,
        channel=DEVICE,
        day=day,
        voter_digest=keyring().digest(voter.key, VOTER_LABEL),
        address_digest="",
        marks=marks,
        average_centi=average_centi(marks),
        comment=comment,
        created_at=now,
        request_key=key or None,
    )
    photo_digest = hashlib.sha256(photo[1]).hexdigest() if photo else ""
    try:
        rate(DEVICE, point, "")
    except Refused:
        first = _first(point, key)  # a retry's first answer stands, whatever the rate
        if first is None:
            raise
        return _retry(first, score, photo_digest)
    trailing_count, trailing_sum = trailing_stats(street.pk, day)
    score.flag_reason = flag_reason(
        average_centi=score.average_centi,
        trailing_count=trailing_count,
        trailing_sum_centi=trailing_sum,
        address_scores_today=0,  # a device is counted, not the address it sends from
    )
    score.status = FLAGGED if score.flag_reason else COUNTED
    if photo:
        with transaction.atomic():
            score.pk = _insert_once(score)
            if score.pk is not None:
                score._state.adding = False
                _attach_photo(score, photo, photo_digest)
    else:
        score.pk = _insert_once(score)
    if score.pk is not None:
        score._state.adding, score._state.db = False, connection.alias
        return score
    first = _first(point, key)
    if first is None:
        raise scored_today(street, day)
    return _retry(first, score, photo_digest)
