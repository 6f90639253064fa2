"""Drawing a batch's lists (the office): per category, each candidate's score, its rank
and its list by the batch's rule (rules.ranking.draw), and its black-list entry of the
batch before.

A category of streets ranks every street of the batch's region with a closed month in
the batch's months: its score is the mean of its monthly scores (StreetMonth, read
directly), its components the months used and the means of the parts (residents'
scores, inspectors' checks, 12345 complaints, each out of 100). A category of sites
ranks the sites scored in the batch (scores.py). The batch before is the latest batch of
the same region published earlier (by year and sequence) that ranked the category; a
street or site on its black list gets that entry as ``previous`` and, when its new score
is not higher, the flag ``not_improved``."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from onething.core.errors import Conflict
from onething.core.permissions import Actor
from onething.core.selectors.regions import region_ids_under

from ...models import RankingBatch, RankingCategory, RankingEntry, StreetMonth
from ...rules.ranking import (
    BLACK,
    PUBLISHED,
    RED,
    STREETS,
    batch_next,
)
from ...rules.ranking_draw import (
    Candidate,
    draw,
    not_improved,
    period_months,
)
from .batches import moved
from .common import batch_roles, locked_batch


def _mean(values: list[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def street_scores(batch: RankingBatch) -> list[tuple[int, str, int, dict]]:
    """(street id, its code, its score × 100, its components) of every street of the
    batch's region with a closed month in the batch's months."""
    months = period_months(batch.period_start, batch.period_end)
    region_ids = region_ids_under(batch.region.path)
    rows = (
        StreetMonth.objects.filter(month__in=months, street__is_active=True)
        .filter(Q(street__district_id__in=region_ids) | Q(street__street_office_id__in=region_ids))
        .values_list(
            "street_id",
            "street__code",
            "month",
            "score_centi",
            "resident_centi",
            "inspection_mark",
            "complaint_count",
        )
        .order_by("street_id", "month")
    )
    found: dict[int, dict] = defaultdict(
        lambda: {"code": "", "months": [], "scores": [], "r": [], "i": [], "c": [], "n": 0}
    )
    for street_id, code, month, score, residents, inspections, complaints in rows:
        one = found[street_id]
        one["code"] = code
        one["months"].append(f"{month:%Y-%m}")
        one["scores"].append(score)
        if residents is not None:  # mean 1–5 (× 100) → 0–100 (× 100)
            one["r"].append((residents - 100) * 25)
        if inspections is not None:
            one["i"].append(inspections * 100)
        one["c"].append(max(0, 100 - 10 * complaints) * 100)
        one["n"] += complaints
    return [
        (
            street_id,
            one["code"],
            _mean(one["scores"]),
            {
                "months": one["months"],
                "parts": {
                    "residents": _mean(one["r"]),
                    "inspections": _mean(one["i"]),
                    "complaints": _mean(one["c"]),
                },
                "complaints": one["n"],
            },
        )
        for street_id, one in found.items()
    ]


def _previous_blacks(batch: RankingBatch, category: RankingCategory) -> dict[tuple, tuple]:
    """(``("street", id)`` or ``("site", id)``) → (entry id, score × 100) of the black list
    of the batch before (see the module)."""
    before = (
        RankingBatch.objects.filter(
            region_id=batch.region_id, status=PUBLISHED, categories=category
        )
        .filter(Q(year__lt=batch.year) | Q(year=batch.year, sequence__lt=batch.sequence))
        .order_by("-year", "-sequence")
        .first()
    )
    if before is None:
        return {}
    rows = RankingEntry.objects.filter(batch=before, category=category, list=BLACK).values_list(
        "pk", "street_id", "site_id", "score_centi"
    )
    return {
        ("street", street) if street else ("site", site): (pk, score)
        for pk, street, site, score in rows
    }


def _drawn_entries(
    batch: RankingBatch, category: RankingCategory
) -> tuple[list[RankingEntry], dict[tuple, str]]:
    """The category's entries with their scores (streets: new, not saved; sites: those
    scored), before the draw, and each one's code (the tie rule's order)."""
    if category.subject == STREETS:
        scored = street_scores(batch)
        entries = [
            RankingEntry(
                batch=batch,
                category=category,
                street_id=street_id,
                score_centi=score,
                components=components,
            )
            for street_id, _code, score, components in scored
        ]
        return entries, {("street", street_id): code for street_id, code, _s, _c in scored}
    entries = list(
        batch.entries.filter(category=category, site__isnull=False).select_related("site")
    )
    return entries, {("site", e.site_id): e.site.code for e in entries}


@transaction.atomic
def batch_draw(*, actor: Actor, batch_id: int) -> RankingBatch:
    """Draw the lists of a draft batch, or draw them again (the office). A category with
    nothing to rank (no closed month of its streets, no site scored) is a 409 naming it."""
    batch = locked_batch(actor, batch_id)
    batch_next(batch.status, "draw", batch_roles(actor)[0], system=actor.is_system)
    categories = list(batch.categories.all())
    drawn = {c.pk: _drawn_entries(batch, c) for c in categories}
    empty = [c for c in categories if not drawn[c.pk][0]]
    if empty:
        raise Conflict(
            _("Nothing to rank in %(c)s: no closed month of its streets or no site scored.")
            % {"c": "、".join(c.name for c in empty)},
            code="no_candidates",
            details={"categories": [c.code for c in empty]},
        )
    batch.entries.filter(street__isnull=False).delete()
    reds = blacks = flagged = 0
    for category in categories:
        entries, codes = drawn[category.pk]
        keyed = {
            ("street", e.street_id) if e.street_id else ("site", e.site_id): e for e in entries
        }
        result = draw(
            [Candidate(k, e.score_centi, codes[k]) for k, e in keyed.items()],
            batch.rule,
            red_count=batch.red_count,
            black_count=batch.black_count,
            red_at_least=batch.red_at_least,
            black_below=batch.black_below,
        )
        before = _previous_blacks(batch, category)
        for one in result:
            entry = keyed[one.key]
            entry.rank, entry.list = one.rank, one.list
            previous = before.get(one.key)
            entry.previous_id = previous[0] if previous else None
            entry.not_improved = not_improved(previous[1] if previous else None, one.score_centi)
            reds += one.list == RED
            blacks += one.list == BLACK
            flagged += entry.not_improved
        if category.subject == STREETS:
            RankingEntry.objects.bulk_create(entries)
        else:
            RankingEntry.objects.bulk_update(entries, ["rank", "list", "previous", "not_improved"])
    with translation.override(settings.LANGUAGE_CODE):  # a record, in the city's words
        note = _("Red list %(r)s, black list %(b)s, not improved %(f)s.") % {
            "r": reds,
            "b": blacks,
            "f": flagged,
        }
    return moved(batch, "draw", actor, note=note)
