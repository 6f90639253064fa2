"""Reading the catalogue: the datasets (searched by keyword, filtered by theme and
publisher), one dataset with its fields and releases, the themes and publishers that have
datasets (with how many), and a figure dataset's chart definition. Everything here is
public: every actor sees the whole catalogue."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, NotFound, ValidationFailed
from onething.core.permissions import ANONYMOUS, Actor, visible
from onething.dashboard.selectors.datasets import DATASETS

from ..models import Dataset, DatasetField, Release, Theme
from ..rules.charts import ChartSpec

QUERY_MAX = 100


def datasets_list(
    actor: Actor = ANONYMOUS, *, q: str = "", theme: str = "", publisher: str = ""
) -> QuerySet[Dataset]:
    """The catalogue, newest change first: ``q`` found in the title, description or
    keywords; ``theme`` a theme's code; ``publisher`` a department's code. An unknown
    theme or a query too long is a 422 naming the field; an unknown publisher finds
    nothing."""
    q, theme, publisher = (q or "").strip(), (theme or "").strip(), (publisher or "").strip()
    problems = []
    if len(q) > QUERY_MAX:
        problems.append(
            FieldProblem("q", "max_length", _("At most %(n)s characters.") % {"n": QUERY_MAX})
        )
    if theme and theme not in Theme.values:
        problems.append(
            FieldProblem(
                "theme",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(Theme.values)},
            )
        )
    if problems:
        raise ValidationFailed(problems)
    rows = visible(actor, Dataset.objects.select_related("publisher"))
    if q:
        rows = rows.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(keywords__icontains=q)
        )
    if theme:
        rows = rows.filter(theme=theme)
    if publisher:
        rows = rows.filter(publisher__code=publisher)
    return rows


def dataset_get(key: str, actor: Actor = ANONYMOUS) -> Dataset:
    """The dataset ``key``, or a 404 saying so."""
    found = (
        visible(actor, Dataset.objects.select_related("publisher"))
        .filter(key=str(key)[:64])
        .first()
    )
    if found is None:
        raise NotFound(
            _("There is no open dataset %(key)s in the catalogue.") % {"key": str(key)[:64]},
            details={"key": str(key)[:64]},
        )
    return found


def dataset_fields(dataset: Dataset) -> list[DatasetField]:
    return list(dataset.fields.order_by("position"))


def latest_release(dataset: Dataset) -> Release | None:
    """The release that is served: the one with the highest number (None for a figure
    dataset, or before the first)."""
    return dataset.releases.order_by("-number").first()


def releases_list(dataset: Dataset) -> QuerySet[Release]:
    """Every release of the dataset, newest first."""
    return dataset.releases.order_by("-number")


def themes_with_datasets() -> list[tuple[str, str, int]]:
    """(code, label, datasets) of each theme that has a dataset, in the themes' order."""
    counts = dict(
        Dataset.objects.order_by().values("theme").annotate(n=Count("id")).values_list("theme", "n")
    )
    return [(code, str(label), counts[code]) for code, label in Theme.choices if code in counts]


def publishers_with_datasets() -> list[tuple[str, str, int]]:
    """(code, name, datasets) of each department that publishes a dataset, by name."""
    rows = (
        Dataset.objects.values("publisher__code", "publisher__name")
        .annotate(n=Count("id"))
        .order_by("publisher__name")
    )
    return [(r["publisher__code"], r["publisher__name"], r["n"]) for r in rows]


def figure_chart(dataset: Dataset) -> ChartSpec | None:
    """The chart of a figure dataset, as its figure dataset defines it (None: no chart,
    or not a figure dataset)."""
    figure = DATASETS.get(dataset.figure_key) if dataset.is_figures else None
    if figure is None or figure.chart is None:
        return None
    chart = figure.chart
    return ChartSpec(chart.kind, chart.label, chart.series, chart.transpose, dataset.title)
