"""An event's closed loop by people: an inspector's report (发现), the duty dispatcher's
registration or dismissal (立案 / 不予立案), dispatch to a department (派遣), its handling
(处置), the inspector's check on the spot (核查: passed, or sent back) and the close (结案).
Each move locks the event, goes through EVENT_LIFECYCLE (409 from a wrong status, 403
for a wrong role), and writes its step and its audit entry."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.appeals.selectors import appeal_get
from onething.core import clock
from onething.core.errors import FieldProblem, NotFound, ValidationFailed
from onething.core.models import Department, Region, Role
from onething.core.permissions import SYSTEM, Actor, require_role
from onething.core.problems import coordinate_problem, refuse_if, text_problem
from onething.core.services.numbering import number_next
from onething.core.uploads import inspect_image

from ..models import Event, EventPhoto, EventSource
from ..rules.events import DISPATCHED, EVENT_LIFECYCLE, REPORTED
from ..rules.thresholds import LEVELS, NORMAL
from .common import event_due, locked_event, moved, step

MAX_PHOTOS = 3


def _appeal_problem(number: str) -> FieldProblem | None:
    """The 12345 appeal named exists (read through appeals' selectors)."""
    if not number:
        return None
    try:
        appeal_get(SYSTEM, number)
    except NotFound:
        return FieldProblem(
            "appeal_number", "unknown", _("No 12345 appeal has the number %(n)s.") % {"n": number}
        )
    return None


def _photos_stored(event: Event, photos: Sequence[tuple[str, bytes]], inspected) -> None:
    for (name, data), checked in zip(photos, inspected, strict=True):
        digest = hashlib.sha256(data).hexdigest()
        photo = EventPhoto(
            event=event,
            name=name[:120],
            content_type=checked.content_type,
            size=checked.size,
            sha256=digest,
        )
        extension = name[name.rfind(".") :].lower() if "." in name else ""
        photo.file.save(f"{digest[:16]}{extension}", ContentFile(data), save=False)
        photo.save()


@transaction.atomic
def event_report(
    *,
    actor: Actor,
    title: str,
    description: str,
    region_code: str,
    latitude=None,
    longitude=None,
    appeal_number: str = "",
    level: str = NORMAL,
    photos: Sequence[tuple[str, bytes]] = (),
    at: dt.datetime | None = None,
) -> Event:
    """发现: a grid inspector reports what they found on their round (with up to three
    photos); it waits for the duty dispatcher to register it."""
    require_role(actor, Role.INSPECTOR)
    appeal_number = (appeal_number or "").strip()
    region = Region.objects.filter(code=region_code or "").first()
    lat, lat_problem = coordinate_problem("latitude", latitude, 90)
    lng, lng_problem = coordinate_problem("longitude", longitude, 180)
    problems = [
        text_problem("title", title, 100, required=_("Give the event a title.")),
        text_problem("description", description, 2000),
        None
        if region
        else FieldProblem("region", "unknown", _("Unknown region %(c)s.") % {"c": region_code}),
        lat_problem,
        lng_problem,
        None
        if level in LEVELS
        else FieldProblem("level", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(LEVELS)}),
        text_problem("appeal_number", appeal_number, 40) or _appeal_problem(appeal_number),
    ]
    if len(photos) > MAX_PHOTOS:
        problems.append(
            FieldProblem("photos", "max_items", _("At most %(n)s photos.") % {"n": MAX_PHOTOS})
        )
    inspected = []
    for index, (name, data) in enumerate(photos[:MAX_PHOTOS]):
        try:
            inspected.append(inspect_image(name, data, f"photos.{index}"))
        except ValidationFailed as refused:
            problems += refused.problems
    refuse_if(problems)
    at = at or clock.now()
    event = Event.objects.create(
        number=number_next(series="event", region_code=region.code[:6], on=timezone.localdate(at)),
        source=EventSource.INSPECTOR,
        level=level,
        title=title.strip(),
        description=(description or "").strip(),
        region=region,
        latitude=lat,
        longitude=lng,
        reported_by_id=actor.user_id,
        status=REPORTED,
        appeal_number=appeal_number,
        opened_at=at,
    )
    _photos_stored(event, photos[:MAX_PHOTOS], inspected)
    step(event, "report", actor, at=at)
    return event


@transaction.atomic
def event_register(*, actor: Actor, number: str, note: str = "") -> Event:
    """立案: the duty dispatcher takes the reported event on."""
    refuse_if([text_problem("note", note, 500)])
    return moved(locked_event(actor, number), "register", actor, note=(note or "").strip())


@transaction.atomic
def event_dismiss(*, actor: Actor, number: str, reason: str) -> Event:
    """不予立案: no matter for the city (a false alarm, a duplicate); closed with the
    reason."""
    refuse_if([text_problem("reason", reason, 500, required=_("Say why the event is dismissed."))])
    event = locked_event(actor, number)
    return moved(event, "dismiss", actor, note=reason.strip(), closed_at=clock.now())


@transaction.atomic
def event_dispatch(*, actor: Actor, number: str, department_code: str, note: str = "") -> Event:
    """派遣: the duty dispatcher sends a registered event to the department that handles
    it, due within the event's time limit (hours, or working days by the official
    calendar, provisional past it) from now; on an event already dispatched, the same
    is a redispatch (重新派遣) to another department, keeping its due time."""
    refuse_if([text_problem("note", note, 500)])
    event = locked_event(actor, number)
    action = "redispatch" if event.status == DISPATCHED else "dispatch"
    EVENT_LIFECYCLE.target(event.status, action, actor.role, system=actor.is_system)
    department = Department.objects.filter(code=department_code or "").first()
    if department is None:
        raise ValidationFailed.one(
            "department", "unknown", _("Unknown department %(c)s.") % {"c": department_code}
        )
    note = (note or "").strip()
    if action == "redispatch":
        if department.pk == event.department_id:
            raise ValidationFailed.one(
                "department",
                "same",
                _("The event is with %(d)s already.") % {"d": department.name},
            )
        return moved(event, "redispatch", actor, note=note, department=department)
    now = clock.now()
    due = event_due(event.level, event.source, now)
    return moved(
        event,
        "dispatch",
        actor,
        note=note,
        at=now,
        department=department,
        due_at=due.at if due else None,
        due_provisional=due.provisional if due else False,
    )


@transaction.atomic
def event_handle(*, actor: Actor, number: str, note: str) -> Event:
    """处置: the department's officer reports what was done."""
    refuse_if([text_problem("note", note, 500, required=_("Say what was done."))])
    return moved(locked_event(actor, number), "handle", actor, note=note.strip())


@transaction.atomic
def event_check(*, actor: Actor, number: str, passed: bool, note: str = "") -> Event:
    """核查: the inspector checks the handling on the spot; passed, it waits for the close,
    else it goes back to the department (退回重新处置) with the reason."""
    required = "" if passed else _("Say what is still wrong.")
    refuse_if([text_problem("note", note, 500, required=required)])
    action = "check" if passed else "send_back"
    return moved(locked_event(actor, number), action, actor, note=(note or "").strip())


@transaction.atomic
def event_close(*, actor: Actor, number: str, note: str = "") -> Event:
    """结案: the duty dispatcher closes a checked event."""
    refuse_if([text_problem("note", note, 500)])
    event = locked_event(actor, number)
    return moved(event, "close", actor, note=(note or "").strip(), closed_at=clock.now())
