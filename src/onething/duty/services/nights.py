"""A leader's duty night: checked in on the night itself (17:00 to 09:00 the next morning,
the city's time), once; checked out after it (optional). A stay off the roster is recorded
by checking in on the night: it joins the town's published roster as a night off the plan.
A planned night nobody checked in is *missed* by the time its morning has passed: computed
when it is read (rules.nights.state), no scheduled job writes it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record

from ..models import DutyNight, DutyRoster
from ..rules import nights as rules
from ..rules.rosters import PUBLISHED, month_of
from .common import clean, leader_town, locked, refuse_if, text_problem

REFUSALS = {
    "too_early": gettext_lazy(
        "The night of %(d)s has not begun: check in from 17:00 on the night."
    ),
    "too_late": gettext_lazy("The night of %(d)s is over: check in by 09:00 the next morning."),
    "not_checked_in": gettext_lazy("Check in before checking out."),
    "before_check_in": gettext_lazy("A check-out comes after the check-in."),
}
LATE_CHECK_OUT = gettext_lazy("The night of %(d)s is over: check out by 12:00 the next day.")


def _own(actor: Actor, night_id: int) -> DutyNight:
    night = locked(
        actor,
        DutyNight.objects.select_related("roster"),
        _("No duty night with that identifier is visible to you."),
        pk=night_id,
    )
    if night.leader_id != actor.user_id:
        raise PermissionDenied(
            _("This is another leader's night: each leader checks in their own."),
            code="not_your_night",
        )
    return night


def _tonight(actor: Actor, town_id: int) -> DutyNight:
    """The leader's night that is on now: planned on the roster, or a stay off it added to
    the town's published roster of the month."""
    now = clock.now()
    day = rules.duty_date(now)
    if day is None:
        raise Conflict(
            _("No night is on now: a duty night runs from 17:00 to 09:00 the next morning."),
            code="not_tonight",
        )
    night = DutyNight.objects.select_for_update().filter(leader_id=actor.user_id, date=day).first()
    if night is not None:
        return night
    roster = DutyRoster.objects.filter(town_id=town_id, month=month_of(day)).first()
    if roster is None or roster.status != PUBLISHED:
        raise Conflict(
            _("Your town has no published roster for %(m)s: a stay is recorded on it.")
            % {"m": f"{day:%Y-%m}"},
            code="roster_not_published",
        )
    return DutyNight.objects.create(roster=roster, leader_id=actor.user_id, date=day, planned=False)


@transaction.atomic
def night_check_in(*, actor: Actor, night_id: int | None = None, place_note: str = "") -> DutyNight:
    """Check in on a night (``night_id``; none: the night that is on now, a stay off the
    roster when none was planned): the leader's own, on its night only (409 ``not_tonight``
    before 17:00 or after 09:00 the next morning), once (409)."""
    town = leader_town(actor)
    refuse_if([text_problem("place_note", place_note, 100)])
    night = _tonight(actor, town.pk) if night_id is None else _own(actor, night_id)
    if night.roster.status != PUBLISHED:
        raise Conflict(
            _("The roster of %(m)s is not published yet.") % {"m": f"{night.date:%Y-%m}"},
            code="roster_not_published",
        )
    after = rules.NIGHT_LIFECYCLE.target(night.status, rules.CHECK_IN, actor.role)
    now = clock.now()
    refusal = rules.check_in_refusal(night.date, now)
    if refusal:
        raise Conflict(
            REFUSALS[refusal] % {"d": night.date.isoformat()},
            code="not_tonight",
            details={"date": night.date.isoformat(), "reason": refusal},
        )
    night.status = after
    night.checked_in_at = now
    night.place_note = clean(place_note)
    night.save(update_fields=["status", "checked_in_at", "place_note"])
    audit_record(
        actor=actor,
        action="duty.night.check_in",
        subject=night,
        before={"status": rules.PLANNED},
        after={"status": after, "date": night.date, "planned": night.planned},
    )
    return night


@transaction.atomic
def night_check_out(*, actor: Actor, night_id: int) -> DutyNight:
    """Check out of a night checked in (the next morning, by 12:00), once (409)."""
    leader_town(actor)
    night = _own(actor, night_id)
    rules.NIGHT_LIFECYCLE.target(night.status, rules.CHECK_OUT, actor.role)
    if night.checked_out_at is not None:
        raise Conflict(_("You have checked out of this night already."), code="checked_out")
    now = clock.now()
    refusal = rules.check_out_refusal(night.date, night.checked_in_at, now)
    if refusal:
        message = LATE_CHECK_OUT if refusal == "too_late" else REFUSALS[refusal]
        raise Conflict(
            message % {"d": night.date.isoformat()},
            code="not_tonight",
            details={"date": night.date.isoformat(), "reason": refusal},
        )
    night.checked_out_at = now
    night.save(update_fields=["checked_out_at"])
    audit_record(
        actor=actor,
        action="duty.night.check_out",
        subject=night,
        after={"checked_out_at": now},
    )
    return night
