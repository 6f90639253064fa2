"""Reads of the swipes, the ledger and the subsidy pool: the gate's answer in words, the
swipes union staff review (an honoree their own rides), the ledger rows and the pool's
balance. Scoped by the rules in ``cards.scopes`` (the ledger and the pool: union staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core.errors import PermissionDenied
from onething.core.models import Role
from onething.core.permissions import SYSTEM, Actor, require_role, visible

from ..models import LedgerEntry, LedgerTally, PoolTopUp, SubsidyPool, Swipe
from . import certificates

POOL_NAME = "劳模卡补贴资金池"


def reason_text(reason: str) -> str:
    """The reason of a gate's answer in words, in the request's language."""
    words = {
        "ok": _("Allowed: enjoy your ride or visit."),
        "unknown_card": _("Denied: this card is not an honour card."),
        "card_blocked": _("Denied: this card was reported lost and is blocked."),
        "card_revoked": _("Denied: this card has been revoked."),
        "honoree_suspended": _("Denied: the holder's honour privileges are suspended."),
        "honoree_deceased": _("Denied: the holder is deceased."),
        "honoree_revoked": _("Denied: the holder's honour has been revoked."),
        "honoree_unknown": _("Denied: the holder is not in the honorees' registry."),
        "no_benefit": _("Denied: no benefit here for the holder's honour level."),
        "daily_cap": _("Denied: today's uses of this benefit are used up."),
        "monthly_cap": _("Denied: this month's uses of this benefit are used up."),
        "no_tariff": _("Denied: this venue has no tariff in force."),
        "bill_required": _("Denied: a dining offer needs the bill's amount."),
        "future_time": _("Denied: the swipe's time is in the future (check the gate's clock)."),
    }
    if reason in words:
        return words[reason]
    return certificates.reason_text(reason)  # a scanned code's verdict


def swipe_answer(swipe: Swipe) -> dict[str, Any]:
    """What the gate is told (the same for a retry)."""
    return {
        "swipe_id": swipe.swipe_id,
        "allowed": swipe.allowed,
        "reason": swipe.reason,
        "reason_text": reason_text(swipe.reason),
        "voice": swipe.voice,
        "amount_fen": swipe.amount_fen,
        "service": swipe.service,
        "bill_fen": swipe.bill_fen,
        "discount_fen": swipe.discount_fen,
        "funded_by": swipe.funded_by,
    }


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def uses_on(honoree_id: int, venue_id: int, day: dt.date, daily: bool, monthly: bool):
    """(today, this month): the honoree's allowed swipes at the venue on the local day and
    in its month, each counted only when asked (the caps a benefit has)."""
    rows = Swipe.objects.filter(honoree_id=honoree_id, venue_id=venue_id, allowed=True)
    today = month = 0
    if daily:
        start = _day_start(day)
        today = rows.filter(at__gte=start, at__lt=_day_start(day + dt.timedelta(days=1))).count()
    if monthly:
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        month = rows.filter(at__gte=_day_start(first), at__lt=_day_start(following)).count()
    return today, month


def swipes_list(
    actor: Actor,
    *,
    venue: str = "",
    operator: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    allowed: bool | None = None,
    gate: str = "",
) -> QuerySet[Swipe]:
    """Swipes, newest first (union staff: all; an honoree: their own). ``venue``,
    ``operator`` and ``gate`` are codes; the dates are local days of the swipe, inclusive."""
    rows = visible(
        actor, Swipe.objects.select_related("gate", "venue__operator", "card", "honoree__person")
    )
    if venue:
        rows = rows.filter(venue__code=venue)
    if operator:
        rows = rows.filter(venue__operator__code=operator)
    if gate:
        rows = rows.filter(gate__code=gate)
    if date_from:
        rows = rows.filter(at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if allowed is not None:
        rows = rows.filter(allowed=allowed)
    return rows.order_by("-at", "-id")


def my_rides(actor: Actor, **filters) -> QuerySet[Swipe]:
    """The signed-in honoree's own swipes (allowed and denied), newest first."""
    require_role(actor, Role.APPLICANT, Role.AGENT)
    if not actor.person_id:
        raise PermissionDenied(_("Only an honoree has rides."), code="not_an_honoree")
    return swipes_list(actor, **filters)  # an honoree sees only their own (the scope rule)


def ledger_list(
    actor: Actor,
    *,
    operator: str = "",
    venue: str = "",
    booked_from: dt.date | None = None,
    booked_to: dt.date | None = None,
    corrections: bool | None = None,
) -> QuerySet[LedgerEntry]:
    """Ledger rows (union staff), newest booking first; ``corrections`` true gives only the
    corrections, false only the swipes' rows."""
    rows = visible(actor, LedgerEntry.objects.select_related("operator", "venue", "swipe"))
    if operator:
        rows = rows.filter(operator__code=operator)
    if venue:
        rows = rows.filter(venue__code=venue)
    if booked_from:
        rows = rows.filter(booked_on__gte=booked_from)
    if booked_to:
        rows = rows.filter(booked_on__lte=booked_to)
    if corrections is not None:
        rows = rows.filter(corrects__isnull=not corrections)
    return rows.order_by("-booked_on", "-id")


def top_ups_list(actor: Actor) -> QuerySet[PoolTopUp]:
    return visible(actor, PoolTopUp.objects.select_related("by")).order_by("-at", "-id")


def pool_status(actor: Actor = SYSTEM) -> dict[str, Any]:
    """The pool's balance: what the union put in, what the ledger has accrued (every row,
    corrections included), what is available, and the warning below the threshold. Union
    staff, administrators, the platform, and supervisors (one city-wide sum, watched on
    their operations page)."""
    require_role(actor, Role.UNION_STAFF, Role.ADMIN, Role.SUPERVISOR)
    pool = SubsidyPool.objects.order_by("pk").first()
    topped_up = PoolTopUp.objects.aggregate(total=Sum("amount_fen"))["total"] or 0
    accrued = LedgerTally.objects.aggregate(total=Sum("amount_fen"))["total"] or 0
    threshold = pool.warning_below_fen if pool else 0
    available = topped_up - accrued
    return {
        "name": pool.name if pool else POOL_NAME,
        "topped_up_fen": topped_up,
        "accrued_fen": accrued,
        "available_fen": available,
        "warning_below_fen": threshold,
        "warning": available < threshold,
    }
