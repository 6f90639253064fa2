"""Streets and their renovation, every write: the register of streets (``street_register``,
``street_update``), the city's renovation programmes (``programme_create``) and the
projects (整治项目): ``project_create`` (idempotent with a key), the milestones
``project_start`` (立项 → 施工) and ``project_complete`` (施工 → 完工) through
rules.projects.PROJECT_LIFECYCLE, ``project_spend`` and ``project_photo_add`` (before and
after photos). Each in one transaction with its audit entry; a project's timeline is its
ProjectStep rows.

Who may: the city-management office (officers of a city-management department) anywhere
in its department's region, and the officers of the street's managing department (or the
project's responsible department) for their streets; administrators and the platform.
Another role is refused (403); a project outside the actor's reach is not found (404)."""

from .photos import KEPT_PHOTOS, project_photo_add
from .projects import (
    project_complete,
    project_create,
    project_create_problems,
    project_spend,
    project_start,
)
from .register import programme_create, street_register, street_update

__all__ = [
    "KEPT_PHOTOS",
    "programme_create",
    "project_complete",
    "project_create",
    "project_create_problems",
    "project_photo_add",
    "project_spend",
    "project_start",
    "street_register",
    "street_update",
]
