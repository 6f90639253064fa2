"""Intake (受理) of appeals through every channel, with routing (派单) by the first
matching rule."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.crypto import seal
from onething.core.errors import FieldProblem, PermissionDenied, ValidationFailed
from onething.core.identity import mask_phone, phone_problem
from onething.core.models import Enterprise, Person, Region, Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import number_next
from onething.core.uploads import inspect_image

from .. import rules
from ..models import (
    PHONE_LABEL,
    Appeal,
    AppealChannel,
    AppealPhoto,
    AppealType,
    Category,
    Open311Key,
    Policy,
    Programme,
    Urgency,
)
from ..problems import choice_problem, refuse_if, text_problems
from ..selectors.limits import limit_for
from .common import deadline_fields, event_add, local_day
from .routing import appeal_route
from .tallies import appeal_counted

MAX_PHOTOS = 6
STAFF_CHANNELS = (AppealChannel.HOTLINE, AppealChannel.VISIT)
# The channels each role files through; the first is the default.
CHANNELS = {
    Role.APPLICANT: (AppealChannel.PLATFORM, AppealChannel.WEB),
    Role.AGENT: (AppealChannel.PLATFORM, AppealChannel.WEB),
    Role.DISPATCHER: (AppealChannel.HOTLINE,),
    Role.OFFICER: (AppealChannel.VISIT,),
    Role.LEADER: (AppealChannel.VISIT,),  # a demand raised on a night visit (带班值班)
}


def city_bounds() -> rules.Bounds:
    south, west, north, east = (Decimal(v) for v in settings.ONETHING_CITY_BOUNDS)
    return rules.Bounds(south, west, north, east)


def _coordinates(latitude, longitude, problems: list) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        field = "latitude" if latitude in (None, "") else "longitude"
        problems.append(
            FieldProblem(field, "required", _("Give both latitude and longitude, or neither."))
        )
        return None, None
    degrees = {}
    for field, value in (("latitude", latitude), ("longitude", longitude)):
        try:
            degrees[field] = Decimal(str(value)).quantize(Decimal("0.000001"))
            if not degrees[field].is_finite():  # NaN passes quantize, fails compare
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            problems.append(FieldProblem(field, "type", _("Coordinates are decimal degrees.")))
            return None, None
    lat, lng = degrees["latitude"], degrees["longitude"]
    if not city_bounds().contains(lat, lng):
        problems.append(
            FieldProblem(
                "latitude",
                "outside_city",
                _("The place (%(lat)s, %(lng)s) lies outside the city.") % {"lat": lat, "lng": lng},
            )
        )
        return None, None
    return lat, lng


def _channel(actor: Actor, channel: str | None, problems: list) -> str:
    if actor.is_system or actor.role == Role.ADMIN:
        if channel in AppealChannel.values:
            return channel
        problems.append(FieldProblem("channel", "choice", _("Name the channel.")))
        return AppealChannel.WEB
    allowed = CHANNELS.get(actor.role)
    if allowed is None:
        raise PermissionDenied(_("Your role does not file appeals."))
    if not channel:
        if actor.role in (Role.APPLICANT, Role.AGENT) and not actor.enterprise_id:
            return AppealChannel.WEB
        return allowed[0]
    if channel not in allowed:
        problems.append(
            FieldProblem(
                "channel",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(str(c) for c in allowed)},
            )
        )
        return allowed[0]
    if channel == AppealChannel.PLATFORM and not actor.enterprise_id:
        problems.append(
            FieldProblem(
                "channel",
                "enterprise_only",
                _("Messages on the enterprise platform are filed for an enterprise."),
            )
        )
    return channel


def _requester(actor: Actor, enterprise_id, person_id, problems: list):
    """(person, enterprise) the appeal is from."""
    if actor.role in (Role.APPLICANT, Role.AGENT):
        person = Person.objects.filter(pk=actor.person_id).first()
        enterprise = Enterprise.objects.filter(pk=actor.enterprise_id).first()
        return person, enterprise
    person = enterprise = None
    if person_id:
        person = visible(actor, Person.objects.all()).filter(pk=person_id).first()
        if person is None:
            problems.append(
                FieldProblem("person", "unknown", _("No such person is visible to you."))
            )
    if enterprise_id:
        enterprise = visible(actor, Enterprise.objects.all()).filter(pk=enterprise_id).first()
        if enterprise is None:
            problems.append(
                FieldProblem("enterprise", "unknown", _("No such enterprise is visible to you."))
            )
    return person, enterprise


def _region(code: str, person, enterprise, problems: list) -> Region | None:
    city = Region.objects.get(code=settings.ONETHING_CITY_CODE)
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None or not region.is_within(city):
            problems.append(
                FieldProblem(
                    "region", "unknown", _("%(c)s is not a region of the city.") % {"c": code}
                )
            )
            return None
        return region
    for source in (enterprise, person):
        if source is not None and source.region.is_within(city):
            return source.region
    return city


def _lookup(model, field: str, label: str, problems: list, **query):
    obj = model.objects.filter(**query).first()
    if obj is None:
        problems.append(FieldProblem(field, "unknown", label))
    return obj


@transaction.atomic
def appeal_submit(
    *,
    actor: Actor,
    type: str,
    category_code: str,
    title: str,
    text: str,
    urgency: str = Urgency.NORMAL,
    channel: str | None = None,
    programme_code: str = "",
    region_code: str = "",
    address: str = "",
    latitude=None,
    longitude=None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    enterprise_id: int | None = None,
    person_id: int | None = None,
    policy_id: int | None = None,
    publish: bool = True,
    photos: Sequence[tuple[str, bytes]] = (),
    idempotency_key: str | None = None,
    open311_client: Open311Key | None = None,
    received_at: dt.datetime | None = None,
) -> Appeal:
    """受理: take in an appeal, check every field (one 422 listing each problem), give it a
    number and a due date, and route it by the first matching rule (else it waits for a
    dispatcher). A retry with the same idempotency key gets the first appeal."""
    if not actor.is_system:
        require_role(actor, *CHANNELS, Role.ADMIN)
    problems: list[FieldProblem] = []
    channel = _channel(actor, channel, problems)
    problems += text_problems(title, text)
    problems += [
        choice_problem("type", type, AppealType.values),
        choice_problem("urgency", urgency, Urgency.values),
    ]
    category = _lookup(
        Category,
        "category",
        _("Unknown category %(c)s.") % {"c": category_code},
        problems,
        code=category_code or "",
        is_active=True,
    )
    programme = None
    if programme_code:
        programme = _lookup(
            Programme,
            "programme",
            _("Unknown programme %(c)s.") % {"c": programme_code},
            problems,
            code=programme_code,
            is_active=True,
        )
    policy = None
    if policy_id:
        policy = _lookup(
            Policy,
            "policy",
            _("No published policy with that identifier."),
            problems,
            pk=policy_id,
            is_published=True,
        )
    person, enterprise = _requester(actor, enterprise_id, person_id, problems)
    lat, lng = _coordinates(latitude, longitude, problems)
    if len(address or "") > 200:
        problems.append(FieldProblem("address", "max_length", _("At most 200 characters.")))
    if len(contact_name or "") > 50:
        problems.append(FieldProblem("contact_name", "max_length", _("At most 50 characters.")))
    if contact_phone:
        problem = phone_problem(contact_phone, "contact_phone")
        if problem:
            problems.append(problem)
    anonymous = person is None and enterprise is None
    if channel in STAFF_CHANNELS and anonymous and not (contact_name and contact_phone):
        problems.append(
            FieldProblem(
                "contact_phone",
                "required",
                _("Record the caller's name and phone (or name the person or enterprise)."),
            )
        )
    if len(photos) > MAX_PHOTOS:
        problems.append(
            FieldProblem("photos", "max_items", _("At most %(n)s photos.") % {"n": MAX_PHOTOS})
        )
    inspected = []
    for index, (name, data) in enumerate(photos[:MAX_PHOTOS]):
        try:
            inspected.append((name, data, inspect_image(name, data, f"photos.{index}")))
        except ValidationFailed as exc:
            problems += exc.problems
    region = _region(region_code, person, enterprise, problems)
    refuse_if(problems)

    def create() -> Appeal:
        return _create(
            actor=actor,
            type=type,
            category=category,
            title=title.strip(),
            text=text.strip(),
            urgency=urgency,
            channel=channel,
            programme=programme,
            region=region,
            address=address,
            lat=lat,
            lng=lng,
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
            person=person,
            enterprise=enterprise,
            policy=policy,
            publish=publish,
            photos=inspected,
            open311_client=open311_client,
            received_at=received_at or clock.now(),
        )

    payload = {
        "type": type,
        "category": category_code,
        "title": title,
        "text": text,
        "urgency": urgency,
        "programme": programme_code,
        "region": region_code,
        "photos": [hashlib.sha256(data).hexdigest() for _n, data in photos],
    }
    appeal, _created = idempotent_create(
        actor=actor,
        operation="appeal.submit",
        key=idempotency_key,
        payload=payload,
        model=Appeal,
        create=create,
    )
    return appeal


def _create(*, actor: Actor, contact_phone: str, photos, received_at, lat, lng, **fields) -> Appeal:
    limit, _warning = limit_for(fields["type"], fields["urgency"])
    appeal = Appeal(
        number=number_next(
            series="appeal", region_code=fields["region"].code[:6], on=local_day(received_at)
        ),
        submitted_by_id=actor.user_id,
        received_at=received_at,
        **deadline_fields(local_day(received_at), limit),
        latitude=lat,
        longitude=lng,
        **fields,
    )
    if contact_phone:
        digits = contact_phone.replace(" ", "").replace("-", "").removeprefix("+86")
        sealed = seal(digits, PHONE_LABEL, mask_phone(digits))
        appeal.contact_phone_cipher = sealed.cipher
        appeal.contact_phone_digest = sealed.digest
        appeal.contact_phone_masked = sealed.masked
    appeal.save()
    appeal_counted(None, appeal)
    for name, data, inspected in photos:
        digest = hashlib.sha256(data).hexdigest()
        photo = AppealPhoto(
            appeal=appeal,
            name=name[:120],
            content_type=inspected.content_type,
            size=inspected.size,
            sha256=digest,
        )
        photo.file.save(
            f"{digest[:16]}{name[name.rfind('.') :].lower()}", ContentFile(data), save=False
        )
        photo.save()
    event_add(appeal, "received", actor, note=appeal.get_channel_display(), at=received_at)
    audit_record(
        actor=actor,
        action="appeal.submit",
        subject=appeal,
        after={
            "number": appeal.number,
            "type": appeal.type,
            "channel": appeal.channel,
            "category": appeal.category.code,
            "due_date": appeal.due_date,
        },
    )
    appeal_route(appeal, at=received_at)
    return appeal
