"""Reads of the directory (operators, venues, tariffs, benefits: public) and of the gates;
and the two things every swipe reads, kept in the reference-data cache: the gate behind an
account and the rules of a venue (its benefits and tariff periods). Every configuration
save bumps that cache (a change made in the Django admin is seen within refdata.TTL)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from onething.core import clock, refdata
from onething.core.errors import PermissionDenied
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role, visible

from ..models import Benefit, Gate, Operator, Tariff, Venue
from ..rules.benefits import BenefitSpec


class GateInfo(NamedTuple):
    """What a swipe needs of its gate (cached by account)."""

    id: int
    code: str
    venue_id: int
    operator_id: int
    is_active: bool


class VenueRules(NamedTuple):
    """The benefits of a venue (as the pure rule takes them) and its tariff periods."""

    benefits: tuple[BenefitSpec, ...]
    tariffs: tuple[tuple[dt.date, dt.date | None, int], ...]  # (from, to, price in fen)

    def price_on(self, day: dt.date) -> int | None:
        for start, end, price in self.tariffs:
            if start <= day and (end is None or day <= end):
                return price
        return None


def spec(benefit: Benefit) -> BenefitSpec:
    return BenefitSpec(
        id=benefit.pk,
        levels=tuple(benefit.levels),
        discount_percent=benefit.discount_percent,
        daily_cap=benefit.daily_cap,
        monthly_cap=benefit.monthly_cap,
        voice=benefit.voice_prompt,
        valid_from=benefit.valid_from,
        valid_to=benefit.valid_to,
        kind=benefit.kind,
        funded_by=benefit.funded_by,
        visit_cap_fen=benefit.visit_cap_fen,
    )


def _load_rules(venue_id: int) -> VenueRules:
    benefits = Benefit.objects.filter(venue_id=venue_id).order_by("valid_from", "id")
    tariffs = Tariff.objects.filter(venue_id=venue_id).order_by("valid_from")
    return VenueRules(
        benefits=tuple(spec(b) for b in benefits),
        tariffs=tuple(tariffs.values_list("valid_from", "valid_to", "price_fen")),
    )


def venue_rules(venue_id: int) -> VenueRules:
    return refdata.cached(f"cards:venue-rules:{venue_id}", lambda: _load_rules(venue_id))


def _load_gate(user_id: int) -> GateInfo | None:
    row = (
        Gate.objects.filter(account_id=user_id)
        .values_list("id", "code", "venue_id", "venue__operator_id", "is_active")
        .first()
    )
    return GateInfo(*row) if row else None


def gate_of(actor: Actor) -> GateInfo:
    """The gate whose account the actor is: 403 for any other role, or for a gate account
    with no gate (or a gate out of service)."""
    require_role(actor, Role.GATE)
    info = None
    if actor.user_id is not None and actor.role == Role.GATE:
        info = refdata.cached(f"cards:gate-of:{actor.user_id}", lambda: _load_gate(actor.user_id))
    if info is None:
        raise PermissionDenied(_("This account is not the account of a gate."), code="not_a_gate")
    if not info.is_active:
        raise PermissionDenied(_("This gate is out of service."), code="gate_inactive")
    return info


# -- the public directory -----------------------------------------------------------------


def in_force(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def operators_list(actor: Actor, *, kind: str = "") -> QuerySet[Operator]:
    rows = visible(actor, Operator.objects.prefetch_related("venues"))
    return rows.filter(kind=kind) if kind else rows


def _with_current(rows: QuerySet[Venue], day: dt.date) -> QuerySet[Venue]:
    return rows.select_related("operator").prefetch_related(
        Prefetch("tariffs", Tariff.objects.filter(in_force(day)), to_attr="current_tariffs"),
        Prefetch(
            "benefits",
            Benefit.objects.filter(in_force(day)).order_by("name"),
            to_attr="current_benefits",
        ),
    )


def venues_list(
    actor: Actor, *, operator_code: str = "", kind: str = "", day: dt.date | None = None
) -> QuerySet[Venue]:
    """Venues with the tariff and the benefits in force on ``day`` (today by default):
    ``venue.current_tariffs`` (one or none) and ``venue.current_benefits``."""
    rows = visible(actor, Venue.objects.all())
    if operator_code:
        rows = rows.filter(operator__code=operator_code)
    if kind:
        rows = rows.filter(operator__kind=kind)
    return _with_current(rows, day or clock.today())


def venue_get(actor: Actor, code: str, day: dt.date | None = None) -> Venue:
    return get_visible(actor, _with_current(Venue.objects.all(), day or clock.today()), code=code)


# -- gates --------------------------------------------------------------------------------


def gates_list(actor: Actor, *, venue_code: str = "") -> QuerySet[Gate]:
    rows = visible(actor, Gate.objects.select_related("venue__operator", "account"))
    return rows.filter(venue__code=venue_code) if venue_code else rows


def gate_me(actor: Actor) -> Gate:
    """The calling gate with its venue (the tariff and benefits in force today)."""
    info = gate_of(actor)
    gate = Gate.objects.select_related("venue__operator").get(pk=info.id)
    gate.venue = venue_get(actor, gate.venue.code)
    return gate
