"""The batch a gate that was offline uploads: every item checked first, then each
answered as one swipe is, in one transaction, de-duplicated by swipe id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.permissions import Actor

from ...models import Honoree, HonourCard, Swipe
from ...selectors.venues import gate_of
from .swipe import (
    Presented,
    SwipeRequest,
    decide_swipe,
    present_code,
    store_swipe,
    swipe_clean,
)

MAX_BATCH = 1000


def _batch_clean(swipes: Any, now: dt.datetime) -> list[SwipeRequest]:
    """Every item checked before anything is written: 422 names ``swipes.<i>.<field>``."""
    if not isinstance(swipes, list | tuple):
        raise ValidationFailed.one("swipes", "type", _("A list is expected."))
    if len(swipes) > MAX_BATCH:
        raise ValidationFailed.one(
            "swipes",
            "max_items",
            _("At most %(n)s swipes per batch: upload the rest in another.") % {"n": MAX_BATCH},
        )
    problems: list[FieldProblem] = []
    requests: list[SwipeRequest] = []
    first: dict[str, SwipeRequest] = {}
    for i, raw in enumerate(swipes):
        if not isinstance(raw, Mapping):
            problems.append(FieldProblem(f"swipes.{i}", "type", _("An object is expected.")))
            continue
        req, found = swipe_clean(raw, now=now, offline=True, prefix=f"swipes.{i}.")
        problems.extend(found)
        if req is None:
            continue
        earlier = first.setdefault(req.swipe_id, req)
        if earlier.credential != req.credential:
            problems.append(
                FieldProblem(
                    f"swipes.{i}.swipe_id",
                    "reused",
                    _("This swipe id is used earlier in the batch for another card or code."),
                )
            )
        requests.append(req)
    if problems:
        raise ValidationFailed(problems)
    return requests


def _present_batch(requests: list[SwipeRequest], now: dt.datetime) -> dict[str, Presented]:
    """Resolve each distinct swipe's card or code (cards in one query)."""
    cards: dict[str, HonourCard] = {}
    numbers = {r.card_number for r in requests if r.card_number}
    if numbers:
        rows = HonourCard.objects.filter(Q(transit_number__in=numbers) | Q(number__in=numbers))
        for card in rows.select_related("honoree"):
            cards[card.transit_number] = cards[card.number] = card
    presented: dict[str, Presented] = {}
    for req in requests:
        if req.swipe_id in presented:
            continue
        if req.card_number:
            card = cards.get(req.card_number)
            presented[req.swipe_id] = Presented(
                "card", card=card, honoree=card.honoree if card else None
            )
        else:
            presented[req.swipe_id] = present_code(req, now)
    return presented


def _lock_and_refresh(presented: list[Presented]) -> None:
    """Lock every honoree the new swipes name, in id order (two batches never deadlock),
    and read their status and their cards' status afresh under the lock."""
    honoree_ids = sorted({p.honoree.pk for p in presented if p.honoree is not None})
    locked = Honoree.objects.select_for_update().filter(pk__in=honoree_ids).order_by("pk")
    honorees = {h.pk: h for h in locked}
    card_ids = [p.card.pk for p in presented if p.card is not None]
    cards = {c.pk: c for c in HonourCard.objects.filter(pk__in=card_ids)}
    for p in presented:
        if p.card is not None:
            p.card = cards[p.card.pk]
        if p.honoree is not None:
            p.honoree = honorees[p.honoree.pk]
            if p.card is not None:
                p.card.honoree = p.honoree


@transaction.atomic
def swipes_upload(*, gate_actor: Actor, swipes: list[dict[str, Any]]) -> list[Swipe]:
    """The swipes a gate stored while offline, answered in order, each as
    :func:`swipe_authorize` would (``offline=True``), in one transaction: a swipe id already
    stored (or repeated in the batch) gets the stored answer and is counted once. At most
    1000 per batch; a malformed item → 422 naming ``swipes.<i>.<field>`` and nothing of the
    batch is written; a stored swipe id sent with another card → 409 listing them."""
    gate = gate_of(gate_actor)
    now = clock.now()
    requests = _batch_clean(swipes, now)
    ids = {r.swipe_id for r in requests}
    stored = {s.swipe_id: s for s in Swipe.objects.filter(gate_id=gate.id, swipe_id__in=ids)}
    presented = _present_batch(requests, now)
    reused = [
        {"index": i, "swipe_id": r.swipe_id}
        for i, r in enumerate(requests)
        if r.swipe_id in stored and not presented[r.swipe_id].same_as(stored[r.swipe_id])
    ]
    if reused:
        raise Conflict(
            _("Some swipe ids were already used by this gate for another card or code."),
            code="swipe_id_reused",
            details={"swipes": reused},
        )
    _lock_and_refresh([p for sid, p in presented.items() if sid not in stored])
    answers: list[Swipe] = []
    for req in requests:
        swipe = stored.get(req.swipe_id)
        if swipe is None:
            p = presented[req.swipe_id]
            swipe = store_swipe(gate, req, p, decide_swipe(gate, req, p, now), now, offline=True)
            stored[req.swipe_id] = swipe
        answers.append(swipe)
    return answers
