"""What the duty services share: the leader acting (a town's leader, for their own town),
the checks of what was typed, a record locked for its change."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import Region, Role
from onething.core.permissions import Actor, require_role, visible

from ..rules import PROGRAMME  # noqa: F401  (the appeals programme of night visits)


def leader_town(actor: Actor) -> Region:
    """The town of the leader acting: a town's leader only (401 / 403 for anyone else, the
    platform itself included: a duty is a person's)."""
    require_role(actor, Role.LEADER)
    if actor.role != Role.LEADER or not actor.region_id:
        raise PermissionDenied(
            _("Only a town's leader on duty does this."),
            details={"required_roles": [Role.LEADER.value], "your_role": actor.role},
        )
    return Region.objects.get(pk=actor.region_id)


def text_problem(
    field: str, value: Any, limit: int, required: str | None = None, minimum: int = 0
) -> FieldProblem | None:
    """A text of at most ``limit`` characters (at least ``minimum`` when given); with
    ``required`` (the message) it must not be blank."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return FieldProblem(field, "required", required) if required else None
    if len(value) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    if len(text) < minimum:
        return FieldProblem(field, "min_length", _("At least %(n)s characters.") % {"n": minimum})
    return None


def refuse_if(problems: list[FieldProblem | None]) -> None:
    """One 422 listing every problem found."""
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)


def clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def locked(actor: Actor, queryset: models.QuerySet, message: str, **lookup: Any) -> Any:
    """The row the actor may see, locked for the change; else 404 saying ``message``."""
    try:
        row = visible(actor, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message, details={k: str(v)[:30] for k, v in lookup.items()}) from None
    return queryset.model._default_manager.select_for_update().get(pk=row.pk)
