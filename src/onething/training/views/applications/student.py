"""A student's own applications: each with its status, the place offered and the deadline
to answer it, the place on the waiting list, whether the credits transfer, its files and
timeline, and the moves open now — accept or decline an offer, withdraw — each confirmed.
A refused move shows the page again with its problems beside its inputs."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import NotFound
from onething.core.permissions import Actor
from onething.web.display import local
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import page_actor

from ...rules.applications import APPLICATION_LIFECYCLE
from ...selectors import applications as selectors
from ...services.applications import application_withdraw
from ...services.offers import offer_accept, offer_decline
from ..common import posted, signed_in
from . import forms as f
from .common import deadline_text, file_link, status_mark, timeline_of, tracks_text

SHOWN = 50  # a student's applications on the page (one per cohort: never near)
PANELS = {
    "accept": (
        gettext_lazy("Accept the offer"),
        gettext_lazy("Accept"),
        gettext_lazy("The place is yours; the institute enrols you before the class starts."),
        f.AcceptForm,
    ),
    "decline": (
        gettext_lazy("Decline the offer"),
        gettext_lazy("Decline"),
        gettext_lazy("The place goes to the next student on the waiting list."),
        f.DeclineForm,
    ),
    "withdraw": (
        gettext_lazy("Withdraw the application"),
        gettext_lazy("Withdraw"),
        gettext_lazy("Your application is withdrawn and not considered any more."),
        f.WithdrawForm,
    ),
}


def _cards(actor: Actor, bound: dict | None = None) -> list[dict]:
    """Each application as its card shows it (``bound``: number → {move: refused form})."""
    bound = bound or {}
    cards = []
    for application in selectors.my_applications(actor)[:SHOWN]:
        number = application.number
        cards.append(
            {
                "application": application,
                "status": status_mark(application),
                "tracks": tracks_text(application),
                "deadline": deadline_text(application),
                "position": selectors.waiting_position(application),
                "credits_transfer": selectors.credits_transfer(application),
                "submitted": local(application.submitted_at),
                "files": [(a.name, file_link(application, a)) for a in application.files.all()],
                "timeline": timeline_of(application),
                "panels": move_panels(
                    selectors.application_moves(actor, application),
                    bound.get(number),
                    PANELS,
                    url=lambda move, n=number: reverse(
                        "training-my-application-act", args=[n, move]
                    ),
                    form=lambda move, n=number: PANELS[move][3](auto_id=f"{n}-{move}-%s"),
                    secondary={"decline", "withdraw"},
                ),
            }
        )
    return cards


def _page(request, actor: Actor, *, bound=None, status: int = 200):
    return render(
        request,
        "training/applications/mine.html",
        {
            "title": _("My training applications"),
            "cards": _cards(actor, bound),
            "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        },
        status=status,
    )


@signed_in
def mine_page(request):
    return _page(request, page_actor(request))


DONE = {
    "accept": gettext_lazy("You accepted the place in %(c)s."),
    "decline": gettext_lazy("You declined the place in %(c)s."),
    "withdraw": gettext_lazy("Your application to %(c)s is withdrawn."),
}


@posted
def mine_act(request, number: str, move: str):
    actor = page_actor(request)
    if move not in PANELS:
        raise NotFound(_("There is no such action."))
    application = selectors.application_get(actor, number)  # another's: 404
    if application.person_id != actor.person_id:
        raise NotFound(_("There is no such application of yours."))

    def perform(data: dict) -> str:
        reason = data.get("reason") or ""
        if move == "accept":
            offer_accept(actor=actor, number=number)
        elif move == "decline":
            offer_decline(actor=actor, number=number, reason=reason)
        else:
            application_withdraw(actor=actor, number=number, reason=reason)
        return DONE[move] % {"c": application.cohort.name}

    return move_posted(
        request,
        move,
        PANELS[move][3](request.POST, auto_id=f"{number}-{move}-%s"),
        check=lambda: APPLICATION_LIFECYCLE.target(application.status, move, actor.role),
        perform=perform,
        url=reverse("training-my-applications"),
        refused=lambda bound: _page(request, actor, bound={number: bound}, status=422),
    )
