"""The whole catalogue as a workbook: download (staff), upload (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.exports import xlsx_response
from onething.core.models import Role
from onething.core.permissions import require_role
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import WorkbookForm
from ..xlsx import MAX_BYTES, catalogue_export_xlsx, catalogue_import_xlsx


def workbook_response(body: bytes) -> HttpResponse:
    return xlsx_response(body, "catalogue")


@login_required
@domain_errors_as_pages
def catalogue_export(request):
    return workbook_response(catalogue_export_xlsx(page_actor(request)))


@login_required
@domain_errors_as_pages
def catalogue_import(request):
    """Upload a workbook in the export's layout: every problem is listed with its sheet row
    and field, and nothing is imported unless everything is right."""
    actor = page_actor(request)
    require_role(actor, Role.ADMIN)
    form = WorkbookForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            result = catalogue_import_xlsx(
                actor=actor, data=form.cleaned_data["workbook"].read(MAX_BYTES + 1)
            )
        except ValidationFailed as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s updated; %(total)s items in all.")
                % {"created": result.created, "updated": result.updated, "total": result.total},
            )
            return redirect("catalog-import")
    return render(
        request,
        "catalog/import.html",
        {"title": _("Import the catalogue"), "form": form, "problems": problems},
        status=422 if request.method == "POST" else 200,
    )
