"""Regions, departments, service centres and windows: configuration data, written by the
demo loader and by administrators (through admin, which calls these)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .. import refdata
from ..errors import FieldProblem, ValidationFailed
from ..models import Department, Region, RegionLevel, ServiceCenter, Window
from ..permissions import Actor, require_role
from ..selectors.regions import region_by_code
from .audit import audit_record, snapshot

# A level's parent must be the level above it.
PARENT_LEVEL = {
    RegionLevel.PROVINCE: None,
    RegionLevel.CITY: RegionLevel.PROVINCE,
    RegionLevel.COUNTY: RegionLevel.CITY,
    RegionLevel.TOWN: RegionLevel.COUNTY,
}
CODE_LENGTH = {
    RegionLevel.PROVINCE: 6,
    RegionLevel.CITY: 6,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWN: 9,
}


def region_problems(code: str, level: str, parent: Region | None) -> list[FieldProblem]:
    """Pure checks of a region's code against its level and parent (GB/T 2260 layout)."""
    problems = []
    if level not in PARENT_LEVEL:
        return [FieldProblem("level", "choice", _("Unknown region level."))]
    if not code.isdigit() or len(code) != CODE_LENGTH[level]:
        problems.append(
            FieldProblem(
                "code",
                "format",
                _("A %(level)s code has %(n)s digits.")
                % {"level": RegionLevel(level).label, "n": CODE_LENGTH[level]},
            )
        )
    expected_parent = PARENT_LEVEL[level]
    if expected_parent is None and parent is not None:
        problems.append(FieldProblem("parent", "level", _("A province has no parent.")))
    if expected_parent is not None:
        if parent is None or parent.level != expected_parent:
            problems.append(
                FieldProblem(
                    "parent",
                    "level",
                    _("The parent of a %(level)s must be a %(parent)s.")
                    % {
                        "level": RegionLevel(level).label,
                        "parent": RegionLevel(expected_parent).label,
                    },
                )
            )
        else:
            prefix = {RegionLevel.CITY: 2, RegionLevel.COUNTY: 4, RegionLevel.TOWN: 6}[level]
            if code[:prefix] != parent.code[:prefix]:
                problems.append(
                    FieldProblem(
                        "code",
                        "parent_prefix",
                        _("The code must start with its parent's %(p)s.")
                        % {"p": parent.code[:prefix]},
                    )
                )
    return problems


@transaction.atomic
def region_create(
    *, actor: Actor, code: str, name: str, level: str, parent_code: str | None = None
) -> Region:
    require_role(actor, "admin")
    parent = region_by_code(parent_code, field="parent_code") if parent_code else None
    problems = region_problems(code, level, parent)
    if Region.objects.filter(code=code).exists():
        problems.append(FieldProblem("code", "unique", _("This region code already exists.")))
    if problems:
        raise ValidationFailed(problems)
    region = Region.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        path=f"{parent.path if parent else '/'}{code}/",
    )
    refdata.bump()
    audit_record(
        actor=actor,
        action="region.create",
        subject=region,
        after=snapshot(region, ["code", "name", "level", "parent"]),
    )
    return region


@transaction.atomic
def department_create(
    *, actor: Actor, code: str, name: str, kind: str, region_code: str, phone: str = ""
) -> Department:
    require_role(actor, "admin")
    region = region_by_code(region_code, field="region_code")
    department = Department.objects.create(
        code=code, name=name, kind=kind, region=region, phone=phone
    )
    refdata.bump()
    audit_record(
        actor=actor,
        action="department.create",
        subject=department,
        after=snapshot(department, ["code", "name", "kind", "region"]),
    )
    return department


@transaction.atomic
def service_center_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    region_code: str,
    address: str = "",
    phone: str = "",
    opening_hours: str = "",
) -> ServiceCenter:
    require_role(actor, "admin")
    region = region_by_code(region_code, field="region_code")
    center = ServiceCenter.objects.create(
        code=code,
        name=name,
        region=region,
        address=address,
        phone=phone,
        opening_hours=opening_hours,
    )
    refdata.bump()
    audit_record(
        actor=actor,
        action="service_center.create",
        subject=center,
        after=snapshot(center, ["code", "name", "region", "address"]),
    )
    return center


@transaction.atomic
def window_open(
    *, actor: Actor, center: ServiceCenter, number: int, name: str, is_cross_region: bool = False
) -> Window:
    require_role(actor, "admin")
    window = Window.objects.create(
        center=center, number=number, name=name, is_cross_region=is_cross_region
    )
    audit_record(
        actor=actor,
        action="window.open",
        subject=window,
        after=snapshot(window, ["center", "number", "name", "is_cross_region"]),
    )
    return window
