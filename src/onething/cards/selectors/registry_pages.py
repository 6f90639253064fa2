"""Reads for the union staff's registry and card pages, scoped like the rest of the
registry's selectors: the registry searched by name, work unit or full ID number; one
honoree's whole record (status history, certificates, cards); the batches for a choice;
and the audited read of an honoree's full ID number."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.identity import PURPOSE_MAX, resident_id_problem
from onething.core.models import Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.selectors.parties import person_reveal

from ..models import (
    Certificate,
    Honoree,
    HonoreeStatusChange,
    HonourCard,
    IssuanceBatch,
)
from ..rules.numbers import compact
from ..rules.reach import as_platform
from .registry import batches_list, honoree_get, honorees_list


def is_id_number(q: str) -> bool:
    """Whether ``q`` is a whole, valid resident ID number."""
    number = compact(q).upper()
    return len(number) == 18 and resident_id_problem(number) is None


def honoree_by_id_number(actor: Actor, id_number: str) -> Honoree | None:
    """The honoree holding a full ID number (found by its keyed hash, the lookup audited),
    if the actor may see them."""
    return honorees_list(actor, q=id_number).first()


def registry_list(
    actor: Actor,
    *,
    q: str = "",
    level: str = "",
    status: str = "",
    year: int | None = None,
) -> QuerySet[Honoree]:
    """The registry as the union's list shows it, newest first. ``q``: a full ID number
    (found by its keyed hash, the lookup audited), else part of a name or of a work unit, or
    a card or transit card number. ``level`` and ``status`` are checked (422 naming the
    field); ``year`` is the year awarded."""
    q = (q or "").strip()
    if q and is_id_number(q):
        qs = honorees_list(actor, q=q, level=level, status=status)
    else:
        qs = honorees_list(actor, level=level, status=status)
        if q:
            number = compact(q)
            cards = HonourCard.objects.filter(Q(number=number) | Q(transit_number=number))
            qs = qs.filter(
                Q(person__name__icontains=q)
                | Q(work_unit__icontains=q)
                | Q(pk__in=cards.values("honoree_id"))
            )
    if year is not None:
        qs = qs.filter(year=year)
    return qs


@dataclass(frozen=True)
class HonoreeRecord:
    honoree: Honoree
    history: list[HonoreeStatusChange]
    certificates: list[Certificate]
    cards: list[HonourCard]

    @property
    def active_card(self) -> HonourCard | None:
        return next((c for c in self.cards if c.status == "active"), None)


def honoree_record(actor: Actor, honoree_id: int) -> HonoreeRecord:
    """One honoree (404 outside the actor's scope) with the status history oldest first,
    the certificates and the cards newest first."""
    honoree = honoree_get(actor, honoree_id)
    history = visible(
        actor, HonoreeStatusChange.objects.filter(honoree=honoree).select_related("by")
    ).order_by("at", "id")
    certificates = visible(actor, Certificate.objects.filter(honoree=honoree)).order_by(
        "-issued_at", "-id"
    )
    cards = visible(
        actor,
        HonourCard.objects.filter(honoree=honoree).select_related(
            "batch", "replaces", "replaced_by"
        ),
    ).order_by("-issued_at", "-id")
    return HonoreeRecord(honoree, list(history), list(certificates), list(cards))


def batch_choices(actor: Actor) -> QuerySet[IssuanceBatch]:
    """The issuance batches the actor may choose from, by number (nothing for non-union)."""
    return visible(actor, IssuanceBatch.objects.all()).order_by("number")


@transaction.atomic
def honoree_id_reveal(*, actor: Actor, honoree_id: int, purpose: str) -> str:
    """The honoree's full ID number, for union staff who give a reason: read through
    core's audited full read (``pii.read``, the purpose as its note, the account named)."""
    require_role(actor, Role.UNION_STAFF)
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationFailed.one("purpose", "required", _("Say why you need the full number."))
    if len(purpose) > PURPOSE_MAX:
        raise ValidationFailed.one(
            "purpose", "max_length", _("At most %(n)s characters.") % {"n": PURPOSE_MAX}
        )
    honoree = honoree_get(actor, honoree_id)  # 404 outside the actor's scope
    return person_reveal(
        actor=as_platform(actor), person_id=honoree.person_id, field="id_number", purpose=purpose
    )


def batches_page_list(actor: Actor, *, q: str = "") -> QuerySet[IssuanceBatch]:
    """The issuance batches with their cards counted by status, by number; ``q``: the
    batch number or part of its name."""
    qs = batches_list(actor)
    q = (q or "").strip()
    if q:
        match = Q(name__icontains=q)
        if q.isdigit() and len(q) <= 5:
            match |= Q(number=int(q))
        qs = qs.filter(match)
    return qs.order_by("number")
