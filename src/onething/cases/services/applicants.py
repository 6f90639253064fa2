"""Who an application is for: the applicant or the walk-in at the window, the enterprise
they apply for, the centre that receives a walk-in, and the region that handles an online
application (a case's or a one-thing run's)."""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext as _

from onething.catalog.models import Audience
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import Enterprise, Person, Region, Role, ServiceCenter
from onething.core.permissions import Actor
from onething.core.selectors.declarations import declared_enterprise_ids
from onething.core.selectors.parties import person_find_by_id_number
from onething.core.selectors.regions import region_by_code
from onething.core.services.parties import person_register


class ForAudience(Protocol):
    """What is applied for (a service item, a one-thing bundle): its name and its audience."""

    name: str
    audience: str


def applicant_person(actor: Actor) -> Person:
    """The person an applicant's account is, with the region they are registered in (as
    the sign-in read it, when it did)."""
    if actor.person is not None and actor.person.pk == actor.person_id:
        return actor.person
    return Person.objects.select_related("region").get(pk=actor.person_id)


def clerk_center(actor: Actor) -> ServiceCenter:
    """The clerk's own service centre (where a walk-in is received), with its region."""
    return ServiceCenter.objects.select_related("region").get(pk=actor.service_center_id)


def walk_in(actor: Actor, center: ServiceCenter, id_number: str, name: str, phone: str) -> Person:
    """The person whose ID card the clerk entered: found by number (the name must match the
    record), or registered now in the centre's region."""
    person = person_find_by_id_number(actor=actor, id_number=id_number)
    if person is None:
        return person_register(
            actor=actor, name=name, id_number=id_number, phone=phone, region_code=center.region.code
        )
    if person.name != (name or "").strip():
        raise ValidationFailed.one(
            "name", "mismatch", _("The name does not match the ID card on record.")
        )
    return person


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


def registered_enterprise(credit_code: str) -> Enterprise | None:
    """The enterprise registered with this credit code (None if no code is given)."""
    if not credit_code:
        return None
    enterprise = Enterprise.objects.filter(credit_code=credit_code.strip().upper()).first()
    if enterprise is None:
        raise ValidationFailed.one(
            "enterprise_credit_code",
            "unknown",
            _("No enterprise with this credit code is registered."),
        )
    return enterprise


def require_enterprise(item: ForAudience, enterprise: Enterprise | None, field: str) -> None:
    """An item (or a bundle) for enterprises is applied for by one: 422 on ``field`` if none
    is named."""
    if item.audience == Audience.ENTERPRISE and enterprise is None:
        raise ValidationFailed.one(
            field,
            "required",
            _("%(item)s is applied for by an enterprise.") % {"item": item.name},
        )


def online_applicant(
    actor: Actor, applied_for: ForAudience, *, enterprise_id: int | None, region_code: str
) -> tuple[Person, Enterprise | None, Region]:
    """Who applies online, for whom and where: the applicant's person, the enterprise they
    act for (``enterprise_id``; 422 if ``applied_for`` is for enterprises and none is named),
    and the region that handles it (``region_code``, by default the applicant's home
    region). A case and a one-thing run are applied for alike."""
    enterprise = acting_for(actor, enterprise_id) if enterprise_id is not None else None
    require_enterprise(applied_for, enterprise, "enterprise_id")
    applicant = applicant_person(actor)
    region = region_by_code(region_code) if region_code else applicant.region
    return applicant, enterprise, region
