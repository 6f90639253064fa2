"""What every part's services share, once: the gate of the institute's staff
(``scopes.require_staff``), a record looked up and locked for a write (404 when there is
none), a cohort locked (every change of its places, classes or state runs one at a time),
what was given set on a record, the record written with its audit entry, the text a
service keeps of what was typed, and the marker of an argument not given."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import FieldProblem, NotFound
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record, snapshot
from onething.core.transitions import Lifecycle

from ..models import Cohort
from ..scopes import STAFF_ROLES, is_staff_of, require_staff

UNSET: Any = object()  # an argument not given: the field stays as it is

__all__ = [
    "STAFF_ROLES",
    "UNSET",
    "clean_text",
    "cohort_locked",
    "found_or_404",
    "given",
    "is_staff_of",
    "moved",
    "require_staff",
    "staff_locked",
    "unknown",
    "written",
]


def found_or_404(queryset: models.QuerySet, message: str, **lookup: Any) -> Any:
    """The one row of ``queryset`` matching ``lookup``, locked for the write (its own row
    only, not the ones it is joined with), or 404 saying ``message``."""
    try:
        return queryset.select_for_update(of=("self",)).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message, details={k: str(v)[:30] for k, v in lookup.items()}) from None


def staff_locked(
    actor: Actor,
    queryset: models.QuerySet,
    message: str,
    *,
    institute: str,
    hidden: bool = False,
    **lookup: Any,
) -> Any:
    """The one row of ``queryset`` matching ``lookup``, locked (404 saying ``message``),
    for the staff of its institute only (``institute``: the path to it, ``"programme.
    institute"``): another institute's staff 403 — or, ``hidden``, a 404 like a row that
    does not exist (a student's record is not disclosed)."""
    if hidden:
        require_role(actor, *STAFF_ROLES)
    record = found_or_404(queryset, message, **lookup)
    owner = attrgetter(institute)(record)
    if hidden and not is_staff_of(actor, owner.department_id):
        raise NotFound(message, details={k: str(v)[:30] for k, v in lookup.items()})
    require_staff(actor, owner)
    return record


def cohort_locked(*, code: str | None = None, pk: int | None = None) -> Cohort:
    """The cohort (by its code or its id) locked, with its programme and institute: a
    selection, an offer freed and taken up, an enrolment, a move of its state run one at
    a time. None such: 404."""
    lookup = {"pk": pk} if pk is not None else {"code": code or ""}
    return found_or_404(
        Cohort.objects.select_related("programme__institute"),
        _("There is no cohort %(c)s.") % {"c": str(code or pk)[:30]},
        **lookup,
    )


def clean_text(value: Any) -> str:
    """What a service keeps of a typed text: stripped ('' for anything that is no text)."""
    return value.strip() if isinstance(value, str) else ""


def unknown(field: str, message: str) -> FieldProblem:
    return FieldProblem(field, "unknown", message)


def given(record: models.Model, **values: Any) -> None:
    """Set on ``record`` each value given (None and UNSET: not given), a text stripped."""
    for name, value in values.items():
        if value is None or value is UNSET:
            continue
        setattr(record, name, value.strip() if isinstance(value, str) else value)


def written(
    actor: Actor,
    record: models.Model,
    *,
    action: str,
    fields: list[str],
    before: dict[str, Any] | None = None,
    note: str = "",
    save: bool = True,
    update_fields: list[str] | None = None,
    reference: bool = False,
    snapshot_of: Callable[[Any], dict[str, Any]] | None = None,
) -> Any:
    """``record`` saved (unless ``save`` is False: saved already) with its audit entry:
    its ``fields`` ``before`` and now (``snapshot_of``: what to keep of it instead, its
    rows included). ``reference``: the record is the catalogue the public pages keep as
    reference data, which is bumped. Inside the caller's transaction."""
    if save:
        record.save(update_fields=update_fields)
    if reference:
        refdata.bump()
    audit_record(
        actor=actor,
        action=action,
        subject=record,
        before=before,
        after=snapshot_of(record) if snapshot_of else snapshot(record, fields),
        note=note,
    )
    return record


def moved(
    actor: Actor,
    record: models.Model,
    lifecycle: Lifecycle,
    action: str,
    *,
    audit_action: str,
    note: str = "",
    system: bool = False,
    also: dict[str, Any] | None = None,
    reference: bool = False,
) -> Any:
    """Move ``record`` (locked by the caller) by ``action`` as ``lifecycle`` allows from its
    status (409 from another, 403 for a role the action is not for, unless ``system``),
    set ``also`` with it, save and audit the move: the one way a status changes."""
    before = record.status
    record.status = lifecycle.target(before, action, actor.role, system=system or actor.is_system)
    for name, value in (also or {}).items():
        setattr(record, name, value)
    record.save(update_fields=["status", *(also or {})])
    if reference:
        refdata.bump()
    audit_record(
        actor=actor,
        action=audit_action,
        subject=record,
        before={"status": before},
        after={"status": record.status},
        note=note,
    )
    return record
