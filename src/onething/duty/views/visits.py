"""Night visits' pages: the list (a leader's own, a supervisor's towns'; cards on a phone),
the form to record one with the demands raised (a small formset: each filled row becomes
an appeal of 带班值班; every problem of the visit and of each demand at once) and a visit's
page: where, whom, what was raised, and each demand's appeal as it stands — its number,
status, responsible department, the answer and the project it became."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import in_parts
from onething.web.display import local
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages

from ..selectors import visits as selectors
from ..services.visits import visit_problems, visit_record
from .common import duty_actor
from .forms import DemandFormSet, VisitFilter, VisitForm

DEMAND_FIELDS = ("type", "category", "title", "text", "contact_name", "contact_phone")
VISIT_FIELDS = ("at", "place", "address", "met_names", "met_count", "summary")


@login_required
@domain_errors_as_pages
def visits_page(request):
    actor = duty_actor(request)
    columns = [
        Column(
            _("Night visit"), lambda v: v.number, lambda v: reverse("duty-visit", args=[v.number])
        ),
        Column(_("When"), lambda v: local(v.at)),
        Column(_("Town or street"), lambda v: v.town.name),
        Column(_("Village or community"), lambda v: v.place),
        Column(_("Leader"), lambda v: v.leader.display_name),
        Column(_("Residents met"), lambda v: v.met_count, count=True),
        Column(_("Demands raised"), lambda v: v.demand_count, count=True),
    ]
    extra = {}
    if actor.role == Role.LEADER:
        extra = {"new_url": reverse("duty-visit-new"), "new_label": _("Record a night visit")}
    return cursor_list_page(
        request,
        title=_("Night visits"),
        form=VisitFilter(request.GET or None),
        rows=lambda f: in_parts(
            actor,
            lambda part: selectors.visits_list(
                actor, month=f.get("month", ""), q=f.get("q", ""), part=part
            ),
        ),
        columns=columns,
        export_name="night-visits",
        extra=extra,
    )


def _demand_forms(data=None):
    categories = selectors.category_choices()
    return DemandFormSet(data, prefix="demands", form_kwargs={"categories": categories})


@login_required
@domain_errors_as_pages
def visit_new_page(request):
    actor = duty_actor(request)
    if actor.role != Role.LEADER:
        return redirect("duty-visits")
    if request.method != "POST":
        now = clock.now()
        form = VisitForm(initial={"at": now.replace(second=0, microsecond=0), "met_count": 1})
        return _form_page(request, form, _demand_forms())
    form = VisitForm(request.POST)
    demands = _demand_forms(request.POST)
    valid = form.is_valid()
    valid = demands.is_valid() and valid
    kept = [f for f in demands.forms if f.filled()]
    rows = [{**f.typed(), "type": f.typed().get("type") or "demand"} for f in kept]
    if not valid:  # the service's own checks too: every problem at once
        data = {name: form.cleaned_data.get(name, form[name].value()) for name in VISIT_FIELDS}
        if not isinstance(data["met_count"], int):
            data["met_count"] = 0
        problems = [p for p in visit_problems(**data, demands=rows) if p is not None]
        _problems_on(form, kept, ValidationFailed(problems) if problems else None)
        return _form_page(request, form, demands, status=422)
    try:
        visit = visit_record(
            actor=actor,
            **{name: form.cleaned_data[name] for name in VISIT_FIELDS},
            demands=[{f: row.get(f) or "" for f in DEMAND_FIELDS} for row in rows],
            idempotency_key=form.cleaned_data.get("idempotency_key") or None,
        )
    except ValidationFailed as error:
        _problems_on(form, kept, error)
        return _form_page(request, form, demands, status=422)
    numbers = list(visit.demands.values_list("appeal_number", flat=True))
    if numbers:
        messages.success(
            request,
            _("The night visit is recorded; each demand is an appeal: %(n)s.")
            % {"n": "、".join(numbers)},
        )
    else:
        messages.success(request, _("The night visit is recorded."))
    return redirect("duty-visit", visit.number)


def _problems_on(form, kept, error: ValidationFailed | None) -> None:
    """The service's problems beside their inputs: a demand's (``demands.<n>.<field>``) on
    the n-th filled row of the formset, the visit's on the visit's form; an input that shows
    a problem already (the form's own check) is given no second one."""
    own = []
    for problem in error.problems if error is not None else []:
        head, _dot, rest = problem.field.partition(".")
        if head == "demands" and rest:
            index, _dot, field = rest.partition(".")
            if index.isdigit() and int(index) < len(kept) and field in kept[int(index)].fields:
                row = kept[int(index)]
                if not row.errors.get(field):
                    row.add_error(field, problem.message)
                continue
        own.append(problem)
    if own:
        problems_on(form, own, one_per_input=True)


def _form_page(request, form, demands, status: int = 200):
    return render(
        request,
        "duty/visit_new.html",
        {"title": _("Record a night visit"), "form": form, "demands": demands},
        status=status,
    )


@login_required
@domain_errors_as_pages
def visit_page(request, number: str):
    actor = duty_actor(request)
    visit = selectors.visit_get(actor, number)
    progress = selectors.demands_progress(actor, visit)
    return render(
        request,
        "duty/visit.html",
        {
            "title": _("Night visit %(n)s") % {"n": visit.number},
            "visit": visit,
            "progress": progress,
            "categories": selectors.category_names(),
        },
    )
