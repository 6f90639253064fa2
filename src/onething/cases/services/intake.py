"""Intake: an applicant online, or a clerk at a window for a walk-in."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.catalog.formschema import clean_form
from onething.catalog.models import ServiceItem
from onething.catalog.selectors import intake_item, offered_in, route
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.models import Department, Enterprise, Person, Region, Role, ServiceCenter
from onething.core.permissions import Actor, require_role
from onething.core.selectors.regions import region_by_code
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import number_next

from ..models import Case, CaseStatus, Channel, Delivery, Material
from .applicants import (
    clerk_center,
    online_applicant,
    registered_enterprise,
    require_enterprise,
    walk_in,
)
from .common import case_snapshot, tell_applicant
from .materials import check_materials, owned_uploads
from .personal import seal_form
from .tallies import case_counted


def known_item(code: str) -> ServiceItem:
    """The item in service with this code, with what intake needs (cached); 422 if none."""
    item = intake_item(code)
    if item is None:
        raise ValidationFailed.one(
            "item_code", "unknown", _("There is no service item %(c)s.") % {"c": code}
        )
    return item


def _item(code: str, channel: str) -> ServiceItem:
    item = known_item(code)
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


def delivery_problems(delivery: str, address: str) -> list[FieldProblem]:
    if delivery not in Delivery.values:
        return [FieldProblem("delivery", "choice", _("Choose window, post or electronic."))]
    if delivery == Delivery.POST and not address.strip():
        return [
            FieldProblem("delivery_address", "required", _("A postal delivery needs an address."))
        ]
    return []


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
    case_counted(None, case)
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
    problems = delivery_problems(delivery, delivery_address)
    try:
        cleaned = clean_form(item.form_schema, form)
    except ValidationFailed as error:
        problems = error.problems + problems
        cleaned = {}
    problems += check_materials(item, materials)
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def _take_in(
    *,
    actor: Actor,
    item: ServiceItem,
    department: Department,
    center: ServiceCenter | None,
    applicant: Person,
    enterprise: Enterprise | None,
    channel: str,
    form: dict,
    material_ids: list[int],
    delivery: str,
    delivery_address: str,
    reservation: str = "",
) -> Case:
    """What every intake does once it knows the item, where and for whom: the uploads (the
    actor's own, locked), the form, materials and delivery checked together, then the case
    created with its uploads."""
    materials = owned_uploads(actor, material_ids, reservation=reservation)
    cleaned = _validated(item, form, materials, delivery, delivery_address)
    if center is None:
        raise Conflict(_("No service centre serves %(d)s yet.") % {"d": department.name})
    return _create_case(
        actor=actor,
        item=item,
        department=department,
        applicant=applicant,
        enterprise=enterprise,
        channel=channel,
        center=center,
        form=cleaned,
        materials=materials,
        delivery=delivery,
        delivery_address=delivery_address,
    )


def _tell_received(case: Case, text: str) -> None:
    """Tell the applicant their application arrived (``text`` with %(item)s, %(center)s)."""
    tell_applicant(
        case,
        _("Application %(n)s received") % {"n": case.number},
        text % {"item": case.item.name, "center": case.center.name},
    )


def _once(
    *,
    actor: Actor,
    operation: str,
    key: str | None,
    payload: dict,
    create: Callable[[], Case],
    in_callers_transaction: bool = False,
) -> Case:
    """``create`` run once per idempotency key, in the claim's transaction; a retry answers
    with the first case. ``in_callers_transaction``: no key, and the caller's transaction
    (which fails as a whole if this does) is the submission's, without a savepoint."""
    if in_callers_transaction:
        if key or not transaction.get_connection().in_atomic_block:
            raise RuntimeError("in_callers_transaction: no key, inside a transaction")
        return create()
    case, _created = idempotent_create(
        actor=actor,
        operation=operation,
        key=key,
        payload=payload,
        model=Case,
        create=transaction.atomic(savepoint=False)(create),
    )
    return case


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
    names uploads set aside for this submission: a step of a one-thing run, submitted in
    the run's transaction (which fails as a whole if this does) and covered by the run's
    idempotency key, so it takes none of its own."""
    require_role(actor, Role.APPLICANT, Role.AGENT)

    def create() -> Case:
        item = _item(item_code, Channel.ONLINE)
        applicant, enterprise, region = online_applicant(
            actor, item, enterprise_id=enterprise_id, region_code=region_code
        )
        department, center = _where(item, region)
        case = _take_in(
            actor=actor,
            item=item,
            department=department,
            center=center,
            applicant=applicant,
            enterprise=enterprise,
            channel=Channel.ONLINE,
            form=form,
            material_ids=material_ids,
            delivery=delivery,
            delivery_address=delivery_address,
            reservation=reservation,
        )
        _tell_received(
            case, _("We received your application for %(item)s. %(center)s will check it.")
        )
        return case

    return _once(
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
        create=create,
        in_callers_transaction=bool(reservation),
    )


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

    def create() -> Case:
        item = _item(item_code, Channel.WINDOW)
        center = clerk_center(actor)
        handled_in = (
            region_by_code(handling_region_code, field="handling_region_code")
            if handling_region_code
            else center.region
        )
        department, _nearest = _where(item, handled_in, field="item_code")
        person = walk_in(actor, center, id_number, name, phone)
        enterprise = registered_enterprise(enterprise_credit_code)
        require_enterprise(item, enterprise, "enterprise_credit_code")
        case = _take_in(
            actor=actor,
            item=item,
            department=department,
            center=center,
            applicant=person,
            enterprise=enterprise,
            channel=Channel.WINDOW,
            form=form,
            material_ids=material_ids,
            delivery=delivery,
            delivery_address=delivery_address,
        )
        if item.kind == "instant" and conclude_instant:
            conclude_now(actor=actor, case=case)
        else:
            _tell_received(case, _("%(center)s received your application for %(item)s."))
        return case

    return _once(
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
        create=create,
    )
