"""The one lifecycle mechanism, pure (no database). A :class:`Lifecycle` declares a
table: each action names the states it leaves from, the state it leads to (or
:data:`STAY`: the state it is in) and the roles that may take it (none named: any role,
the service checks who). The case lifecycle, the urges, the pickups, the appeals, the
honorees, the settlements and the hand-offs each declare their own table and their own
words; the check is this one, so every illegal move is refused the same way:

- an unknown action, or one not allowed from the state: :class:`InvalidTransition` (409)
  with the details ``{"status", "action", "allowed_from"}`` (plus a lifecycle's own keys);
- a role the action is not for (unless the system acts): :class:`PermissionDenied` (403)
  with ``{"action", "your_role"}``.

The refusals are message templates (lazy msgids) formatted with every word any of them
uses: ``%(action)s`` (the action's label), ``%(status)s`` and ``%(before)s`` (the state's
label), ``%(after)s`` (the label of the state the action leads to) and ``%(allowed)s``
(the labels of the states the action leaves from)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext as _

from .errors import InvalidTransition, PermissionDenied

STAY = "<stay>"  # a target: the action keeps the state it is in


@dataclass(frozen=True)
class Transition:
    """An action: the states it leaves from, the state it leads to, the roles it is for
    (empty: any role)."""

    sources: frozenset[str]
    target: str
    roles: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "roles", frozenset(self.roles))

    def after(self, status: str) -> str:
        """The state the action leads to from ``status``."""
        return status if self.target == STAY else self.target

    def open_to(self, role: str | None) -> bool:
        return not self.roles or role in self.roles


def _same(value: str) -> str:
    return value


@dataclass(frozen=True)
class Lifecycle:
    """A declared lifecycle: ``table`` (action → :class:`Transition`), the refusals
    (``status_refused`` 409; ``final_refused`` 409 from a state no action leaves, else
    ``status_refused``; ``unknown_refused`` 409 for an action not in the table, else
    "Unknown action"; ``role_refused`` 403, needed when an action names roles), the
    labels of actions and states, and ``more_details`` (status, action → the lifecycle's
    own keys added to a 409's details)."""

    table: Mapping[str, Transition]
    status_refused: str
    role_refused: str = ""
    final_refused: str = ""
    unknown_refused: str = ""
    action_label: Callable[[str], Any] = _same
    status_label: Callable[[str], Any] = _same
    more_details: Callable[[str, str], dict[str, Any]] | None = field(default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", MappingProxyType(dict(self.table)))
        if not self.role_refused and any(t.roles for t in self.table.values()):
            raise ValueError("A lifecycle whose actions name roles needs role_refused.")

    # --- what the table says -------------------------------------------------------

    @property
    def states(self) -> frozenset[str]:
        """Every state the table names."""
        found: set[str] = set()
        for transition in self.table.values():
            found |= transition.sources
            if transition.target != STAY:
                found.add(transition.target)
        return frozenset(found)

    def is_final(self, status: str) -> bool:
        """Whether ``status`` is a state of the table that no action leaves."""
        return status in self.states and not self.actions(status, system=True)

    def moves(self) -> dict[tuple[str, str], str]:
        """Every allowed (state, action) → the state after it, whoever acts."""
        return {
            (source, action): transition.after(source)
            for action, transition in self.table.items()
            for source in sorted(transition.sources)
        }

    def can(
        self, status: str, action: str, role: str | None = None, *, system: bool = False
    ) -> bool:
        """Whether ``role`` (any role when the action names none; the system if
        ``system``) may take ``action`` from ``status``."""
        transition = self.table.get(action)
        return (
            transition is not None
            and status in transition.sources
            and (system or transition.open_to(role))
        )

    def actions(self, status: str, role: str | None = None, *, system: bool = False) -> list[str]:
        """The actions that may be taken from ``status`` (by ``role``), in table order."""
        return [a for a in self.table if self.can(status, a, role, system=system)]

    # --- the check -----------------------------------------------------------------

    def target(
        self, status: str, action: str, role: str | None = None, *, system: bool = False
    ) -> str:
        """The state ``action`` leads to from ``status``, or why not: 409 for an unknown
        action, 403 for a ``role`` the action is not for (unless ``system``), 409 from
        another state."""
        transition = self.table.get(action)
        if transition is None:
            raise self.refusal(status, action)
        if not system and not transition.open_to(role):
            raise PermissionDenied(
                str(self.role_refused) % {"action": self.action_label(action)},
                details={"action": action, "your_role": role},
            )
        if status not in transition.sources:
            raise self.refusal(status, action)
        return transition.after(status)

    def refusal(self, status: str, action: str) -> InvalidTransition:
        """The 409 for ``action`` from ``status``, in this lifecycle's words."""
        transition = self.table.get(action)
        sources = sorted(transition.sources) if transition else []
        if self.final_refused and self.is_final(status):
            template = self.final_refused
        elif transition is None:
            template = self.unknown_refused
        else:
            template = self.status_refused
        if template:
            message = str(template) % self._words(status, action, transition, sources)
        else:
            message = _("Unknown action %(a)s.") % {"a": action}
        details = {"status": status, "action": action, "allowed_from": sources}
        if self.more_details is not None:
            details |= self.more_details(status, action)
        return InvalidTransition(message, details=details)

    def _words(
        self, status: str, action: str, transition: Transition | None, sources: Iterable[str]
    ) -> dict[str, Any]:
        label = self.status_label
        return {
            "action": self.action_label(action),
            "status": label(status),
            "before": label(status),
            "after": label(transition.after(status)) if transition else self.action_label(action),
            "allowed": " / ".join(str(label(s)) for s in sources),
        }
