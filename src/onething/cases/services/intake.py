"""Intake: an applicant online, or a clerk at a window for a walk-in."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.catalog.formschema import clean_form
from onething.catalog.models import Audience, Requirement, ServiceItem
from onething.catalog.selectors import intake_item, offered_in, route
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from onething.core.models import Department, Enterprise, Person, Region, Role, ServiceCenter
from onething.core.permissions import Actor, require_role
from onething.core.selectors.regions import region_by_code
from onething.core.services.audit import audit_record
from onething.core.services.declarations import declared_enterprise_ids
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import number_next
from onething.core.services.parties import person_find_by_id_number, person_register

from ..models import Case, CaseStatus, Channel, Delivery, Material
from .common import case_snapshot, tell_applicant
from .personal import seal_form


def _item(code: str, channel: str) -> ServiceItem:
    item = intake_item(code)
    if item is None:
        raise ValidationFailed.one(
            "item_code", "unknown", _("There is no service item %(c)s.") % {"c": code}
        )
    if channel == Channel.ONLINE and not item.online:
        raise ValidationFailed.one(
            "item_code",
            "channel",
            _("%(item)s cannot be applied for online: come to a window.") % {"item": item.name},
        )
    if channel == Channel.WINDOW and not item.at_window:
        raise ValidationFailed.one(
            "item_code", "channel", _("%(item)s is applied for online only.") % {"item": item.name}
        )
    return item


def acting_for(actor: Actor, enterprise_id: int) -> Enterprise:
    """The enterprise an applicant acts for: staff for their own, an agent for any enterprise
    its agency's declaration names (so an agent files for several companies, not one)."""
    if actor.role == Role.AGENT and actor.agency_id:
        allowed = Enterprise.objects.filter(
            pk=enterprise_id, pk__in=declared_enterprise_ids(actor.agency_id)
        ).first()
    else:
        allowed = Enterprise.objects.filter(pk=enterprise_id).first()
        allowed = allowed if enterprise_id == actor.enterprise_id else None
    if allowed is None:
        raise PermissionDenied(
            _("You do not act for this enterprise."), details={"field": "enterprise_id"}
        )
    return allowed


def _delivery_problems(delivery: str, address: str) -> list[FieldProblem]:
    if delivery not in Delivery.values:
        return [FieldProblem("delivery", "choice", _("Choose window, post or electronic."))]
    if delivery == Delivery.POST and not address.strip():
        return [
            FieldProblem("delivery_address", "required", _("A postal delivery needs an address."))
        ]
    return []


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


def _where(
    item: ServiceItem, region: Region, field: str = "region_code"
) -> tuple[Department, ServiceCenter | None]:
    """The department that handles ``item`` in ``region`` and the centre nearest to it;
    422 if the item is not offered there."""
    if not offered_in(item, region):
        raise ValidationFailed.one(
            field,
            "not_offered",
            _("%(item)s is not offered in %(region)s.")
            % {"item": item.name, "region": region.name},
        )
    return route(item, region)


def _create_case(
    *,
    actor: Actor,
    item: ServiceItem,
    department: Department,
    applicant: Person,
    enterprise: Enterprise | None,
    channel: str,
    center: ServiceCenter,
    form: dict,
    materials: list[Material],
    delivery: str,
    delivery_address: str,
) -> Case:
    now = clock.now()
    case = Case(
        number=number_next(
            series="case", region_code=department.region.code, on=timezone.localdate(now)
        ),
        item=item,
        applicant=applicant,
        enterprise=enterprise,
        submitted_by_id=actor.user_id,
        channel=channel,
        center=center,
        department=department,
        status=CaseStatus.SUBMITTED,
        delivery=delivery,
        delivery_address=delivery_address.strip(),
        submitted_at=now,
    )
    seal_form(case, form)
    case.save(force_insert=True)
    Material.objects.filter(pk__in=[m.pk for m in materials]).update(case=case, reserved_for="")
    audit_record(
        actor=actor,
        action="case.submit",
        subject=case,
        after={
            **case_snapshot(case),
            "channel": channel,
            "item": item.code,
            "materials": [m.pk for m in materials],
        },
    )
    return case


def _validated(item, form, materials, delivery, delivery_address):
    problems = _delivery_problems(delivery, delivery_address)
    try:
        cleaned = clean_form(item.form_schema, form)
    except ValidationFailed as error:
        problems = error.problems + problems
        cleaned = {}
    problems += check_materials(item, materials)
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def case_submit(
    *,
    actor: Actor,
    item_code: str,
    form: dict,
    material_ids: list[int],
    enterprise_id: int | None = None,
    region_code: str = "",
    delivery: str = Delivery.ELECTRONIC,
    delivery_address: str = "",
    reservation: str = "",
    idempotency_key: str | None = None,
) -> Case:
    """An applicant applies online (for themself, or as staff for their enterprise), to be
    handled in ``region_code`` (default: the applicant's home region). ``reservation``
    names uploads set aside for this submission (a later step of a one-thing run)."""
    require_role(actor, Role.APPLICANT, Role.AGENT)

    @transaction.atomic(savepoint=False)  # inside idempotent_create's transaction
    def create() -> Case:
        item = _item(item_code, Channel.ONLINE)
        enterprise = None
        if enterprise_id is not None:
            enterprise = acting_for(actor, enterprise_id)
        if item.audience == Audience.ENTERPRISE and enterprise is None:
            raise ValidationFailed.one(
                "enterprise_id",
                "required",
                _("%(item)s is applied for by an enterprise.") % {"item": item.name},
            )
        applicant = Person.objects.select_related("region").get(pk=actor.person_id)
        region = region_by_code(region_code) if region_code else applicant.region
        department, center = _where(item, region)
        materials = owned_uploads(actor, material_ids, reservation=reservation)
        cleaned = _validated(item, form, materials, delivery, delivery_address)
        if center is None:
            raise Conflict(_("No service centre serves %(d)s yet.") % {"d": department.name})
        case = _create_case(
            actor=actor,
            item=item,
            department=department,
            applicant=applicant,
            enterprise=enterprise,
            channel=Channel.ONLINE,
            center=center,
            form=cleaned,
            materials=materials,
            delivery=delivery,
            delivery_address=delivery_address,
        )
        tell_applicant(
            case,
            _("Application %(n)s received") % {"n": case.number},
            _("We received your application for %(item)s. %(center)s will check it.")
            % {"item": item.name, "center": case.center.name},
        )
        return case

    case, _created = idempotent_create(
        actor=actor,
        operation="case.submit",
        key=idempotency_key,
        payload={
            "item": item_code,
            "form": form,
            "materials": sorted(material_ids),
            "enterprise": enterprise_id,
            "delivery": delivery,
        },
        model=Case,
        create=create,
    )
    return case


def case_intake_at_window(
    *,
    actor: Actor,
    id_number: str,
    name: str,
    item_code: str,
    form: dict,
    material_ids: list[int],
    phone: str = "",
    enterprise_credit_code: str = "",
    delivery: str = Delivery.WINDOW,
    delivery_address: str = "",
    handling_region_code: str = "",
    conclude_instant: bool = True,
    operation: str = "case.window_intake",
    idempotency_key: str | None = None,
) -> Case:
    """A clerk takes an application from a walk-in: the ID card is checked (the person is
    found by number, the name must match, or they are registered now), the clerk is
    recorded as the one who submitted. An instant item (即办件) is accepted and concluded on
    the spot, with its licence.

    ``handling_region_code`` (another region than the clerk's) is for the cross-region
    service: received here, handled there; such an application is not concluded on the
    spot (``conclude_instant=False``)."""
    require_role(actor, Role.CLERK)
    from .lifecycle import conclude_now

    @transaction.atomic(savepoint=False)  # inside idempotent_create's transaction
    def create() -> Case:
        item = _item(item_code, Channel.WINDOW)
        center = ServiceCenter.objects.select_related("region").get(pk=actor.service_center_id)
        handled_in = (
            region_by_code(handling_region_code, field="handling_region_code")
            if handling_region_code
            else center.region
        )
        department, _nearest = _where(item, handled_in, field="item_code")
        person = person_find_by_id_number(actor=actor, id_number=id_number)
        if person is None:
            person = person_register(
                actor=actor,
                name=name,
                id_number=id_number,
                phone=phone,
                region_code=center.region.code,
            )
        elif person.name != (name or "").strip():
            raise ValidationFailed.one(
                "name", "mismatch", _("The name does not match the ID card on record.")
            )
        enterprise = None
        if enterprise_credit_code:
            enterprise = Enterprise.objects.filter(
                credit_code=enterprise_credit_code.strip().upper()
            ).first()
            if enterprise is None:
                raise ValidationFailed.one(
                    "enterprise_credit_code",
                    "unknown",
                    _("No enterprise with this credit code is registered."),
                )
        if item.audience == Audience.ENTERPRISE and enterprise is None:
            raise ValidationFailed.one(
                "enterprise_credit_code",
                "required",
                _("%(item)s is applied for by an enterprise.") % {"item": item.name},
            )
        materials = owned_uploads(actor, material_ids)
        cleaned = _validated(item, form, materials, delivery, delivery_address)
        case = _create_case(
            actor=actor,
            item=item,
            department=department,
            applicant=person,
            enterprise=enterprise,
            channel=Channel.WINDOW,
            center=center,
            form=cleaned,
            materials=materials,
            delivery=delivery,
            delivery_address=delivery_address,
        )
        if item.kind == "instant" and conclude_instant:
            conclude_now(actor=actor, case=case)
        else:
            tell_applicant(
                case,
                _("Application %(n)s received") % {"n": case.number},
                _("%(center)s received your application for %(item)s.")
                % {"item": item.name, "center": center.name},
            )
        return case

    case, _created = idempotent_create(
        actor=actor,
        operation=operation,
        key=idempotency_key,
        payload={
            "id": keyring().digest((id_number or "").strip().upper(), "person.id_number"),
            "item": item_code,
            "form": form,
            "materials": sorted(material_ids),
            "handled_in": handling_region_code,
        },
        model=Case,
        create=create,
    )
    return case
