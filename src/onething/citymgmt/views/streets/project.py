"""A project's staff page: its facts, items, money (spending beyond the budget flagged),
photos and timeline, and one form per move the user may make now — the milestone moves
from PROJECT_LIFECYCLE (confirmed: they cannot be undone), a spend, a before/after photo
(kept across a refused submission). A role with no staff page is refused (403), a
project outside the user's reach is not found (404); a move the milestone no longer
allows (409) returns to the page with the reason."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import (
    FieldProblem,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.forms import problems_on
from onething.core.kept_uploads import user_owner
from onething.core.numbers import yuan
from onething.core.permissions import Actor
from onething.web.display import timeline_lines
from onething.web.panels import Panel, move_panels, move_posted
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import StreetProject
from ...rules.projects import (
    COMPLETE,
    MILESTONES,
    PROJECT_LIFECYCLE,
    START,
    item_labels,
    over_budget,
    step_label,
)
from ...selectors import streets as selectors
from ...services import streets as services
from .common import milestone_mark
from .forms import SPEND_INPUTS, MoveForm, PhotoForm, SpendForm

# ---------------------------------------------------------------- a project's page

# milestone move → (title, button, hint, form class)
PANELS = {
    START: (
        gettext_lazy("Construction started (施工)"),
        gettext_lazy("Start construction"),
        gettext_lazy("The project moves from approved to under construction."),
        MoveForm,
    ),
    COMPLETE: (
        gettext_lazy("Completed (完工)"),
        gettext_lazy("Complete"),
        gettext_lazy("The renovation is done: add the after photos."),
        MoveForm,
    ),
}
# what those who may change a project can do at any milestone
WORK = {
    "spend": (
        gettext_lazy("Record spending"),
        gettext_lazy("Record"),
        gettext_lazy("Spending beyond the budget is allowed, and shown."),
        SpendForm,
    ),
    "photo": (
        gettext_lazy("Add a photo"),
        gettext_lazy("Add the photo"),
        gettext_lazy("A JPEG or PNG photo, before or after the renovation."),
        PhotoForm,
    ),
}


def moves_for(actor: Actor, project: StreetProject) -> list[str]:
    """The milestone moves the actor may make on the project now, as the lifecycle says
    (the project is one the actor reaches: the selector that found it checked)."""
    if not selectors.may_change(actor, project):
        return []
    return PROJECT_LIFECYCLE.actions(project.milestone)


def panels(actor: Actor, project: StreetProject, bound: dict[str, forms.Form]) -> list[Panel]:
    if not selectors.may_change(actor, project):
        return []
    return move_panels(
        moves_for(actor, project) + list(WORK),
        bound,
        PANELS | WORK,
        url=lambda move: reverse(
            "city-project-photos" if move == "photo" else "city-project-act",
            args=[project.number] if move == "photo" else [project.number, move],
        ),
        multipart={"photo"},
        after={"photo": "citymgmt/streets/_kept_photo.html"},
    )


def detail_page(request, actor, project, *, bound=None, kept=None, status: int = 200):
    bound = bound or {}
    flow = []
    reached = MILESTONES.index(project.milestone)
    for n, milestone in enumerate(MILESTONES):
        flow.append(
            {
                "key": milestone,
                "label": milestone_mark(milestone),
                "state": "done" if n < reached else "current" if n == reached else "",
            }
        )
    context = {
        "title": project.title,
        "project": project,
        "milestone": milestone_mark(project.milestone),
        "flow": flow,
        "items": item_labels(project.items),
        "budget": yuan(project.budget_fen),
        "spent": yuan(project.spent_fen),
        "over_budget": over_budget(project.budget_fen, project.spent_fen),
        "photos": [
            {
                "url": reverse("city-project-photo", args=[project.number, p.pk]),
                "phase": p.get_phase_display(),
                "caption": p.caption,
                "name": p.name,
            }
            for p in project.photos.all()
        ],
        "timeline": timeline_lines(
            project.steps.all(),
            step_label,
            lambda step: {"amount": yuan(step.amount_fen) if step.amount_fen is not None else ""},
        ),
        "panels": panels(actor, project, bound),
        "kept": kept,
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "street_url": reverse("city-street", args=[project.street.code]),
    }
    return render(request, "citymgmt/streets/project.html", context, status=status)


@login_required
@domain_errors_as_pages
def project_page(request, number: str):
    actor = page_actor(request)
    return detail_page(request, actor, selectors.project_get(actor, number))


def _perform(actor: Actor, number: str, move: str, data: dict) -> str:
    if move == "spend":
        services.project_spend(
            actor=actor,
            number=number,
            amount_fen=data.get("amount"),
            note=data.get("note") or "",
            idempotency_key=data.get("idempotency_key") or None,
        )
        return _("The spending is recorded.")
    service = services.project_start if move == START else services.project_complete
    done = service(actor=actor, number=number, on=data.get("on"), note=data.get("note") or "")
    return _("Project %(n)s is now at the milestone “%(m)s”.") % {
        "n": number,
        "m": milestone_mark(done.milestone),
    }


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def act(request, number: str, move: str):
    actor = page_actor(request)
    project = selectors.project_get(actor, number)  # 403 / 404 first
    if move not in (*PANELS, "spend"):
        raise NotFound(_("There is no such action."))
    if not selectors.may_change(actor, project):
        raise PermissionDenied(
            _("Only the city-management office and the street's managing department may do this.")
        )
    return move_posted(
        request,
        move,
        (SpendForm if move == "spend" else MoveForm)(request.POST, auto_id=f"{move}-%s"),
        # the milestone first: 409 from one the move does not leave
        check=lambda: move == "spend" or PROJECT_LIFECYCLE.target(project.milestone, move),
        perform=lambda data: _perform(actor, project.number, move, data),
        url=reverse("city-project", args=[project.number]),
        refused=lambda bound: detail_page(request, actor, project, bound=bound, status=422),
        renames=SPEND_INPUTS,
    )


def _chosen(request) -> tuple[str, bytes] | None:
    upload = request.FILES.get("photo")
    if upload is None:
        return None
    return upload.name or "photo.jpg", upload.read(settings.ONETHING_UPLOAD_MAX_BYTES + 1)


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def photo_upload(request, number: str):
    actor = page_actor(request)
    project = selectors.project_get(actor, number)
    if not selectors.may_change(actor, project):
        raise PermissionDenied(
            _("Only the city-management office and the street's managing department may do this.")
        )
    form = PhotoForm(request.POST, request.FILES, auto_id="photo-%s")
    chosen = _chosen(request)
    owner = user_owner(actor)
    kept, problems = services.KEPT_PHOTOS.kept_one(
        owner=owner,
        token=(request.POST.get("photo.kept") or "") if chosen is None else "",
        removed=bool(request.POST.get("photo.remove")),
    )
    photo = chosen or ((kept.name, kept.data) if kept else None)
    if photo is None and not problems:
        problems.append(FieldProblem("photo", "required", _("Choose a photo.")))
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.project_photo_add(
                    actor=actor,
                    number=project.number,
                    phase=data.get("phase") or "",
                    caption=data.get("caption") or "",
                    name=photo[0] if photo else "",
                    data=photo[1] if photo else b"",
                    idempotency_key=data.get("idempotency_key") or None,
                )
                if problems:
                    raise ValidationFailed(problems)  # undoes the photo
        except ValidationFailed as error:
            if error.problems is not problems:
                about = {p.field for p in problems}
                problems += [p for p in error.problems if p.field not in about]
        else:
            messages.success(request, _("The photo is added."))
            return redirect(reverse("city-project", args=[project.number]) + "#photos")
    if chosen is not None and not any(p.field == "photo" for p in problems):
        try:
            kept = services.KEPT_PHOTOS.keep(owner=owner, name=chosen[0], data=chosen[1])
        except ValidationFailed as error:
            problems += error.problems
    problems_on(form, problems, one_per_input=True)
    return detail_page(request, actor, project, bound={"photo": form}, kept=kept, status=422)
