"""评议: a resident's score of a street, from a scoring device (the resident id it read), a
QR sign (the phone's anonymous voter id, or the account signed in) or the street's page (a
signed-in resident), and the review of a flagged one.

The abuse limits, in the order they are checked:

1. the marks (every active criterion, a whole number from 1 to 5), the comment (at most
   300 characters) and the photo (core's image checks): every problem at once, 422;
2. the rate: a scoring device at most 30 a minute and 600 a day; a network address (phones
   and signed-in residents; a device's own address is not counted, the device is) at most
   10 a minute and 50 a day — over it 429 with ``Retry-After``;
3. one score per voter per street per day (the database's unique key on the voter's keyed
   hash): a second one 409 ``already_scored_today``;
4. the outlier rule (rules.scoring.flag_reason): the score is stored ``flagged`` with its
   reason and counts only once the office accepts it.

Refusals of 2 and 3 are counted per street, day and reason (``ScoreRefusal``, one
statement each, kept when the refused request's own transaction is undone). A score is its
own record (like a reading or a swipe): it writes no audit entry; a review does. A retry
with the same ``Idempotency-Key`` answers the first score. The photo of a refused score is
kept for the same voter's next submission (``KEPT_PHOTOS``, core.kept_uploads: its owner
is the voter's key, ``account:<id>`` or ``phone:<voter id>``).

A scoring device's score is the hot path (device.py: one statement, its key kept on the
score); a phone's and the street page's go through core's idempotency records. The limits
and the refusals' counting are shared (limits.py)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    PermissionDenied,
    Unauthenticated,
)
from onething.core.kept_uploads import KeptUploads
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.uploads import inspect_image, stored_extension

from ...models import ScoringMonth, ScoringPoint, Street, StreetScore
from ...rules.scoring import (
    COMMENT_MAX,
    COUNTED,
    DEVICE,
    FLAGGED,
    RESIDENT_MAX,
    SCORE_REVIEW,
    WEB,
    average_centi,
    clean_marks,
    flag_reason,
    marks_problems,
    month_start,
)
from ...selectors.scoring import (
    criteria_active,
    street_for_scoring,
    trailing_forget,
    trailing_stats,
)
from .common import require_office_for
from .device import device_score
from .limits import (
    ADDRESS_LABEL,
    VOTER_LABEL,
    Refused,
    Voter,
    address_today,
    check_key,
    count_refusal,
    rate,
    scored_today,
)

__all__ = ["ADDRESS_LABEL", "KEPT_PHOTOS", "VOTER_LABEL", "score_review", "score_submit"]

VOTER_ID_MAX = 64
KEPT_PHOTOS = KeptUploads(
    folder="citymgmt/kept/scores",
    salt="onething.citymgmt.kept-score",
    expired=gettext_lazy("The photo chosen earlier has expired: choose it again."),
)


def _resolve(
    actor: Actor, point: ScoringPoint | None, street_code: str
) -> tuple[Street | None, str, list[FieldProblem]]:
    """The street scored and the channel: a point's (its kind), else the platform's page,
    which needs a signed-in resident."""
    if point is not None:
        if not point.is_active:
            raise PermissionDenied(
                _("Scoring point %(c)s is not in service.") % {"c": point.code},
                code="point_retired",
            )
        return point.street, point.kind, []
    if not actor.authenticated:
        raise Unauthenticated(_("Sign in to score a street."))
    if not actor.has_role(Role.APPLICANT):
        raise PermissionDenied(_("Streets are scored by residents."), code="residents_only")
    street = street_for_scoring(street_code)
    if street is None:
        problem = FieldProblem(
            "street", "unknown", _("Unknown street %(c)s.") % {"c": (street_code or "")[:40]}
        )
        return None, WEB, [problem]
    return street, WEB, []


def _voter(
    actor: Actor, channel: str, point: ScoringPoint | None, voter: str, key: str | None
) -> tuple[Voter | None, FieldProblem | None]:
    voter = (voter or "").strip()
    if channel == DEVICE:
        if len(voter) > RESIDENT_MAX or "\x00" in voter:
            return None, FieldProblem(
                "voter", "max_length", _("At most %(n)s characters.") % {"n": RESIDENT_MAX}
            )
        if voter:
            return Voter(f"resident:{voter.upper()}"), None
        # nobody identified at the device: not deduplicated, held by the device's rate (a
        # retry under the same Idempotency-Key is the same voter, so that it is found same)
        anonymous = f"key:{key}" if key else uuid.uuid4().hex
        return Voter(f"device:{point.pk}:{anonymous}"), None
    if actor.user_id is not None:
        return Voter(f"account:{actor.user_id}", actor.user_id), None
    if not voter or len(voter) > VOTER_ID_MAX or "\x00" in voter:
        return None, FieldProblem(
            "voter", "required", _("Open the scoring page again from the sign's QR code.")
        )
    return Voter(f"phone:{voter}"), None


def _photo_problems(photo: tuple[str, bytes] | None) -> list[FieldProblem]:
    if not photo:
        return []
    try:
        inspect_image(photo[0] or "photo.jpg", photo[1], "photo")
    except DomainError as refused:
        return list(getattr(refused, "problems", []))
    return []


@transaction.atomic
def _store(
    *,
    street: Street,
    point: ScoringPoint | None,
    channel: str,
    voter: Voter,
    address_digest: str,
    marks: dict[str, int],
    comment: str,
    photo: tuple[str, bytes] | None,
    now,
) -> StreetScore:
    day = timezone.localdate(now)
    rate(channel, point, address_digest)
    average = average_centi(marks)
    trailing_count, trailing_sum = trailing_stats(street.pk, day)
    from_address = address_today(address_digest, day) if address_digest else 0
    reason = flag_reason(
        average_centi=average,
        trailing_count=trailing_count,
        trailing_sum_centi=trailing_sum,
        address_scores_today=from_address,
    )
    score = StreetScore(
        street=street,
        point=point,
        channel=channel,
        day=day,
        voter_digest=keyring().digest(voter.key, VOTER_LABEL),
        address_digest=address_digest,
        account_id=voter.account_id,
        marks=marks,
        average_centi=average,
        comment=comment,
        status=FLAGGED if reason else COUNTED,
        flag_reason=reason,
        created_at=now,
    )
    try:
        with transaction.atomic():
            score.save(force_insert=True)
    except IntegrityError:
        raise scored_today(street, day) from None
    if photo:
        name, data = photo
        digest = hashlib.sha256(data).hexdigest()
        extension = stored_extension(name or "", ".jpg")
        score.photo.save(f"{digest[:16]}{extension}", ContentFile(data), save=False)
        score.photo_sha256 = digest
        score.save(update_fields=["photo", "photo_sha256"])
    return score


def score_submit(
    *,
    actor: Actor,
    marks: Any,
    point: ScoringPoint | None = None,
    street_code: str = "",
    voter: str = "",
    comment: str = "",
    photo: tuple[str, bytes] | None = None,
    address: str | None = None,
    idempotency_key: str | None = None,
) -> StreetScore:
    """A resident's score of a street (see the module's docstring for the rules).
    ``point``: the scoring point it came through (a device signed in with its token, or
    the QR sign of the phone page); without one, ``street_code`` on the platform's page by
    a signed-in resident. ``voter``: at a device, the resident id it read (optional:
    without one the score is not deduplicated, only the device's rate holds it); on a
    phone without an account, its anonymous voter id. ``address``: the sender's network
    address (only its keyed hash is kept). ``photo``: (file name, content)."""
    now = clock.now()
    street, channel, problems = _resolve(actor, point, street_code)
    criteria = criteria_active()
    if not criteria:
        raise Conflict(_("No scoring criteria are published yet."), code="no_criteria")
    names = {c.code: c.name for c in criteria}
    problems += marks_problems(marks, names)
    found, problem = _voter(actor, channel, point, voter, idempotency_key)
    problems += [problem, text_problem("comment", comment, COMMENT_MAX)]
    problems += _photo_problems(photo)
    refuse_if(problems)
    clean = clean_marks(marks, names)
    comment = (comment or "").strip()
    if channel == DEVICE:  # the hot path: one statement (device.py)
        check_key(idempotency_key)
        try:
            return device_score(
                point=point,
                voter=found,
                marks=clean,
                comment=comment,
                photo=photo,
                now=now,
                key=idempotency_key,
            )
        except Refused as refused:
            count_refusal(street, timezone.localdate(now), refused.reason)
            raise refused.error from None
    address_digest = keyring().digest(address, ADDRESS_LABEL) if address else ""

    def create() -> StreetScore:
        return _store(
            street=street,
            point=point,
            channel=channel,
            voter=found,
            address_digest=address_digest,
            marks=clean,
            comment=comment,
            photo=photo,
            now=now,
        )

    try:
        if not idempotency_key:
            return create()
        if found.account_id is None:
            operation = f"city_score:{keyring().digest(found.key, VOTER_LABEL)[:40]}"
        else:
            operation = "city_score"
        payload = {
            "street": street.code,
            "channel": channel,
            "voter": keyring().digest(found.key, VOTER_LABEL),
            "resident": "",
            "marks": clean,
            "comment": comment,
            "photo": hashlib.sha256(photo[1]).hexdigest() if photo else "",
        }
        score, _created = idempotent_create(
            actor=actor,
            operation=operation,
            key=idempotency_key,
            payload=payload,
            model=StreetScore,
            create=create,
        )
        return score
    except Refused as refused:
        count_refusal(street, timezone.localdate(now), refused.reason)
        raise refused.error from None


@transaction.atomic
def score_review(*, actor: Actor, score_id: int, action: str, note: str = "") -> StreetScore:
    """复核: the office accepts a flagged score (it counts from now) or rejects it (it never
    counts). Another district's score 404; not the office 403; a score not flagged, or of a
    month already closed, 409."""
    found = get_visible(actor, StreetScore.objects.select_related("street"), pk=score_id)
    require_office_for(actor, found.street)
    refuse_if([text_problem("note", note, 300)])
    score = StreetScore.objects.select_for_update().select_related("street").get(pk=found.pk)
    target = SCORE_REVIEW.target(score.status, action, actor.role, system=actor.is_system)
    if ScoringMonth.objects.filter(month=month_start(score.day)).exists():
        raise Conflict(
            _("The month %(m)s is closed: its scores stay as they were counted.")
            % {"m": f"{score.day:%Y-%m}"},
            code="month_closed",
        )
    before = {"status": score.status}
    score.status = target
    score.reviewed_by_id = actor.user_id
    score.reviewed_at = clock.now()
    score.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action=f"street_score.{action}",
        subject=score,
        before=before,
        after={"status": score.status, "flag_reason": score.flag_reason},
        note=(note or "").strip(),
    )
    transaction.on_commit(lambda: trailing_forget(score.street_id, score.day))
    return score
