"""Shared parking's records, scoped: the car parks a member of staff looks after, the
plate registrations (a citizen: their own; the audited full phone), the stays and the use
per window and group — for the city-management office, the car park's managing department
and the region's supervisors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import FieldProblem, PermissionDenied, ValidationFailed
from onething.core.identity import purpose_problem
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role, visible
from onething.core.services.audit import audit_record

from ...models import (
    ParkingGate,
    ParkingStay,
    ParkingUse,
    PlateRegistration,
    SharedParking,
)
from ...rules.parking import GROUP_LABELS, GROUPS, REGISTRATION_STATUSES
from ...rules.parking_plan import SHANGHAI
from ...rules.plates import normalise_plate
from ...scopes import is_city_management_office, managed
from .register import shared_parking_get

MAX_USE_DAYS = 366
PHONE_LABEL = "citymgmt.plate_registration.holder_phone"
# who works on shared parking: the office and the managing departments' officers, the
# supervisors (read), the administrators
STAFF = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


# ---------------------------------------------------------------------- staff


def _all(actor: Actor) -> bool:
    return actor.is_system or actor.role == Role.ADMIN


def managed_parkings(actor: Actor) -> QuerySet[SharedParking]:
    """The shared car parks whose records the actor sees (the office: its region's; a
    department: those it manages; a supervisor: the region's), with their lots."""
    parkings = SharedParking.objects.select_related("lot__district", "department")
    if not _all(actor):
        parkings = parkings.filter(managed(actor, "lot__district", "department"))
    return parkings.order_by("lot__code")


def parking_managed(actor: Actor, lot_code: str) -> SharedParking:
    """A shared car park whose records the actor may see: 404 for no such car park, 403
    for one of another district or department."""
    require_role(actor, *STAFF)
    parking = shared_parking_get(lot_code)
    if not _all(actor) and not managed_parkings(actor).filter(pk=parking.pk).exists():
        raise PermissionDenied(
            _(
                "The records of %(p)s are for its managing department, the city-management "
                "office and the region's supervisors."
            )
            % {"p": parking.host},
            details={"lot": lot_code},
        )
    return parking


def may_review(actor: Actor, parking: SharedParking) -> bool:
    """Who reviews a car park's plate registrations: the city-management office of its
    region and the officers of its managing department (administrators too)."""
    if _all(actor):
        return True
    if actor.role != Role.OFFICER:
        return False
    if actor.department_id == parking.department_id:
        return True
    return (
        is_city_management_office(actor) and managed_parkings(actor).filter(pk=parking.pk).exists()
    )


def _choice(field: str, value: str, choices) -> None:
    if value and value not in choices:
        raise ValidationFailed.one(
            field, "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(choices)}
        )


def registrations_list(
    actor: Actor,
    *,
    lot_code: str = "",
    status: str = "",
    group: str = "",
    plate: str = "",
    part: int | None = None,
) -> QuerySet[PlateRegistration]:
    """The plate registrations the actor sees (a citizen: their own), newest first."""
    _choice("status", status, REGISTRATION_STATUSES)
    _choice("group", group, GROUPS)
    rows = visible(
        actor,
        PlateRegistration.objects.select_related("parking__lot", "reviewed_by"),
        part,
    )
    if lot_code:
        rows = rows.filter(parking__lot__code=lot_code)
    if status:
        rows = rows.filter(status=status)
    if group:
        rows = rows.filter(group=group)
    if plate:
        rows = rows.filter(plate=normalise_plate(plate))
    return rows.order_by("-created_at", "-id")


def review_queue(
    actor: Actor, *, lot_code: str = "", group: str = "", plate: str = ""
) -> QuerySet[PlateRegistration]:
    """The registrations waiting for review, oldest first (through the queue's index)."""
    return registrations_list(
        actor, lot_code=lot_code, status="pending", group=group, plate=plate
    ).order_by("created_at", "id")


def registration_get(actor: Actor, registration_id: int) -> PlateRegistration:
    return get_visible(
        actor,
        PlateRegistration.objects.select_related("parking__lot", "parking__department"),
        pk=registration_id,
    )


@transaction.atomic
def registration_phone_reveal(*, actor: Actor, registration_id: int, purpose: str = "") -> str:
    """The holder's full phone number, for the staff who review the registration; every
    read is written to the audit log with its purpose (required)."""
    require_role(actor, Role.OFFICER, Role.ADMIN)
    registration = registration_get(actor, registration_id)
    if not may_review(actor, registration.parking):
        raise PermissionDenied(_("Only the staff who review this registration read the number."))
    purpose = (purpose or "").strip()
    problem = purpose_problem(purpose)
    if problem is not None:
        raise ValidationFailed([problem])
    if not registration.holder_phone_cipher:
        raise ValidationFailed.one("phone", "absent", _("The registration has no phone."))
    audit_record(
        actor=actor,
        action="pii.read",
        subject=registration,
        after={"field": "holder_phone"},
        note=purpose[:300],
    )
    return keyring().decrypt(registration.holder_phone_cipher, PHONE_LABEL)


def stays_list(
    actor: Actor,
    *,
    lot_code: str = "",
    open_only: bool | None = None,
    overstayed: bool | None = None,
    plate: str = "",
    group: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    part: int | None = None,
) -> QuerySet[ParkingStay]:
    """The stays the actor sees, newest entry first (``open_only``: cars still in;
    ``overstayed``: flagged ones; days: local days of the entry, inclusive)."""
    require_role(actor, *STAFF)
    _choice("group", group, GROUPS)
    rows = visible(actor, ParkingStay.objects.select_related("parking__lot", "window"), part)
    if lot_code:
        rows = rows.filter(parking__lot__code=lot_code)
    if open_only is not None:
        rows = rows.filter(exited_at__isnull=open_only)
    if overstayed is not None:
        rows = rows.filter(overstayed=overstayed)
    if plate:
        rows = rows.filter(plate=normalise_plate(plate))
    if group:
        rows = rows.filter(group=group)
    if date_from:
        rows = rows.filter(entered_at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(entered_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return rows.order_by("-entered_at", "-id")


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)


@dataclass(frozen=True)
class UseRow:
    """A car park's use of one window and group over a span of days."""

    window_id: int | None
    window: str
    group: str
    group_label: str
    entries: int
    minutes: int
    overstays: int
    fees_fen: int
    unmatched_exits: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def use_span(date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """The days a use figure covers (default: the last 30 days to today): 422 naming
    ``from``/``to`` for a span backwards or over a year."""
    today = clock.today()
    last = date_to or today
    first = date_from or last - dt.timedelta(days=29)
    problems = []
    if first > last:
        problems.append(FieldProblem("from", "order", _("The first day is after the last.")))
    elif (last - first).days >= MAX_USE_DAYS:
        problems.append(
            FieldProblem("to", "max_span", _("At most %(n)s days at once.") % {"n": MAX_USE_DAYS})
        )
    if problems:
        raise ValidationFailed(problems)
    return first, last


def parking_use(
    actor: Actor,
    lot_code: str,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> tuple[SharedParking, dt.date, dt.date, list[UseRow]]:
    """A car park's use per window and group over the days (roll-ups, summed): entries,
    minutes parked, overstays, fees and exits seen with no entry. Windows in their
    order, each group under it; public use outside every window last."""
    parking = parking_managed(actor, lot_code)
    first, last = use_span(date_from, date_to)
    sums = (
        ParkingUse.objects.filter(parking=parking, day__range=(first, last))
        .values("window_id", "group")
        .annotate(
            entries=Sum("entries"),
            minutes=Sum("minutes"),
            overstays=Sum("overstays"),
            fees_fen=Sum("fees_fen"),
            unmatched_exits=Sum("unmatched_exits"),
        )
    )
    windows = {w.pk: w for w in parking.windows.all()}
    order = {pk: i for i, pk in enumerate(sorted(windows, key=lambda k: windows[k].starts))}
    rows = [
        UseRow(
            s["window_id"],
            windows[s["window_id"]].name
            if s["window_id"] in windows
            else _("Outside every window"),
            s["group"],
            str(GROUP_LABELS.get(s["group"], s["group"])),
            s["entries"] or 0,
            s["minutes"] or 0,
            s["overstays"] or 0,
            s["fees_fen"] or 0,
            s["unmatched_exits"] or 0,
        )
        for s in sums
    ]
    rows.sort(key=lambda r: (order.get(r.window_id, len(order)), GROUPS.index(r.group)))
    return parking, first, last, rows


def gates_of(parking: SharedParking) -> list[ParkingGate]:
    return list(parking.gates.order_by("code"))


def my_registrations(actor: Actor) -> QuerySet[PlateRegistration]:
    """The signed-in citizen's own registrations, newest first."""
    if not actor.user_id:
        return PlateRegistration.objects.none()
    return (
        PlateRegistration.objects.select_related("parking__lot")
        .filter(applicant_id=actor.user_id)
        .order_by("-created_at", "-id")
    )
