"""The applicant's choice (群众可自由选择就近办事地点): which alliance towns take an item and
how — online for the town that handles it (全程网办), or at the window of the nearest
centre, which forwards it (收办分离 / 代收代办) — and the online application itself."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.cases.views import common as c
from onething.catalog.selectors import item_get, route
from onething.core import clock
from onething.core.errors import FieldProblem, NotFound
from onething.core.models import Person, Region, Role
from onething.core.permissions import Actor, require_role
from onething.core.selectors.parties import enterprise_get
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import OnlineElsewhereForm
from ..models import Mode
from ..rules import use_problems
from ..selectors.alliances import alliance_for, alliances_list_all, options_for, state_of
from ..services.intake import cross_region_submit

APPLICANTS = (Role.APPLICANT, Role.AGENT)


class HomeForm(forms.Form):
    home = forms.ChoiceField(label=gettext_lazy("Where do you live or work?"), required=False)

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].choices = [("", "—"), *towns]


def _home_of(actor: Actor) -> Region | None:
    if not actor.person_id:
        return None
    return Person.objects.select_related("region").get(pk=actor.person_id).region


def _alliance_towns() -> list[tuple[str, str]]:
    day = clock.today()
    towns = {}
    for alliance in alliances_list_all():
        state = state_of(alliance)
        names = {m.region.code: m.region.name for m in alliance.members.all()}
        towns |= {code: names[code] for code in state.towns_on(day)}
    return sorted(towns.items())


@domain_errors_as_pages
def where(request, code: str):
    """Where the item can be handled across towns today, in which modes, through which
    centre (address, opening hours). Public."""
    actor = page_actor(request)
    item = item_get(actor, code)
    towns = _alliance_towns()
    chooser = HomeForm(request.GET or None, towns=towns)
    home, status = None, 200
    if chooser.is_bound:
        if chooser.is_valid():
            home_code = chooser.cleaned_data["home"]
            home = Region.objects.filter(code=home_code).first() if home_code else None
        else:
            status = 422
    if home is None and status == 200:
        home = _home_of(actor)
    rows = sorted(
        options_for(item, home, clock.today()),
        key=lambda r: (not r["home"], r["town"].code),
    )
    return render(
        request,
        "crossregion/where.html",
        {
            "title": _("Where to apply: %(item)s") % {"item": item.name},
            "item": item,
            "home": home,
            "chooser": chooser,
            "rows": rows,
            "may_apply_online": item.online and item.is_active,
            "is_applicant": actor.role in APPLICANTS,
        },
        status=status,
    )


def _route_problems(item, home: Region, handling: Region) -> list[FieldProblem]:
    """Why ``home``'s applicant may not apply online for ``item`` handled in ``handling``."""
    day = clock.today()
    alliance = alliance_for(home.code, handling.code, item.code, day)
    if alliance is None:
        return [
            FieldProblem(
                "handling_region_code",
                "no_alliance",
                _("%(a)s and %(b)s share no cross-region alliance.")
                % {"a": home.name, "b": handling.name},
            )
        ]
    return use_problems(
        state_of(alliance),
        item_code=item.code,
        item_name=item.name,
        mode=Mode.ONLINE,
        receiving=(home.code, home.name),
        handling=(handling.code, handling.name),
        day=day,
    )


@login_required
@domain_errors_as_pages
def apply_in(request, code: str, town: str):
    """全程网办: apply online for the item, handled by the competent department of another
    town of your alliance; one transaction with the files."""
    actor = page_actor(request)
    require_role(actor, *APPLICANTS)
    item = item_get(actor, code)
    handling = Region.objects.filter(code=town).first()
    if handling is None:
        raise NotFound(_("There is no town with code %(code)s.") % {"code": town})
    home = _home_of(actor)
    if home is not None and home.path.startswith(handling.path):
        return redirect("case-apply", code=item.code)  # one's own town: the usual way
    problems = _route_problems(item, home, handling) if home is not None else []
    department, center = route(item, handling)
    enterprise = enterprise_get(actor, actor.enterprise_id) if actor.enterprise_id else None
    form = OnlineElsewhereForm(
        request.POST or None, request.FILES or None, item=item, enterprise=enterprise
    )
    status = 422 if problems else 200
    if request.method == "POST" and not problems:
        status = 422
        case = c.submit_with_uploads(
            actor,
            form,
            cross_region_submit,
            renames={"enterprise_id": "applicant_for", "handling_region_code": ""},
            handling_region_code=handling.code,
        )
        if case is not None:
            messages.success(
                request,
                _("Application %(n)s submitted: %(town)s handles it.")
                % {"n": case.number, "town": handling.name},
            )
            return redirect("case-detail", number=case.number)
    return render(
        request,
        "crossregion/apply.html",
        {
            "title": _("Apply online, handled in %(town)s: %(item)s")
            % {"town": handling.name, "item": item.name},
            "item": item,
            "town": handling,
            "department": department,
            "center": center,
            "problems": problems,
            "form": form,
            "refused": status == 422 and not problems,
            "where_url": reverse("crossregion-options", args=[item.code]),
        },
        status=status,
    )
