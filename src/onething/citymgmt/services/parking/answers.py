"""A gate event as the gate sent it, checked (every problem at once), and the answer the
gate gets: the event as counted, the stay it opened or closed — the same, byte for byte,
on a retry (``replay``: the first answer, read back; the same event id with another
plate, kind or time: 409 ``event_id_reused``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core.errors import Conflict, FieldProblem, ValidationFailed

from ...models import ParkingEvent, ParkingStay
from ...rules.parking import (
    ENTRY,
    EVENT_KINDS,
    GROUP_LABELS,
    stay_minutes,
)
from ...rules.parking_plan import SHANGHAI
from ...rules.plates import normalise_plate, plate_problem
from ...selectors.parking import GateCaller, Setting

EVENT_ID = re.compile(r"^[\x21-\x7e]{1,64}$")  # printable ASCII, no spaces
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
MAX_AGE = dt.timedelta(days=7)


@dataclass(frozen=True)
class GateEventIn:
    event_id: str
    kind: str
    plate: str
    at: dt.datetime


def _at(value: Any, now: dt.datetime, problems: list[FieldProblem]) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        problems.append(FieldProblem("at", "type", _("A date and time (ISO 8601) is expected.")))
        return None
    if timezone.is_naive(value):  # a gate's local clock: Beijing time
        value = value.replace(tzinfo=SHANGHAI)
    if value > now + FUTURE_TOLERANCE:
        problems.append(
            FieldProblem(
                "at", "future", _("The time is ahead of the server's: check the gate's clock.")
            )
        )
    elif value < now - MAX_AGE:
        problems.append(
            FieldProblem(
                "at",
                "too_old",
                _("An event older than %(d)s days is not accepted.") % {"d": MAX_AGE.days},
            )
        )
    return value


def gate_event_clean(raw: dict[str, Any], now: dt.datetime) -> GateEventIn:
    """The event as the gate sent it, checked: every problem at once (422)."""
    problems: list[FieldProblem] = []
    event_id = raw.get("event_id")
    if event_id in (None, ""):
        problems.append(FieldProblem("event_id", "required", _("This field is required.")))
    elif not isinstance(event_id, str) or not EVENT_ID.match(event_id):
        problems.append(
            FieldProblem(
                "event_id", "format", _("1 to 64 printable ASCII characters without spaces.")
            )
        )
    kind = raw.get("kind")
    if kind not in EVENT_KINDS:
        problems.append(
            FieldProblem(
                "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(EVENT_KINDS)}
            )
        )
    found = plate_problem(raw.get("plate"))
    if found is not None:
        problems.append(found)
    at = _at(raw.get("at"), now, problems)
    if problems:
        raise ValidationFailed(problems)
    return GateEventIn(event_id, kind, normalise_plate(raw["plate"]), at)


# ---------------------------------------------------------------------- the answer


@dataclass(frozen=True)
class StayAnswer:
    id: int
    entered_at: dt.datetime
    allowed_until: dt.datetime | None
    exited_at: dt.datetime | None = None
    minutes: int | None = None
    fee_fen: int | None = None
    overstayed: bool | None = None


@dataclass(frozen=True)
class GateEventAnswer:
    """What the gate is answered (the same on a retry): the event as counted, the stay it
    opened (an entry) or closed (an exit), whether an entry closed a stay of the plate
    still open (``replaced_stay``), whether an exit found no open stay (``unmatched``)."""

    event_id: str
    kind: str
    plate: str
    at: dt.datetime
    group: str
    window: str | None
    stay: StayAnswer | None
    replaced_stay: bool = False
    unmatched: bool = False

    @property
    def group_label(self) -> str:
        return str(GROUP_LABELS.get(self.group, self.group))


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.astimezone(SHANGHAI) if moment is not None else None


def answer(req: GateEventIn, setting: Setting, group: str, window_id, stay, **flags):
    """The answer, its times in Beijing time whatever offset they came or were read with
    (so that a retry's answer is the first one, byte for byte)."""
    window = setting.window(window_id)
    if stay is not None:
        stay = StayAnswer(
            stay.id,
            _local(stay.entered_at),
            _local(stay.allowed_until),
            _local(stay.exited_at),
            stay.minutes,
            stay.fee_fen,
            stay.overstayed,
        )
    return GateEventAnswer(
        req.event_id,
        req.kind,
        req.plate,
        _local(req.at),
        group,
        window.name if window else None,
        stay,
        **flags,
    )


def replay(gate: GateCaller, req: GateEventIn, setting: Setting) -> GateEventAnswer:
    """The first answer to this (gate, event id)."""
    stored = ParkingEvent.objects.filter(gate_id=gate.id, event_id=req.event_id).first()
    if stored is None or (stored.kind, stored.plate, stored.at) != (req.kind, req.plate, req.at):
        raise Conflict(
            _("This event id was already used by this gate for another plate, kind or time."),
            code="event_id_reused",
            details={"event_id": req.event_id},
        )
    if stored.kind == ENTRY:
        stay = ParkingStay.objects.filter(entry_id=stored.pk).first()
        replaced = (
            ParkingStay.objects.filter(
                parking_id=stored.parking_id,
                plate=stored.plate,
                entered_at__lte=stored.at,
                exited_at=stored.at,
                exit__isnull=True,
            )
            .exclude(entry_id=stored.pk)
            .exists()
        )
        opened = StayAnswer(stay.pk, stay.entered_at, stay.allowed_until) if stay else None
        return answer(req, setting, stored.group, stored.window_id, opened, replaced_stay=replaced)
    stay = ParkingStay.objects.filter(exit_id=stored.pk).first()
    closed = closed_answer(stay) if stay else None
    return answer(req, setting, stored.group, stored.window_id, closed, unmatched=stay is None)


def closed_answer(stay: ParkingStay) -> StayAnswer:
    return StayAnswer(
        stay.pk,
        stay.entered_at,
        stay.allowed_until,
        stay.exited_at,
        stay_minutes(stay.entered_at, stay.exited_at),
        stay.fee_fen,
        stay.overstayed,
    )
