"""A ranking batch (评选批次, 2021 第三批) drafted, reopened, approved and published.

Drafted by the city-management office over some months and categories with its rule
(top and bottom, or thresholds), its numbers checked with the rule, every problem at
once; a second batch of the same year and sequence in a region is a 409, a retry with the
same ``Idempotency-Key`` answers the first. Drawn (draw.py), approved by a supervisor of
the region (no one else: 403), then published by the office (only once approved: 409):
every black-list entry then gets its rectification (整改任务), due 20 working days after
the day of publication by the official calendar (provisional past it)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.models import Department, Region
from onething.core.permissions import Actor
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import snapshot
from onething.core.services.idempotency import idempotent_create
from onething.core.services.timeline import timeline_step
from onething.core.workdays import due_after

from ...models import RankingBatch, RankingCategory, RankingEntry, Rectification, RectificationStep
from ...rules.ranking import (
    BLACK,
    DRAFT,
    NEITHER,
    TASK_OPEN,
    batch_next,
)
from ...rules.ranking_draw import (
    THRESHOLDS,
    TOP_BOTTOM,
    batch_title,
    entry_parts,
    rule_problems,
    weakest,
)
from .common import BATCH_AUDIT, batch_roles, batch_step, locked_batch, require_office

RECTIFICATION_WORKING_DAYS = 20
MAX_MONTHS = 24
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


def month_of(field: str, value) -> tuple[dt.date | None, FieldProblem | None]:
    """The first day of the month ``value`` names (a date, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1), None
    found = _MONTH.match(str(value or "").strip())
    if found:
        try:
            return dt.date(int(found[1]), int(found[2]), 1), None
        except ValueError:
            pass
    return None, FieldProblem(field, "format", _("A month (YYYY-MM) is expected."))


def points_centi(field: str, value) -> tuple[int | None, FieldProblem | None]:
    """A score typed out of 100 (two decimals at most) as × 100; None for none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, FieldProblem(field, "type", _("A number is expected."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None, FieldProblem(field, "type", _("A number is expected."))
    if not number.is_finite() or abs(number) > 1000:  # a score is out of 100
        return None, FieldProblem(field, "range", _("A score from 0 to 100."))
    if number != number.quantize(Decimal("0.01")):
        return None, FieldProblem(field, "decimals", _("At most two decimals."))
    return int(number * 100), None


def _whole(field: str, value, low: int, high: int) -> tuple[int | None, FieldProblem | None]:
    if value is None or value == "":
        return None, None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            return None, FieldProblem(field, "type", _("A whole number is expected."))
    if not low <= value <= high:
        return None, FieldProblem(
            field, "range", _("A whole number from %(a)s to %(b)s.") % {"a": low, "b": high}
        )
    return value, None


def _region(actor: Actor, region_code: str) -> tuple[Region | None, FieldProblem | None]:
    """The batch's region: the one named, else the office's own (the department's), else the
    city; within the actor's reach."""
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            return None, FieldProblem(
                "region", "unknown", _("Unknown region %(c)s.") % {"c": region_code}
            )
    elif actor.department_id:
        region = Department.objects.select_related("region").get(pk=actor.department_id).region
    else:
        region = Region.objects.filter(code=settings.ONETHING_CITY_CODE).first()
    if region is None:
        return None, FieldProblem("region", "required", _("This field is required."))
    if actor.region_path and not region.path.startswith(actor.region_path):
        return None, FieldProblem(
            "region", "outside", _("%(r)s is outside your region.") % {"r": region.name}
        )
    return region, None


def _categories(codes) -> tuple[list[RankingCategory], list[FieldProblem]]:
    if not isinstance(codes, list | tuple) or not codes:
        return [], [FieldProblem("categories", "required", _("Choose one category at least."))]
    found = {c.code: c for c in RankingCategory.objects.filter(code__in=[str(c) for c in codes])}
    problems = [
        FieldProblem(f"categories.{i}", "unknown", _("Unknown category %(c)s.") % {"c": code})
        for i, code in enumerate(codes)
        if str(code) not in found
    ]
    if len(set(map(str, codes))) != len(codes):
        problems.append(FieldProblem("categories", "unique", _("A category is named twice.")))
    return [found[str(c)] for c in dict.fromkeys(codes) if str(c) in found], problems


def batch_create(
    *,
    actor: Actor,
    year,
    sequence,
    period_start,
    period_end,
    categories: list[str],
    rule: str,
    red_count=0,
    black_count=0,
    red_at_least=None,
    black_below=None,
    title: str = "",
    region_code: str = "",
    idempotency_key: str | None = None,
) -> RankingBatch:
    """Draft a batch (the office): its year and sequence (unique in its region: 409 for a
    second), its months (``YYYY-MM``, at most 24), its categories and its rule with the
    numbers the rule needs (top and bottom: the lists' sizes; thresholds: the scores out
    of 100), every problem at once (422). A retry with the same key answers the first."""
    require_office(actor)
    given = {
        "year": year,
        "sequence": sequence,
        "period_start": period_start,
        "period_end": period_end,
        "categories": list(categories) if isinstance(categories, list | tuple) else categories,
        "rule": rule,
        "red_count": red_count,
        "black_count": black_count,
        "red_at_least": red_at_least,
        "black_below": black_below,
        "title": title,
        "region_code": region_code,
    }
    batch, _new = idempotent_create(
        actor=actor,
        operation="citymgmt.batch_create",
        key=idempotency_key,
        payload={k: v if isinstance(v, int | list | None) else str(v) for k, v in given.items()},
        model=RankingBatch,
        create=lambda: _create(actor, **given),
    )
    return batch


@transaction.atomic
def _create(actor: Actor, **given) -> RankingBatch:
    year, year_problem = _whole("year", given["year"], 2000, 2100)
    sequence, sequence_problem = _whole("sequence", given["sequence"], 1, 99)
    start, start_problem = month_of("period_start", given["period_start"])
    end, end_problem = month_of("period_end", given["period_end"])
    region, region_problem = _region(actor, (given["region_code"] or "").strip())
    categories, category_problems = _categories(given["categories"])
    rule = given["rule"]
    red_count, red_count_problem = _whole("red_count", given["red_count"] or 0, 0, 100)
    black_count, black_count_problem = _whole("black_count", given["black_count"] or 0, 0, 100)
    red_at_least, red_at_problem = points_centi("red_at_least", given["red_at_least"])
    black_below, black_below_problem = points_centi("black_below", given["black_below"])
    title = (given["title"] or "").strip()
    problems = [
        year_problem
        or (None if year else FieldProblem("year", "required", _("This field is required."))),
        sequence_problem
        or (
            None if sequence else FieldProblem("sequence", "required", _("This field is required."))
        ),
        start_problem,
        end_problem,
        region_problem,
        *category_problems,
        red_count_problem,
        black_count_problem,
        red_at_problem,
        black_below_problem,
        FieldProblem("title", "max_length", _("At most %(n)s characters.") % {"n": 100})
        if len(title) > 100
        else None,
    ]
    if start and end:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months < 1:
            problems.append(
                FieldProblem("period_end", "order", _("The last month comes before the first."))
            )
        elif months > MAX_MONTHS:
            problems.append(
                FieldProblem("period_end", "range", _("At most %(n)s months.") % {"n": MAX_MONTHS})
            )
    numbers = (red_count_problem, black_count_problem, red_at_problem, black_below_problem)
    if not any(numbers):  # the rule with its numbers, once each number reads
        problems += rule_problems(
            rule,
            red_count=red_count,
            black_count=black_count,
            red_at_least=red_at_least,
            black_below=black_below,
        )
    elif rule not in (TOP_BOTTOM, THRESHOLDS):
        problems += rule_problems(
            rule, red_count=0, black_count=0, red_at_least=None, black_below=None
        )
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)
    if RankingBatch.objects.filter(region=region, year=year, sequence=sequence).exists():
        raise _duplicate(region, year, sequence)
    top_bottom = rule == TOP_BOTTOM
    try:
        with transaction.atomic():
            batch = RankingBatch.objects.create(
                year=year,
                sequence=sequence,
                title=title or batch_title(year, sequence),
                region=region,
                period_start=start,
                period_end=end,
                rule=rule,
                red_count=red_count if top_bottom else 0,
                black_count=black_count if top_bottom else 0,
                red_at_least=None if top_bottom else red_at_least,
                black_below=None if top_bottom else black_below,
                status=DRAFT,
                created_by_id=actor.user_id,
                created_at=clock.now(),
            )
    except IntegrityError:  # a concurrent draft of the same batch
        raise _duplicate(region, year, sequence) from None
    batch.categories.set(categories)
    batch_step(batch, "create", actor)
    return batch


def _duplicate(region: Region, year: int, sequence: int) -> Conflict:
    return Conflict(
        _("%(r)s has a batch %(n)s of %(y)s already.")
        % {"r": region.name, "n": sequence, "y": year},
        code="duplicate_batch",
        details={"fields": ["year", "sequence"], "year": year, "sequence": sequence},
    )


def moved(batch: RankingBatch, action: str, actor: Actor, *, note: str = "", **changes):
    before = snapshot(batch, BATCH_AUDIT)
    batch.status = batch_next(batch.status, action, batch_roles(actor)[0], system=actor.is_system)
    for field, value in changes.items():
        setattr(batch, field, value)
    batch.save()
    batch_step(batch, action, actor, note=note, before=before)
    return batch


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationFailed.one(
            "note", "max_length", _("At most %(n)s characters.") % {"n": 500}
        )
    return note


@transaction.atomic
def batch_reopen(*, actor: Actor, batch_id: int, note: str = "") -> RankingBatch:
    """Back to the draft (the office): the lists drawn are cleared (the sites' scores
    stay), to change the scores or draw again."""
    note = _note(note)
    batch = locked_batch(actor, batch_id)
    batch_next(batch.status, "reopen", batch_roles(actor)[0], system=actor.is_system)
    batch.entries.filter(street__isnull=False).delete()
    batch.entries.update(rank=None, list=NEITHER, previous=None, not_improved=False)
    return moved(batch, "reopen", actor, note=note)


@transaction.atomic
def batch_approve(*, actor: Actor, batch_id: int, note: str = "") -> RankingBatch:
    """Approve the lists drawn (a supervisor of the batch's region only: 403 for anyone
    else)."""
    note = _note(note)
    batch = locked_batch(actor, batch_id)
    return moved(
        batch, "approve", actor, note=note, approved_by_id=actor.user_id, approved_at=clock.now()
    )


@transaction.atomic
def batch_publish(*, actor: Actor, batch_id: int, note: str = "") -> RankingBatch:
    """Publish an approved batch on the public page (the office; a batch not approved:
    409). Every black-list entry gets its rectification: the department managing the
    street or site puts right its weakest parts within 20 working days of today."""
    note = _note(note)
    batch = locked_batch(actor, batch_id)
    now = clock.now()
    moved(batch, "publish", actor, note=note, published_at=now)
    due = due_after(timezone.localdate(now), RECTIFICATION_WORKING_DAYS, official_calendar())
    blacks = batch.entries.filter(list=BLACK).select_related(
        "category", "street__department", "site__department"
    )
    for entry in blacks:
        subject = entry.street or entry.site
        task = Rectification.objects.create(
            entry=entry,
            department=subject.department,
            required=required_text(entry),
            due_on=due.date,
            due_provisional=due.provisional,
            status=TASK_OPEN,
            created_at=now,
        )
        timeline_step(
            RectificationStep,
            subject=task,
            action="create",
            actor=actor,
            audit_action="rectification.create",
            audited=["status", "department", "due_on", "due_provisional"],
            at=now,
            rectification=task,
            status_after=TASK_OPEN,
        )
    return batch


def required_text(entry: RankingEntry) -> str:
    """What a black-list entry's rectification asks: its weakest parts first (and that it
    did not improve since the last black list, when so), in the city's language (a record
    every reader sees, whatever the publisher's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _required_text(entry)


def _required_text(entry: RankingEntry) -> str:
    lowest = weakest(entry_parts(entry.components, bool(entry.street_id)))
    text = _("On the black list of %(c)s with %(s)s points.") % {
        "c": entry.category.name,
        "s": f"{entry.score_centi / 100:.2f}",
    }
    if lowest:
        text += " " + _("Put right first: %(parts)s.") % {
            "parts": pgettext("list separator", ", ").join(
                f"{name} ({v / 100:.2f})" for name, v in lowest
            )
        }
    if entry.not_improved:
        text += " " + _("Not improved since the last black list: a second time running.")
    return text
