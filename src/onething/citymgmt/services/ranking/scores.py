"""The scores of the sites a batch ranks (markets, building sites…), entered by the
city-management office while the batch is a draft: a mark out of 100 per criterion of the
site's category, weighted by the category's published weights into its score. As JSON
rows or as an uploaded .xlsx or CSV sheet (core.xlsx: the one reader), every row's
problems at once, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from onething.core.errors import Conflict, ValidationFailed
from onething.core.permissions import Actor
from onething.core.selectors.regions import region_ids_under
from onething.core.xlsx import check_upload, is_csv, open_tables
from onething.core.xlsx_rows import RowProblems, cell_text

from ...models import RankingBatch, RankingCategory, RankingEntry, RankingSite
from ...rules.ranking import (
    DRAFT,
    NEITHER,
    SITES,
)
from ...rules.ranking_draw import (
    mark_problem,
    weighted_centi,
)
from .common import batch_step, locked_batch, require_office

MAX_ROWS = 5000
SITE_HEADERS = ("site", "site code", "场所编号", "编号")


def _in_draft(batch: RankingBatch) -> None:
    if batch.status != DRAFT:
        raise Conflict(
            _("The scores change only while the batch is a draft: reopen it first."),
            code="not_draft",
            details={"status": batch.status},
        )


def _site_categories(batch: RankingBatch) -> dict[int, RankingCategory]:
    categories = {c.pk: c for c in batch.categories.filter(subject=SITES)}
    if not categories:
        raise ValidationFailed.one(
            "rows", "no_sites", _("The batch ranks no category of sites: no scores to enter.")
        )
    return categories


def _checked(
    batch: RankingBatch, rows: Iterable[tuple[int, Any]], problems: RowProblems
) -> list[tuple[RankingSite, dict[str, Decimal]]]:
    """Each row's site and marks, every problem under its row (``rows.<n>.<field>``)."""
    categories = _site_categories(batch)
    rows = list(rows)
    codes = [cell_text(r.get("site")) for _n, r in rows if isinstance(r, dict)]
    region_ids = region_ids_under(batch.region.path)
    sites = {
        s.code: s
        for s in RankingSite.objects.filter(code__in=codes).filter(
            Q(district_id__in=region_ids) | Q(street_office_id__in=region_ids)
        )
    }
    seen: set[str] = set()
    checked = []
    for n, row in rows:
        at = problems.row(n)
        if not isinstance(row, dict):
            at.add("site", "type", _("An object is expected."))
            continue
        code = cell_text(row.get("site"))
        site = sites.get(code)
        if not code:
            at.add("site", "required", _("Name the site by its code."))
        elif site is None:
            at.add("site", "unknown", _("No site %(c)s in the batch's region.") % {"c": code})
        elif site.category_id not in categories:
            at.add(
                "site",
                "category",
                _("%(s)s is ranked in %(c)s, which the batch does not rank.")
                % {"s": site.name, "c": site.category.name},
            )
            site = None
        elif code in seen:
            at.add("site", "unique", _("%(c)s is scored twice.") % {"c": code})
            site = None
        seen.add(code)
        marks = row.get("marks")
        if not isinstance(marks, dict):
            at.add("marks", "type", _("Marks by criterion are expected."))
            continue
        if site is None:
            continue
        criteria = categories[site.category_id].criteria
        names = {c["name"] for c in criteria}
        good: dict[str, Decimal] = {}
        for name in marks:
            if name not in names:
                at.add(
                    f"marks.{name}",
                    "unknown",
                    _("%(n)s is no criterion of %(c)s.")
                    % {"n": name, "c": categories[site.category_id].name},
                )
        for criterion in criteria:
            mark, problem = mark_problem(f"marks.{criterion['name']}", marks.get(criterion["name"]))
            if problem is not None:
                at.add(problem.field, problem.rule, problem.message)
            else:
                good[criterion["name"]] = mark
        if len(good) == len(criteria):
            checked.append((site, good))
    return checked


def _stored(
    batch: RankingBatch, actor: Actor, checked: list[tuple[RankingSite, dict[str, Decimal]]]
) -> list[RankingEntry]:
    categories = {c.pk: c for c in batch.categories.all()}
    entries = []
    for site, marks in checked:
        criteria = categories[site.category_id].criteria
        entry, _new = RankingEntry.objects.update_or_create(
            batch=batch,
            category_id=site.category_id,
            site=site,
            defaults={
                "score_centi": weighted_centi(marks, criteria),
                "components": {"marks": {k: int(v * 100) for k, v in marks.items()}},
                "rank": None,
                "list": NEITHER,
                "previous": None,
                "not_improved": False,
            },
        )
        entries.append(entry)
    batch_step(
        batch,
        "scores",
        actor,
        note=_site_note(len(entries)),
    )
    return entries


def _site_note(n: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # a record, in the city's words
        return _("%(n)s sites scored.") % {"n": n}


@transaction.atomic
def batch_site_scores(*, actor: Actor, batch_id: int, rows: list) -> list[RankingEntry]:
    """Enter the sites' marks of a draft batch (the office): ``rows`` of
    ``{"site": code, "marks": {criterion name: 0–100}}``, every criterion of the site's
    category marked. A site scored before gets its new score. Every row's problems at
    once (``rows.<index>.<field>``); nothing is stored unless every row is right."""
    require_office(actor)
    batch = locked_batch(actor, batch_id)
    _in_draft(batch)
    if not isinstance(rows, list) or not rows:
        raise ValidationFailed.one("rows", "required", _("Give one row at least."))
    if len(rows) > MAX_ROWS:
        raise ValidationFailed.one("rows", "max_items", _("At most %(n)s rows.") % {"n": MAX_ROWS})
    problems = RowProblems()
    checked = _checked(batch, enumerate(rows), problems)
    problems.raise_any()
    return _stored(batch, actor, checked)


@transaction.atomic
def batch_site_scores_upload(
    *, actor: Actor, batch_id: int, name: str, data: bytes
) -> list[RankingEntry]:
    """The same from an uploaded sheet (.xlsx, or CSV in UTF-8 or GBK): a column 场所编号
    (or ``site``) and one column per criterion, named as the criterion. Every row's
    problems at once, named by the sheet's row (``rows.<row>.<field>``)."""
    require_office(actor)
    batch = locked_batch(actor, batch_id)
    _in_draft(batch)
    categories = _site_categories(batch)
    names = list(dict.fromkeys(c["name"] for cat in categories.values() for c in cat.criteria))
    columns = {h: "site" for h in SITE_HEADERS} | {n: f"mark:{n}" for n in names}
    check_upload(data)
    with open_tables(data, csv=is_csv(name or "", data)) as tables:
        lines = list(
            tables.sheet(
                None,
                columns,
                required={"site"},
                max_rows=MAX_ROWS,
                missing_message=_("The first row needs a column 场所编号 (the site's code)."),
            ).rows()
        )
    if not lines:
        raise ValidationFailed.one("file", "empty", _("The workbook has no rows under its header."))
    rows = [
        (
            n,
            {
                "site": cell_text(row.get("site")),
                "marks": {
                    key[5:]: value
                    for key, value in row.items()
                    if key.startswith("mark:") and cell_text(value) != ""
                },
            },
        )
        for n, row in lines
    ]
    problems = RowProblems()
    checked = _checked(batch, rows, problems)
    problems.raise_any()
    return _stored(batch, actor, checked)
