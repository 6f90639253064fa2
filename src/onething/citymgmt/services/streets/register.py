"""The register of streets and lanes (背街小巷) and the city's renovation programmes: the
city-management office registers and updates streets of its region and opens a year's
programme; a street's managing department keeps its own streets' description, length and
place up to date. Every problem of the input at once (422, each naming its field)."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import FieldProblem, NotFound, PermissionDenied
from onething.core.models import Department, Region, RegionLevel, Role
from onething.core.permissions import Actor, require_role
from onething.core.problems import coordinate_problem, refuse_if, text_problem
from onething.core.services.audit import audit_record, snapshot

from ...models import RenovationProgramme, Street, StreetCategory
from ...scopes import is_city_management_office

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
LENGTH_MAX_M = 100_000  # 100 km: no street of the register is longer
STREET_FIELDS = [
    "code",
    "name",
    "district",
    "street_office",
    "category",
    "length_m",
    "description",
    "latitude",
    "longitude",
    "department",
    "is_active",
]
PROGRAMME_FIELDS = ["code", "name", "year", "region", "description"]
UNSET: Any = object()


def code_problem(field: str, code: str, taken: bool) -> FieldProblem | None:
    if not CODE.match(code or ""):
        return FieldProblem(
            field,
            "format",
            _(
                "Letters, digits, - and _ only, at most 40 characters, starting with a letter "
                "or digit."
            ),
        )
    if taken:
        return FieldProblem(field, "unique", _("The code %(c)s is taken.") % {"c": code})
    return None


def require_office(actor: Actor, region: Region | None = None) -> None:
    """The city-management office (for a ``region`` within its own), an administrator or
    the platform; anyone else 403."""
    require_role(actor, Role.OFFICER, Role.ADMIN)
    if actor.is_system or actor.role == Role.ADMIN:
        return
    if not is_city_management_office(actor):
        raise PermissionDenied(
            _("Only the city-management office may do this."),
            details={"your_role": actor.role},
        )
    if region is not None and not region.path.startswith(actor.region_path or "\x00"):
        raise PermissionDenied(
            _("%(region)s is outside your department's region.") % {"region": region.name},
            details={"region": region.code},
        )


def _district(code: str) -> tuple[Region | None, FieldProblem | None]:
    region = Region.objects.filter(code=code or "").first()
    if region is None or region.level != RegionLevel.COUNTY:
        return None, FieldProblem(
            "district", "unknown", _("No district has the code %(c)s.") % {"c": code}
        )
    return region, None


def _street_office(code: str, district: Region | None) -> tuple[Region | None, FieldProblem | None]:
    region = Region.objects.filter(code=code or "").first()
    if region is None or region.level != RegionLevel.TOWN:
        return None, FieldProblem(
            "street_office",
            "unknown",
            _("No street office or town has the code %(c)s.") % {"c": code},
        )
    if district is not None and not region.path.startswith(district.path):
        return None, FieldProblem(
            "street_office",
            "outside_district",
            _("%(office)s is not in %(district)s.")
            % {"office": region.name, "district": district.name},
        )
    return region, None


def _department(code: str) -> tuple[Department | None, FieldProblem | None]:
    department = Department.objects.select_related("region").filter(code=code or "").first()
    if department is None:
        return None, FieldProblem(
            "department", "unknown", _("Unknown department %(c)s.") % {"c": code}
        )
    return department, None


def _category_problem(category) -> FieldProblem | None:
    if category in StreetCategory.values:
        return None
    return FieldProblem(
        "category", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(StreetCategory.values)}
    )


def _length_problem(length_m) -> FieldProblem | None:
    if isinstance(length_m, bool) or not isinstance(length_m, int):
        return FieldProblem("length_m", "type", _("A whole number is expected."))
    if not 1 <= length_m <= LENGTH_MAX_M:
        return FieldProblem(
            "length_m",
            "range",
            _("Between %(a)s and %(b)s metres.") % {"a": 1, "b": f"{LENGTH_MAX_M:,}"},
        )
    return None


@transaction.atomic
def street_register(
    *,
    actor: Actor,
    code: str,
    name: str,
    district_code: str,
    street_office_code: str,
    category: str,
    length_m: int,
    department_code: str,
    description: str = "",
    latitude=None,
    longitude=None,
) -> Street:
    """A street or lane in the register, in its district and street office, managed by a
    department (a street office's, or the district's city management)."""
    district, district_problem = _district(district_code)
    office, office_problem = _street_office(street_office_code, district)
    department, department_problem = _department(department_code)
    lat, lat_problem = coordinate_problem("latitude", latitude, 90)
    lng, lng_problem = coordinate_problem("longitude", longitude, 180)
    require_office(actor, district)
    code = (code or "").strip()
    refuse_if(
        [
            code_problem("code", code, Street.objects.filter(code=code).exists()),
            text_problem("name", name, 80, required=True),
            district_problem,
            office_problem,
            _category_problem(category),
            _length_problem(length_m),
            department_problem,
            text_problem("description", description, 300),
            lat_problem,
            lng_problem,
        ]
    )
    street = Street.objects.create(
        code=code,
        name=name.strip(),
        district=district,
        street_office=office,
        category=category,
        length_m=length_m,
        description=(description or "").strip(),
        latitude=lat,
        longitude=lng,
        department=department,
    )
    audit_record(
        actor=actor, action="street.register", subject=street, after=snapshot(street, STREET_FIELDS)
    )
    return street


@transaction.atomic
def street_update(
    *,
    actor: Actor,
    code: str,
    name: str | None = None,
    category: str | None = None,
    length_m: int | None = None,
    description: str | None = None,
    latitude=UNSET,
    longitude=UNSET,
    department_code: str | None = None,
    is_active: bool | None = None,
) -> Street:
    """Change what is given (None: unchanged; a coordinate "" clears it). The street's
    managing department keeps its name, category, length, description and place; only the
    city-management office hands it to another department or takes it off the register."""
    require_role(actor, Role.OFFICER, Role.ADMIN)
    street = Street.objects.select_for_update().select_related("district").filter(code=code or "")
    street = street.first()
    if street is None:
        raise NotFound(_("There is no street with the code %(c)s.") % {"c": code})
    office_only = department_code is not None or is_active is not None
    own = actor.role == Role.OFFICER and actor.department_id == street.department_id
    if office_only or not own:
        require_office(actor, street.district)
    before = snapshot(street, STREET_FIELDS)
    problems: list[FieldProblem | None] = []
    if name is not None:
        problems.append(text_problem("name", name, 80, required=True))
    if category is not None:
        problems.append(_category_problem(category))
    if length_m is not None:
        problems.append(_length_problem(length_m))
    if description is not None:
        problems.append(text_problem("description", description, 300))
    department = None
    if department_code is not None:
        department, department_problem = _department(department_code)
        problems.append(department_problem)
    lat, lat_problem = coordinate_problem("latitude", None if latitude is UNSET else latitude, 90)
    lng, lng_problem = coordinate_problem(
        "longitude", None if longitude is UNSET else longitude, 180
    )
    problems += [lat_problem, lng_problem]
    refuse_if(problems)
    if name is not None:
        street.name = name.strip()
    if category is not None:
        street.category = category
    if length_m is not None:
        street.length_m = length_m
    if description is not None:
        street.description = description.strip()
    if latitude is not UNSET:
        street.latitude = lat
    if longitude is not UNSET:
        street.longitude = lng
    if department is not None:
        street.department = department
    if is_active is not None:
        street.is_active = bool(is_active)
    street.save()
    refdata.bump()  # the scoring devices' points are cached with their street
    audit_record(
        actor=actor,
        action="street.update",
        subject=street,
        before=before,
        after=snapshot(street, STREET_FIELDS),
    )
    return street


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    year: int,
    region_code: str,
    description: str = "",
) -> RenovationProgramme:
    """A year's renovation programme of a region (the city's: 2021, 250 streets); its
    totals are counted from its projects."""
    region = Region.objects.filter(code=region_code or "").first()
    require_office(actor, region)
    code = (code or "").strip()
    year_ok = isinstance(year, int) and not isinstance(year, bool) and 2000 <= year <= 2100
    refuse_if(
        [
            code_problem("code", code, RenovationProgramme.objects.filter(code=code).exists()),
            text_problem("name", name, 100, required=True),
            None if year_ok else FieldProblem("year", "range", _("A year between 2000 and 2100.")),
            None
            if region
            else FieldProblem(
                "region",
                "unknown_region",
                _("There is no region with code %(code)s.") % {"code": region_code},
            ),
            text_problem("description", description, 2000),
        ]
    )
    programme = RenovationProgramme.objects.create(
        code=code,
        name=name.strip(),
        year=year,
        region=region,
        description=(description or "").strip(),
    )
    audit_record(
        actor=actor,
        action="renovation_programme.create",
        subject=programme,
        after=snapshot(programme, PROGRAMME_FIELDS),
    )
    return programme
