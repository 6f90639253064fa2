"""The registry of honorees (劳模): registration (the person found by ID number or
registered) and status changes with their effect on cards and certificates."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.cn import ric

from onething.core import clock, refdata
from onething.core.crypto import keyring
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.identity import PII_FIELDS, mask_id_number, phone_problem, resident_id_problem
from onething.core.models import Region, Role
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.selectors.parties import person_find_by_id_number
from onething.core.services.audit import audit_record, snapshot
from onething.core.services.idempotency import idempotent_create
from onething.core.services.parties import person_register

from ..models import (
    CardStatus,
    Certificate,
    Honoree,
    HonoreeStatus,
    HonoreeStatusChange,
    HonourCard,
    HonourLevel,
)
from ..rules import status as status_rules
from ..rules.reach import as_platform

FIRST_YEAR = 1950
HONOREE_AUDIT_FIELDS = ["person", "level", "title", "year", "work_unit", "status"]
FIELDS = ("name", "id_number", "phone", "region_code", "level", "title", "year", "work_unit")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if text.isdigit() else None


def _length(field: str, value: str, limit: int, required: bool) -> FieldProblem | None:
    if required and not value:
        return FieldProblem(field, "required", _("This field is required."))
    if len(value) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    return None


def honoree_clean(
    raw: dict[str, Any], *, regions: Container[str] | None = None
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The registration's fields, normalised, and every problem with them (field names as
    in :func:`honoree_register`). ``regions``: the known region codes (queried if None)."""
    data = {name: _text(raw.get(name)) for name in FIELDS}
    data["id_number"] = ric.compact(data["id_number"]).upper()
    data["phone"] = data["phone"].replace(" ", "").replace("-", "")
    problems = [
        _length("name", data["name"], 50, True),
        resident_id_problem(data["id_number"]),
        phone_problem(data["phone"]) if data["phone"] else None,
        _length("title", data["title"], 60, True),
        _length("work_unit", data["work_unit"], 120, False),
    ]
    code = data["region_code"]
    if not code:
        problems.append(FieldProblem("region_code", "required", _("This field is required.")))
    elif not (
        code in regions if regions is not None else Region.objects.filter(code=code).exists()
    ):
        problems.append(
            FieldProblem(
                "region_code",
                "unknown_region",
                _("There is no region with code %(code)s.") % {"code": code},
            )
        )
    if data["level"] not in HonourLevel.values:
        problems.append(
            FieldProblem(
                "level",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(HonourLevel.values)},
            )
        )
    year = _year(raw.get("year"))
    this_year = clock.today().year
    if year is None:
        problems.append(FieldProblem("year", "type", _("A whole number is expected.")))
    elif not FIRST_YEAR <= year <= this_year:
        problems.append(
            FieldProblem(
                "year",
                "range",
                _("The year is between %(a)s and %(b)s.") % {"a": FIRST_YEAR, "b": this_year},
            )
        )
    data["year"] = year
    return data, [p for p in problems if p]


def already_registered(number: str, honoree_id: int | None = None) -> Conflict:
    masked = mask_id_number(number)
    return Conflict(
        _("The holder of ID number %(n)s is already in the registry.") % {"n": masked},
        code="already_registered",
        details={"field": "id_number", "id_number": masked, "honoree_id": honoree_id},
    )


def _person_for(actor: Actor, data: dict[str, Any]):
    """The person with the ID number (found by its keyed hash), or a new one."""
    platform = as_platform(actor)
    person = person_find_by_id_number(actor=platform, id_number=data["id_number"])
    if person is not None:
        honoree = Honoree.objects.filter(person=person).first()
        if honoree is not None:
            raise already_registered(data["id_number"], honoree.pk)
        if person.name != data["name"]:
            raise ValidationFailed.one(
                "name",
                "name_mismatch",
                _("This ID number belongs to a person registered under another name."),
            )
        return person
    try:
        with transaction.atomic():
            return person_register(
                actor=platform,
                name=data["name"],
                id_number=data["id_number"],
                region_code=data["region_code"],
                phone=data["phone"],
            )
    except IntegrityError:  # registered by a concurrent request meanwhile
        raise already_registered(data["id_number"]) from None


@transaction.atomic
def honoree_register(
    *,
    actor: Actor,
    name: str,
    id_number: str,
    phone: str = "",
    region_code: str,
    level: str,
    title: str,
    year: int | str,
    work_unit: str = "",
    idempotency_key: str | None = None,
) -> Honoree:
    """Put a person in the registry (union staff): the person is found by ID number or
    registered; one honoree per person (409 ``already_registered``, the number masked)."""
    require_role(actor, Role.UNION_STAFF)
    raw = {
        "name": name,
        "id_number": id_number,
        "phone": phone,
        "region_code": region_code,
        "level": level,
        "title": title,
        "year": year,
        "work_unit": work_unit,
    }
    data, problems = honoree_clean(raw)
    if problems:
        raise ValidationFailed(problems)
    # the request as the idempotency record remembers it: the numbers by keyed hash only
    payload = {
        **data,
        "id_number": keyring().digest(data["id_number"], PII_FIELDS["id_number"]),
        "phone": keyring().digest(data["phone"], PII_FIELDS["phone"]),
    }
    honoree, _created = idempotent_create(
        actor=actor,
        operation="honoree.register",
        key=idempotency_key,
        payload=payload,
        model=Honoree,
        create=lambda: _create(actor, data),
    )
    return honoree


def new_honoree(person, data: dict[str, Any], now) -> Honoree:
    """An active honoree of cleaned ``data`` (``honoree_clean``), not saved yet."""
    return Honoree(
        person=person,
        level=data["level"],
        title=data["title"],
        year=data["year"],
        work_unit=data["work_unit"],
        status=HonoreeStatus.ACTIVE,
        registered_at=now,
    )


def _create(actor: Actor, data: dict[str, Any]) -> Honoree:
    person = _person_for(actor, data)
    now = clock.now()
    try:
        with transaction.atomic():
            honoree = new_honoree(person, data, now)
            honoree.save(force_insert=True)
    except IntegrityError:
        raise already_registered(data["id_number"]) from None
    HonoreeStatusChange.objects.create(
        honoree=honoree, before="", after=HonoreeStatus.ACTIVE, at=now, by_id=actor.user_id
    )
    audit_record(
        actor=actor,
        action="honoree.register",
        subject=honoree,
        after={
            **snapshot(honoree, HONOREE_AUDIT_FIELDS),
            "id_number_masked": person.id_number_masked,
        },
    )
    return honoree


@transaction.atomic
def honoree_status_change(*, actor: Actor, honoree_id: int, status: str, reason: str) -> Honoree:
    """Suspend, reinstate, record a death or revoke the honour (union staff), by the table
    in ``rules/status.py``. Leaving ``active`` revokes the certificates; ``deceased`` and
    ``revoked`` revoke the active card too."""
    require_role(actor, Role.UNION_STAFF)
    reason = (reason or "").strip()
    problems = [_length("reason", reason, 200, True)]
    if status not in HonoreeStatus.values:
        problems.append(
            FieldProblem(
                "status",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(HonoreeStatus.values)},
            )
        )
    if any(problems):
        raise ValidationFailed([p for p in problems if p])
    honoree = get_visible(actor, Honoree.objects.select_for_update(), pk=honoree_id)
    before = honoree.status
    effects = status_rules.check(before, status)
    now = clock.now()
    cards = _revoke_cards(actor, honoree, now) if effects.revoke_card else []
    certificates = (
        _revoke_certificates(actor, honoree, now, status, reason)
        if effects.revoke_certificates
        else []
    )
    honoree.status = status
    honoree.save(update_fields=["status"])
    HonoreeStatusChange.objects.create(
        honoree=honoree, before=before, after=status, reason=reason, at=now, by_id=actor.user_id
    )
    audit_record(
        actor=actor,
        action="honoree.status",
        subject=honoree,
        before={"status": before},
        after={"status": status, "cards_revoked": cards, "certificates_revoked": certificates},
        note=reason,
    )
    return honoree


def _revoke_cards(actor: Actor, honoree: Honoree, now) -> list[str]:
    numbers = []
    for card in HonourCard.objects.select_for_update().filter(
        honoree=honoree, status=CardStatus.ACTIVE
    ):
        card.status = CardStatus.REVOKED
        card.blocked_at = now
        card.save(update_fields=["status", "blocked_at"])
        audit_record(
            actor=actor,
            action="card.revoke",
            subject=card,
            before={"status": CardStatus.ACTIVE},
            after={"status": CardStatus.REVOKED},
        )
        numbers.append(card.number)
    return numbers


def _revoke_certificates(actor: Actor, honoree: Honoree, now, status: str, reason: str):
    why = (_("Honoree %(status)s: %(reason)s") % {"status": status, "reason": reason})[:200]
    unrevoked = Certificate.objects.filter(honoree=honoree, revoked_at__isnull=True)
    serials = dict(unrevoked.values_list("pk", "serial"))
    Certificate.objects.filter(pk__in=list(serials)).update(revoked_at=now, revoked_reason=why)
    if serials:
        refdata.bump()  # the cached revocation list of the gates' kit
    for pk, serial in serials.items():
        audit_record(
            actor=actor,
            action="certificate.revoke",
            subject=("cards.certificate", pk),
            after={"serial": serial, "revoked_reason": why},
        )
    return sorted(serials.values())
