from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .. import refdata
from ..errors import ValidationFailed
from ..models import Department, Region, Role, ServiceCenter, User
from ..permissions import Actor, get_visible, visible


def region_by_code(code: str, *, field: str = "region") -> Region:
    """The region with this code (reference data, cached), or a 422 naming ``field``: used
    for inputs."""
    code = (code or "").strip()
    region = refdata.cached(f"region:{code}", lambda: Region.objects.filter(code=code).first())
    if region is None:
        raise ValidationFailed.one(
            field, "unknown_region", _("There is no region with code %(code)s.") % {"code": code}
        )
    return region


def region_subtree_filter(qs: QuerySet, field: str, region_code: str | None) -> QuerySet:
    """Narrow ``qs`` to records whose ``field`` lies in the subtree of ``region_code``; an
    unknown code is a 422 naming the field."""
    if not region_code:
        return qs
    root = region_by_code(region_code, field="region_code")
    return qs.filter(**{f"{field}__path__startswith": root.path})


def region_get(actor: Actor, code: str) -> Region:
    return get_visible(actor, Region.objects.select_related("parent"), code=code)


def department_get(actor: Actor, code: str) -> Department:
    return get_visible(actor, Department.objects.select_related("region"), code=code)


def regions_list(
    actor: Actor, *, parent_code: str | None = None, level: str | None = None, q: str = ""
) -> QuerySet[Region]:
    qs = visible(actor, Region.objects.select_related("parent"))
    if parent_code:
        qs = qs.filter(parent=region_by_code(parent_code, field="parent_code"))
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(code__startswith=q)
    return qs.order_by("code")


def departments_list(
    actor: Actor, *, region_code: str | None = None, kind: str | None = None, q: str = ""
) -> QuerySet[Department]:
    qs = region_subtree_filter(
        visible(actor, Department.objects.select_related("region")), "region", region_code
    )
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs


def service_centers_list(
    actor: Actor, *, region_code: str | None = None, q: str = ""
) -> QuerySet[ServiceCenter]:
    qs = visible(actor, ServiceCenter.objects.select_related("region")).prefetch_related("windows")
    if region_code:
        root = Region.objects.filter(code=region_code).first()
        qs = qs.filter(region__path__startswith=root.path) if root else qs.none()
    if q:
        qs = qs.filter(name__icontains=q)
    return qs


def nearest_service_center(region: Region) -> ServiceCenter | None:
    """The service centre of ``region`` itself or, failing that, of its closest ancestor."""
    codes = [c for c in region.path.strip("/").split("/") if c]
    centers = {
        c.region.code: c
        for c in ServiceCenter.objects.select_related("region")
        .filter(region__code__in=codes)
        .order_by("code")
        .reverse()
    }
    for code in reversed(codes):
        if code in centers:
            return centers[code]
    return None


def region_ids_under(path: str) -> list[int]:
    """The ids of the regions in the subtree at ``path`` (cached as reference data)."""
    from .. import refdata

    return refdata.cached(
        f"regions-under:{path}",
        lambda: list(Region.objects.filter(path__startswith=path).values_list("pk", flat=True)),
    )


def department_ids_under(path: str) -> list[int]:
    """The ids of the departments of the regions in the subtree at ``path`` (cached)."""
    from .. import refdata

    return refdata.cached(
        f"departments-under:{path}",
        lambda: list(
            Department.objects.filter(region__path__startswith=path).values_list("pk", flat=True)
        ),
    )


def department_staffed(department_id: int) -> bool:
    """Whether the department has someone to see what is sent to it: an active officer
    account of that department (automatic appeal dispatch goes nowhere else)."""
    return User.objects.filter(
        role=Role.OFFICER, department_id=department_id, is_active=True
    ).exists()
