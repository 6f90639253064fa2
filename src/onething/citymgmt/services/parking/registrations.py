"""Plates registered for a group of a shared car park: a citizen registers a plate with a
proof (a parent's pupil enrolment, a resident's address: an image or a PDF, checked by its
content), staff approve it (with an end of validity) or refuse it (with a reason), and a
registration is revoked. One live (pending or approved) registration per plate and group
(409); a retried submission (the same ``Idempotency-Key``) gets the first registration.
The holder's phone is kept as core keeps personal numbers: sealed, a keyed hash, masked.
The proof of a refused registration is kept for the citizen's next submission
(``KEPT_PROOFS``, core.kept_uploads)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.crypto import seal
from onething.core.errors import (
    Conflict,
    FieldProblem,
    PermissionDenied,
    TooManyRequests,
    ValidationFailed,
)
from onething.core.identity import mask_phone, phone_problem
from onething.core.kept_uploads import KeptUploads
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record, snapshot
from onething.core.services.idempotency import idempotent_create
from onething.core.throttle import take
from onething.core.uploads import inspect_upload, stored_extension

from ...models import PlateRegistration
from ...rules.parking import (
    APPROVED,
    GROUP_LABELS,
    LIVE_STATUSES,
    REGISTERED_GROUPS,
    REGISTRATION_LIFECYCLE,
    validity_problem,
)
from ...rules.plates import normalise_plate, plate_problem
from ...selectors.parking import (
    PHONE_LABEL,
    may_review,
    registration_get,
    shared_parking_get,
)

REGISTRATIONS_PER_DAY = 20  # a citizen's registrations a day (abuse)
AUDITED = ["status", "valid_until", "review_note", "reviewed_by"]
KEPT_PROOFS = KeptUploads(
    folder="citymgmt/kept/proofs",
    salt="onething.citymgmt.kept-proof",
    field="proof",
    images_only=False,  # a PDF passes too
)


def _digits(phone: str) -> str:
    return phone.replace(" ", "").replace("-", "").removeprefix("+86")


def registration_problems(
    *,
    plate: str,
    group: str,
    holder_name: str,
    holder_phone: str,
    proof_name: str,
    proof_data: bytes | None,
    proof_note: str,
) -> list[FieldProblem]:
    """Every problem of a registration's input at once (the proof's content included)."""
    problems: list[FieldProblem] = []
    found = plate_problem(plate)
    if found is not None:
        problems.append(found)
    if group not in REGISTERED_GROUPS:
        problems.append(
            FieldProblem(
                "group",
                "choice",
                _("Choose one of: %(c)s.")
                % {"c": "、".join(str(GROUP_LABELS[g]) for g in REGISTERED_GROUPS)},
            )
        )
    name = (holder_name or "").strip()
    if not name:
        problems.append(FieldProblem("holder_name", "required", _("Enter the holder's name.")))
    elif len(name) > 50:
        problems.append(
            FieldProblem("holder_name", "max_length", _("At most %(n)s characters.") % {"n": 50})
        )
    if not (holder_phone or "").strip():
        problems.append(FieldProblem("holder_phone", "required", _("Enter a phone number.")))
    else:
        found = phone_problem(holder_phone, "holder_phone")
        if found is not None:
            problems.append(found)
    if len(proof_note or "") > 200:
        problems.append(
            FieldProblem("proof_note", "max_length", _("At most %(n)s characters.") % {"n": 200})
        )
    if not proof_data:
        problems.append(
            FieldProblem(
                "proof",
                "required",
                _("Upload the proof: a pupil's enrolment for parents, an address for residents."),
            )
        )
    else:
        try:
            inspect_upload(proof_name or "", proof_data, "proof")
        except ValidationFailed as error:
            problems += error.problems
    return problems


def plate_register(
    *,
    actor: Actor,
    lot_code: str,
    plate: str,
    group: str,
    holder_name: str,
    holder_phone: str,
    proof_name: str,
    proof_data: bytes | None,
    proof_note: str = "",
    idempotency_key: str | None = None,
) -> tuple[PlateRegistration, bool]:
    """A signed-in citizen registers a plate for a group (parents, residents) with its
    proof; it waits for review. (registration, created): a retry with the same key gets
    the first one (created False)."""
    if not actor.is_system:
        require_role(actor, Role.APPLICANT)
    parking = shared_parking_get(lot_code)
    problems = registration_problems(
        plate=plate,
        group=group,
        holder_name=holder_name,
        holder_phone=holder_phone,
        proof_name=proof_name,
        proof_data=proof_data,
        proof_note=proof_note,
    )
    if problems:
        raise ValidationFailed(problems)
    plate = normalise_plate(plate)
    payload = {
        "parking": parking.pk,
        "plate": plate,
        "group": group,
        "holder_name": holder_name.strip(),
        "holder_phone": _digits(holder_phone),
        "proof": hashlib.sha256(proof_data).hexdigest(),
        "proof_note": (proof_note or "").strip(),
    }

    def create() -> PlateRegistration:
        if not actor.is_system:
            verdict = take(
                "citymgmt.plate_register", actor.user_id, [(REGISTRATIONS_PER_DAY, 86400)]
            )
            if not verdict.allowed:
                raise TooManyRequests(
                    _("Too many registrations today: try again tomorrow."),
                    retry_after=verdict.retry_after,
                )
        return _create(actor, parking, payload, proof_name, proof_data)

    with transaction.atomic():
        return idempotent_create(
            actor=actor,
            operation="citymgmt.plate_register",
            key=idempotency_key,
            payload=payload,
            model=PlateRegistration,
            create=create,
        )


def _live_conflict(parking, plate: str, group: str) -> Conflict:
    return Conflict(
        _("Plate %(p)s is already registered for %(g)s here (waiting for review or approved).")
        % {"p": plate, "g": GROUP_LABELS[group]},
        code="registration_exists",
        details={"plate": plate, "group": group},
    )


def _create(actor: Actor, parking, payload: dict, proof_name: str, proof_data: bytes):
    plate, group = payload["plate"], payload["group"]
    live = PlateRegistration.objects.filter(
        parking=parking, plate=plate, group=group, status__in=LIVE_STATUSES
    )
    if live.exists():
        raise _live_conflict(parking, plate, group)
    phone = payload["holder_phone"]
    sealed = seal(phone, PHONE_LABEL, mask_phone(phone))
    registration = PlateRegistration(
        parking=parking,
        plate=plate,
        group=group,
        holder_name=payload["holder_name"],
        holder_phone_cipher=sealed.cipher,
        holder_phone_digest=sealed.digest,
        holder_phone_masked=sealed.masked,
        applicant_id=actor.user_id,
        proof_name=(proof_name or "proof")[:120],
        proof_note=payload["proof_note"],
        created_at=clock.now(),
    )
    registration.proof.save(
        f"{payload['proof'][:24]}{stored_extension(proof_name or '', '.pdf')}",
        ContentFile(proof_data),
        save=False,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # a concurrent registration of the same plate and group
        raise _live_conflict(parking, plate, group) from None
    audit_record(
        actor=actor,
        action="plate_registration.register",
        subject=registration,
        after={"plate": plate, "group": str(GROUP_LABELS[group]), "parking": parking.pk},
    )
    return registration


def _locked(actor: Actor, registration_id: int) -> PlateRegistration:
    registration = registration_get(actor, registration_id)
    return (
        PlateRegistration.objects.select_for_update()
        .select_related("parking")
        .get(pk=registration.pk)
    )


@transaction.atomic
def registration_review(
    *,
    actor: Actor,
    registration_id: int,
    decision: str,
    valid_until: dt.date | None = None,
    reason: str = "",
) -> PlateRegistration:
    """Approve (``valid_until``: the end of validity, None for none) or refuse (a
    ``reason`` is required) a registration waiting for review: the city-management office
    or the car park's managing department. 409 for one already decided."""
    require_role(actor, Role.OFFICER, Role.ADMIN)
    registration = _locked(actor, registration_id)
    if not may_review(actor, registration.parking):
        raise PermissionDenied(
            _("Registrations are reviewed by the car park's managing department or the office.")
        )
    if decision not in ("approve", "refuse"):
        raise ValidationFailed.one(
            "decision", "choice", _("Choose one of: %(c)s.") % {"c": "approve, refuse"}
        )
    reason = (reason or "").strip()
    problems: list[FieldProblem] = []
    if decision == "refuse" and not reason:
        problems.append(FieldProblem("reason", "required", _("Say why it is refused.")))
    if len(reason) > 200:
        problems.append(
            FieldProblem("reason", "max_length", _("At most %(n)s characters.") % {"n": 200})
        )
    if decision == "approve":
        found = validity_problem(valid_until, clock.today())
        if found is not None:
            problems.append(found)
    before = snapshot(registration, AUDITED)
    status = REGISTRATION_LIFECYCLE.target(registration.status, decision, actor.role)
    if problems:
        raise ValidationFailed(problems)
    registration.status = status
    registration.valid_until = valid_until if status == APPROVED else None
    registration.review_note = reason
    registration.reviewed_by_id = actor.user_id
    registration.reviewed_at = clock.now()
    registration.save(
        update_fields=["status", "valid_until", "review_note", "reviewed_by", "reviewed_at"]
    )
    audit_record(
        actor=actor,
        action=f"plate_registration.{decision}",
        subject=registration,
        before=before,
        after=snapshot(registration, AUDITED),
        note=reason,
    )
    return registration


@transaction.atomic
def registration_revoke(
    *, actor: Actor, registration_id: int, reason: str = ""
) -> PlateRegistration:
    """Revoke a registration (staff who review it, with a reason; or its citizen, who
    withdraws it). From then on the plate counts as the public."""
    registration = _locked(actor, registration_id)
    own = actor.user_id is not None and registration.applicant_id == actor.user_id
    if not own:
        require_role(actor, Role.OFFICER, Role.ADMIN)
        if not may_review(actor, registration.parking):
            raise PermissionDenied(
                _("Registrations are revoked by the car park's managing department or the office.")
            )
    reason = (reason or "").strip()
    if not own and not reason:
        raise ValidationFailed.one("reason", "required", _("Say why it is revoked."))
    before = snapshot(registration, AUDITED)
    registration.status = REGISTRATION_LIFECYCLE.target(registration.status, "revoke", actor.role)
    registration.review_note = reason[:200]
    registration.save(update_fields=["status", "review_note"])
    audit_record(
        actor=actor,
        action="plate_registration.revoke",
        subject=registration,
        before=before,
        after=snapshot(registration, AUDITED),
        note=reason[:200],
    )
    return registration
