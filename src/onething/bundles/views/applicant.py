"""The applicant's pages (a citizen, an enterprise's staff, an agency's agent): apply for a
one-thing with one form and one set of materials, follow a run, withdraw it, my
one-things."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.cases.licence_pdf import verify_url
from onething.cases.views import common as c
from onething.catalog.formschema import fields as schema_fields
from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Person, Role
from onething.core.permissions import Actor, require_role
from onething.web.display import Mark, local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..forms import BundleApplicationForm, MyRunsFilter, WithdrawRunForm
from ..models import Audience, BundleRun, RunStatus
from ..selectors import bundle_steps
from ..services.runs import run_submit
from ..services.steps import run_withdraw
from . import display
from .reads import (
    APPLICANTS,
    enterprises_for,
    region_options,
    used_by,
    visible_case_ids,
)


def run_link(run: BundleRun) -> str:
    return reverse("bundle-run", args=[run.number])


RUN_COLUMNS = [
    Column(gettext_lazy("Run number"), lambda r: r.number, run_link),
    Column(gettext_lazy("One-thing"), lambda r: r.bundle.name),
    Column(gettext_lazy("For"), lambda r: r.enterprise.name if r.enterprise else r.applicant.name),
    Column(
        gettext_lazy("Status"),
        lambda r: Mark(r.get_status_display(), display.state_class(r.status)),
    ),
    Column(gettext_lazy("Submitted on"), lambda r: local(r.started_at)),
    Column(gettext_lazy("Concluded on"), lambda r: local(r.concluded_at)),
]


@login_required
@domain_errors_as_pages
def apply(request, code: str):
    """一表申请: the bundle's one form, each material once, the enterprise (an agent chooses
    among those its agency's declaration names), the region, the delivery; uploading the
    files and submitting the run in one transaction."""
    actor = page_actor(request)
    require_role(actor, *APPLICANTS)
    bundle = selectors.bundle_get(actor, code)
    steps = bundle_steps(bundle)
    enterprises = enterprises_for(actor)
    person = Person.objects.select_related("region").filter(pk=actor.person_id).first()
    regions, region_initial = region_options(steps, person.region if person else None)
    form = BundleApplicationForm(
        request.POST or None,
        request.FILES or None,
        bundle=bundle,
        schema=selectors.one_form(bundle),
        materials=selectors.one_set_of_materials(bundle),
        enterprises=enterprises,
        regions=regions,
        region_initial=region_initial,
        used_by=used_by(steps),
        step_names={s.key: s.item.name for s in steps},
    )
    no_enterprise = bundle.audience == Audience.ENTERPRISE and not enterprises
    status = 200
    if request.method == "POST" and (no_enterprise or not bundle.is_active):
        status = 422  # the page offers no form: nothing to submit
    elif request.method == "POST":
        status = 422
        run = c.submit_with_uploads(actor, form, run_submit)
        if run is not None:
            messages.success(
                request,
                _("One-thing %(n)s submitted: %(k)s steps, handled in parallel.")
                % {"n": run.number, "k": len(steps)},
            )
            return redirect("bundle-run", number=run.number)
    return render(
        request,
        "bundles/apply.html",
        {
            "title": _("Apply: %(b)s") % {"b": bundle.name},
            "bundle": bundle,
            "steps": steps,
            "form": form,
            "refused": status == 422,
            "no_enterprise": no_enterprise,
            "is_agent": actor.role == Role.AGENT,
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def my_runs(request):
    actor = page_actor(request)
    require_role(actor, *APPLICANTS)
    bundles = selectors.bundles_list(actor)
    return list_page(
        request,
        title=gettext_lazy("My one-things"),
        form_class=lambda data: MyRunsFilter(data, bundles=bundles),
        rows=lambda f: selectors.runs_list(actor, **f),
        columns=RUN_COLUMNS,
        export_name="my-one-things",
        template="bundles/runs.html",
    )


def may_withdraw(actor: Actor, run: BundleRun) -> bool:
    return (
        actor.role in APPLICANTS
        and run.status == RunStatus.RUNNING
        and (run.submitted_by_id == actor.user_id or run.applicant_id == actor.person_id)
    )


def _answers(run: BundleRun) -> list[tuple[str, object]]:
    """The one form's answers under their labels (personal numbers are stored masked)."""
    specs = {f.name: f.title for f in schema_fields(selectors.one_form(run.bundle))}
    order = [n for n in specs if n in run.form_data]
    order += [n for n in run.form_data if n not in specs]
    other = _("Other answer")  # a field the form no longer names: never its code
    return [(specs.get(n, other), run.form_data[n]) for n in order]


def _run_page(request, actor: Actor, run: BundleRun, withdraw_form=None, status: int = 200):
    run_steps = selectors.run_steps(run)
    cases = [rs.case for rs in run_steps if rs.case is not None]
    openable = visible_case_ids(actor, [case.pk for case in cases])
    rows, licences = [], []
    for rs in run_steps:
        case = rs.case
        licence = getattr(case, "licence", None) if case is not None else None
        row = {
            "run_step": rs,
            "key": rs.step.key,
            "item": rs.step.item,
            "department": case.department if case is not None else rs.step.item.department,
            "case": case,
            "may_open": case is not None and case.pk in openable,
            "state": display.state_class(rs.status),
            "due": c.due_text(case) if case is not None else "",
            "deadline": c.deadline_mark(case) if case is not None else "",
            "licence": licence,
        }
        rows.append(row)
        if licence is not None:
            licences.append(
                {
                    **row,
                    "verify_url": verify_url(licence, request.build_absolute_uri("/")),
                }
            )
    timing = selectors.run_timing(run)
    so_far = clock.now() - run.started_at if run.status == RunStatus.RUNNING else None
    context = {
        "title": f"{run.number} · {run.bundle.name}",
        "run": run,
        "run_state": display.state_class(run.status),
        "rows": rows,
        "started_count": sum(1 for rs in run_steps if rs.started_at is not None),
        "licences": licences,
        "elapsed": display.duration(timing.elapsed),
        "so_far": display.duration(so_far) if so_far is not None else "",
        "relay": display.duration(timing.relay),
        "saving": display.duration(timing.saving) if timing.saving is not None else "",
        "saving_positive": timing.saving is not None and timing.saving.total_seconds() > 0,
        "stream": list(selectors.run_messages(actor, run)),
        "answers": _answers(run),
        "may_withdraw": may_withdraw(actor, run),
        "withdraw_form": withdraw_form or WithdrawRunForm(prefix="withdraw"),
        "is_staff_view": actor.role not in APPLICANTS,
        "now": timezone.localtime(),
    }
    return render(request, "bundles/run.html", context, status=status)


@login_required
@domain_errors_as_pages
def run_page(request, number: str):
    """One status, each step with its department, case, due date and licence; elapsed
    time next to the relay time; one message stream; every licence together."""
    actor = page_actor(request)
    return _run_page(request, actor, selectors.run_get(actor, number))


@login_required
@require_POST
@domain_errors_as_pages
def run_withdraw_view(request, number: str):
    """Withdraw the whole run (a reason, a confirmation), then back to the run."""
    actor = page_actor(request)
    run = selectors.run_get(actor, number)  # 404 for a run the viewer may not see
    form = WithdrawRunForm(request.POST, prefix="withdraw")
    if form.is_valid():
        try:
            run_withdraw(actor=actor, number=run.number, reason=form.cleaned_data["reason"])
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            messages.success(request, _("One-thing %(n)s withdrawn.") % {"n": run.number})
            return redirect("bundle-run", number=run.number)
    return _run_page(request, actor, run, withdraw_form=form, status=422)
