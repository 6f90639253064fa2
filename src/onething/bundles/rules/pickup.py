"""批量代领's handover, pure (no database): one transition table in the shape of the case
lifecycle's (cases/rules.py) — each action names the states it leaves from, the state it
leads to and the roles that may take it. Who *within* the role (a clerk of the pickup's
centre) is the services' scope check.

    waiting --confirm (window clerk: identity checked, results handed over)--> confirmed
    waiting --refuse (window clerk, with the reason)--> refused

A retry of the action that led to the current state is answered with the pickup as it is
(``repeated``): a double click or a lost answer changes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core.transitions import Transition, transition_target

WAITING, CONFIRMED, REFUSED = "waiting", "confirmed", "refused"
CLERK = "clerk"

PICKUP_TRANSITIONS: dict[str, Transition] = {
    "confirm": Transition(frozenset({WAITING}), CONFIRMED, frozenset({CLERK})),
    "refuse": Transition(frozenset({WAITING}), REFUSED, frozenset({CLERK})),
}


def _label(status: str) -> str:
    return {
        WAITING: _("waiting for the window's confirmation"),
        CONFIRMED: _("confirmed"),
        REFUSED: _("refused"),
    }.get(status, status)


def _action(action: str) -> str:
    return {"confirm": _("confirm"), "refuse": _("refuse")}.get(action, action)


def repeated(status: str, action: str) -> bool:
    """Whether the pickup is already where ``action`` leads (a retry)."""
    transition = PICKUP_TRANSITIONS.get(action)
    return transition is not None and status == transition.target


def pickup_next(status: str, action: str, role: str | None) -> str:
    """The state ``action`` leads to from ``status``, or an error saying why not."""
    return transition_target(
        PICKUP_TRANSITIONS,
        status,
        action,
        role,
        role_refused=_("Only a window clerk may %(action)s a pickup."),
        status_refused=_(
            "You cannot %(action)s a pickup that is %(status)s, only one that is %(allowed)s."
        ),
        action_label=_action,
        status_label=_label,
    )
