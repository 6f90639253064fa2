"""The staff's batches (the city-management office and the supervisors): the list of their
region's batches, a draft's form (every problem at once; a double submit makes one batch),
and one batch's page — its categories with their criteria, its entries per category, its
timeline, and one form per move the viewer may make now (from BATCH_LIFECYCLE: drawing
and publishing for the office, approving for a supervisor only; approve and publish are
confirmed), with the sites' scores sheet while it is a draft."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Department, Region
from onething.core.permissions import Actor
from onething.core.xlsx import MAX_BYTES
from onething.web.display import Code, local, timeline_lines
from onething.web.listing import Column, list_page
from onething.web.panels import Panel, move_panels, move_posted
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import RankingBatch, RankingCategory
from ...rules.ranking import DRAFT, SITES, batch_action_label, batch_next
from ...selectors import ranking as selectors
from ...services import ranking as services
from . import forms as f
from .common import (
    batch_mark,
    list_mark,
    not_improved_mark,
    points,
    require_batch_staff,
    rule_text,
    subject_of,
    subject_url,
)


def batch_link(batch: RankingBatch) -> str:
    return reverse("city-batch", args=[batch.pk])


COLUMNS = [
    Column(pgettext_lazy("ranking batch", "Batch"), lambda b: b.title, batch_link),
    Column(pgettext_lazy("ranking batch", "Year"), lambda b: b.year),
    Column(gettext_lazy("Region"), lambda b: b.region.name),
    Column(
        pgettext_lazy("ranking batch", "Months"),
        lambda b: f"{b.period_start:%Y-%m} — {b.period_end:%Y-%m}",
    ),
    Column(gettext_lazy("Batch status"), batch_mark),
    Column(pgettext_lazy("ranking batch", "Published"), lambda b: local(b.published_at)),
]


@login_required
@domain_errors_as_pages
def batches_page(request):
    actor = page_actor(request)
    require_batch_staff(actor)
    office = selectors.is_office(actor)
    return list_page(
        request,
        title=_("Ranking batches"),
        form_class=f.BatchFilter,
        rows=lambda data: selectors.batches_list(
            actor, status=data.get("status") or "", year=data.get("year")
        ),
        columns=COLUMNS,
        export_name="ranking-batches",
        extra={
            "new_url": reverse("city-batch-new") if office else "",
            "new_label": _("Draft a batch"),
        },
    )


# ---------------------------------------------------------------- a draft


def _regions(actor: Actor) -> list[tuple[str, str]]:
    """The office's region and the districts and towns under it."""
    if actor.department_id:
        root = Department.objects.select_related("region").get(pk=actor.department_id).region
        regions = Region.objects.filter(path__startswith=root.path, level__in=("city", "county"))
    else:
        regions = Region.objects.filter(level__in=("city", "county"))
    return [(r.code, r.name) for r in regions.order_by("path")]


def _categories() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in RankingCategory.objects.order_by("order", "code")]


@never_cache
@login_required
@domain_errors_as_pages
def batch_new_page(request):
    actor = page_actor(request)
    require_batch_staff(actor)
    if not selectors.is_office(actor):
        raise PermissionDenied(_("Only the city-management office may do this."))
    form = f.BatchForm(request.POST or None, regions=_regions(actor), categories=_categories())
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                batch = services.batch_create(actor=actor, **form.service_arguments())
            except ValidationFailed as error:
                problems_on(form, error, {"region_code": "region"})
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("Batch %(t)s is drafted.") % {"t": batch.title})
                return redirect("city-batch", batch_id=batch.pk)
    return render(
        request,
        "citymgmt/ranking/batch_new.html",
        {"title": _("Draft a batch"), "form": form, "refused": status != 200},
        status=status,
    )


# ---------------------------------------------------------------- one batch

# move → (title, button, hint, form class, confirmed)
PANELS = {
    "draw": (
        gettext_lazy("Draw the lists"),
        gettext_lazy("Draw"),
        gettext_lazy(
            "Each category's candidates ranked by the batch's rule; again after a change."
        ),
        f.DrawForm,
    ),
    "reopen": (
        gettext_lazy("Back to the draft"),
        gettext_lazy("Reopen"),
        gettext_lazy("The lists are cleared (the sites' scores stay), to change the scores."),
        f.NoteForm,
    ),
    "approve": (
        gettext_lazy("Approve the lists"),
        gettext_lazy("Approve"),
        gettext_lazy("A supervisor approves the lists before the office publishes them."),
        f.ApproveForm,
    ),
    "publish": (
        gettext_lazy("Publish the lists"),
        gettext_lazy("Publish"),
        gettext_lazy(
            "The lists go on the public page; each black-list entry gets its rectification, "
            "due in 20 working days."
        ),
        f.PublishForm,
    ),
}
CONFIRMED = frozenset({"approve", "publish"})


def panels(actor: Actor, batch: RankingBatch, bound: dict | None = None) -> list[Panel]:
    bound = bound or {}
    shown = move_panels(
        selectors.batch_moves(actor, batch),
        bound,
        PANELS,
        url=lambda move: reverse("city-batch-act", args=[batch.pk, move]),
    )
    sites = any(c.subject == SITES for c in batch.categories.all())
    if (sites and batch.status == DRAFT and selectors.is_office(actor)) or "scores" in bound:
        shown.append(
            Panel(
                "scores",
                _("Enter the sites' scores"),
                _("Upload"),
                _("A site scored before gets its new score; every row's problems are shown."),
                bound.get("scores") or f.ScoresForm(auto_id="scores-%s"),
                reverse("city-batch-scores", args=[batch.pk]),
                multipart=True,
            )
        )
    return shown


def _entries(batch: RankingBatch) -> list[dict]:
    categories: dict[int, dict] = {}
    for category in batch.categories.all():
        categories[category.pk] = {"category": category, "rows": []}
    for entry in selectors.batch_entries(batch):
        subject = subject_of(entry)
        one = categories.get(entry.category_id)
        if one is None:
            continue
        one["rows"].append(
            {
                "rank": entry.rank or "",
                "name": subject.name,
                "code": Code(subject.code),
                "url": subject_url(entry),
                "score": points(entry.score_centi),
                "list": list_mark(entry.list),
                "not_improved": not_improved_mark() if entry.not_improved else "",
                "task_url": (
                    reverse("city-rectification", args=[entry.rectification.pk])
                    if selectors.entry_rectification(entry)
                    else ""
                ),
            }
        )
    return list(categories.values())


def detail_page(request, actor: Actor, batch: RankingBatch, *, bound=None, status: int = 200):
    context = {
        "title": batch.title,
        "batch": batch,
        "status_mark": batch_mark(batch),
        "rule": rule_text(batch),
        "period": f"{batch.period_start:%Y-%m} — {batch.period_end:%Y-%m}",
        "categories": _entries(batch),
        "timeline": timeline_lines(batch.steps.all(), batch_action_label),
        "panels": panels(actor, batch, bound),
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "public_url": (
            reverse("city-ranking", args=[batch.year, batch.sequence]) if batch.published_at else ""
        ),
        "approved_at": local(batch.approved_at),
        "published_at": local(batch.published_at),
    }
    return render(request, "citymgmt/ranking/batch.html", context, status=status)


@login_required
@domain_errors_as_pages
def batch_page(request, batch_id: int):
    actor = page_actor(request)
    require_batch_staff(actor)
    return detail_page(request, actor, selectors.batch_get(actor, batch_id))


def _perform(actor: Actor, batch_id: int, move: str, data: dict) -> str:
    """Call the move's service; the message to show after it."""
    if move == "draw":
        done = services.batch_draw(actor=actor, batch_id=batch_id)
    else:
        call = {
            "reopen": services.batch_reopen,
            "approve": services.batch_approve,
            "publish": services.batch_publish,
        }[move]
        done = call(actor=actor, batch_id=batch_id, note=data.get("note") or "")
    return _("Batch %(t)s: %(a)s done.") % {"t": done.title, "a": batch_action_label(move)}


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def batch_act(request, batch_id: int, move: str):
    actor = page_actor(request)
    require_batch_staff(actor)
    batch = selectors.batch_get(actor, batch_id)  # 404 for a batch the actor may not see
    if move not in PANELS:
        raise NotFound(_("There is no such action."))
    return move_posted(
        request,
        move,
        PANELS[move][3](request.POST, auto_id=f"{move}-%s"),
        # the lifecycle first: a role the move is not for 403, a stage it does not leave 409
        check=lambda: batch_next(
            batch.status, move, selectors.batch_roles(actor)[0], system=actor.is_system
        ),
        perform=lambda data: _perform(actor, batch.pk, move, data),
        url=reverse("city-batch", args=[batch.pk]),
        refused=lambda bound: detail_page(request, actor, batch, bound=bound, status=422),
    )


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def batch_scores(request, batch_id: int):
    actor = page_actor(request)
    require_batch_staff(actor)
    batch = selectors.batch_get(actor, batch_id)
    form = f.ScoresForm(request.POST, request.FILES, auto_id="scores-%s")
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationFailed.one("file", "required", _("Choose the sheet to upload."))
        entries = services.batch_site_scores_upload(
            actor=actor,
            batch_id=batch.pk,
            name=upload.name or "",
            data=upload.read(MAX_BYTES + 1),
        )
    except ValidationFailed as error:
        problems_on(form, error, {"rows": "file"}, numbered={"rows": 0})
    except Conflict as error:
        messages.error(request, error.message)
        return redirect(reverse("city-batch", args=[batch.pk]) + "#moves")
    else:
        messages.success(request, _("%(n)s sites scored.") % {"n": len(entries)})
        return redirect("city-batch", batch_id=batch.pk)
    return detail_page(request, actor, batch, bound={"scores": form}, status=422)
