"""Setting up shared parking: the city's register of lots, a shared car park with its
windows per group, the host school's terms and the plate-recognition gates with their
tokens (issued once; only core's keyed hash is kept). The windows and terms are reference
data the gates' events are counted by: every change bumps ``core.refdata``'s version."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from onething.core.models import Department, Region, Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record, snapshot

from ...models import (
    LotKind,
    ParkingGate,
    ParkingLot,
    ParkingUse,
    ParkingWindow,
    SchoolTerm,
    SharedParking,
    Street,
)
from ...rules.parking import DAY_KIND_LABELS, GROUP_LABELS, window_problems
from ...scopes import is_city_management_office
from ...selectors.parking import (
    GATE_TOKEN_PREFIX,
    gate_token_digest,
    may_review,
    shared_parking_get,
)

MAX_SPACES = 100_000
MAX_GRACE_MINUTES = 240
MAX_TERM_DAYS = 366
PARKING_FIELDS = ["host", "department", "street", "public_fee_fen_per_hour", "grace_minutes"]


def _office(actor: Actor) -> None:
    """The city-management office (or an administrator, or the platform itself)."""
    require_role(actor, Role.OFFICER, Role.ADMIN)
    if actor.role == Role.OFFICER and not is_city_management_office(actor):
        raise PermissionDenied(_("This is for the city-management office."))


def _in_reach(actor: Actor, region: Region, field: str) -> None:
    if actor.is_system or actor.role == Role.ADMIN or not actor.region_path:
        return
    if not region.path.startswith(actor.region_path):
        raise ValidationFailed.one(
            field, "out_of_region", _("%(r)s is outside your region.") % {"r": region.name}
        )


def _text(value: Any, field: str, limit: int, problems: list[FieldProblem], required=True) -> str:
    text = str(value or "").strip()
    if required and not text:
        problems.append(FieldProblem(field, "required", _("This field is required.")))
    elif len(text) > limit:
        problems.append(
            FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
        )
    return text


def _whole(value: Any, field: str, low: int, high: int, problems: list[FieldProblem]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(
            FieldProblem(
                field,
                "range",
                _("A whole number from %(a)s to %(b)s.") % {"a": low, "b": high},
            )
        )
        return 0
    return value


@transaction.atomic
def lot_register(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    district_code: str,
    spaces: int,
    address: str = "",
    opened_on: dt.date | None = None,
    networked_on: dt.date | None = None,
) -> ParkingLot:
    """A parking lot into the city's register (the office): its spaces, when they opened
    (the year's new spaces) and when its data joined the city's parking network."""
    _office(actor)
    problems: list[FieldProblem] = []
    code = _text(code, "code", 40, problems)
    name = _text(name, "name", 100, problems)
    address = _text(address, "address", 200, problems, required=False)
    if kind not in LotKind.values:
        problems.append(
            FieldProblem(
                "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(LotKind.values)}
            )
        )
    spaces = _whole(spaces, "spaces", 1, MAX_SPACES, problems)
    district = Region.objects.filter(code=district_code or "").first()
    if district is None:
        problems.append(
            FieldProblem(
                "district_code",
                "unknown_region",
                _("There is no region with code %(code)s.") % {"code": district_code},
            )
        )
    if code and ParkingLot.objects.filter(code=code).exists():
        problems.append(FieldProblem("code", "unique", _("A lot with this code exists.")))
    if problems:
        raise ValidationFailed(problems)
    _in_reach(actor, district, "district_code")
    lot = ParkingLot.objects.create(
        code=code,
        name=name,
        kind=kind,
        district=district,
        address=address,
        spaces=spaces,
        opened_on=opened_on,
        networked_on=networked_on,
    )
    audit_record(
        actor=actor,
        action="parking_lot.register",
        subject=lot,
        after={"code": code, "kind": kind, "spaces": spaces},
    )
    return lot


@transaction.atomic
def shared_parking_setup(
    *,
    actor: Actor,
    lot_code: str,
    host: str,
    department_code: str,
    public_fee_fen_per_hour: int,
    windows: list[dict[str, Any]],
    grace_minutes: int = 15,
    street_code: str = "",
) -> SharedParking:
    """Make a lot of kind "shared" a time-shared car park, or change one (the office):
    its host, managing department, public fee, grace and windows. Every problem at once
    (``windows.<i>.<field>``: times that do not parse, two windows of one group that can
    run at the same time …). Windows are matched by name: new ones are added, named ones
    changed; one left out is removed unless use was counted under it (409)."""
    _office(actor)
    problems: list[FieldProblem] = []
    lot = ParkingLot.objects.select_for_update().filter(code=lot_code or "").first()
    if lot is None:
        problems.append(
            FieldProblem(
                "lot_code", "unknown", _("There is no lot with code %(c)s.") % {"c": lot_code}
            )
        )
    elif lot.kind != LotKind.SHARED:
        problems.append(
            FieldProblem("lot_code", "kind", _("Only a lot of the kind “time-shared” is shared."))
        )
    host = _text(host, "host", 80, problems)
    fee = _whole(public_fee_fen_per_hour, "public_fee_fen_per_hour", 0, 100_000, problems)
    grace = _whole(grace_minutes, "grace_minutes", 0, MAX_GRACE_MINUTES, problems)
    department = Department.objects.filter(code=department_code or "").first()
    if department is None:
        problems.append(
            FieldProblem(
                "department_code",
                "unknown",
                _("There is no department with code %(c)s.") % {"c": department_code},
            )
        )
    street = None
    if street_code:
        street = Street.objects.filter(code=street_code).first()
        if street is None:
            problems.append(
                FieldProblem(
                    "street_code",
                    "unknown",
                    _("There is no street with code %(c)s.") % {"c": street_code},
                )
            )
    cleaned, window_refusals = window_problems(windows or [])
    problems += window_refusals
    if problems:
        raise ValidationFailed(problems)
    _in_reach(actor, lot.district, "lot_code")
    parking = SharedParking.objects.filter(lot=lot).first()
    before = snapshot(parking, PARKING_FIELDS) if parking else None
    values = {
        "host": host,
        "department": department,
        "street": street,
        "public_fee_fen_per_hour": fee,
        "grace_minutes": grace,
    }
    if parking is None:
        parking = SharedParking.objects.create(lot=lot, **values)
    else:
        for name, value in values.items():
            setattr(parking, name, value)
        parking.save(update_fields=list(values))
    _windows_replace(parking, cleaned)
    refdata.bump()
    audit_record(
        actor=actor,
        action="shared_parking.setup",
        subject=parking,
        before=before,
        after={
            **snapshot(parking, PARKING_FIELDS),
            "windows": [
                f"{w['name']} {GROUP_LABELS[w['group']]} {DAY_KIND_LABELS[w['days']]} "
                f"{w['starts']:%H:%M}-{w['ends']:%H:%M}"
                for w in cleaned
            ],
        },
    )
    return parking


def _windows_replace(parking: SharedParking, cleaned: list[dict[str, Any]]) -> None:
    existing = {w.name: w for w in ParkingWindow.objects.filter(parking=parking)}
    fields = ["group", "days", "starts", "ends", "fee_fen_per_hour"]
    for window in cleaned:
        row = existing.pop(window["name"], None)
        if row is None:
            ParkingWindow.objects.create(
                parking=parking, name=window["name"], **{f: window[f] for f in fields}
            )
        elif any(getattr(row, f) != window[f] for f in fields):
            for f in fields:
                setattr(row, f, window[f])
            row.save(update_fields=fields)
    if not existing:
        return
    used = set(
        ParkingUse.objects.filter(window__in=existing.values()).values_list(
            "window__name", flat=True
        )
    )
    if used:
        raise Conflict(
            _("Use was counted under %(w)s: keep the window (change its times instead).")
            % {"w": "、".join(sorted(used))},
            code="window_in_use",
            details={"windows": sorted(used)},
        )
    ParkingWindow.objects.filter(pk__in=[w.pk for w in existing.values()]).delete()


@transaction.atomic
def term_add(
    *, actor: Actor, lot_code: str, name: str, starts_on: dt.date, ends_on: dt.date
) -> SchoolTerm:
    """A term of the host school (the office or the car park's managing department): its
    working days are school days. A term ends on or after it starts, lasts at most a
    year and overlaps no other term of the car park."""
    require_role(actor, Role.OFFICER, Role.ADMIN)
    parking = shared_parking_get(lot_code)
    if not may_review(actor, parking):
        raise PermissionDenied(
            _("The terms are entered by the car park's managing department or the office.")
        )
    problems: list[FieldProblem] = []
    name = _text(name, "name", 40, problems)
    if not isinstance(starts_on, dt.date) or not isinstance(ends_on, dt.date):
        problems.append(FieldProblem("starts_on", "type", _("A date (YYYY-MM-DD) is expected.")))
    elif ends_on < starts_on:
        problems.append(FieldProblem("ends_on", "order", _("A term ends on or after it starts.")))
    elif (ends_on - starts_on).days > MAX_TERM_DAYS:
        problems.append(FieldProblem("ends_on", "max_span", _("A term lasts at most a year.")))
    else:
        clash = (
            SchoolTerm.objects.filter(
                parking=parking, starts_on__lte=ends_on, ends_on__gte=starts_on
            )
            .values_list("name", flat=True)
            .first()
        )
        if clash:
            problems.append(
                FieldProblem(
                    "starts_on", "overlap", _("It overlaps the term “%(t)s”.") % {"t": clash}
                )
            )
    if problems:
        raise ValidationFailed(problems)
    term = SchoolTerm.objects.create(
        parking=parking, name=name, starts_on=starts_on, ends_on=ends_on
    )
    refdata.bump()
    audit_record(
        actor=actor,
        action="school_term.add",
        subject=term,
        after={"parking": parking.pk, "starts_on": starts_on, "ends_on": ends_on},
    )
    return term


def _new_token() -> str:
    return f"{GATE_TOKEN_PREFIX}{secrets.token_urlsafe(32)}"


@transaction.atomic
def gate_register(*, actor: Actor, lot_code: str, code: str, name: str) -> tuple[ParkingGate, str]:
    """A plate-recognition gate of a shared car park (the office) and its token, returned
    this once (only its keyed hash is kept)."""
    _office(actor)
    parking = shared_parking_get(lot_code)
    problems: list[FieldProblem] = []
    code = _text(code, "code", 40, problems)
    name = _text(name, "name", 60, problems)
    if code and ParkingGate.objects.filter(code=code).exists():
        problems.append(FieldProblem("code", "unique", _("A gate with this code exists.")))
    if problems:
        raise ValidationFailed(problems)
    token = _new_token()
    gate = ParkingGate.objects.create(
        code=code, parking=parking, name=name, token_digest=gate_token_digest(token)
    )
    refdata.bump()
    audit_record(actor=actor, action="parking_gate.register", subject=gate, after={"code": code})
    return gate, token


@transaction.atomic
def gate_token_issue(*, actor: Actor, gate_code: str) -> str:
    """A new token for the gate, returned this once; its former token stops working."""
    _office(actor)
    gate = ParkingGate.objects.select_for_update().filter(code=gate_code or "").first()
    if gate is None:
        raise ValidationFailed.one(
            "gate", "unknown", _("There is no gate with code %(c)s.") % {"c": gate_code}
        )
    token = _new_token()
    gate.token_digest = gate_token_digest(token)
    gate.save(update_fields=["token_digest"])
    refdata.bump()
    audit_record(actor=actor, action="parking_gate.token_issue", subject=gate)
    return token
