"""The operations centre's last day, up to the moment the demo is loaded, through the real
services: the readings of the day (every half hour for a device of each kind and the
incidents' devices, one latest reading for every other value) taken in by the ingest in
time order; the incidents' threshold crossings open their events, and the duty
dispatcher, the departments' officers and the grid inspector move some of them through
the loop to the close (``incidents``); the inspector's reports of the day, one of them on
a 12345 appeal, each with a photo (``reports``). Made once: a city whose demo devices
have readings keeps them (and the simulator's) as they are."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from onething.cityops.models import Device, Event, Reading
from onething.cityops.rules.events import CLOSED
from onething.cityops.rules.simulation import Band, next_reading, profile_for
from onething.cityops.services.ingest import readings_ingest_many
from onething.core import clock
from onething.core.models import Department, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create

from ..base import DEMO_PASSWORD
from ..timeline import SHANGHAI, live_now
from .devices import PREFIX
from .incidents import INCIDENTS, Incident, step_taken
from .reports import load_reports

STEP = dt.timedelta(minutes=30)
DAY = dt.timedelta(hours=24)
WATCHED_PER_KIND = 1  # devices of each kind read every half hour all day
GROUP = 200  # devices' batches taken in by one call of the ingest
LATEST_WITHIN = 600  # seconds before now: each other device's latest reading


def _band(metric) -> Band:
    return Band(
        metric.min_possible,
        metric.max_possible,
        metric.warning_high,
        metric.alarm_high,
        metric.warning_low,
        metric.alarm_low,
        metric.hysteresis,
    )


def _items(device: Device, at: dt.datetime, rng: random.Random, override=None) -> list[dict]:
    """A batch of the device's values read ``at`` (an incident's value replacing one)."""
    local = at.astimezone(SHANGHAI)
    items = []
    for metric in device.metrics.all():
        if override and metric.code == override[0]:
            value = override[1]
        else:
            value, _excursion = next_reading(profile_for(metric.code), _band(metric), local, rng)
        items.append({"metric": metric.code, "value": value, "at": at})
    return items


class People:
    """The people who move the events: the duty dispatcher, the grid inspector, and each
    department's officer (an account made for a department that has none)."""

    def __init__(self) -> None:
        self.dispatcher = actor_for(User.objects.get(username="dispatcher"))
        self.inspector = actor_for(User.objects.get(username="inspector"))
        self._officers: dict[str, Actor] = {}

    def officer(self, department_code: str) -> Actor:
        if department_code not in self._officers:
            department = Department.objects.get(code=department_code)
            user = (
                User.objects.filter(role=Role.OFFICER, department=department).order_by("id").first()
            ) or account_create(
                actor=SYSTEM,
                username=f"officer.{department_code.lower()}",
                password=DEMO_PASSWORD,
                role=Role.OFFICER,
                department=department,
            )
            self._officers[department_code] = actor_for(
                User.objects.select_related("department__region").get(pk=user.pk)
            )
        return self._officers[department_code]

    def who(self, role: str, department_code: str = "") -> Actor:
        if role == "officer":
            return self.officer(department_code)
        return self.inspector if role == "inspector" else self.dispatcher


def _incident_device(incident: Incident) -> Device | None:
    """The first device of the incident's kind in its region (else in its district)."""
    devices = Device.objects.filter(code__startswith=PREFIX, type__code=incident.kind)
    return (
        devices.filter(region__code=incident.region).order_by("code").first()
        or devices.filter(region__code__startswith=incident.region[:6]).order_by("code").first()
    )


def _open_event(device: Device, metric_code: str) -> Event | None:
    return (
        Event.objects.filter(device=device, metric__code=metric_code, source="sensor")
        .exclude(status=CLOSED)
        .first()
    )


def load_live(log: Callable[[str], None]) -> None:
    if Reading.objects.filter(metric__device__code__startswith=PREFIX).exists():
        log("operations centre's day: made already")
        return
    now = live_now()
    start = now - DAY
    rng = random.Random(now.date().toordinal())
    people = People()
    demo = list(
        Device.objects.filter(code__startswith=PREFIX)
        .select_related("type", "region")
        .prefetch_related("metrics")
        .order_by("code")
    )
    incidents = {}
    for incident in INCIDENTS:
        device = _incident_device(incident)
        if device is not None:
            incidents[device.pk] = (incident, device)
    by_kind: dict[str, list[Device]] = {}
    for device in demo:
        by_kind.setdefault(device.type.code, []).append(device)
    watched = [d for ds in by_kind.values() for d in ds[:WATCHED_PER_KIND]]
    watched += [d for _i, d in incidents.values() if d not in watched]
    steps = [(start + (n + 1) * STEP, "read", None) for n in range(int(DAY / STEP))] + [
        (now - dt.timedelta(hours=hours), "step", (incident, device, step))
        for incident, device in incidents.values()
        for hours, *step in incident.steps
    ]
    steps.sort(key=lambda s: (s[0], s[1] == "read"))  # a step before a reading of its time
    opened = closed = moved = 0
    for at, what, detail in steps:
        with clock.frozen(at):
            if what == "step":
                incident, device, step = detail
                event = _open_event(device, incident.metric)
                if event is not None and step_taken(step, event, people):
                    moved += 1
                continue
            batches = []
            for device in watched:
                override = None
                if device.pk in incidents:
                    incident = incidents[device.pk][0]
                    override = incident.value_at(now, at)
                batches.append((device, _items(device, at, rng, override)))
            for result in readings_ingest_many(batches=batches, now=at):
                opened += len(getattr(result, "events_opened", []))
                closed += len(getattr(result, "events_closed", []))
    others = [d for d in demo if d not in watched]
    for first in range(0, len(others), GROUP):
        group = others[first : first + GROUP]
        batches = [
            (d, _items(d, now - dt.timedelta(seconds=rng.randrange(LATEST_WITHIN)), rng))
            for d in group
        ]
        readings_ingest_many(batches=batches, now=now)
    log(
        f"operations centre's day: {Reading.objects.count()} readings, {opened} events opened "
        f"by thresholds, {closed} closed by themselves, {moved} moves by people"
    )
    load_reports(log, people, now)
