"""Shared parking's register, public: a gate's token (the gate behind it, cached), a car
park's setting as the gates' events are counted by (cached reference data), the city's
lots, a shared car park and its public status (windows, today's school-day status, whom
it is for now, the cars in)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock, refdata
from onething.core.crypto import keyring
from onething.core.errors import NotFound
from onething.core.selectors.calendar import official_calendar

from ...models import (
    ParkingGate,
    ParkingLot,
    ParkingWindow,
    SchoolTerm,
    SharedParking,
)
from ...rules.parking_plan import SHANGHAI, Plan, Term, Window

GATE_TOKEN_PREFIX = "pg_"
GATE_TOKEN_LABEL = "citymgmt.parking_gate"  # the keyed hash's label (core.crypto)
GATE_CACHE_TTL = 30  # seconds a gate's token look-up is kept (forgotten on any change)

# ---------------------------------------------------------------------- a gate's token


def gate_token_digest(token: str) -> str:
    """What is kept of a gate's token and what it is looked up by (core's keyed hash)."""
    return keyring().digest(token, GATE_TOKEN_LABEL)


@dataclass(frozen=True)
class GateCaller:
    """The gate behind a Bearer token, as the events need it."""

    id: int
    code: str
    parking_id: int
    is_active: bool


def _gate_key(digest: str) -> str:
    return f"citymgmt:gate:{refdata.version()}:{digest}"


def gate_signing_in(token: str) -> GateCaller | None:
    """The gate whose token ``token`` is, in service or not (None: no such token). Kept in
    the cache for ``GATE_CACHE_TTL`` seconds under the reference data's version, which
    every change of a gate or its token bumps; an unknown token is looked up every time."""
    if not token or not token.startswith(GATE_TOKEN_PREFIX) or "\x00" in token:
        return None
    digest = gate_token_digest(token)
    key = _gate_key(digest)
    found = cache.get(key)
    if found is not None:
        return found
    row = (
        ParkingGate.objects.filter(token_digest=digest)
        .values_list("id", "code", "parking_id", "is_active")
        .first()
    )
    if row is None:
        return None
    caller = GateCaller(*row)
    cache.set(key, caller, GATE_CACHE_TTL)
    return caller


# ---------------------------------------------------------------------- a car park's setting


@dataclass(frozen=True)
class Setting:
    """A shared car park as the gates' events are counted by: its windows and terms, the
    grace after a window and the public fee (reference data, cached)."""

    parking_id: int
    lot_code: str
    spaces: int
    grace_minutes: int
    public_fee_fen_per_hour: int
    windows: tuple[Window, ...]
    terms: tuple[Term, ...]

    def plan(self) -> Plan:
        return Plan(self.windows, self.terms, official_calendar())

    def window(self, window_id: int | None) -> Window | None:
        return next((w for w in self.windows if w.id == window_id), None)

    def fee_per_hour(self, group: str, window_id: int | None) -> int:
        """The hourly fee of a stay counted under ``group`` and ``window_id``: the
        window's; without a window, the car park's public fee (the public) or nothing."""
        window = self.window(window_id)
        if window is not None:
            return window.fee_fen_per_hour
        return self.public_fee_fen_per_hour if group == "public" else 0


def _load_setting(parking_id: int) -> Setting | None:
    parking = SharedParking.objects.select_related("lot").filter(pk=parking_id).first()
    if parking is None:
        return None
    windows = tuple(
        Window(w.name, w.group, w.days, w.starts, w.ends, w.fee_fen_per_hour, w.pk)
        for w in ParkingWindow.objects.filter(parking_id=parking_id).order_by("starts", "id")
    )
    terms = tuple(
        Term(t.starts_on, t.ends_on, t.name)
        for t in SchoolTerm.objects.filter(parking_id=parking_id).order_by("starts_on")
    )
    return Setting(
        parking.pk,
        parking.lot.code,
        parking.lot.spaces,
        parking.grace_minutes,
        parking.public_fee_fen_per_hour,
        windows,
        terms,
    )


def parking_setting(parking_id: int) -> Setting:
    """The car park's setting (cached as reference data: ``refdata.bump()`` on a change)."""
    found = refdata.cached(f"citymgmt:parking:{parking_id}", lambda: _load_setting(parking_id))
    if found is None:
        raise NotFound(_("There is no such shared car park."))
    return found


# ---------------------------------------------------------------------- the public register


def lots_list(*, kind: str = "", district_code: str = "") -> QuerySet[ParkingLot]:
    """The city's register of parking lots (public), by code."""
    lots = ParkingLot.objects.select_related("district")
    if kind:
        lots = lots.filter(kind=kind)
    if district_code:
        lots = lots.filter(district__code=district_code)
    return lots.order_by("code")


def shared_parking_get(lot_code: str) -> SharedParking:
    """A shared car park by its lot's code (public), or 404."""
    parking = (
        SharedParking.objects.select_related("lot__district", "department", "street")
        .filter(lot__code=lot_code or "")
        .first()
    )
    if parking is None:
        raise NotFound(
            _("There is no shared car park with code %(c)s.") % {"c": lot_code},
            details={"lot": lot_code},
        )
    return parking


@dataclass(frozen=True)
class PublicStatus:
    parking: SharedParking
    today: dt.date
    school_day: object  # rules.parking_plan.SchoolDay
    windows: list[ParkingWindow]
    timeline: list  # rules.parking_plan.Segment
    occupied: int
    spaces: int
    now_group: str
    now_window: Window | None
    now_at: dt.datetime


def public_status(lot_code: str, now: dt.datetime | None = None) -> PublicStatus:
    """What the public page and API show: the windows, whether today is a school day
    (provisional in a year with no published schedule), today as a timeline, who the
    car park is for right now and how many cars are in."""
    parking = shared_parking_get(lot_code)
    now = timezone.localtime(now or clock.now(), SHANGHAI)
    plan = parking_setting(parking.pk).plan()
    group, window = plan.holder(now)
    return PublicStatus(
        parking=parking,
        today=now.date(),
        school_day=plan.school_day(now.date()),
        windows=list(parking.windows.order_by("starts", "id")),
        timeline=plan.timeline(now.date()),
        occupied=SharedParking.objects.values_list("occupied", flat=True).get(pk=parking.pk),
        spaces=parking.lot.spaces,
        now_group=group,
        now_window=window,
        now_at=now,
    )


def occupancy(lot_code: str) -> tuple[int, int]:
    """(cars in, spaces) of a shared car park, read fresh."""
    row = (
        SharedParking.objects.filter(lot__code=lot_code or "")
        .values_list("occupied", "lot__spaces")
        .first()
    )
    if row is None:
        raise NotFound(_("There is no shared car park with code %(c)s.") % {"c": lot_code})
    return row
