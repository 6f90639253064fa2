"""批量代领's handover, pure (no database): one transition table in the shape of the case
lifecycle's (cases/rules.py) — each action names the states it leaves from, the state it
leads to and the roles that may take it. Who *within* the role (a clerk of the pickup's
centre) is the services' scope check.

    waiting --confirm (window clerk: identity checked, results handed over)--> confirmed
    waiting --refuse (window clerk, with the reason)--> refused

A retry of the action that led to the current state is answered with the pickup as it is
(``repeated``): a double click or a lost answer changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from onething.core.errors import InvalidTransition, PermissionDenied

WAITING, CONFIRMED, REFUSED = "waiting", "confirmed", "refused"
CLERK = "clerk"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


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
    transition = PICKUP_TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(_("Unknown action %(a)s.") % {"a": action})
    if role not in transition.roles:
        raise PermissionDenied(
            _("Only a window clerk may %(action)s a pickup.") % {"action": _action(action)},
            details={"action": action, "your_role": role},
        )
    if status not in transition.sources:
        raise InvalidTransition(
            _("You cannot %(action)s a pickup that is %(status)s, only one that is %(allowed)s.")
            % {
                "action": _action(action),
                "status": _label(status),
                "allowed": " / ".join(_label(s) for s in sorted(transition.sources)),
            },
            details={
                "status": status,
                "action": action,
                "allowed_from": sorted(transition.sources),
            },
        )
    return transition.target
