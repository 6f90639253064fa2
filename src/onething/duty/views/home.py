"""The duty page (带班值班): for a town's leader, tonight's night — check in on it (confirmed)
or out of it the next morning —, this week's stays against the rule of two, this month's
roster and the visits; for a supervisor, this month's figures of the towns they see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onething.core import clock
from onething.core.errors import Conflict, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.web.views.base import domain_errors_as_pages

from ..rules.nights import NIGHT_STATE_LABELS
from ..rules.rosters import month_of, next_month
from ..selectors.figures import duty_figures
from ..selectors.home import leader_home
from ..services.nights import night_check_in, night_check_out
from .common import duty_actor
from .forms import CheckInForm


def _page(request, actor, form=None, status=200):
    if actor.role != Role.LEADER:
        month = month_of(clock.today())
        figures = duty_figures(actor, date_from=month, date_to=next_month(month))
        return render(
            request,
            "duty/overview.html",
            {"title": _("Night duty"), "figures": figures, "month": month},
            status=status,
        )
    home = leader_home(actor)
    return render(
        request,
        "duty/home.html",
        {
            "title": _("Night duty"),
            **home,
            "state_label": NIGHT_STATE_LABELS.get(home["night_state"], ""),
            "form": form or CheckInForm(),
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def duty_home(request):
    return _page(request, duty_actor(request))


@login_required
@require_POST
@domain_errors_as_pages
def check_in(request):
    """Check in on the night on now (confirmed): the planned one, or a stay off the roster."""
    actor = duty_actor(request)
    form = CheckInForm(request.POST)
    if form.is_valid():
        night_id = request.POST.get("night") or None
        try:
            night = night_check_in(
                actor=actor,
                night_id=int(night_id) if night_id and night_id.isdigit() else None,
                place_note=form.cleaned_data["place_note"],
            )
        except ValidationFailed as error:
            problems_on(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect("duty-home")
        else:
            messages.success(
                request,
                _("Checked in for the night of %(d)s. Thank you for staying with the residents.")
                % {"d": night.date.isoformat()},
            )
            return redirect("duty-home")
    return _page(request, actor, form=form, status=422)


@login_required
@require_POST
@domain_errors_as_pages
def check_out(request, night_id: int):
    actor = duty_actor(request)
    try:
        night_check_out(actor=actor, night_id=night_id)
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Checked out. Have a good day."))
    return redirect("duty-home")
