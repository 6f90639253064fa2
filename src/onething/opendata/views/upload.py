"""The officer's upload page: a new release of one of their department's datasets, as an
.xlsx workbook or a CSV file. Every problem is listed beside the file input at once (the
row and the column's label in each); nothing is published unless there is none. Another
department's officer: 403; a figure dataset: 409."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onething.core.errors import Conflict, ValidationFailed
from onething.core.forms import problems_on
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import ReleaseUploadForm
from ..selectors.catalogue import dataset_fields, dataset_get, latest_release
from ..services.catalogue import require_publisher
from ..services.releases import MAX_BYTES, MAX_ROWS, release_publish


@login_required
@domain_errors_as_pages
def upload(request, key: str):
    actor = page_actor(request)
    dataset = dataset_get(key, actor)
    if dataset.is_figures:
        raise Conflict(
            _("This dataset is built from the platform's figures: it takes no upload."),
            code="built_live",
        )
    require_publisher(actor, dataset.publisher)
    posted = request.method == "POST"
    form = ReleaseUploadForm(request.POST, request.FILES) if posted else ReleaseUploadForm()
    if posted and form.is_valid():
        chosen = form.cleaned_data["file"]
        try:
            release, created = release_publish(
                actor=actor,
                key=dataset.key,
                name=chosen.name or "",
                data=chosen.read(MAX_BYTES + 1),
                note=form.cleaned_data["note"],
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
            )
        except ValidationFailed as error:
            problems_on(form, error, {"rows": "file"})
        else:
            if created:
                message = _("Release %(n)s is published: %(rows)s rows.")
            else:
                message = _("This file is release %(n)s already (%(rows)s rows): nothing changed.")
            messages.success(request, message % {"n": release.number, "rows": release.row_count})
            return redirect("opendata-dataset", dataset.key)
    return render(
        request,
        "opendata/upload.html",
        {
            "title": _("Publish a release of %(title)s") % {"title": dataset.title},
            "dataset": dataset,
            "fields": dataset_fields(dataset),
            "latest": latest_release(dataset),
            "form": form,
            "max_mb": MAX_BYTES // 2**20,
            "max_rows": MAX_ROWS,
        },
        status=422 if posted else 200,
    )
