"""The public red and black lists (红黑榜), for anyone, signed in or not: the published
batches newest first, and one batch's lists per category side by side — the red list best
first, the black list worst first, cards on a phone — with the criteria and weights, the
rule, each street linking to its page, the 未改善 mark, and the rectification of each
black-list entry (its stage and its deadline: 超期 past it)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.web.display import local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages

from ...models import RankingBatch
from ...rules.ranking import STREETS, SUBJECT_LABELS
from ...selectors import ranking as selectors
from .common import (
    deadline_mark,
    due_text,
    list_mark,
    not_improved_mark,
    points,
    rule_text,
    streets_text,
    subject_of,
    subject_url,
    task_mark,
)
from .forms import YearFilter


def ranking_link(batch: RankingBatch) -> str:
    return reverse("city-ranking", args=[batch.year, batch.sequence])


def _period(batch: RankingBatch) -> str:
    return f"{batch.period_start:%Y-%m} — {batch.period_end:%Y-%m}"


COLUMNS = [
    Column(pgettext_lazy("ranking batch", "Batch"), lambda b: b.title, ranking_link),
    Column(pgettext_lazy("ranking batch", "Year"), lambda b: b.year),
    Column(gettext_lazy("Region"), lambda b: b.region.name),
    Column(pgettext_lazy("ranking batch", "Months"), _period),
    Column(
        pgettext_lazy("ranking batch", "Categories"),
        lambda b: "、".join(c.name for c in b.categories.all()),
    ),
    Column(pgettext_lazy("ranking batch", "Published"), lambda b: local(b.published_at)),
]


@domain_errors_as_pages
def rankings_page(request):
    """The published batches, newest first (anyone)."""

    def rows(data):
        batches = selectors.published_batches()
        return batches.filter(year=data["year"]) if data.get("year") else batches

    return list_page(
        request,
        title=_("Red and black lists"),
        form_class=YearFilter,
        rows=rows,
        columns=COLUMNS,
        export_name="rankings",
        template="citymgmt/ranking/rankings.html",
    )


def _row(entry) -> dict:
    subject = subject_of(entry)
    task = selectors.entry_rectification(entry)
    return {
        "rank": entry.rank,
        "name": subject.name,
        "url": subject_url(entry),
        "office": subject.street_office.name,
        "score": points(entry.score_centi),
        "list": list_mark(entry.list),
        "not_improved": not_improved_mark() if entry.not_improved else "",
        "task": task_mark(task) if task else "",
        "deadline": deadline_mark(task) if task else "",
        "due": due_text(task) if task else "",
    }


@domain_errors_as_pages
def ranking_page(request, year: int, sequence: int):
    """One published batch's lists (a batch not published: 404)."""
    batch = selectors.published_batch(year, sequence)
    lists = [
        {
            "category": one.category,
            "subject": SUBJECT_LABELS.get(one.category.subject, ""),
            "streets": one.category.subject == STREETS,
            "criteria": one.category.criteria,
            "ranked": one.ranked,
            "red": [_row(e) for e in one.red],
            "black": [_row(e) for e in one.black],
        }
        for one in selectors.lists_of(batch)
    ]
    context = {
        "title": batch.title,
        "batch": batch,
        "period": _period(batch),
        "published_at": local(batch.published_at),
        "rule": rule_text(batch),
        "streets_text": streets_text() if any(one["streets"] for one in lists) else "",
        "lists": lists,
    }
    return render(request, "citymgmt/ranking/ranking.html", context)
