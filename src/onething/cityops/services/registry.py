"""The operations centre's register: a department's data feed (数据接入), a kind of device,
devices with their monitored values (a batch at a time, all or nothing, every problem
named at once), and device tokens set from tokens the caller derived (the demo city's
simulator). Administrators' work; each write one audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock, refdata
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Department, Region, Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record

from ..models import DataFeed, Device, DeviceType, FeedKind, Metric
from ..rules.readings import Bounds
from ..rules.thresholds import Thresholds
from ..selectors.devices import TOKEN_PREFIX, device_token_digest

CHUNK = 500  # rows per statement
CODES_NOTED = 20  # codes named in a batch's audit entry
MIN_TOKEN = 32  # characters of a token after its prefix


@dataclass(frozen=True)
class MetricSpec:
    """A monitored value of a device: its unit, what the sensor can report, thresholds."""

    code: str
    name: str
    unit: str = ""
    min_possible: float | None = None
    max_possible: float | None = None
    warning_high: float | None = None
    alarm_high: float | None = None
    warning_low: float | None = None
    alarm_low: float | None = None
    hysteresis: float | None = None


@dataclass(frozen=True)
class DeviceSpec:
    """A device to register, its references by code, and its monitored values."""

    code: str
    name: str
    type_code: str
    department_code: str
    region_code: str
    latitude: float | Decimal
    longitude: float | Decimal
    metrics: tuple[MetricSpec, ...] = ()
    feed_code: str = ""
    is_security: bool = False


def _text_problem(field: str, value: str, limit: int) -> FieldProblem | None:
    if not (value or "").strip() or len(value) > limit:
        return FieldProblem(field, "length", _("Between 1 and %(n)s characters.") % {"n": limit})
    return None


def _degrees(value, limit: int) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    return number.quantize(Decimal("0.000001"))


@transaction.atomic
def feed_register(
    *,
    actor: Actor,
    code: str,
    name: str,
    department_code: str,
    kind: str,
    description: str = "",
    update_frequency: str = "",
    connected_on: dt.date | None = None,
    is_active: bool = True,
) -> DataFeed:
    """A department's data feed, connected on ``connected_on`` (not after today);
    ``is_active`` False for one registered but switched off (it counts for nothing)."""
    require_role(actor, Role.ADMIN)
    department = Department.objects.filter(code=department_code or "").first()
    problems = [
        _text_problem("code", code, 40),
        _text_problem("name", name, 100),
        None
        if department
        else FieldProblem(
            "department", "unknown", _("Unknown department %(c)s.") % {"c": department_code}
        ),
        None
        if kind in FeedKind.values
        else FieldProblem(
            "kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(FeedKind.values)}
        ),
    ]
    if code and DataFeed.objects.filter(code=code).exists():
        problems.append(FieldProblem("code", "unique", _("The code %(c)s is taken.") % {"c": code}))
    if connected_on is not None and connected_on > clock.today():
        problems.append(FieldProblem("connected_on", "future", _("A date that has not come yet.")))
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)
    feed = DataFeed.objects.create(
        code=code.strip(),
        name=name.strip(),
        department=department,
        kind=kind,
        description=description,
        update_frequency=update_frequency,
        connected_on=connected_on,
        is_active=is_active,
    )
    refdata.bump()
    audit_record(
        actor=actor,
        action="data_feed.register",
        subject=feed,
        after={
            "code": feed.code,
            "department": department.code,
            "connected_on": connected_on,
            "active": is_active,
        },
    )
    return feed


@transaction.atomic
def device_type_register(
    *, actor: Actor, code: str, name: str, silent_after_seconds: int = 900
) -> DeviceType:
    """A kind of device, offline after ``silent_after_seconds`` of silence by default."""
    require_role(actor, Role.ADMIN)
    problems = [_text_problem("code", code, 40), _text_problem("name", name, 60)]
    if code and DeviceType.objects.filter(code=code).exists():
        problems.append(FieldProblem("code", "unique", _("The code %(c)s is taken.") % {"c": code}))
    if not isinstance(silent_after_seconds, int) or not 60 <= silent_after_seconds <= 7 * 86400:
        problems.append(
            FieldProblem("silent_after_seconds", "range", _("Between 60 seconds and 7 days."))
        )
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)
    kind = DeviceType.objects.create(
        code=code.strip(), name=name.strip(), default_silent_after_seconds=silent_after_seconds
    )
    audit_record(actor=actor, action="device_type.register", subject=kind, after={"code": code})
    return kind


def _known(model, codes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(c for c in codes if c)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found |= dict(model.objects.filter(code__in=chunk).values_list("code", "id"))
    return found


def _metric_problems(at: str, metrics: Sequence[MetricSpec]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    seen: set[str] = set()
    for n, m in enumerate(metrics):
        prefix = f"{at}metrics.{n}."
        problems += [
            p
            for p in (
                _text_problem(f"{prefix}code", m.code, 40),
                _text_problem(f"{prefix}name", m.name, 60),
            )
            if p is not None
        ]
        if m.code in seen:
            problems.append(
                FieldProblem(
                    f"{prefix}code", "unique", _("The code %(c)s is taken.") % {"c": m.code}
                )
            )
        seen.add(m.code)
        thresholds = Thresholds(
            m.warning_high, m.alarm_high, m.warning_low, m.alarm_low, m.hysteresis or 0.0
        )
        bounds = Bounds(m.min_possible, m.max_possible)
        problems += [
            FieldProblem(f"{prefix}{p.field}", p.rule, p.message)
            for p in (*thresholds.problems(), *bounds.problems())
        ]
    return problems


def device_problems(
    index: int, spec: DeviceSpec, *, taken: set[str], known: dict[str, dict[str, int]]
) -> list[FieldProblem]:
    """Every problem of the batch's ``index``-th device (``devices.<index>.<field>``):
    ``taken`` the device codes in use, ``known`` the codes of types, departments, feeds
    and regions found."""
    at = f"devices.{index}."
    problems = [
        p
        for p in (
            _text_problem(f"{at}code", spec.code, 40),
            _text_problem(f"{at}name", spec.name, 100),
        )
        if p is not None
    ]
    if spec.code in taken:
        problems.append(
            FieldProblem(f"{at}code", "unique", _("The code %(c)s is taken.") % {"c": spec.code})
        )
    for field, code in (
        ("type", spec.type_code),
        ("department", spec.department_code),
        ("region", spec.region_code),
        ("feed", spec.feed_code),
    ):
        if (code or field != "feed") and code not in known[field]:
            problems.append(
                FieldProblem(
                    f"{at}{field}", "unknown", _("Unknown code %(c)s.") % {"c": code or "—"}
                )
            )
    for field, value, limit in (
        ("latitude", spec.latitude, 90),
        ("longitude", spec.longitude, 180),
    ):
        if _degrees(value, limit) is None:
            problems.append(
                FieldProblem(
                    f"{at}{field}",
                    "range",
                    _("Between -%(n)s and %(n)s degrees.") % {"n": limit},
                )
            )
    return problems + _metric_problems(at, spec.metrics)


@transaction.atomic
def devices_register(*, actor: Actor, devices: Sequence[DeviceSpec]) -> int:
    """Register a batch of devices with their monitored values: every problem at once
    (422), else all of them (offline until first heard from); how many."""
    require_role(actor, Role.ADMIN)
    known = {
        "type": _known(DeviceType, {d.type_code for d in devices}),
        "department": _known(Department, {d.department_code for d in devices}),
        "region": _known(Region, {d.region_code for d in devices}),
        "feed": _known(DataFeed, {d.feed_code for d in devices}),
    }
    taken = set(_known(Device, {d.code for d in devices}))
    problems: list[FieldProblem] = []
    for index, spec in enumerate(devices):
        problems += device_problems(index, spec, taken=taken, known=known)
        taken.add(spec.code)
    if problems:
        raise ValidationFailed(problems)
    now = clock.now()
    Device.objects.bulk_create(
        [
            Device(
                code=d.code.strip(),
                name=d.name.strip(),
                type_id=known["type"][d.type_code],
                department_id=known["department"][d.department_code],
                feed_id=known["feed"].get(d.feed_code),
                region_id=known["region"][d.region_code],
                latitude=_degrees(d.latitude, 90),
                longitude=_degrees(d.longitude, 180),
                is_security=d.is_security,
                created_at=now,
            )
            for d in devices
        ],
        batch_size=CHUNK,
    )
    ids = _known(Device, {d.code.strip() for d in devices})
    Metric.objects.bulk_create(
        [
            Metric(
                device_id=ids[d.code.strip()],
                code=m.code.strip(),
                name=m.name.strip(),
                unit=m.unit,
                min_possible=m.min_possible,
                max_possible=m.max_possible,
                warning_high=m.warning_high,
                alarm_high=m.alarm_high,
                warning_low=m.warning_low,
                alarm_low=m.alarm_low,
                hysteresis=m.hysteresis,
            )
            for d in devices
            for m in d.metrics
        ],
        batch_size=CHUNK,
    )
    if devices:
        refdata.bump()
        audit_record(
            actor=actor,
            action="device.register",
            subject=("cityops.device", "batch"),
            after={
                "count": len(devices),
                "metrics": sum(len(d.metrics) for d in devices),
                "devices": [d.code for d in devices[:CODES_NOTED]],
            },
            note=_("Devices registered: %(n)s.") % {"n": len(devices)},
        )
    return len(devices)


@transaction.atomic
def device_tokens_assign(*, actor: Actor, tokens: dict[str, str]) -> int:
    """Set each device's token (by device code) to the one given, of which only the keyed
    hash is kept: for tokens the caller derives itself (the demo city's simulator derives
    each device's from the server's secret). A device whose token is that one already is
    left alone; how many were set."""
    require_role(actor, Role.ADMIN)
    problems = [
        FieldProblem(
            f"tokens.{code}",
            "format",
            _("A device token starts with %(p)s and has at least %(n)s more characters.")
            % {"p": TOKEN_PREFIX, "n": MIN_TOKEN},
        )
        for code, token in tokens.items()
        if not isinstance(token, str)
        or not token.startswith(TOKEN_PREFIX)
        or len(token) < len(TOKEN_PREFIX) + MIN_TOKEN
    ]
    devices = {}
    codes = sorted(tokens)
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        devices |= {
            d.code: d for d in Device.objects.filter(code__in=chunk).only("code", "token_digest")
        }
    problems += [
        FieldProblem(f"tokens.{code}", "unknown", _("Unknown device %(c)s.") % {"c": code})
        for code in codes
        if code not in devices
    ]
    if problems:
        raise ValidationFailed(problems)
    changed = []
    for code in codes:
        digest = device_token_digest(tokens[code])
        if devices[code].token_digest != digest:
            devices[code].token_digest = digest
            changed.append(devices[code])
    Device.objects.bulk_update(changed, ["token_digest"], batch_size=CHUNK)
    if changed:
        audit_record(
            actor=actor,
            action="device.token_assign",
            subject=("cityops.device", "tokens"),
            after={"count": len(changed), "devices": [d.code for d in changed[:CODES_NOTED]]},
            note=_("Device tokens set: %(n)s.") % {"n": len(changed)},
        )
    return len(changed)
