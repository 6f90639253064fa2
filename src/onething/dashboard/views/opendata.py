"""Open data downloads: ``/figures/data/<dataset>.csv|xlsx`` with the figures page's
filters; the same rows as the API's JSON (column keys as headers)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core.errors import NotFound
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.web.views.base import domain_errors_as_pages

from ..selectors.datasets import dataset_get, dataset_table
from ..selectors.public import PublicFigures
from .public import checked_filter, form_problems


@domain_errors_as_pages
def download(request, dataset: str, fmt: str):
    """One dataset as CSV or .xlsx. Unknown dataset or format: 404; bad filters: 422 with
    the reason."""
    found = dataset_get(dataset)
    if fmt not in EXPORT_FORMATS:
        raise NotFound(_("Download as csv or xlsx."))
    form, flt = checked_filter(request.GET)
    if flt is None:
        raise form_problems(form)
    headers, rows = dataset_table(PublicFigures(flt), found.key)
    return export_response(fmt, f"open-data-{found.key}", headers, rows)
