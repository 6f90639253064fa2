"""Reads of agencies' declarations (代领声明): scoped lists, and the enterprises an agency
acts for."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .. import clock
from ..models import AgencyDeclaration, Enterprise
from ..permissions import Actor, visible


def declarations_list(actor: Actor, *, q: str = "") -> QuerySet[AgencyDeclaration]:
    """The agency's declarations, newest first, with their enterprises (by name or credit
    code when ``q`` is given)."""
    qs = visible(
        actor, AgencyDeclaration.objects.select_related("agency", "declared_by__person")
    ).prefetch_related("enterprises")
    if q:
        qs = qs.filter(
            Q(enterprises__name__icontains=q) | Q(enterprises__credit_code__iexact=q)
        ).distinct()
    return qs.order_by("-declared_at", "-id")


def declared_enterprise_ids(agency_id: int | None, on: dt.date | None = None) -> QuerySet:
    """The enterprises an agency's valid declarations name (a subquery)."""
    day = on or clock.today()
    return (
        Enterprise.objects.filter(
            agency_declarations__agency_id=agency_id,
            agency_declarations__revoked_at__isnull=True,
        )
        .filter(
            Q(agency_declarations__valid_until__isnull=True)
            | Q(agency_declarations__valid_until__gte=day)
        )
        .values("pk")
    )
