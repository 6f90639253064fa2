"""城运中心大屏: what the operations centre's screen shows, read cheaply at city scale.

No reading is read. A device's point on the map is its state (``Device.state``, kept by the
ingest and the offline sweep) and the worst level of its monitored values (``Metric.level``,
kept by the ingest: only the values away from normal are read); the events are the open
ones (the ``status`` index); every figure is a count grouped on a small table (devices,
open events) by department and by district. Two audiences:

- the centre (:func:`screen_state`): dispatchers, supervisors and administrators see every
  device and open event of their region, an officer those of their department (scopes.py).
  A security device's exact place is the centre's only (``schemas.sees_exact_place``):
  anyone else sees such devices counted per district, never placed.
- the public (:func:`public_screen_state`): anyone, the whole city (``ONETHING_CITY_CODE``),
  with no personal data:
  no reporter, inspector, description or appeal number. An event that an inspector or an
  appeal opened is named by its source and district only (its text and its place are a
  person's words and whereabouts), as is one a security device opened; security devices
  are counted per district."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from onething.core import clock, refdata
from onething.core import deadlines as core_deadlines
from onething.core.models import Department, Region, RegionLevel, Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.selectors.regions import region_ids_under

from ..models import Device, DeviceState, Event, EventSource, Metric
from ..rules.events import OPEN_STATUSES, status_label
from ..rules.thresholds import ALARM, LEVEL_LABELS, NORMAL, WARNING, is_higher
from ..schemas import sees_exact_place
from .events import event_deadline

# Who may open the centre's screen: the centre, and an officer for their department.
SCREEN_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER, Role.ADMIN)
EVENT_ROWS = 200  # open events listed and marked, most urgent first (the total is counted)
ONLINE, OFFLINE, FAULT = "online", "offline", "fault"  # DeviceState's, as plain text (JSON keys)
STATES = (ONLINE, OFFLINE, FAULT)
STATE_LABELS = {state: DeviceState(state).label for state in STATES}
# what the public reads instead of a text a person wrote or a place they were at
PUBLIC_TITLES = {
    EventSource.INSPECTOR: gettext_lazy("An event reported by a grid inspector"),
    EventSource.APPEAL: gettext_lazy("An event handed over from a 12345 appeal"),
}
SECURITY_TITLE = gettext_lazy("An alert of a security device")
DEVICE_COLUMNS = ("code", "name", "longitude", "latitude", "state", "level", "type")


@dataclass(frozen=True)
class Audience:
    """Whom the screen is drawn for: ``actor`` (None: the public, the whole city), whether
    security devices are placed exactly, and a key naming what it sees (for the cache)."""

    actor: Actor | None
    exact: bool
    key: str

    @property
    def public(self) -> bool:
        return self.actor is None


PUBLIC = Audience(actor=None, exact=False, key="public")


def screen_audience(actor: Actor) -> Audience:
    """The centre's screen as ``actor`` may see it (401 for nobody, 403 for another role)."""
    require_role(actor, *SCREEN_ROLES)
    exact = sees_exact_place(actor)
    if actor.is_system or actor.role == Role.ADMIN:
        key = "all"
    elif actor.role == Role.OFFICER:
        key = f"department:{actor.department_id}"
    else:
        key = f"region:{actor.region_path}"
    return Audience(actor=actor, exact=exact, key=f"{key}:{'exact' if exact else 'hidden'}")


def _city_region_ids() -> list[int]:
    """The regions of the city the public screen shows (``ONETHING_CITY_CODE``)."""

    def load() -> list[int]:
        city = Region.objects.filter(code=settings.ONETHING_CITY_CODE).first()
        return region_ids_under(city.path) if city else []

    return refdata.cached("cityops-screen:city-regions", load)


def _scoped(audience: Audience, rows: QuerySet) -> QuerySet:
    if audience.public:
        return rows.filter(region_id__in=_city_region_ids())
    return visible(audience.actor, rows)


def districts_by_region() -> dict[int, tuple[str, str]]:
    """Region id → (code, name) of the district (county-level region) it lies in; a region
    above county level has none (reference data, cached)."""

    def load() -> dict[int, tuple[str, str]]:
        rows = list(Region.objects.order_by().values_list("pk", "code", "name", "level", "path"))
        counties = {
            path: (code, name)
            for _pk, code, name, level, path in rows
            if level == RegionLevel.COUNTY
        }
        out = {}
        for pk, _code, _name, _level, path in rows:
            parts = [p for p in path.split("/") if p]
            prefixes = ("/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts)))
            district = next((counties[p] for p in prefixes if p in counties), None)
            if district is not None:
                out[pk] = district
        return out

    return refdata.cached("cityops-screen:districts", load)


def region_names() -> dict[int, str]:
    return refdata.cached(
        "cityops-screen:region-names",
        lambda: dict(Region.objects.order_by().values_list("pk", "name")),
    )


def _worst_levels(device_ids: set[int]) -> dict[int, str]:
    """Device id → its worst level away from normal (the few values off normal, no more)."""
    worst: dict[int, str] = {}
    for device_id, level in (
        Metric.objects.exclude(level=NORMAL).order_by().values_list("device_id", "level")
    ):
        if device_id in device_ids and (
            device_id not in worst or is_higher(level, worst[device_id])
        ):
            worst[device_id] = level
    return worst


def _tally() -> dict[str, int]:
    return {"devices": 0, **{s: 0 for s in STATES}, WARNING: 0, ALARM: 0}


def _devices(audience: Audience, whole_city: str) -> dict:
    devices = list(
        _scoped(audience, Device.objects.exclude(state=DeviceState.RETIRED))
        .order_by("code")
        .values_list(
            "pk",
            "code",
            "name",
            "longitude",
            "latitude",
            "state",
            "is_security",
            "region_id",
            "department_id",
            "type__name",
        )
    )
    levels = _worst_levels({d[0] for d in devices})
    districts = districts_by_region()
    placed, clusters = [], defaultdict(_tally)
    by_district, by_department = defaultdict(_tally), defaultdict(_tally)
    totals = _tally()
    for pk, code, name, lon, lat, state, security, region_id, department_id, kind in devices:
        level = levels.get(pk, NORMAL)
        district = districts.get(region_id, ("", whole_city))
        for tally in (totals, by_district[district], by_department[department_id]):
            tally["devices"] += 1
            tally[state] += 1
            if level != NORMAL:
                tally[level] += 1
        if security and not audience.exact:
            cluster = clusters[district]
            cluster["devices"] += 1
            cluster[state] += 1
            if level != NORMAL:
                cluster[level] += 1
            continue
        placed.append([code, name, float(lon), float(lat), state, level, kind])
    return {
        "totals": totals,
        "rows": placed,
        "clusters": [
            {"district": code, "name": name, **tally}
            for (code, name), tally in sorted(clusters.items())
        ],
        "by_district": by_district,
        "by_department": by_department,
    }


def _urgency() -> Case:
    return Case(
        When(level=ALARM, then=Value(2)),
        When(level=WARNING, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _event_row(event: Event, audience: Audience, now: dt.datetime, whole_city: str) -> dict:
    security = bool(event.device_id and event.device.is_security)
    district = districts_by_region().get(event.region_id, ("", whole_city))
    deadline = event_deadline(event, now)
    row = {
        "number": event.number,
        "source": event.source,
        "title": event.title,
        "level": event.level,
        "level_label": str(LEVEL_LABELS.get(event.level, event.level)),
        "status": event.status,
        "status_label": status_label(event.status),
        "deadline": deadline or "",
        "deadline_label": core_deadlines.label(deadline),
        "due_at": event.due_at.isoformat() if event.due_at else None,
        "place": region_names().get(event.region_id, ""),
        "district": district[1],
        "department": event.department.name if event.department_id else "",
        "opened_at": event.opened_at.isoformat(),
        "opened_text": f"{timezone.localtime(event.opened_at):%m-%d %H:%M}",
        "longitude": float(event.longitude) if event.longitude is not None else None,
        "latitude": float(event.latitude) if event.latitude is not None else None,
    }
    if audience.public and (event.source != EventSource.SENSOR or security):
        row["title"] = str(SECURITY_TITLE if security else PUBLIC_TITLES[event.source])
        row["place"] = district[1]
        row["longitude"] = row["latitude"] = None
    elif security and not audience.exact:
        row["longitude"] = row["latitude"] = None
    return row


def _events(audience: Audience, now: dt.datetime, whole_city: str) -> dict:
    open_events = _scoped(audience, Event.objects.filter(status__in=OPEN_STATUSES))
    by_department = {
        row["department_id"]: row
        for row in open_events.order_by()
        .values("department_id")
        .annotate(events=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    }
    districts = districts_by_region()
    by_district: Counter = Counter()
    for row in open_events.order_by().values("region_id").annotate(n=Count("pk")):
        by_district[districts.get(row["region_id"], ("", whole_city))] += row["n"]
    rows = list(
        open_events.select_related("department", "device")
        .annotate(urgency=_urgency())
        .order_by("-urgency", F("due_at").asc(nulls_last=True), "-opened_at", "-pk")[:EVENT_ROWS]
    )
    return {
        "total": sum(r["events"] for r in by_department.values()),
        "overdue": sum(r["overdue"] for r in by_department.values()),
        "rows": [_event_row(e, audience, now, whole_city) for e in rows],
        "by_department": by_department,
        "by_district": by_district,
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _departments(devices: dict, events: dict) -> list[dict]:
    ids = set(devices["by_department"]) | set(events["by_department"])
    names = {
        pk: (code, name)
        for pk, code, name in Department.objects.filter(pk__in=ids - {None})
        .order_by()
        .values_list("pk", "code", "name")
    }
    rows = []
    for pk in ids:
        tally = devices["by_department"].get(pk, _tally())
        counted = events["by_department"].get(pk, {"events": 0, "overdue": 0})
        code, name = names.get(pk, ("", pgettext("event", "Not dispatched yet")))
        rows.append(
            {
                "code": code,
                "name": name,
                **tally,
                "online_share": _share(tally[ONLINE], tally["devices"]),
                "events": counted["events"],
                "overdue": counted["overdue"],
            }
        )
    rows.sort(key=lambda r: (r["code"] == "", -r["devices"], -r["events"], r["code"]))
    return rows


def _districts(devices: dict, events: dict) -> list[dict]:
    keys = set(devices["by_district"]) | set(events["by_district"])
    return [
        {
            "code": code,
            "name": name,
            **devices["by_district"].get((code, name), _tally()),
            "events": events["by_district"].get((code, name), 0),
        }
        for code, name in sorted(keys, key=lambda k: (k[0] == "", k[0]))
    ]


def _state(audience: Audience, now: dt.datetime | None) -> dict:
    now = now or clock.now()
    whole_city = _("The whole city")
    devices = _devices(audience, whole_city)
    events = _events(audience, now, whole_city)
    totals = devices["totals"]
    return {
        "public": audience.public,
        "as_of": now.isoformat(),
        "as_of_text": f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S}",
        "totals": {
            **totals,
            "online_share": _share(totals[ONLINE], totals["devices"]),
            "events": events["total"],
            "overdue": events["overdue"],
        },
        "devices": {"columns": list(DEVICE_COLUMNS), "rows": devices["rows"]},
        "clusters": devices["clusters"],
        "districts": _districts(devices, events),
        "departments": _departments(devices, events),
        "events": {"total": events["total"], "rows": events["rows"]},
    }


def screen_state(actor: Actor, *, now: dt.datetime | None = None) -> dict:
    """The centre's screen for ``actor``: the devices they see with their state and worst
    level (security devices placed only for the centre, else counted per district), the
    counts per district and per department, and the open events, most urgent first."""
    return _state(screen_audience(actor), now)


def public_screen_state(*, now: dt.datetime | None = None) -> dict:
    """The public screen: the whole city without personal data or a security device's
    place (see the module's text)."""
    return _state(PUBLIC, now)


def audience_state(audience: Audience, *, now: dt.datetime | None = None) -> dict:
    """The screen for an audience already checked (:func:`screen_audience` or PUBLIC)."""
    return _state(audience, now)


def labels() -> dict[str, dict[str, str]]:
    """The names the page's script shows for the states and levels (in the user's language)."""
    return {
        "states": {s: str(label) for s, label in STATE_LABELS.items()},
        "levels": {level: str(label) for level, label in LEVEL_LABELS.items()},
    }
