"""Physical cards (劳模卡): issuance batches, issuing a card bound to a 太湖交通卡 number,
reporting a card lost (blocked at once, replaced), re-binding the transit number.

Numbers: a card number is 12 digits, a transit card number 16 digits (spaces and dashes
are dropped); both are unique over every card ever issued. One active card per honoree
(the database constraint ``one_active_card`` backs the check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import (
    Conflict,
    FieldProblem,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create

from ..models import CardStatus, Honoree, HonoreeStatus, HonourCard, IssuanceBatch
from ..rules.eligibility import CARD_LEVELS, may_hold_card
from ..rules.numbers import compact

CARD_DIGITS, TRANSIT_DIGITS = 12, 16
MAX_BATCH_NUMBER = 32767


def _digits_problem(value: str, field: str, digits: int, what: str) -> FieldProblem | None:
    if not value:
        return FieldProblem(field, "required", _("This field is required."))
    if not (value.isascii() and value.isdigit() and len(value) == digits):
        return FieldProblem(
            field, "format", _("A %(what)s has %(n)s digits.") % {"what": what, "n": digits}
        )
    return None


def card_number_problem(value: str, field: str = "number") -> FieldProblem | None:
    return _digits_problem(value, field, CARD_DIGITS, _("card number"))


def transit_number_problem(value: str, field: str = "transit_number") -> FieldProblem | None:
    return _digits_problem(value, field, TRANSIT_DIGITS, _("transit card number"))


def _raise_if(problems: list[FieldProblem | None]) -> None:
    found = [p for p in problems if p]
    if found:
        raise ValidationFailed(found)


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


@transaction.atomic
def card_batch_create(*, actor: Actor, number: int, name: str) -> IssuanceBatch:
    """An issuance batch (union staff): its number (1…32767) is unique (409)."""
    require_role(actor, Role.UNION_STAFF)
    name = (name or "").strip()
    value = _as_id(number)
    problems: list[FieldProblem | None] = []
    if value is None or not 1 <= value <= MAX_BATCH_NUMBER:
        problems.append(
            FieldProblem(
                "number", "range", _("A whole number from 1 to %(n)s.") % {"n": MAX_BATCH_NUMBER}
            )
        )
    if not name:
        problems.append(FieldProblem("name", "required", _("This field is required.")))
    elif len(name) > 80:
        problems.append(
            FieldProblem("name", "max_length", _("At most %(n)s characters.") % {"n": 80})
        )
    _raise_if(problems)
    taken = Conflict(
        _("There is already a batch number %(n)s.") % {"n": value},
        code="batch_number_taken",
        details={"field": "number"},
    )
    if IssuanceBatch.objects.filter(number=value).exists():
        raise taken
    try:
        with transaction.atomic():
            batch = IssuanceBatch.objects.create(
                number=value, name=name, created_at=clock.now(), created_by_id=actor.user_id
            )
    except IntegrityError:
        raise taken from None
    audit_record(
        actor=actor,
        action="card_batch.create",
        subject=batch,
        after={"number": value, "name": name},
    )
    return batch


def _taken(number: str, transit_number: str) -> Conflict | None:
    if HonourCard.objects.filter(number=number).exists():
        return Conflict(
            _("The card number %(n)s is already taken.") % {"n": number},
            code="card_number_taken",
            details={"field": "number"},
        )
    if HonourCard.objects.filter(transit_number=transit_number).exists():
        return Conflict(
            _("The transit card number %(n)s is bound to another card.") % {"n": transit_number},
            code="transit_number_taken",
            details={"field": "transit_number"},
        )
    return None


def level_problem(honoree: Honoree, field: str = "honoree_id") -> FieldProblem | None:
    """A physical card goes to the card levels only (``rules.eligibility``)."""
    if may_hold_card(honoree.level):
        return None
    return FieldProblem(
        field,
        "level_without_card",
        _(
            "A physical card goes to honorees of municipal level and above and those "
            "entitled to model-worker treatment (%(levels)s), not to the level %(level)s."
        )
        % {"levels": ", ".join(CARD_LEVELS), "level": honoree.level},
    )


def _active_card_conflict(card: HonourCard) -> Conflict:
    return Conflict(
        _("The honoree already has an active card (%(n)s).") % {"n": card.number},
        code="has_active_card",
        details={"card": card.number},
    )


def _issue(
    actor: Actor,
    honoree_id: int,
    batch: IssuanceBatch,
    number: str,
    transit_number: str,
    replaces: HonourCard | None = None,
) -> HonourCard:
    """Write one card; the caller has checked the numbers' format and the actor's right."""
    honoree = Honoree.objects.select_for_update().get(pk=honoree_id)  # one issuer at a time
    if replaces is None and honoree.status != HonoreeStatus.ACTIVE:
        raise Conflict(
            _("Cards are issued to active honorees only (this one is %(s)s).")
            % {"s": honoree.get_status_display()},
            code="honoree_not_active",
            details={"status": honoree.status},
        )
    active = HonourCard.objects.filter(honoree=honoree, status=CardStatus.ACTIVE).first()
    if active is not None:
        raise _active_card_conflict(active)
    conflict = _taken(number, transit_number)
    if conflict:
        raise conflict
    if replaces is None:  # the replacement of a card reported lost before, if one is due
        replaces = (
            HonourCard.objects.filter(
                honoree=honoree, status=CardStatus.BLOCKED, replaced_by__isnull=True
            )
            .order_by("-blocked_at", "-id")
            .first()
        )
    try:
        with transaction.atomic():
            card = HonourCard.objects.create(
                number=number,
                transit_number=transit_number,
                honoree=honoree,
                batch=batch,
                status=CardStatus.ACTIVE,
                issued_at=clock.now(),
                replaces=replaces,
            )
    except IntegrityError:  # a concurrent issue won the race for a number
        raise _taken(number, transit_number) or Conflict(
            _("The card could not be issued: a number was taken meanwhile."), code="card_conflict"
        ) from None
    audit_record(
        actor=actor,
        action="card.issue",
        subject=card,
        after={
            "number": number,
            "transit_number": transit_number,
            "honoree": honoree.pk,
            "batch": batch.number,
            "replaces": replaces.number if replaces else None,
        },
    )
    return card


@transaction.atomic
def card_issue(
    *,
    actor: Actor,
    honoree_id: int,
    batch_id: int,
    number: str,
    transit_number: str,
    idempotency_key: str | None = None,
) -> HonourCard:
    """Issue a card to an active honoree (union staff), bound to a transit card number.
    422 ``level_without_card`` for an honoree of a level that gets no card (a district
    honoree). 409: ``has_active_card``, ``card_number_taken``, ``transit_number_taken``,
    ``honoree_not_active``. If the honoree's last card was reported lost without a
    replacement, the new card ``replaces`` it."""
    require_role(actor, Role.UNION_STAFF)
    number, transit_number = compact(number), compact(transit_number)
    problems = [card_number_problem(number), transit_number_problem(transit_number)]
    honoree_pk, batch_pk = _as_id(honoree_id), _as_id(batch_id)
    honoree = Honoree.objects.filter(pk=honoree_pk).first() if honoree_pk else None
    if honoree is None:
        problems.append(FieldProblem("honoree_id", "unknown", _("There is no such honoree.")))
    else:
        problems.append(level_problem(honoree))
    batch = IssuanceBatch.objects.filter(pk=batch_pk).first() if batch_pk else None
    if batch is None:
        problems.append(FieldProblem("batch_id", "unknown", _("There is no such batch.")))
    _raise_if(problems)
    card, _created = idempotent_create(
        actor=actor,
        operation="card.issue",
        key=idempotency_key,
        payload={
            "honoree": honoree.pk,
            "batch": batch.pk,
            "number": number,
            "transit_number": transit_number,
        },
        model=HonourCard,
        create=lambda: _issue(actor, honoree.pk, batch, number, transit_number),
    )
    return card


@dataclass(frozen=True)
class LostReport:
    blocked: HonourCard  # the card reported lost, now blocked
    replacement: HonourCard | None  # the new card, when its numbers were given


@transaction.atomic
def card_report_lost(
    *,
    actor: Actor,
    card_number: str,
    new_number: str = "",
    new_transit_number: str = "",
) -> LostReport:
    """挂失: the card is blocked at once. Union staff may give the new card's numbers: it is
    then issued in the same transaction, ``replaces`` the old one. The honoree may report
    their own card (and only theirs: another's is 404); the union issues the replacement
    (an honoree never chooses a transit number for their card)."""
    require_role(actor, Role.UNION_STAFF, Role.APPLICANT, Role.AGENT)
    new_number, new_transit_number = compact(new_number), compact(new_transit_number)
    replacing = bool(new_number or new_transit_number)
    if replacing and not actor.has_role(Role.UNION_STAFF):
        raise PermissionDenied(
            _("Only union staff issue the replacement card; report the loss without numbers."),
            details={"required_roles": [Role.UNION_STAFF], "your_role": actor.role},
        )
    if replacing:
        _raise_if(
            [
                card_number_problem(new_number, "new_number"),
                transit_number_problem(new_transit_number, "new_transit_number"),
            ]
        )
    old = get_visible(
        actor, HonourCard.objects.select_for_update(of=("self",)), number=compact(card_number)
    )
    if old.status != CardStatus.ACTIVE:
        raise InvalidTransition(
            _("Only an active card can be reported lost (this one is %(s)s).")
            % {"s": old.get_status_display()},
            code="card_not_active",
            details={"status": old.status},
        )
    old.status = CardStatus.BLOCKED
    old.blocked_at = clock.now()
    old.save(update_fields=["status", "blocked_at"])
    audit_record(
        actor=actor,
        action="card.report_lost",
        subject=old,
        before={"status": CardStatus.ACTIVE},
        after={"status": CardStatus.BLOCKED},
    )
    replacement = None
    if replacing:
        replacement = _issue(
            actor, old.honoree_id, old.batch, new_number, new_transit_number, replaces=old
        )
    return LostReport(blocked=old, replacement=replacement)


@transaction.atomic
def card_bind_transit(*, actor: Actor, card_number: str, transit_number: str) -> HonourCard:
    """Bind an active card to another transit card number (union staff); 409 if that
    number is bound to any other card."""
    require_role(actor, Role.UNION_STAFF)
    transit_number = compact(transit_number)
    _raise_if([transit_number_problem(transit_number)])
    card = get_visible(
        actor, HonourCard.objects.select_for_update(of=("self",)), number=compact(card_number)
    )
    if card.status != CardStatus.ACTIVE:
        raise InvalidTransition(
            _("Only an active card can be bound to a transit card (this one is %(s)s).")
            % {"s": card.get_status_display()},
            code="card_not_active",
            details={"status": card.status},
        )
    if card.transit_number == transit_number:
        return card
    taken = Conflict(
        _("The transit card number %(n)s is bound to another card.") % {"n": transit_number},
        code="transit_number_taken",
        details={"field": "transit_number"},
    )
    if HonourCard.objects.filter(transit_number=transit_number).exists():
        raise taken
    before = card.transit_number
    card.transit_number = transit_number
    try:
        with transaction.atomic():
            card.save(update_fields=["transit_number"])
    except IntegrityError:
        raise taken from None
    audit_record(
        actor=actor,
        action="card.bind_transit",
        subject=card,
        before={"transit_number": before},
        after={"transit_number": transit_number},
    )
    return card
