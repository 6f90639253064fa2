"""The organisation directory (组织通讯录): units added (one batch at a time, all or
nothing, every problem named at once), and a unit joining or leaving the collaborative
office (锡心办). Administrators' work; each write one audit entry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..errors import FieldProblem, ValidationFailed
from ..models import Department, DirectoryLevel, DirectoryUnit, Region, Role
from ..models.directory import LEVEL_ORDER
from ..permissions import Actor, require_role
from .audit import audit_record

RANK = {level: n for n, level in enumerate(LEVEL_ORDER)}
LOOKUP_CHUNK = 500  # codes looked up in one query


@dataclass(frozen=True)
class UnitSpec:
    """A unit to add, its references by code (region, parent unit, department)."""

    code: str
    name: str
    level: str
    region_code: str
    parent_code: str = ""
    department_code: str = ""
    on_collaborative_office: bool = False
    joined_on: dt.date | None = None


def _existing(model, field: str, codes: set[str]) -> dict[str, object]:
    found: dict[str, object] = {}
    ordered = sorted(codes)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found |= {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": chunk})}
    return found


def unit_problems(
    index: int,
    spec: UnitSpec,
    *,
    taken: set[str],
    levels: dict[str, str],
    regions: set[str],
    departments: set[str],
    today: dt.date,
) -> list[FieldProblem]:
    """Every problem of the batch's ``index``-th unit (``units.<index>.<field>``):
    ``taken`` the codes in use (stored, or earlier in the batch), ``levels`` the level of
    each unit it may name as parent, ``regions`` and ``departments`` the codes known."""
    at = f"units.{index}."
    problems = []
    code, name = (spec.code or "").strip(), (spec.name or "").strip()
    if not code or len(code) > 40:
        problems.append(FieldProblem(f"{at}code", "length", _("A code of 1 to 40 characters.")))
    elif code in taken:
        problems.append(
            FieldProblem(f"{at}code", "unique", _("The code %(c)s is taken.") % {"c": code})
        )
    if not name or len(name) > 100:
        problems.append(FieldProblem(f"{at}name", "length", _("A name of 1 to 100 characters.")))
    if spec.level not in RANK:
        problems.append(
            FieldProblem(
                f"{at}level",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(DirectoryLevel.values)},
            )
        )
    if spec.region_code not in regions:
        problems.append(
            FieldProblem(
                f"{at}region",
                "unknown",
                _("There is no region with code %(code)s.") % {"code": spec.region_code},
            )
        )
    if spec.department_code and spec.department_code not in departments:
        problems.append(
            FieldProblem(
                f"{at}department",
                "unknown",
                _("Unknown department %(c)s.") % {"c": spec.department_code},
            )
        )
    if spec.parent_code:
        parent_level = levels.get(spec.parent_code)
        if parent_level is None:
            problems.append(
                FieldProblem(
                    f"{at}parent",
                    "unknown",
                    _("No unit has the code %(c)s.") % {"c": spec.parent_code},
                )
            )
        elif spec.level in RANK and RANK[parent_level] >= RANK[spec.level]:
            problems.append(
                FieldProblem(f"{at}parent", "level", _("A unit's parent is of a level above it."))
            )
    if spec.on_collaborative_office and spec.joined_on is None:
        problems.append(
            FieldProblem(
                f"{at}joined_on",
                "required",
                _("Say when the unit joined the collaborative office."),
            )
        )
    if spec.joined_on is not None and spec.joined_on > today:
        problems.append(
            FieldProblem(f"{at}joined_on", "future", _("A date that has not come yet."))
        )
    return problems


@transaction.atomic
def directory_units_add(*, actor: Actor, units: Sequence[UnitSpec]) -> int:
    """Add a batch of units (a parent earlier in the batch or stored already): every
    problem of every unit at once (422), else all of them, parents first; how many."""
    require_role(actor, Role.ADMIN)
    codes = {u.code for u in units} | {u.parent_code for u in units if u.parent_code}
    stored = {
        code: unit.level for code, unit in _existing(DirectoryUnit, "code", codes - {""}).items()
    }
    regions = _existing(Region, "code", {u.region_code for u in units})
    departments = _existing(Department, "code", {u.department_code for u in units} - {""})
    taken, levels, problems = set(stored), dict(stored), []
    today = clock.today()
    for index, spec in enumerate(units):
        problems += unit_problems(
            index,
            spec,
            taken=taken,
            levels=levels,
            regions=set(regions),
            departments=set(departments),
            today=today,
        )
        taken.add(spec.code)
        if spec.level in RANK:
            levels.setdefault(spec.code, spec.level)
    if problems:
        raise ValidationFailed(problems)
    for level in LEVEL_ORDER:
        batch = [u for u in units if u.level == level]
        parents = _existing(DirectoryUnit, "code", {u.parent_code for u in batch} - {""})
        DirectoryUnit.objects.bulk_create(
            [
                DirectoryUnit(
                    code=u.code.strip(),
                    name=u.name.strip(),
                    level=u.level,
                    region=regions[u.region_code],
                    department=departments.get(u.department_code),
                    parent=parents.get(u.parent_code),
                    on_collaborative_office=u.on_collaborative_office,
                    joined_on=u.joined_on,
                )
                for u in batch
            ],
            batch_size=LOOKUP_CHUNK,
        )
    by_level = Counter(u.level for u in units)
    if units:
        audit_record(
            actor=actor,
            action="directory.units_add",
            subject=("core.directoryunit", "batch"),
            after={"count": len(units), "by_level": dict(sorted(by_level.items()))},
            note=_("Directory units added: %(n)s.") % {"n": len(units)},
        )
    return len(units)


def _locked_unit(code: str) -> DirectoryUnit:
    unit = DirectoryUnit.objects.select_for_update().filter(code=code or "").first()
    if unit is None:
        raise ValidationFailed.one(
            "code", "unknown", _("No unit has the code %(c)s.") % {"c": code}
        )
    return unit


@transaction.atomic
def directory_unit_join(
    *, actor: Actor, code: str, joined_on: dt.date | None = None
) -> DirectoryUnit:
    """The unit joins the collaborative office (锡心办) on ``joined_on`` (today)."""
    require_role(actor, Role.ADMIN)
    unit = _locked_unit(code)
    joined_on = joined_on or clock.today()
    if joined_on > clock.today():
        raise ValidationFailed.one("joined_on", "future", _("A date that has not come yet."))
    before = {"on": unit.on_collaborative_office, "joined_on": unit.joined_on}
    unit.on_collaborative_office, unit.joined_on = True, joined_on
    unit.save(update_fields=["on_collaborative_office", "joined_on"])
    audit_record(
        actor=actor,
        action="directory.unit_join",
        subject=unit,
        before=before,
        after={"on": True, "joined_on": joined_on},
    )
    return unit


@transaction.atomic
def directory_unit_leave(*, actor: Actor, code: str) -> DirectoryUnit:
    """The unit leaves the collaborative office."""
    require_role(actor, Role.ADMIN)
    unit = _locked_unit(code)
    before = {"on": unit.on_collaborative_office, "joined_on": unit.joined_on}
    unit.on_collaborative_office, unit.joined_on = False, None
    unit.save(update_fields=["on_collaborative_office", "joined_on"])
    audit_record(
        actor=actor, action="directory.unit_leave", subject=unit, before=before, after={"on": False}
    )
    return unit
