"""The requester's pages: file an appeal (enterprise staff on the platform 无难事、悉心办, a
citizen on the web, perhaps for 微幸福), my appeals, the appeal page everyone who may see
the appeal uses (with its photos and, for the requester, the rating 回访), the policies
for the enterprise and asking about one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.core.errors import DomainError, NotFound, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Enterprise, Person, Region, Role
from onething.core.models.parties import EnterpriseSize
from onething.core.permissions import Actor, in_parts, require_role
from onething.core.uploads import open_stored
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..forms import AppealForm, MyAppealsFilter, PolicyAskForm, PolicyFilter, RatingForm
from ..models import Appeal, Policy, Project
from ..services.followup import appeal_follow_up
from ..services.intake import appeal_submit
from ..services.policies import policy_ask
from . import display
from .staff import staff_actions

APPLICANTS = (Role.APPLICANT, Role.AGENT)
STAFF = (Role.OFFICER, Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN)
ENTERPRISE_PROGRAMME = "wunanshi"  # 无难事、悉心办: the enterprise platform's programme
# A service's field name → the form's, where they differ.
FIELD_ALIASES = {
    "category_code": "category",
    "programme_code": "programme",
    "region_code": "region",
}


# ---------------------------------------------------------------- filing


def _city_regions():
    city = Region.objects.get(code=settings.ONETHING_CITY_CODE)
    return Region.objects.filter(path__startswith=city.path, level__in=("county", "town")).order_by(
        "path"
    )


def _home_region(actor: Actor) -> str:
    for model, pk in ((Enterprise, actor.enterprise_id), (Person, actor.person_id)):
        found = model.objects.filter(pk=pk).select_related("region").first() if pk else None
        if found is not None and found.region.level in ("county", "town"):
            return found.region.code
    return ""


def appeal_form_options(actor: Actor) -> dict:
    """The choices of the filing form for this requester: an enterprise's staff file on the
    platform for 无难事、悉心办 (preselected); a citizen on the web, perhaps for 微幸福."""
    programmes = [(p.code, p.name) for p in selectors.programmes_list(actor)]
    if actor.enterprise_id:
        initial = ENTERPRISE_PROGRAMME if ENTERPRISE_PROGRAMME in dict(programmes) else ""
    else:
        programmes = [(c, n) for c, n in programmes if c != ENTERPRISE_PROGRAMME]
        initial = ""
    return {
        "categories": selectors.categories_tree(actor),
        "regions": _city_regions(),
        "programmes": programmes,
        "programme_initial": initial,
        "region_initial": _home_region(actor),
    }


@login_required
@domain_errors_as_pages
def appeal_new(request):
    """受理 on the requester's side: one form, the photos checked by their content; the
    service's problems beside the fields (422) and nothing written; a double submit (the
    same hidden idempotency key) gives the first appeal."""
    actor = page_actor(request)
    require_role(actor, *APPLICANTS)
    form = AppealForm(request.POST or None, request.FILES or None, **appeal_form_options(actor))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                appeal = appeal_submit(actor=actor, **form.service_arguments())
            except ValidationFailed as error:
                problems_on(form, error, FIELD_ALIASES)
            else:
                messages.success(
                    request,
                    _("Appeal %(n)s received. We reply by %(d)s.")
                    % {"n": appeal.number, "d": display.due_text(appeal)},
                )
                return redirect("appeal-detail", number=appeal.number)
    return render(
        request,
        "appeals/new.html",
        {
            "title": _("File an appeal"),
            "form": form,
            "refused": status == 422,
            "for_enterprise": bool(actor.enterprise_id),
        },
        status=status,
    )


# ---------------------------------------------------------------- my appeals

C = display.COLUMNS
MY_COLUMNS = [
    C["number"],
    C["title"],
    C["type"],
    C["department"],
    C["status"],
    C["due"],
    C["deadline"],
    C["rating"],
]


@login_required
@domain_errors_as_pages
def my_appeals(request):
    actor = page_actor(request)
    require_role(actor, *APPLICANTS)
    return list_page(
        request,
        title=gettext_lazy("My appeals"),
        form_class=MyAppealsFilter,
        rows=lambda f: in_parts(actor, lambda part: selectors.appeals_list(actor, part=part, **f)),
        columns=MY_COLUMNS,
        export_name="my-appeals",
        template="appeals/my_appeals.html",
        prepare=display.prepare_deadlines,
    )


# ---------------------------------------------------------------- the appeal page


def may_rate(actor: Actor, appeal: Appeal) -> bool:
    rated = any(f.round == appeal.round for f in appeal.follow_ups.all())
    return actor.role in APPLICANTS and appeal.status == "replied" and not rated


def detail_page(request, actor: Actor, appeal: Appeal, *, rating_form=None, error="", status=200):
    project = Project.objects.filter(appeal=appeal).prefetch_related("milestones").first()
    staff = actor.role in STAFF
    context = {
        "title": appeal.title,
        "appeal": appeal,
        "steps": display.flow_steps(appeal),
        "status_mark": display.status_mark(appeal),
        "deadline_mark": display.deadline_mark(appeal),
        "due_text": display.due_text(appeal),
        "photos": list(appeal.photos.all()),
        "replies": list(appeal.replies.all()),
        "follow_ups": [(f, display.rating_label(f.rating)) for f in appeal.follow_ups.all()],
        "rating_label": display.rating_label(appeal.rating),
        "timeline": display.timeline_lines(
            selectors.appeal_timeline(actor, appeal), show_actor=actor.role not in APPLICANTS
        ),
        "project": project,
        "milestones": display.milestone_rows(project) if project else [],
        "rating_form": (rating_form or RatingForm()) if may_rate(actor, appeal) else None,
        "error": error,
        "staff": staff,
        "actions": staff_actions(actor, appeal) if staff else None,  # the staff pages' panels
    }
    return render(request, "appeals/detail.html", context, status=status)


@login_required
@domain_errors_as_pages
def appeal_detail(request, number: str):
    actor = page_actor(request)
    return detail_page(request, actor, selectors.appeal_get(actor, number))


@login_required
@domain_errors_as_pages
def appeal_photo(request, number: str, photo_id: int):
    """A photo of an appeal, for those who may see the appeal (never a public media URL)."""
    appeal = selectors.appeal_get(page_actor(request), number)
    photo = next((p for p in appeal.photos.all() if p.pk == photo_id), None)
    if photo is None:
        raise NotFound(_("No such photo of this appeal."))
    response = FileResponse(open_stored(photo.file), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
@domain_errors_as_pages
def appeal_rate(request, number: str):
    """回访: the requester rates this round's reply; a problem is shown on the appeal page
    (already rated: 409), never a 500."""
    actor = page_actor(request)
    appeal = selectors.appeal_get(actor, number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            appeal = appeal_follow_up(
                actor=actor,
                number=number,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data.get("comment") or "",
            )
        except ValidationFailed as error:
            problems_on(form, error, FIELD_ALIASES)
        except DomainError as error:
            return detail_page(request, actor, appeal, error=error.message, status=error.status)
        else:
            if appeal.status == "closed":
                text = _("Thank you. Appeal %(n)s is closed.")
            else:
                text = _("Thank you. Appeal %(n)s is handled again, by %(d)s.")
            messages.success(request, text % {"n": appeal.number, "d": display.due_text(appeal)})
            return redirect("appeal-detail", number=appeal.number)
    return detail_page(request, actor, appeal, rating_form=form, status=422)


# ---------------------------------------------------------------- policies


def policy_tags(policy: Policy) -> str:
    sizes = dict(EnterpriseSize.choices)
    tags = [*policy.industries, *(str(sizes.get(s, s)) for s in policy.sizes)]
    if policy.region_id:
        tags.append(policy.region.name)
    return "、".join(tags) or _("every enterprise")


POLICY_COLUMNS = [
    Column(
        gettext_lazy("Policy"), lambda p: p.title, lambda p: reverse("policy-detail", args=[p.pk])
    ),
    Column(gettext_lazy("Issuing department"), lambda p: p.department.name),
    Column(gettext_lazy("Meant for"), policy_tags),
    Column(gettext_lazy("Published on"), lambda p: p.published_on.isoformat()),
]


@login_required
@domain_errors_as_pages
def policies(request):
    """The policies that fit the signed-in enterprise (industry, size, region), or all."""
    actor = page_actor(request)

    def rows(data):
        found = selectors.policies_for(actor, matching=not data.get("every"))
        return Policy.objects.filter(pk__in=[p.pk for p in found]).select_related(
            "department", "region"
        )

    return list_page(
        request,
        title=gettext_lazy("Policies"),
        form_class=PolicyFilter,
        rows=rows,
        columns=POLICY_COLUMNS,
        export_name="policies",
        template="appeals/policies.html",
        extra={"for_enterprise": bool(actor.enterprise_id)},
    )


@login_required
@domain_errors_as_pages
def policy_detail(request, policy_id: int):
    """A policy's text, and a question about it (a 咨询 its department answers)."""
    actor = page_actor(request)
    policy = selectors.policy_get(actor, policy_id)
    may_ask = actor.role in APPLICANTS
    form = PolicyAskForm(request.POST or None) if may_ask else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = policy_ask(
                    actor=actor,
                    policy_id=policy.pk,
                    text=data.get("text") or "",
                    title=data.get("title") or "",
                    idempotency_key=data.get("idempotency_key") or None,
                )
            except ValidationFailed as error:
                problems_on(form, error, FIELD_ALIASES)
            else:
                messages.success(
                    request,
                    _("Your question %(n)s went to %(d)s.")
                    % {"n": inquiry.number, "d": policy.department.name},
                )
                return redirect("appeal-detail", number=inquiry.number)
    return render(
        request,
        "appeals/policy_detail.html",
        {
            "title": policy.title,
            "policy": policy,
            "tags": policy_tags(policy),
            "form": form,
            "refused": status == 422,
        },
        status=status,
    )
