from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Agency, Enterprise, Person
from ..permissions import Actor, get_visible, visible
from .regions import region_subtree_filter


def people_list(actor: Actor, *, q: str = "", region_code: str | None = None) -> QuerySet[Person]:
    """People the actor may see, masked columns only (nothing here decrypts)."""
    qs = visible(actor, Person.objects.select_related("region"))
    qs = region_subtree_filter(qs, "region", region_code)
    if q:
        condition = Q(name__icontains=q)
        if len(q) == 4 and q[:3].isdigit():  # the last four of the ID number
            condition |= Q(id_number_masked__endswith=q.upper())
        qs = qs.filter(condition)
    return qs.order_by("-created_at", "-id")


def person_get(actor: Actor, person_id: int) -> Person:
    return get_visible(actor, Person.objects.select_related("region"), pk=person_id)


def enterprises_list(
    actor: Actor, *, q: str = "", region_code: str | None = None, industry: str = ""
) -> QuerySet[Enterprise]:
    qs = visible(actor, Enterprise.objects.select_related("region"))
    qs = region_subtree_filter(qs, "region", region_code)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__iexact=q))
    if industry:
        qs = qs.filter(industry=industry)
    return qs.order_by("name", "id")


def enterprise_get(actor: Actor, enterprise_id: int) -> Enterprise:
    return get_visible(actor, Enterprise.objects.select_related("region"), pk=enterprise_id)


def agencies_list(actor: Actor, *, q: str = "") -> QuerySet[Agency]:
    qs = visible(actor, Agency.objects.select_related("region")).prefetch_related("agents__person")
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("name", "id")


def agency_get(actor: Actor, agency_id: int) -> Agency:
    return get_visible(actor, Agency.objects.select_related("region"), pk=agency_id)
