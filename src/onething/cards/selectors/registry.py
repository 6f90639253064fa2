"""Reads of the registry and the physical cards, scoped: union staff see everything, an
honoree their own record and cards, anyone else nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.crypto import keyring
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.identity import PII_FIELDS, resident_id_problem
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role, visible
from onething.core.selectors.parties import person_find_by_id_number

from ..models import CardStatus, Honoree, HonoreeStatus, HonourCard, HonourLevel, IssuanceBatch
from ..rules.numbers import compact
from ..rules.reach import as_platform


def _choice(field: str, value: str, choices: list[str]) -> str:
    if value and value not in choices:
        raise ValidationFailed(
            [FieldProblem(field, "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(choices)})]
        )
    return value


def _with_active_card(qs: QuerySet[Honoree]) -> QuerySet[Honoree]:
    active = HonourCard.objects.filter(honoree=OuterRef("pk"), status=CardStatus.ACTIVE)
    return qs.select_related("person__region").annotate(
        active_card=Subquery(active.values("number")[:1])
    )


def honorees_list(
    actor: Actor, *, q: str = "", level: str = "", status: str = ""
) -> QuerySet[Honoree]:
    """Honorees the actor may see, newest first. ``q``: part of a name, a card or transit
    card number, or a full ID number (found by its keyed hash; the lookup is audited)."""
    _choice("level", level, HonourLevel.values)
    _choice("status", status, HonoreeStatus.values)
    qs = visible(actor, Honoree.objects.all())
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        number = compact(q).upper()
        if len(number) == 18 and resident_id_problem(number) is None:
            if actor.has_role(Role.UNION_STAFF):  # a search of the whole registry: audited
                person = person_find_by_id_number(actor=as_platform(actor), id_number=number)
                qs = qs.filter(person=person) if person else qs.none()
            else:  # within the actor's own scope
                digest = keyring().digest(number, PII_FIELDS["id_number"])
                qs = qs.filter(person__id_number_digest=digest)
        else:
            cards = HonourCard.objects.filter(Q(number=number) | Q(transit_number=number))
            qs = qs.filter(Q(person__name__icontains=q) | Q(pk__in=cards.values("honoree_id")))
    return _with_active_card(qs).order_by("-registered_at", "-id")


def honoree_get(actor: Actor, honoree_id: int) -> Honoree:
    return get_visible(
        actor,
        _with_active_card(Honoree.objects.all()).prefetch_related("status_history", "cards"),
        pk=honoree_id,
    )


EXPORT_HEADERS = [
    gettext_lazy("Name"),
    gettext_lazy("ID number"),
    gettext_lazy("Phone"),
    gettext_lazy("Region code"),
    gettext_lazy("Honour level"),
    gettext_lazy("Honour title"),
    gettext_lazy("Year awarded"),
    gettext_lazy("Work unit"),
    gettext_lazy("Status"),
    gettext_lazy("Active card"),
    gettext_lazy("Registered"),
]


def honorees_export(
    actor: Actor, *, q: str = "", level: str = "", status: str = ""
) -> tuple[list[str], list[list[Any]]]:
    """The listed honorees as rows for CSV or .xlsx (union staff). Identity and phone
    numbers are masked: an export leaves the platform's audit trail."""
    require_role(actor, Role.UNION_STAFF)
    rows = [
        [
            h.person.name,
            h.person.id_number_masked,
            h.person.phone_masked,
            h.person.region.code,
            str(h.get_level_display()),
            h.title,
            h.year,
            h.work_unit,
            str(h.get_status_display()),
            h.active_card or "",
            h.registered_at,
        ]
        for h in honorees_list(actor, q=q, level=level, status=status).iterator(chunk_size=1000)
    ]
    return [str(h) for h in EXPORT_HEADERS], rows


def cards_list(
    actor: Actor, *, status: str = "", batch: int | None = None, q: str = ""
) -> QuerySet[HonourCard]:
    """Cards the actor may see, newest first; ``batch`` is the batch number, ``q`` a card or
    transit card number."""
    _choice("status", status, CardStatus.values)
    qs = visible(actor, HonourCard.objects.all()).select_related(
        "honoree__person", "batch", "replaces", "replaced_by"
    )
    if status:
        qs = qs.filter(status=status)
    if batch is not None:
        qs = qs.filter(batch__number=batch)
    if q:
        number = compact(q)
        qs = qs.filter(Q(number=number) | Q(transit_number=number))
    return qs.order_by("-issued_at", "-id")


def card_get(actor: Actor, number: str) -> HonourCard:
    return get_visible(
        actor,
        HonourCard.objects.select_related("honoree__person", "batch", "replaces", "replaced_by"),
        number=compact(number),
    )


def batches_list(actor: Actor) -> QuerySet[IssuanceBatch]:
    """The issuance batches (union staff) with their cards counted by status."""
    return visible(actor, IssuanceBatch.objects.all()).annotate(
        cards_total=Count("cards"),
        cards_active=Count("cards", filter=Q(cards__status=CardStatus.ACTIVE)),
        cards_blocked=Count("cards", filter=Q(cards__status=CardStatus.BLOCKED)),
        cards_revoked=Count("cards", filter=Q(cards__status=CardStatus.REVOKED)),
    )
