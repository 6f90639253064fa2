"""整改任务: a black-list entry's rectification followed up to its closure. The department
managing the street or site submits its evidence (a text, up to five photos checked by
core.uploads.inspect_image: one of the two at least); the city-management office closes
it on that evidence (never without: 409) or sends it back with the reason. Each move locks
the task, goes through RECTIFICATION_LIFECYCLE (403 for a role it is not for, 409 from a
stage it does not leave), and writes its timeline line and its audit entry.

The photos of a refused submission that passed their checks are kept for the next one
(``KEPT_PHOTOS``, core.kept_uploads), so that it need not choose them again."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, ValidationFailed
from onething.core.kept_uploads import KeptUploads
from onething.core.permissions import Actor, get_visible
from onething.core.services.audit import snapshot
from onething.core.services.timeline import timeline_step
from onething.core.uploads import inspect_image, stored_extension

from ..models import Rectification, RectificationPhoto, RectificationStep
from ..rules.ranking import (
    NO_EVIDENCE,
    RECTIFICATION_LIFECYCLE,
    acting_role,
    evidence_problems,
    has_evidence,
    task_next,
)
from .ranking.common import task_roles

AUDIT_FIELDS = ["status", "evidence", "submitted_at", "closed_at", "closed_by"]
KEPT_PHOTOS = KeptUploads(
    folder="citymgmt/kept/evidence", salt="onething.citymgmt.kept-evidence", field="photos"
)


def locked_rectification(actor: Actor, rectification_id: int) -> Rectification:
    """The rectification the actor may see, locked for the change (NotFound otherwise: a
    department sees its own only)."""
    task = get_visible(actor, Rectification.objects.all(), pk=rectification_id)
    return Rectification.objects.select_for_update().get(pk=task.pk)


def _moved(
    task: Rectification, action: str, actor: Actor, *, note: str = "", **changes
) -> Rectification:
    before = snapshot(task, AUDIT_FIELDS)
    role = acting_role(RECTIFICATION_LIFECYCLE, action, task_roles(actor, task.department_id))
    task.status = task_next(task.status, action, role, system=actor.is_system)
    for field, value in changes.items():
        setattr(task, field, value)
    task.save()
    timeline_step(
        RectificationStep,
        subject=task,
        action=action,
        actor=actor,
        audit_action=f"rectification.{action}",
        audited=AUDIT_FIELDS,
        before=before,
        note=note,
        rectification=task,
        status_after=task.status,
    )
    return task


def check_move(task: Rectification, action: str, actor: Actor) -> None:
    """Whether ``actor`` may take ``action`` on the task now: 403 for the role, 409 from
    the stage."""
    role = acting_role(RECTIFICATION_LIFECYCLE, action, task_roles(actor, task.department_id))
    task_next(task.status, action, role, system=actor.is_system)


def _stored_photos(task: Rectification, photos, inspected) -> None:
    for (name, data), checked in zip(photos, inspected, strict=True):
        digest = hashlib.sha256(data).hexdigest()
        photo = RectificationPhoto(
            rectification=task,
            name=name[:120],
            content_type=checked.content_type,
            size=checked.size,
            sha256=digest,
        )
        photo.file.save(f"{digest[:16]}{stored_extension(name)}", ContentFile(data), save=False)
        photo.save()


@transaction.atomic
def rectification_submit(
    *,
    actor: Actor,
    rectification_id: int,
    evidence: str = "",
    photos: Sequence[tuple[str, bytes]] = (),
) -> Rectification:
    """The managing department's officer submits what was put right: a text, photos (at
    most five, JPEG or PNG), one of the two at least. Every problem at once (422), the
    photos named by their place (``photos.0``…)."""
    task = locked_rectification(actor, rectification_id)
    check_move(task, "submit", actor)
    photos = list(photos)
    problems = evidence_problems(evidence, len(photos))
    inspected = []
    for index, (name, data) in enumerate(photos[:5]):
        try:
            inspected.append(inspect_image(name, data, f"photos.{index}"))
        except ValidationFailed as refused:
            problems += refused.problems
    if problems:
        raise ValidationFailed(problems)
    _stored_photos(task, photos, inspected)
    text = (evidence or "").strip()
    return _moved(
        task,
        "submit",
        actor,
        note=text,
        evidence=text or task.evidence,
        submitted_at=clock.now(),
    )


@transaction.atomic
def rectification_close(*, actor: Actor, rectification_id: int, note: str = "") -> Rectification:
    """The office closes a rectification on its evidence (409 when there is none)."""
    note = _text("note", note, required=False)
    task = locked_rectification(actor, rectification_id)
    check_move(task, "close", actor)
    if not has_evidence(task.evidence, task.photos.count()):
        raise Conflict(str(NO_EVIDENCE), code="no_evidence", details={"status": task.status})
    return _moved(
        task, "close", actor, note=note, closed_at=clock.now(), closed_by_id=actor.user_id
    )


@transaction.atomic
def rectification_send_back(*, actor: Actor, rectification_id: int, reason: str) -> Rectification:
    """The office sends the evidence back: the department puts right what the reason says
    and submits again (by the same due day)."""
    reason = _text("reason", reason, required=True)
    task = locked_rectification(actor, rectification_id)
    return _moved(task, "send_back", actor, note=reason, submitted_at=None)


def _text(field: str, value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed.one(field, "required", _("Say what is still to put right."))
    if len(value) > 500:
        raise ValidationFailed.one(field, "max_length", _("At most %(n)s characters.") % {"n": 500})
    return value
