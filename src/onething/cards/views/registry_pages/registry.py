"""The registry's pages: the list of honorees (masked, filtered, exported), registering one
honoree and importing a workbook (all rows or none), with its empty template."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from onething.core.errors import Conflict, ValidationFailed
from onething.core.exports import sheet_append, xlsx_response
from onething.core.forms import problems_on
from onething.core.identity import mask_name
from onething.core.selectors.regions import regions_list
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages

from ...forms.registry import FindByIdForm, HonoreeForm, ImportForm, RegistryFilter
from ...selectors.registry_pages import honoree_by_id_number, registry_list
from ...services.importer import COLUMNS, LEVELS, MAX_BYTES, OPTIONAL, honorees_import
from ...services.registry import honoree_register
from ..common import refusal_on, union_actor


def honoree_url(honoree) -> str:
    return reverse("honour-honoree", args=[honoree.pk])


REGISTRY_COLUMNS = [
    Column(gettext_lazy("Name"), lambda h: mask_name(h.person.name), honoree_url),
    Column(gettext_lazy("ID number"), lambda h: h.person.id_number_masked),
    Column(gettext_lazy("Honour level"), lambda h: h.get_level_display()),
    Column(gettext_lazy("Honour title"), lambda h: h.title),
    Column(gettext_lazy("Year awarded"), lambda h: h.year),
    Column(gettext_lazy("Work unit"), lambda h: h.work_unit),
    Column(gettext_lazy("Status"), lambda h: h.get_status_display()),
    Column(gettext_lazy("Card number"), lambda h: h.active_card or ""),
]


@login_required
@domain_errors_as_pages
def registry(request):
    """劳模名册: every honoree, names and ID numbers masked; the text filter takes part of a
    name or work unit or a card number. A full ID number is looked up by ``find_by_id``
    (a POST), never through the address."""
    actor = union_actor(request)
    return list_page(
        request,
        title=gettext_lazy("Registry of honorees"),
        form_class=RegistryFilter,
        rows=lambda f: registry_list(actor, **{k: v for k, v in f.items() if v not in ("", None)}),
        columns=REGISTRY_COLUMNS,
        export_name="honorees",
        template="cards/registry/registry.html",
        extra={
            "new_url": reverse("honour-registry-new"),
            "new_label": _("Register one"),
            "import_url": reverse("honour-registry-import"),
            "find_form": FindByIdForm(),
        },
    )


@login_required
@require_POST
@domain_errors_as_pages
def find_by_id(request):
    """The holder of a full ID number (keyed hash, the lookup audited): their page, or the
    registry with a message. The number travels in the body only, and no answer repeats it."""
    actor = union_actor(request)
    form = FindByIdForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["id_number"]))
        return redirect("honour-registry")
    honoree = honoree_by_id_number(actor, form.cleaned_data["id_number"])
    if honoree is None:
        messages.warning(request, _("No honoree in the registry holds that ID number."))
        return redirect("honour-registry")
    return redirect(honoree_url(honoree))


@login_required
@domain_errors_as_pages
def honoree_new(request):
    """Register one honoree: the person is found by ID number or registered. The service's
    problems are shown beside the fields (422); an ID number already in the registry is
    refused beside it (409) with a link to that honoree."""
    actor = union_actor(request)
    regions = regions_list(actor).order_by("path")
    form = HonoreeForm(request.POST or None, regions=regions)
    status, existing = 200, None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            key = data.pop("idempotency_key") or None
            try:
                honoree = honoree_register(actor=actor, idempotency_key=key, **data)
            except ValidationFailed as error:
                problems_on(form, error)
            except Conflict as error:
                refusal_on(form, error)
                status, existing = error.status, error.details.get("honoree_id")
            else:
                messages.success(
                    request,
                    _("%(name)s is in the registry.") % {"name": honoree.person.name},
                )
                return redirect("honour-honoree", honoree_id=honoree.pk)
    return render(
        request,
        "cards/registry/honoree_new.html",
        {
            "title": _("Register an honoree"),
            "form": form,
            "existing_url": reverse("honour-honoree", args=[existing]) if existing else "",
        },
        status=status,
    )


COLUMN_OF = {field: header for header, field in COLUMNS.items()}


def level_words() -> list[str]:
    """The words the import reads as each honour level, one per level (全国, 省部级 …)."""
    words: dict[str, str] = {}
    for word, level in LEVELS.items():
        if not word.isascii():
            words.setdefault(level, word)
    return list(words.values())


def _problem_rows(error: ValidationFailed) -> tuple[list[str], list[dict]]:
    """The file's own problems, and each row's problem with its sheet row and column."""
    general, rows = [], []
    for problem in error.problems:
        parts = problem.field.split(".")
        if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit():
            rows.append(
                {
                    "row": int(parts[1]),
                    "column": COLUMN_OF.get(parts[2], parts[2]),
                    "rule": problem.rule,
                    "message": problem.message,
                }
            )
        else:
            general.append(problem.message)
    return general, rows


@never_cache
@login_required
@domain_errors_as_pages
def honorees_import_page(request):
    """Import a workbook: every row is checked first; one problem and nothing is imported,
    the page listing each with its sheet row (422). Otherwise the counts: registered, and
    already in the registry (skipped)."""
    actor = union_actor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "title": _("Import honorees from .xlsx"),
        "form": form,
        "columns": [(header, header not in OPTIONAL) for header in COLUMNS],
        "levels": "、".join(level_words()),
    }
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = honorees_import(
                    actor=actor, name=upload.name or "", data=upload.read(MAX_BYTES + 1)
                )
            except ValidationFailed as error:
                context["general"], context["problems"] = _problem_rows(error)
            else:
                status = 200
                context["report"] = report
                context["form"] = ImportForm()
    return render(request, "cards/registry/import.html", context, status=status)


@login_required
@domain_errors_as_pages
def import_template(request):
    """The empty workbook to fill in: the header row the import reads, the honour level
    offered as a list."""
    union_actor(request)
    book = Workbook()
    sheet = book.active
    sheet.title = "劳模名册"
    headers = list(COLUMNS)
    sheet_append(sheet, headers)
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(12, len(header) * 3)
    sheet.column_dimensions[get_column_letter(headers.index("身份证号") + 1)].width = 22
    levels = DataValidation(type="list", formula1='"{}"'.format(",".join(level_words())))
    column = get_column_letter(headers.index("荣誉级别") + 1)
    levels.add(f"{column}2:{column}5000")
    sheet.add_data_validation(levels)
    for header in ("身份证号", "手机号", "所在区划代码"):  # text, or Excel rounds the digits
        sheet.column_dimensions[get_column_letter(headers.index(header) + 1)].number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return xlsx_response(out.getvalue(), "honorees-template", stamped=False)
