"""The operations centre's screen as JSON, for the screen pages to poll (城运中心大屏): the
centre's (signed in: dispatchers, supervisors, administrators; an officer sees their
department's) and the public one (anyone: no personal data, no security device's place).

Both answer with an ``ETag``: send it back as ``If-None-Match`` and an unchanged state is a
304 with no body. The public answer may be kept by a shared cache for a few seconds."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import Field, Router

from onething.core.apiutils import actor
from onething.core.schema import Schema

from ..selectors.screen_live import (
    PUBLIC_MAX_AGE,
    ScreenAnswer,
    public_screen_answer,
    screen_answer,
)

router = Router(tags=["operations centre"])


class CityScreenTotals(Schema):
    devices: int = Field(..., description="Devices in service (not retired)")
    online: int
    offline: int
    fault: int
    warning: int = Field(..., description="Devices with a value at the warning level")
    alarm: int = Field(..., description="Devices with a value at the alarm level")
    online_share: float | None = Field(..., description="Online devices in percent")
    events: int = Field(..., description="Open events")
    overdue: int = Field(..., description="Open events past their due time")


class CityScreenDevices(Schema):
    columns: list[str] = Field(..., description="code, name, longitude, latitude, state, …")
    rows: list[list[str | float]] = Field(
        ..., description="One row per device placed on the map, in the columns' order"
    )


class CityScreenTally(Schema):
    devices: int
    online: int
    offline: int
    fault: int
    warning: int
    alarm: int


class CityScreenCluster(CityScreenTally):
    """Security devices not placed: counted in their district (placed at its centre)."""

    district: str = Field(..., description="The district's code ('' above district level)")
    name: str


class CityScreenDistrict(CityScreenTally):
    code: str
    name: str
    events: int = Field(..., description="Open events")


class CityScreenDepartment(CityScreenTally):
    code: str = Field(..., description="'' for the events not dispatched yet")
    name: str
    online_share: float | None
    events: int = Field(..., description="Open events dispatched to the department")
    overdue: int


class CityScreenEvent(Schema):
    number: str
    source: str
    title: str
    level: str
    level_label: str
    status: str
    status_label: str
    deadline: str = Field(..., description="on_time, warning, overdue or '' (no due time)")
    deadline_label: str
    due_at: dt.datetime | None
    place: str
    district: str
    department: str
    opened_at: dt.datetime
    opened_text: str
    longitude: float | None = Field(..., description="null: not placed exactly")
    latitude: float | None


class CityScreenEvents(Schema):
    total: int = Field(..., description="Open events in all (the rows: the most urgent)")
    rows: list[CityScreenEvent]


class CityScreenOut(Schema):
    public: bool
    as_of: dt.datetime
    as_of_text: str
    totals: CityScreenTotals
    devices: CityScreenDevices
    clusters: list[CityScreenCluster]
    districts: list[CityScreenDistrict]
    departments: list[CityScreenDepartment]
    events: CityScreenEvents


def conditional(request, answer: ScreenAnswer, cache_control: str) -> HttpResponse:
    """The state, or a 304 when the request's ``If-None-Match`` names it."""
    if answer.matches(request.headers.get("If-None-Match")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(answer.body, content_type="application/json; charset=utf-8")
    response["ETag"] = answer.etag
    response["Cache-Control"] = cache_control
    response["Vary"] = "Accept-Language, Cookie"
    return response


@router.get(
    "/cityops/screen/state",
    response={200: CityScreenOut, 304: None},
    url_name="cityops-screen-state",
)
def screen_state(request):
    """The centre's screen as you may see it: devices with their state and worst level, the
    counts by district and department, the open events (most urgent first). A security
    device's exact place for the centre only; an officer sees their department's."""
    return conditional(request, screen_answer(actor(request)), "private, no-cache")


@router.get(
    "/cityops/screen/public",
    response={200: CityScreenOut, 304: None},
    auth=None,
    url_name="cityops-screen-public-state",
)
def public_screen_state(request):
    """The public screen (anyone): no personal data; security devices counted per
    district, an event an inspector or an appeal opened named by its source and district."""
    return conditional(request, public_screen_answer(), f"public, max-age={PUBLIC_MAX_AGE}")
