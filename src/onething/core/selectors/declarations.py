"""Reads of agencies' declarations (代领声明), scoped."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import AgencyDeclaration
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
