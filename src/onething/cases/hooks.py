"""Where apps built on cases (cross-region service, bundles) plug in, without cases
importing them: guards that may refuse an action on a case, marks shown next to a case in
lists, and panels added to a case's page.

- ``guard(fn)``: ``fn(actor, case, action, **context)`` raises a DomainError to refuse
  ``action`` (accept, decline, request_correction, submit_correction, conclude, withdraw,
  hand_over); ``context`` carries the action's arguments (``outcome`` for conclude).
- ``marks(fn)``: ``fn(cases) -> {case_id: [text, …]}`` for a page of cases (one query).
- ``panel(fn)``: ``fn(actor, case, refusal=None) -> (template, context) | None`` for the
  case page; ``refusal`` is a ``PanelRefusal`` when the panel's own form was just refused
  (the app's view shows the page again with ``cases.pages.case_page``), else None.
- ``event_labels(mapping)``: how the case's history names the audit actions an app writes.
- ``flag(name)``: ``fn() -> expression`` (an ``Exists`` on the case's ``pk``), read with the
  case when a service locks it (``case.<name>``), so that a guard of a case the app has
  no record of looks nothing up.
- ``taken_in_elsewhere(fn)``: ``fn(actor) -> Q | None``, the cases in the actor's scope that
  another office takes in (a case a window forwarded to another town): left out of the
  actor's acceptance queue, where nothing could be done with them.
- ``concluded(fn)``: ``fn(actor, case)`` runs in the transaction of a decision that ends the
  case (concluded, approved or denied, or declined at acceptance), after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from onething.core.errors import DomainError, ValidationFailed
from onething.core.selectors.actions import action_labels

Guard = Callable[..., None]
Marks = Callable[[list[Any]], dict[int, list[str]]]
Panel = Callable[..., tuple[str, dict] | None]


@dataclass(frozen=True)
class PanelRefusal:
    """A panel's form refused: the action posted, the refusal's status, code and words,
    and the form as posted (the service's problems put beside its inputs)."""

    action: str
    status: int
    code: str
    message: str
    form: Any = None

    @classmethod
    def of(cls, action: str, error: DomainError, form: Any = None) -> PanelRefusal:
        message = (
            _("Nothing was changed: correct what is marked.")
            if isinstance(error, ValidationFailed)
            else error.message
        )
        return cls(action, error.status, error.code, message, form)


_guards: list[Guard] = []
_marks: list[Marks] = []
_panels: list[Panel] = []
_concluded: list[Callable[[Any, Any], None]] = []
_flags: dict[str, Callable[[], Any]] = {}
_elsewhere: list[Callable[[Any], Any]] = []


def taken_in_elsewhere(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    _elsewhere.append(fn)
    return fn


def elsewhere(actor) -> list[Any]:
    """The conditions (Q) of the cases the actor sees but another office takes in."""
    return [q for q in (fn(actor) for fn in _elsewhere) if q is not None]


def guard(fn: Guard) -> Guard:
    _guards.append(fn)
    return fn


def marks(fn: Marks) -> Marks:
    _marks.append(fn)
    return fn


def panel(fn: Panel) -> Panel:
    _panels.append(fn)
    return fn


def flag(name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        _flags[name] = fn
        return fn

    return register


def flags() -> dict[str, Any]:
    """The registered flags' expressions, to annotate a case query with."""
    return {name: fn() for name, fn in _flags.items()}


def concluded(fn: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    _concluded.append(fn)
    return fn


def after_conclusion(actor, case) -> None:
    for fn in _concluded:
        fn(actor, case)


def event_labels(mapping: dict[str, Any] | None = None) -> dict[str, Any]:
    """Register labels of audit actions (``{"crossregion.intake": _("…")}``); return all.
    They are core's names of audit actions (``core.selectors.actions``), which the back
    office's audit log reads too: one name for each action everywhere."""
    return action_labels(mapping)


def check(actor, case, action: str, **context) -> None:
    """Raise the first guard's refusal of ``action`` on ``case`` by ``actor``."""
    for fn in _guards:
        fn(actor, case, action, **context)


def refusal(actor, case, action: str, **context) -> DomainError | None:
    try:
        check(actor, case, action, **context)
    except DomainError as error:
        return error
    return None


def case_marks(cases: Iterable[Any]) -> dict[int, list[str]]:
    cases = list(cases)
    found: dict[int, list[str]] = {}
    for fn in _marks:
        for case_id, texts in fn(cases).items():
            found.setdefault(case_id, []).extend(texts)
    return found


def case_panels(
    actor, case, refusals: dict[Panel, PanelRefusal] | None = None
) -> list[tuple[str, dict]]:
    """The panels to show on the case's page, each given its own refusal (if any)."""
    refusals = refusals or {}
    shown = (fn(actor, case, refusal=refusals.get(fn)) for fn in _panels)
    return [p for p in shown if p is not None]
