"""批量代领's handover, pure (no database): one lifecycle (core.transitions.Lifecycle) like
the case's (cases/rules.py) — each action names the states it leaves from, the state it
leads to and the roles that may take it. Who *within* the role (a clerk of the pickup's
centre) is the services' scope check.

    waiting --confirm (window clerk: identity checked, results handed over)--> confirmed
    waiting --refuse (window clerk, with the reason)--> refused

A retry of the action that led to the current state is answered with the pickup as it is
(``repeated``): a double click or a lost answer changes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.transitions import Lifecycle, Transition

WAITING, CONFIRMED, REFUSED = "waiting", "confirmed", "refused"
CLERK = "clerk"


def _label(status: str) -> str:
    return {
        WAITING: _("waiting for the window's confirmation"),
        CONFIRMED: _("confirmed"),
        REFUSED: _("refused"),
    }.get(status, status)


def _action(action: str) -> str:
    return {"confirm": _("confirm"), "refuse": _("refuse")}.get(action, action)


PICKUP_LIFECYCLE = Lifecycle(
    table={
        "confirm": Transition({WAITING}, CONFIRMED, {CLERK}),
        "refuse": Transition({WAITING}, REFUSED, {CLERK}),
    },
    role_refused=gettext_lazy("Only a window clerk may %(action)s a pickup."),
    status_refused=gettext_lazy(
        "You cannot %(action)s a pickup that is %(status)s, only one that is %(allowed)s."
    ),
    action_label=_action,
    status_label=_label,
)
PICKUP_TRANSITIONS = PICKUP_LIFECYCLE.table


def repeated(status: str, action: str) -> bool:
    """Whether the pickup is already where ``action`` leads (a retry)."""
    transition = PICKUP_TRANSITIONS.get(action)
    return transition is not None and status == transition.target


def pickup_next(status: str, action: str, role: str | None) -> str:
    """The state ``action`` leads to from ``status``, or an error saying why not."""
    return PICKUP_LIFECYCLE.target(status, action, role)
