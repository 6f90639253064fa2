"""Public figures of the catalogue: per category, how many items are in service and how many
can be applied for online or at a window. Counts only, for the city's figures page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from onething.core.selectors.regions import region_by_code

from ..models import ServiceItem


def channel_figures(*, region: str = "") -> list[dict[str, Any]]:
    """Per category (catalogue order): items in service, those that can be applied for
    online, at a window, and online only. ``region``: the items whose owning department
    lies in that region's subtree (an unknown code is a 422 naming ``region``)."""
    qs = ServiceItem.objects.filter(is_active=True)
    if region:
        root = region_by_code(region, field="region")
        qs = qs.filter(department__region__path__startswith=root.path)
    rows = (
        qs.values("category__code", "category__name", "category__order")
        .annotate(
            n_items=Count("id"),
            n_online=Count("id", filter=Q(online=True)),
            n_at_window=Count("id", filter=Q(at_window=True)),
            n_online_only=Count("id", filter=Q(online=True, at_window=False)),
        )
        .order_by("category__order", "category__code")
    )
    return [
        {
            "category_code": r["category__code"],
            "category": r["category__name"],
            "items": r["n_items"],
            "online": r["n_online"],
            "at_window": r["n_at_window"],
            "online_only": r["n_online_only"],
        }
        for r in rows
    ]
