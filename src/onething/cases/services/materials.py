from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from onething.catalog.models import MaterialType, Requirement, ServiceItem
from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import SYSTEM, Actor, require_role
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


PURGE_BATCH = 500
log = logging.getLogger(__name__)


def materials_purge(*, older_than: dt.timedelta | None = None) -> int:
    """Delete the uploads never attached to a case nor set aside for one (a file chosen
    with a refused form, or uploaded through the API and never submitted) that are older
    than ``older_than`` (default ``ONETHING_PENDING_UPLOAD_HOURS``, the life of a kept
    upload's token): each record, then its stored file. One audit entry per batch, with
    the count and the ids. The number deleted."""
    if older_than is None:
        older_than = dt.timedelta(hours=settings.ONETHING_PENDING_UPLOAD_HOURS)
    cutoff = clock.now() - older_than
    total = 0
    while True:
        count = _purge_batch(cutoff)
        total += count
        if count < PURGE_BATCH:
            return total


@transaction.atomic
def _purge_batch(cutoff: dt.datetime) -> int:
    # locked as a submission locks the uploads it attaches (skipping those a submission
    # holds): an upload attached meanwhile no longer matches and stays
    rows = list(
        Material.objects.select_for_update(skip_locked=True)
        .filter(case__isnull=True, reserved_for="", uploaded_at__lt=cutoff)
        .order_by("id")
        .values_list("id", "file", "size")[:PURGE_BATCH]
    )
    if not rows:
        return 0
    ids = [pk for pk, _name, _size in rows]
    Material.objects.filter(pk__in=ids).delete()
    audit_record(
        actor=SYSTEM,
        action="material.purge",
        subject=("cases.material", "purge"),
        after={
            "count": len(ids),
            "bytes": sum(size for _pk, _name, size in rows),
            "before": cutoff,
            "ids": ids,
        },
    )
    names = [name for _pk, name, _size in rows if name]
    transaction.on_commit(lambda: _delete_files(names))
    return len(ids)


def _delete_files(names: list[str]) -> None:
    """The stored files of deleted uploads (after the commit: a rolled-back purge keeps
    them). One the storage no longer holds is skipped."""
    storage = Material._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.warning("could not delete the stored upload %s", name)


def check_materials(
    item: ServiceItem, materials: list[Material], *, field: str = "materials"
) -> list[FieldProblem]:
    """Every required material is there, nothing the item does not ask for."""
    requirements = list(item.materials.all())
    wanted = {r.material_type_id: r for r in requirements}
    given = {m.material_type_id for m in materials}
    problems = []
    for material in materials:
        if material.material_type_id not in wanted:
            problems.append(
                FieldProblem(
                    field,
                    "not_asked",
                    _("%(item)s does not ask for %(m)s.")
                    % {"item": item.name, "m": material.material_type.name},
                )
            )
    for req in requirements:
        if req.requirement == Requirement.REQUIRED and req.material_type_id not in given:
            problems.append(
                FieldProblem(
                    f"{field}.{req.material_type.code}",
                    "required",
                    _("%(m)s is required.") % {"m": req.material_type.name},
                )
            )
    return problems


def owned_uploads(
    actor: Actor, ids: Iterable[int], field: str = "materials", reservation: str = ""
) -> list[Material]:
    """The actor's own uploads not yet attached to a case (and not set aside for another
    submission), locked."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    found = list(
        Material.objects.select_for_update()
        .select_related("material_type")
        .filter(pk__in=ids, owner_id=actor.user_id, case__isnull=True, reserved_for=reservation)
    )
    missing = sorted(set(ids) - {m.pk for m in found})
    if missing:
        raise ValidationFailed.one(
            field,
            "unknown",
            _("These uploads are not yours or are already used: %(ids)s.")
            % {"ids": ", ".join(map(str, missing))},
        )
    return found
