"""What the catalogue's services share: who may write (the institute's staff — role
``institute_staff`` in the institute's department —, an administrator, the platform;
anyone else 403), the institute a write is for, and a record of the catalogue written
(with its audit entry, the public pages' reference data bumped)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor

from ...models import Institute
from ..common import STAFF_ROLES, require_staff, written

WRITER_ROLES = STAFF_ROLES


def catalogue_written(
    actor: Actor,
    record: Any,
    action: str,
    fields: list[str],
    before: dict | None = None,
    **options: Any,
) -> Any:
    """A record of the catalogue saved with its audit entry (``before``: a snapshot of
    its ``fields``), and the reference data the public pages keep bumped (``options``:
    those of ``written``)."""
    return written(
        actor, record, action=action, fields=fields, before=before, reference=True, **options
    )


def institute_for(actor: Actor, institute_id: int | None = None) -> Institute:
    """The institute a write is for: the staff's own (their department's); for an
    administrator or the platform the one named, or the only one there is."""
    require_staff(actor)
    if not (actor.is_system or actor.role == Role.ADMIN):
        found = Institute.objects.filter(department_id=actor.department_id).first()
        if found is None:
            raise PermissionDenied(
                _("Your department runs no institute."), details={"your_role": actor.role}
            )
        if institute_id is not None and found.pk != institute_id:
            raise PermissionDenied(_("This belongs to another institute."))
        return found
    if institute_id is not None:
        found = Institute.objects.filter(pk=institute_id).first()
        if found is None:
            raise ValidationFailed.one("institute", "unknown", _("There is no such institute."))
        return found
    institutes = list(Institute.objects.all()[:2])
    if len(institutes) != 1:
        raise ValidationFailed.one(
            "institute",
            "required",
            _("Name the institute.") if institutes else _("No institute is set up yet."),
        )
    return institutes[0]
