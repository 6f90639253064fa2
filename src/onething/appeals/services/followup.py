"""回访: the requester's 5-level rating of a reply (or staff recording it after a call). An
unsatisfied first rating reopens the appeal once with a new deadline; otherwise it closes
(办结)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.ratings import is_rating, rating_label

from .. import rules
from ..models import Appeal, FollowUp
from ..selectors.limits import limit_for
from .common import deadline_fields, local_day, locked_appeal, tell_requester, transition

STAFF = (Role.DISPATCHER, Role.SUPERVISOR)


def _is_requester(actor: Actor, appeal: Appeal) -> bool:
    return (
        (appeal.person_id is not None and appeal.person_id == actor.person_id)
        or (appeal.enterprise_id is not None and appeal.enterprise_id == actor.enterprise_id)
        or (appeal.submitted_by_id is not None and appeal.submitted_by_id == actor.user_id)
    )


@transaction.atomic
def appeal_follow_up(
    *,
    actor: Actor,
    number: str,
    rating: int,
    comment: str = "",
    at: dt.datetime | None = None,
) -> Appeal:
    """Rate this round's reply: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意."""
    require_role(actor, Role.APPLICANT, Role.AGENT, *STAFF)
    if not is_rating(rating):
        raise ValidationFailed.one(
            "rating", "choice", _("Rate from 1 (very unsatisfied) to 5 (very satisfied).")
        )
    if len(comment or "") > 500:
        raise ValidationFailed.one("comment", "max_length", _("At most 500 characters."))
    appeal = locked_appeal(actor, number)
    by_requester = actor.role in (Role.APPLICANT, Role.AGENT)
    if by_requester and not _is_requester(actor, appeal):
        raise PermissionDenied(_("Only the requester rates the answer."))
    if FollowUp.objects.filter(appeal=appeal, round=appeal.round).exists():
        raise Conflict(
            _("This answer has already been rated."),
            code="already_rated",
            details={"number": appeal.number, "round": appeal.round},
        )
    if appeal.status != "replied":
        raise Conflict(
            _("There is no answer to rate yet: appeal %(n)s is %(s)s.")
            % {"n": appeal.number, "s": str(rules.STATUS_LABELS[appeal.status]).lower()},
            code="not_replied",
            details={"status": appeal.status},
        )
    at = at or clock.now()
    FollowUp.objects.create(
        appeal=appeal,
        round=appeal.round,
        rating=rating,
        comment=(comment or "").strip(),
        by_requester=by_requester,
        by_id=actor.user_id,
        at=at,
    )
    label = rating_label(rating)
    note = f"{label} {comment}".strip()
    if rules.follow_up_outcome(rating, appeal.round) == "reopen":
        limit, _warning = limit_for(appeal.type, appeal.urgency)
        transition(
            appeal,
            "reopen",
            actor,
            note=note,
            at=at,
            round=appeal.round + 1,
            rating=rating,
            **deadline_fields(local_day(at), limit),
            replied_at=None,
            replied_on_time=None,
        )
        tell_requester(
            appeal,
            _("Appeal %(n)s is being handled again") % {"n": appeal.number},
            _("You were not satisfied, so %(d)s handles it again, by %(due)s.")
            % {"d": appeal.department.name if appeal.department_id else "", "due": appeal.due_date},
        )
        return appeal
    return transition(appeal, "close", actor, note=note, at=at, rating=rating, closed_at=at)
