from django.shortcuts import render

from onething.core.selectors.regions import (
    departments_list,
    regions_list,
    service_centers_list,
)

from .base import page_actor


def directory(request):
    """The public directory: the region tree, departments and service centres with windows."""
    actor = page_actor(request)
    regions = list(regions_list(actor))
    children: dict[int | None, list] = {}
    for region in regions:
        children.setdefault(region.parent_id, []).append(region)

    def walk(parent_id, depth):
        for region in children.get(parent_id, []):
            yield region, depth
            yield from walk(region.pk, depth + 1)

    return render(
        request,
        "web/directory.html",
        {
            "tree": list(walk(None, 0)),
            "departments": departments_list(actor),
            "centers": service_centers_list(actor),
        },
    )
