"""Tariffs: the price of one use of a venue, the subsidy owed per swipe."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import snapshot

from ...models import Tariff
from .common import (
    CONFIG_ROLES,
    MAX_PRICE_FEN,
    int_problem,
    parse_date,
    period_problem,
    periods_overlap,
    raise_if,
    save_audited,
    venue_for_write,
)

TARIFF_FIELDS = ["venue", "price_fen", "valid_from", "valid_to"]


@transaction.atomic
def tariff_set(
    *,
    actor: Actor,
    venue_code: str,
    price_fen: int,
    valid_from: dt.date | str,
    valid_to: dt.date | str | None = None,
) -> Tariff:
    """The price of one use of a venue (the subsidy owed per swipe), in fen, from a day.

    The periods of one venue never overlap (422 ``overlap``), with one convenience: an
    open-ended period that began before ``valid_from`` is closed the day before (setting a
    new price from a day is what staff mean). Ledger rows already written keep their
    amounts; a wrong one is put right by a correction."""
    require_role(actor, *CONFIG_ROLES)
    problems: list[FieldProblem] = []
    venue = venue_for_write(
        venue_code, problems, lock=True
    )  # one tariff change per venue at a time
    problem = int_problem("price_fen", price_fen, 0, MAX_PRICE_FEN)
    if problem:
        problems.append(problem)
    start = parse_date("valid_from", valid_from, problems)
    end = parse_date("valid_to", valid_to, problems, required=False)
    raise_if([*problems, period_problem(start, end)])
    closing = None
    for other in Tariff.objects.filter(venue=venue).order_by("valid_from"):
        if not periods_overlap(start, end, other.valid_from, other.valid_to):
            continue
        if other.valid_to is None and other.valid_from < start and closing is None:
            closing = other
            continue
        raise ValidationFailed.one(
            "valid_from",
            "overlap",
            _("The tariff of %(from)s–%(to)s already covers part of this period.")
            % {"from": other.valid_from, "to": other.valid_to or "…"},
        )
    if closing is not None:
        before = snapshot(closing, TARIFF_FIELDS)
        closing.valid_to = start - dt.timedelta(days=1)
        save_audited(
            actor, closing, "tariff.close", TARIFF_FIELDS, before, ["valid_to"], bump=False
        )
    tariff = Tariff(venue=venue, price_fen=price_fen, valid_from=start, valid_to=end)
    return save_audited(actor, tariff, "tariff.set", TARIFF_FIELDS, None)
