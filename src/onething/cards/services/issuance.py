"""Issuing a batch's cards from the card manufacturer's list: each row a card number, the
太湖交通卡 number the card is bound to, and the holder's resident ID number.

All or nothing: every row is checked first and any problem answers 422 listing each as
``rows.<i>.<field>`` (``i`` from 0); otherwise every card is issued as
:func:`~onething.cards.services.cards.card_issue` issues one (same checks, same
``card.issue`` audit entry, the replacement of a card reported lost linked), in a few
statements, and the batch's issue is audited once more as a whole. The rules a row can
break: the numbers' format (``format``, ``required``), the ID number (GB 11643), a number
twice in the list (``duplicate_in_list``), a card or transit number already issued
(``card_number_taken``, ``transit_number_taken``), a holder not in the registry
(``not_in_registry``), not active (``honoree_not_active``), of a level that gets no card
(``level_without_card``), or holding an active card already (``has_active_card``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.identity import PII_FIELDS, resident_id_problem
from onething.core.models import Person, Role
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services.audit import audit_record, audit_record_many

from ..models import CardStatus, Honoree, HonoreeStatus, HonourCard, IssuanceBatch
from ..rules.numbers import compact
from .cards import card_number_problem, level_problem, transit_number_problem

MAX_ROWS = 10000
CHUNK = 500
FIELDS = ("number", "transit_number", "id_number")


def _at(i: int, problem: FieldProblem) -> FieldProblem:
    return FieldProblem(f"rows.{i}.{problem.field}", problem.rule, problem.message)


def _row_order(problem: FieldProblem) -> tuple[int, str]:
    return int(problem.field.split(".")[1]), problem.field


def _clean(rows: Any) -> tuple[list[dict[str, str]], list[FieldProblem]]:
    """Each row's numbers, compacted, and the problems of their form and repetition."""
    if not isinstance(rows, list | tuple) or not rows:
        raise ValidationFailed.one("rows", "required", _("Send at least one row."))
    if len(rows) > MAX_ROWS:
        raise ValidationFailed.one(
            "rows", "max_items", _("At most %(n)s rows per request.") % {"n": MAX_ROWS}
        )
    problems: list[FieldProblem] = []
    cleaned: list[dict[str, str]] = []
    for i, raw in enumerate(rows):
        if not isinstance(raw, Mapping):
            problems.append(FieldProblem(f"rows.{i}", "type", _("An object is expected.")))
            cleaned.append({})
            continue
        row = {field: compact(raw.get(field)).upper() for field in FIELDS}
        found = [
            card_number_problem(row["number"]),
            transit_number_problem(row["transit_number"]),
            resident_id_problem(row["id_number"]),
        ]
        problems += [_at(i, p) for p in found if p]
        cleaned.append(row)
    for field in FIELDS:
        seen: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(cleaned):
            if row.get(field):
                seen[row[field]].append(i)
        for indexes in seen.values():
            for i in indexes if len(indexes) > 1 else ():
                others = ", ".join(str(j) for j in indexes if j != i)
                problems.append(
                    FieldProblem(
                        f"rows.{i}.{field}",
                        "duplicate_in_list",
                        _("The same number is in rows %(rows)s too.") % {"rows": others},
                    )
                )
    return cleaned, problems


def _chunks(values: list[str]):
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _taken(rows: list[dict[str, str]]) -> list[FieldProblem]:
    numbers = [r["number"] for r in rows]
    transits = [r["transit_number"] for r in rows]
    taken_numbers: set[str] = set()
    taken_transits: set[str] = set()
    for part in _chunks(numbers):
        taken_numbers |= set(
            HonourCard.objects.filter(number__in=part).values_list("number", flat=True)
        )
    for part in _chunks(transits):
        taken_transits |= set(
            HonourCard.objects.filter(transit_number__in=part).values_list(
                "transit_number", flat=True
            )
        )
    problems = []
    for i, row in enumerate(rows):
        if row["number"] in taken_numbers:
            problems.append(
                FieldProblem(
                    f"rows.{i}.number",
                    "card_number_taken",
                    _("The card number %(n)s is already taken.") % {"n": row["number"]},
                )
            )
        if row["transit_number"] in taken_transits:
            problems.append(
                FieldProblem(
                    f"rows.{i}.transit_number",
                    "transit_number_taken",
                    _("The transit card number %(n)s is bound to another card.")
                    % {"n": row["transit_number"]},
                )
            )
    return problems


def _holders(rows: list[dict[str, str]]) -> tuple[list[Honoree | None], list[FieldProblem]]:
    """Each row's honoree (locked, in id order: one issuer at a time) and its problems."""
    digest = {
        r["id_number"]: keyring().digest(r["id_number"], PII_FIELDS["id_number"]) for r in rows
    }
    people: dict[str, int] = {}
    for part in _chunks(list(digest.values())):
        people.update(
            Person.objects.filter(id_number_digest__in=part).values_list("id_number_digest", "pk")
        )
    honoree_ids = sorted(
        Honoree.objects.filter(person_id__in=list(people.values())).values_list("pk", flat=True)
    )
    by_person: dict[int, Honoree] = {}
    for part in range(0, len(honoree_ids), CHUNK):
        locked = Honoree.objects.select_for_update().filter(pk__in=honoree_ids[part : part + CHUNK])
        by_person.update({h.person_id: h for h in locked.order_by("pk")})
    active = set(
        HonourCard.objects.filter(honoree_id__in=honoree_ids, status=CardStatus.ACTIVE).values_list(
            "honoree_id", flat=True
        )
    )
    holders: list[Honoree | None] = []
    problems: list[FieldProblem] = []
    for i, row in enumerate(rows):
        honoree = by_person.get(people.get(digest[row["id_number"]], 0))
        holders.append(honoree)
        if honoree is None:
            problems.append(
                FieldProblem(
                    f"rows.{i}.id_number",
                    "not_in_registry",
                    _("The holder of this ID number is not in the honorees' registry."),
                )
            )
            continue
        if honoree.status != HonoreeStatus.ACTIVE:
            problems.append(
                FieldProblem(
                    f"rows.{i}.id_number",
                    "honoree_not_active",
                    _("Cards are issued to active honorees only (this one is %(s)s).")
                    % {"s": honoree.get_status_display()},
                )
            )
        level = level_problem(honoree, f"rows.{i}.id_number")
        if level:
            problems.append(level)
        if honoree.pk in active:
            problems.append(
                FieldProblem(
                    f"rows.{i}.id_number",
                    "has_active_card",
                    _("The honoree already has an active card."),
                )
            )
    return holders, problems


def _lost_cards(honoree_ids: list[int]) -> dict[int, HonourCard]:
    """Each honoree's latest card reported lost and not replaced (the new card replaces it)."""
    lost: dict[int, HonourCard] = {}
    rows = HonourCard.objects.filter(
        honoree_id__in=honoree_ids, status=CardStatus.BLOCKED, replaced_by__isnull=True
    ).order_by("-blocked_at", "-id")
    for card in rows:
        lost.setdefault(card.honoree_id, card)
    return lost


@transaction.atomic
def cards_issue_batch(
    *, actor: Actor, batch_number: int, rows: list[dict[str, Any]]
) -> list[HonourCard]:
    """Issue the cards of the manufacturer's list into the batch numbered ``batch_number``
    (union staff; 404 for an unknown batch): every row or none (see the module's doc).
    Answers the cards issued, in the list's order."""
    require_role(actor, Role.UNION_STAFF)
    batch = get_visible(actor, IssuanceBatch.objects.all(), number=batch_number)
    cleaned, problems = _clean(rows)
    if problems:
        raise ValidationFailed(problems)
    holders, found = _holders(cleaned)
    problems = sorted([*_taken(cleaned), *found], key=_row_order)
    if problems:
        raise ValidationFailed(problems)
    replaced = _lost_cards([h.pk for h in holders])
    now = clock.now()
    cards = [
        HonourCard(
            number=row["number"],
            transit_number=row["transit_number"],
            honoree=honoree,
            batch=batch,
            status=CardStatus.ACTIVE,
            issued_at=now,
            replaces=replaced.get(honoree.pk),
        )
        for row, honoree in zip(cleaned, holders, strict=True)
    ]
    try:
        with transaction.atomic():
            HonourCard.objects.bulk_create(cards, batch_size=CHUNK)
    except IntegrityError:  # a concurrent issue took a number meanwhile
        raise Conflict(
            _("The cards could not be issued: a number was taken meanwhile. Send the list again."),
            code="card_conflict",
        ) from None
    audit_record_many(
        actor=actor,
        records=[
            {
                "action": "card.issue",
                "subject": card,
                "after": {
                    "number": card.number,
                    "transit_number": card.transit_number,
                    "honoree": card.honoree_id,
                    "batch": batch.number,
                    "replaces": card.replaces.number if card.replaces else None,
                },
            }
            for card in cards
        ],
    )
    audit_record(
        actor=actor,
        action="card_batch.issue",
        subject=batch,
        after={"number": batch.number, "cards": len(cards)},
    )
    return cards
