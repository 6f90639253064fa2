"""A transition table's one check, pure (no database): each action of a table names the
states it leaves from, the state it leads to and the roles that may take it. The case
lifecycle, the supervisors' urges and the batch pickups each keep their own table and
their own words; the check is this one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import InvalidTransition, PermissionDenied


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


def transition_target(
    table: dict[str, Transition],
    status: str,
    action: str,
    role: str | None,
    *,
    role_refused: str,
    status_refused: str,
    action_label: Callable[[str], str],
    status_label: Callable[[str], str],
    system: bool = False,
) -> str:
    """The state ``action`` leads to from ``status``, or why not: 403 for a ``role`` the
    action is not for (unless ``system``), 409 from another state. The refusals are
    messages with ``%(action)s``, ``%(status)s`` and ``%(allowed)s`` (the states the action
    leaves from), each named by its label."""
    transition = table.get(action)
    if transition is None:
        raise InvalidTransition(_("Unknown action %(a)s.") % {"a": action})
    if not system and role not in transition.roles:
        raise PermissionDenied(
            role_refused % {"action": action_label(action)},
            details={"action": action, "your_role": role},
        )
    if status not in transition.sources:
        raise InvalidTransition(
            status_refused
            % {
                "action": action_label(action),
                "status": status_label(status),
                "allowed": " / ".join(str(status_label(s)) for s in sorted(transition.sources)),
            },
            details={
                "status": status,
                "action": action,
                "allowed_from": sorted(transition.sources),
            },
        )
    return transition.target
