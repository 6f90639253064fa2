from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from onething.catalog.models import MaterialType
from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.uploads import inspect_upload

from ..models import Material

UPLOADERS = (Role.APPLICANT, Role.AGENT, Role.CLERK)


def material_upload(
    *,
    actor: Actor,
    material_type_code: str,
    name: str,
    data: bytes,
    idempotency_key: str | None = None,
) -> Material:
    """Store one uploaded file for a material, checked by content; it is attached to a case
    when the application (or its correction) is submitted."""
    require_role(actor, *UPLOADERS)
    material_type = MaterialType.objects.filter(code=material_type_code).first()
    if material_type is None:
        raise ValidationFailed.one(
            "material_type",
            "unknown",
            _("Unknown material type %(c)s.") % {"c": material_type_code},
        )
    inspected = inspect_upload(name, data)
    digest = hashlib.sha256(data).hexdigest()

    @transaction.atomic(savepoint=False)  # inside idempotent_create's transaction
    def create() -> Material:
        material = Material(
            owner_id=actor.user_id,
            material_type=material_type,
            original_name=name[:200],
            content_type=inspected.content_type,
            size=inspected.size,
            sha256=digest,
        )
        material.file.save(
            f"{digest[:16]}{name[name.rfind('.') :].lower()}", ContentFile(data), save=False
        )
        material.save()
        audit_record(
            actor=actor,
            action="material.upload",
            subject=material,
            after={"type": material_type.code, "sha256": digest, "size": inspected.size},
        )
        return material

    material, _created = idempotent_create(
        actor=actor,
        operation="material.upload",
        key=idempotency_key,
        payload={"type": material_type_code, "sha256": digest},
        model=Material,
        create=create,
    )
    return material
