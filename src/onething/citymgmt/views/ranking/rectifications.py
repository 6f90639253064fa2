"""整改任务 on pages: the list a person may see (a managing department: its own; the office
and the supervisors: their region's), filtered (mine, overdue: 超期), exported; and one
rectification's page — what must be put right by when, the evidence and its photos, the
timeline, and the moves the viewer may make now (the department's evidence form with its
photos; the office's close and send back, each confirmed). A refused submission keeps the
photos that passed their checks for the next one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import (
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.forms import problems_on
from onething.core.kept_uploads import KeptUpload, by_file_name, user_owner
from onething.core.permissions import Actor
from onething.core.uploads import photo_response
from onething.web.display import local, timeline_lines
from onething.web.listing import Column, list_page
from onething.web.panels import Panel, move_panels
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import Rectification
from ...rules.ranking import MAX_PHOTOS, task_action_label
from ...selectors import ranking as selectors
from ...services import rectifications as services
from . import forms as f
from .common import (
    deadline_mark,
    due_text,
    require_task_staff,
    street_url,
    task_mark,
)


def task_link(task: Rectification) -> str:
    return reverse("city-rectification", args=[task.pk])


def _subject(task: Rectification) -> str:
    return (task.entry.street or task.entry.site).name


COLUMNS = [
    Column(pgettext_lazy("rectification", "What"), _subject, task_link),
    Column(pgettext_lazy("ranking batch", "Batch"), lambda t: t.entry.batch.title),
    Column(pgettext_lazy("ranking batch", "Category"), lambda t: t.entry.category.name),
    Column(pgettext_lazy("rectification", "Responsible department"), lambda t: t.department.name),
    Column(pgettext_lazy("rectification", "Due"), due_text),
    Column(gettext_lazy("Rectification status"), task_mark),
    Column(gettext_lazy("Deadline"), deadline_mark),
]


@login_required
@domain_errors_as_pages
def rectifications_page(request):
    actor = page_actor(request)
    require_task_staff(actor)
    return list_page(
        request,
        title=_("Rectifications"),
        form_class=f.RectificationFilter,
        rows=lambda data: selectors.rectifications_list(
            actor,
            status=data.get("status") or "",
            mine=bool(data.get("mine")),
            overdue=bool(data.get("overdue")),
        ),
        columns=COLUMNS,
        export_name="rectifications",
    )


# ---------------------------------------------------------------- one rectification

PANELS = {
    "submit": (
        gettext_lazy("Submit the evidence"),
        gettext_lazy("Submit"),
        gettext_lazy("What was put right, with photos: the office checks it and closes it."),
        f.SubmitForm,
    ),
    "close": (
        gettext_lazy("Close the rectification"),
        gettext_lazy("Close"),
        gettext_lazy("Closed on the department's evidence."),
        f.CloseForm,
    ),
    "send_back": (
        gettext_lazy("Send the evidence back"),
        gettext_lazy("Send back"),
        gettext_lazy("The department puts right what you say and submits again."),
        f.SendBackForm,
    ),
}


def panels(actor: Actor, task: Rectification, bound: dict | None = None) -> list[Panel]:
    return move_panels(
        selectors.rectification_moves(actor, task),
        bound,
        PANELS,
        url=lambda move: reverse("city-rectification-act", args=[task.pk, move.replace("_", "-")]),
        multipart={"submit"},
        secondary={"send_back"},
        after={"submit": "web/_kept_photos.html"},
    )


def detail_page(
    request,
    actor: Actor,
    task: Rectification,
    *,
    bound=None,
    kept: list[KeptUpload] = (),
    status: int = 200,
):
    entry = task.entry
    context = {
        "title": _("Rectification: %(s)s") % {"s": _subject(task)},
        "task": task,
        "entry": entry,
        "subject": _subject(task),
        "subject_url": street_url(entry.street.code) if entry.street_id else "",
        "batch_url": reverse("city-ranking", args=[entry.batch.year, entry.batch.sequence]),
        "status_mark": task_mark(task),
        "deadline": deadline_mark(task),
        "due_text": due_text(task),
        "photos": list(task.photos.all()),
        "timeline": timeline_lines(task.steps.all(), task_action_label),
        "panels": panels(actor, task, bound),
        "kept": kept,
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "submitted_at": local(task.submitted_at),
        "closed_at": local(task.closed_at),
    }
    return render(request, "citymgmt/ranking/rectification.html", context, status=status)


@login_required
@domain_errors_as_pages
def rectification_page(request, task_id: int):
    actor = page_actor(request)
    require_task_staff(actor)
    return detail_page(request, actor, selectors.rectification_get(actor, task_id))


@login_required
@domain_errors_as_pages
def rectification_photo(request, task_id: int, photo_id: int):
    """A photo of the evidence, for those who may see the rectification."""
    actor = page_actor(request)
    require_task_staff(actor)
    task = selectors.rectification_get(actor, task_id)
    return photo_response(task.photos.all(), photo_id, _("The rectification has no such photo."))


def _submit(request, actor: Actor, task: Rectification, form):
    """The evidence with the photos chosen now and those kept from a refused submission;
    refused, the photos that passed their checks are kept for the next one."""
    owner = user_owner(actor)
    kept, problems = services.KEPT_PHOTOS.kept_all(
        owner=owner,
        tokens=request.POST.getlist("photos.kept"),
        removed=set(request.POST.getlist("photos.remove")),
        most=MAX_PHOTOS * 2,
    )
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    chosen = [
        (p.name or "photo.jpg", p.read(limit))
        for p in request.FILES.getlist("photos")[: MAX_PHOTOS + 1]
    ]
    photos = [(k.name, k.data) for k in kept] + chosen
    refused: set[int] = set()
    if form.is_valid():
        try:
            with transaction.atomic():
                services.rectification_submit(
                    actor=actor,
                    rectification_id=task.pk,
                    evidence=form.cleaned_data.get("evidence") or "",
                    photos=photos,
                )
                if problems:
                    raise ValidationFailed(problems)  # undoes the submission
        except ValidationFailed as error:
            said, refused = by_file_name(error.problems, photos, "photos")
            problems = said if error.problems is problems else said + problems
        else:
            return None
    kept, refusals = services.KEPT_PHOTOS.kept_after(
        owner=owner, kept=kept, chosen=chosen, refused=refused
    )
    problems_on(form, problems + refusals)
    return kept


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def rectification_act(request, task_id: int, move: str):
    actor = page_actor(request)
    require_task_staff(actor)
    task = selectors.rectification_get(actor, task_id)  # another department's: 404
    move = move.replace("-", "_")
    if move not in PANELS:
        raise NotFound(_("There is no such action."))
    form_class = PANELS[move][3]
    form = form_class(request.POST, request.FILES, auto_id=f"{move}-%s")
    kept: list[KeptUpload] = []
    try:
        if move not in selectors.rectification_moves(actor, task):
            services.check_move(task, move, actor)  # 403 for the role, 409 for the stage
        if move == "submit":
            kept = _submit(request, actor, task, form)
            if kept is None:
                messages.success(request, _("The evidence is submitted; the office checks it."))
                return redirect("city-rectification", task_id=task.pk)
        elif form.is_valid():
            if move == "close":
                services.rectification_close(
                    actor=actor, rectification_id=task.pk, note=form.cleaned_data.get("note") or ""
                )
                messages.success(request, _("The rectification is closed."))
            else:
                services.rectification_send_back(
                    actor=actor, rectification_id=task.pk, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The evidence is sent back to the department."))
            return redirect("city-rectification", task_id=task.pk)
    except ValidationFailed as error:
        problems_on(form, error)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:  # 409: the stage does not allow it (any more)
        messages.error(request, error.message)
        return redirect(reverse("city-rectification", args=[task.pk]) + "#moves")
    return detail_page(request, actor, task, bound={move: form}, kept=kept or [], status=422)
