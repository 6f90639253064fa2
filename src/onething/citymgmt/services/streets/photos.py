"""A project's before and after photos (整治前 / 整治后), checked by their content
(core.uploads.inspect_image: JPEG or PNG, size, pixels), stored under the project and
written on its timeline; a retry with the same idempotency key stores one photo.

A photo sent with a form that was refused for another reason (no phase chosen, a caption
too long) is kept for the same user's next submission (``KEPT_PHOTOS``,
core.kept_uploads)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.kept_uploads import KeptUploads
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.services.idempotency import idempotent_create
from onething.core.uploads import inspect_image, stored_extension

from ...models import PhotoPhase, ProjectPhoto
from ...rules.projects import PHOTO
from .projects import locked, step

MAX_PHOTOS = 24  # of one project
CAPTION_MAX = 120
KEPT_PHOTOS = KeptUploads(folder="citymgmt/kept/projects", salt="onething.citymgmt.kept-project")


def _add(actor: Actor, number: str, phase: str, name: str, data: bytes, caption: str):
    project = locked(actor, number)
    problems: list[FieldProblem | None] = [
        None
        if phase in PhotoPhase.values
        else FieldProblem(
            "phase", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(PhotoPhase.values)}
        ),
        text_problem("caption", caption, CAPTION_MAX),
    ]
    if project.photos.count() >= MAX_PHOTOS:
        problems.append(
            FieldProblem(
                "photo", "max_items", _("A project has at most %(n)s photos.") % {"n": MAX_PHOTOS}
            )
        )
    checked = None
    try:
        checked = inspect_image(name or "", data, "photo")
    except ValidationFailed as refused:
        problems += refused.problems
    refuse_if(problems)
    digest = hashlib.sha256(data).hexdigest()
    photo = ProjectPhoto(
        project=project,
        phase=phase,
        name=(name or "photo")[:120],
        content_type=checked.content_type,
        size=checked.size,
        sha256=digest,
        caption=(caption or "").strip(),
        added_at=clock.now(),
    )
    photo.file.save(f"{digest[:16]}{stored_extension(name or '')}", ContentFile(data), save=False)
    photo.save()
    step(
        project,
        PHOTO,
        actor,
        note=str(PhotoPhase(phase).label) + (f" {caption}" if caption else ""),
    )
    return photo


@transaction.atomic
def project_photo_add(
    *,
    actor: Actor,
    number: str,
    phase: str,
    name: str,
    data: bytes,
    caption: str = "",
    idempotency_key: str | None = None,
) -> ProjectPhoto:
    """A photo of the project ``before`` or ``after`` the renovation (every problem at
    once: ``phase``, ``caption``, ``photo``). A retry with the same key answers the first
    photo."""
    payload = {
        "number": number,
        "phase": phase,
        "caption": caption,
        "name": name,
        "sha256": hashlib.sha256(data or b"").hexdigest(),
    }
    photo, _created = idempotent_create(
        actor=actor,
        operation="street_project.photo",
        key=idempotency_key,
        payload=payload,
        model=ProjectPhoto,
        create=lambda: _add(actor, number, phase, name, data or b"", caption or ""),
    )
    return photo
