"""Reads of the catalogue (public)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from onething.core import refdata
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.regions import region_by_code

from ..models import Category, LifeEvent, MaterialRequirement, ServiceItem


def items_list(
    actor: Actor,
    *,
    q: str = "",
    category: str = "",
    life_event: str = "",
    region_code: str = "",
    department_code: str = "",
    audience: str = "",
    channel: str = "",
    include_inactive: bool = False,
) -> QuerySet[ServiceItem]:
    qs = visible(actor, ServiceItem.objects.select_related("category", "department__region"))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    if category:
        qs = qs.filter(category__code=category)
    if life_event:
        qs = qs.filter(life_events__code=life_event)
    if region_code:
        qs = qs.filter(regions=region_by_code(region_code, field="region_code"))
    if department_code:
        qs = qs.filter(department__code=department_code)
    if audience:
        qs = qs.filter(audience__in=[audience, "both"])
    if channel == "online":
        qs = qs.filter(online=True)
    elif channel == "window":
        qs = qs.filter(at_window=True)
    return qs.distinct().order_by("category__order", "code")


def item_get(actor: Actor, code: str) -> ServiceItem:
    qs = ServiceItem.objects.select_related("category", "department__region").prefetch_related(
        "regions",
        "life_events",
        Prefetch(
            "materials",
            queryset=MaterialRequirement.objects.select_related("material_type").order_by(
                "order", "id"
            ),
        ),
    )
    return get_visible(actor, qs, code=code)


def categories_list(actor: Actor) -> QuerySet[Category]:
    return visible(actor, Category.objects.all())


def life_events_list(actor: Actor) -> QuerySet[LifeEvent]:
    return visible(actor, LifeEvent.objects.all())


def life_events_browse(actor: Actor, *, audience: str = "") -> list[dict[str, Any]]:
    """The life events (人生事件/主题) to browse by, each with its number of items in
    service, in catalogue order; ``audience`` (person | enterprise): the events meant for
    it (and for both). Events with no item in service are left out."""
    qs = visible(actor, LifeEvent.objects.all())
    if audience:
        qs = qs.filter(audience__in=[audience, "both"])
    rows = qs.annotate(
        n_items=Count("items", filter=Q(items__is_active=True), distinct=True)
    ).filter(n_items__gt=0)
    return [
        {"code": e.code, "name": e.name, "audience": e.audience, "items": e.n_items}
        for e in rows.order_by("order", "code")
    ]


def departments_browse(actor: Actor) -> list[dict[str, Any]]:
    """The departments that own items in service, each with its number of items, the one
    with most items first."""
    rows = (
        visible(actor, ServiceItem.objects.filter(is_active=True))
        .values("department__code", "department__name")
        .annotate(n_items=Count("id"))
        .order_by("-n_items", "department__code")
    )
    return [
        {"code": r["department__code"], "name": r["department__name"], "items": r["n_items"]}
        for r in rows
    ]


def offered_in(item: ServiceItem, region) -> bool:
    """Whether ``item`` may be applied for in ``region`` (within a region it is offered in,
    or, with no regions listed, within its department's region)."""
    roots = [r.path for r in item.regions.all()] or [item.department.region.path]
    return any(region.path.startswith(root) for root in roots)


def competent_department(item: ServiceItem, region):
    """The department that handles ``item`` for ``region``: the department of the same kind
    closest to the region (the town's own office first, then the district's, then the
    city's), else the item's owning department."""
    from onething.core.models import Department

    codes = [c for c in region.path.strip("/").split("/") if c]
    candidates: dict[str, Department] = {}
    for d in (
        Department.objects.select_related("region")
        .filter(kind=item.department.kind, region__code__in=codes)
        .order_by("region__code", "code")
    ):
        # several of one kind in a region (the city's 卫健委 and 教育局 are both "other"):
        # the item's own department, else the first by code
        if d.region.code not in candidates or d.pk == item.department_id:
            candidates[d.region.code] = d
    for code in reversed(codes):
        if code in candidates:
            return candidates[code]
    return item.department


def intake_item(code: str) -> ServiceItem | None:
    """An item in service with what intake needs (department and region, offered regions,
    material requirements with their types), from the reference-data cache."""

    def load() -> ServiceItem | None:
        return (
            ServiceItem.objects.select_related("department__region", "category")
            .prefetch_related(
                "regions",
                Prefetch(
                    "materials",
                    queryset=MaterialRequirement.objects.select_related("material_type").order_by(
                        "order", "id"
                    ),
                ),
            )
            .filter(code=code, is_active=True)
            .first()
        )

    return refdata.cached(f"item:{code}", load)


def route(item: ServiceItem, region):
    """(the competent department, the service centre nearest to it) for ``item`` in
    ``region``, from the reference-data cache."""
    from onething.core.selectors.regions import nearest_service_center

    def load():
        department = competent_department(item, region)
        return department, nearest_service_center(department.region)

    return refdata.cached(f"route:{item.code}:{region.code}", load)
