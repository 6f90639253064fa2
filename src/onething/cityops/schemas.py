"""The shapes of the operations centre's API: a device's batch of readings and what became
of it, events (a list row, one event with its timeline, the inspector's report, the loop's
moves) and devices. Names carry ``City``/``Reading`` so that they stay unique in the
OpenAPI document (the cases' and appeals' ``EventOut`` exist already).

A security device's exact place (and that of a sensor event it opened) is shown to the
operations centre only (dispatchers, supervisors, administrators); anyone else gets
``null`` coordinates and ``location_hidden: true``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field

from onething.core.apiutils import actor
from onething.core.models import Role
from onething.core.permissions import Actor
from onething.core.schema import CodeRef, RegionRef, Schema

from .rules.events import EVENT_LIFECYCLE
from .selectors import event_deadline, step_label

# Text without NUL characters (PostgreSQL cannot store them: 422, not 500).
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
CENTRE_ROLES = frozenset({Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN})


def sees_exact_place(who: Actor) -> bool:
    """Whether ``who`` may see a security device's exact place: the operations centre."""
    return who.is_system or who.role in CENTRE_ROLES


def _hidden(obj, context) -> bool:
    device = obj if hasattr(obj, "is_security") else getattr(obj, "device", None)
    if device is None or not device.is_security:
        return False
    request = (context or {}).get("request")
    return request is None or not sees_exact_place(actor(request))


# --- readings -------------------------------------------------------------------------------


class ReadingItemIn(Schema):
    """One reading. Each item is checked on its own (its problems are answered by
    ``readings.<index>.<field>``, the good items are stored all the same), so its fields
    take any JSON value here."""

    metric: Any = Field(None, description="The monitored value's code on the device (text)")
    value: Any = Field(None, description="A number within the value's possible range")
    at: Any = Field(
        None, description="When it was measured: ISO 8601 with its time zone, not in the future"
    )


class ReadingBatchIn(Schema):
    readings: list[ReadingItemIn] = Field(
        ..., description="At most 1000 readings (more: 422, and nothing is taken in)"
    )


class ReadingProblemOut(Schema):
    field: str = Field(..., description="readings.<index>.<field>")
    rule: str
    message: str


class ReadingBatchOut(Schema):
    stored: int = Field(..., description="Readings stored now")
    duplicates: int = Field(..., description="Readings stored before (a retried batch)")
    rejected: int = Field(..., description="Readings refused, each with its problems")
    problems: list[ReadingProblemOut]
    events_opened: list[str] = Field(..., description="Numbers of the events opened")
    events_changed: list[str] = Field(..., description="Events whose level was raised or lowered")
    events_closed: list[str] = Field(..., description="Events closed: the value is back to normal")


# --- events ---------------------------------------------------------------------------------


class CityEventFilter(Schema):
    status: Text = Field("", max_length=12, description="reported, registered, dispatched, …")
    department: Text = Field("", max_length=32, description="Department code")
    source: Text = Field("", max_length=10, description="sensor, inspector or appeal")
    level: Text = Field("", max_length=8, description="normal, warning or alarm")
    open_only: bool = Field(False, description="Only events not closed")
    mine: bool = Field(False, description="Only the events you reported")


class CityEventOut(Schema):
    """An event in a list, or the answer to a move of its loop."""

    number: str
    source: str
    level: str
    title: str
    status: str
    region: RegionRef
    department: CodeRef | None = Field(None, description="The department it is dispatched to")
    device: str | None = Field(None, description="The code of the device that opened it")
    latitude: Decimal | None
    longitude: Decimal | None
    location_hidden: bool = Field(..., description="A security device's place, not shown")
    appeal_number: str
    opened_at: dt.datetime
    due_at: dt.datetime | None
    due_provisional: bool
    deadline: str | None = Field(None, description="on_time, warning, overdue or answered")
    closed_at: dt.datetime | None
    returned_at: dt.datetime | None = Field(None, description="When its value was back to normal")

    @staticmethod
    def resolve_device(obj) -> str | None:
        return obj.device.code if obj.device_id else None

    @staticmethod
    def resolve_location_hidden(obj, context) -> bool:
        return _hidden(obj, context)

    @staticmethod
    def resolve_latitude(obj, context):
        return None if _hidden(obj, context) else obj.latitude

    @staticmethod
    def resolve_longitude(obj, context):
        return None if _hidden(obj, context) else obj.longitude

    @staticmethod
    def resolve_deadline(obj) -> str | None:
        return event_deadline(obj)


class CityEventStepOut(Schema):
    action: str
    label: str
    status_after: str
    by: str | None = Field(None, description="Who (null: the platform)")
    at: dt.datetime
    note: str

    @staticmethod
    def resolve_label(obj) -> str:
        return step_label(obj.action)

    @staticmethod
    def resolve_by(obj) -> str | None:
        user = obj.actor
        return (user.get_full_name() or user.username) if user else None


class CityEventPhotoOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class CityEventDetailOut(CityEventOut):
    """One event with its timeline, its photos and the moves you may make now."""

    description: str
    steps: list[CityEventStepOut]
    photos: list[CityEventPhotoOut]
    actions: list[str] = Field(..., description="register, dismiss, dispatch, handle, …")

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())

    @staticmethod
    def resolve_photos(obj):
        return list(obj.photos.all())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        request = (context or {}).get("request")
        if request is None:
            return []
        who = actor(request)
        moves = EVENT_LIFECYCLE.actions(obj.status, who.role, system=who.is_system)
        # the API's moves: a redispatch is `dispatch`, sending back is `check` (passed false)
        names = {"redispatch": "dispatch", "send_back": "check"}
        return list(dict.fromkeys(names.get(m, m) for m in moves))


class CityEventReportIn(Schema):
    title: Text = Field(..., max_length=100)
    description: Text = Field("", max_length=2000)
    region_code: Text = Field(..., max_length=12, description="The region (town) code")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    appeal_number: Text = Field("", max_length=40, description="A 12345 appeal it answers")


class CityEventNoteIn(Schema):
    note: Text = Field("", max_length=500)


class CityEventDismissIn(Schema):
    reason: Text = Field(..., max_length=500, description="Why it is no matter for the city")


class CityEventDispatchIn(Schema):
    department_code: Text = Field(..., max_length=32, description="The handling department")
    note: Text = Field("", max_length=500)


class CityEventHandleIn(Schema):
    note: Text = Field(..., max_length=500, description="What was done")


class CityEventCheckIn(Schema):
    passed: bool = Field(..., description="false: sent back to the department")
    note: Text = Field("", max_length=500, description="Required when not passed")


# --- devices --------------------------------------------------------------------------------


class CityMetricOut(Schema):
    code: str
    name: str
    unit: str
    level: str
    last_value: float | None
    last_at: dt.datetime | None
    warning_high: float | None
    alarm_high: float | None
    warning_low: float | None
    alarm_low: float | None


class CityDeviceFilter(Schema):
    state: Text = Field("", max_length=8, description="online, offline, fault or retired")
    department: Text = Field("", max_length=32, description="Department code")


class CityDeviceOut(Schema):
    """A device as the register lists it (never its token)."""

    code: str
    name: str
    type: CodeRef
    department: CodeRef
    region: RegionRef
    state: str
    is_security: bool
    latitude: Decimal | None
    longitude: Decimal | None
    location_hidden: bool = Field(..., description="A security device's place, not shown")
    last_seen_at: dt.datetime | None
    rejected_count: int = Field(..., description="Readings it sent that were refused")

    @staticmethod
    def resolve_location_hidden(obj, context) -> bool:
        return _hidden(obj, context)

    @staticmethod
    def resolve_latitude(obj, context):
        return None if _hidden(obj, context) else obj.latitude

    @staticmethod
    def resolve_longitude(obj, context):
        return None if _hidden(obj, context) else obj.longitude


class CityDeviceDetailOut(CityDeviceOut):
    """One device with its monitored values."""

    metrics: list[CityMetricOut]

    @staticmethod
    def resolve_metrics(obj):
        return list(obj.metrics.all())
