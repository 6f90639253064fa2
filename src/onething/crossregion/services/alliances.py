"""Setting up an alliance: its members and its agreed list (administrators; the demo)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from onething.catalog.models import ServiceItem
from onething.core import refdata
from onething.core.errors import Conflict, ValidationFailed
from onething.core.models import Region, RegionLevel
from onething.core.permissions import Actor, require_role
from onething.core.selectors.regions import region_by_code
from onething.core.services.audit import audit_record

from ..models import Alliance, AllianceItem, AllianceMember
from ..rules import MODES


@transaction.atomic
def alliance_create(
    *, actor: Actor, code: str, name: str, signed_on: dt.date, description: str = ""
) -> Alliance:
    require_role(actor, "admin")
    if Alliance.objects.filter(code=code).exists():
        raise Conflict(_("An alliance with this code exists."))
    alliance = Alliance.objects.create(
        code=code, name=name, signed_on=signed_on, description=description
    )
    audit_record(
        actor=actor,
        action="alliance.create",
        subject=alliance,
        after={"name": name, "signed_on": signed_on},
    )
    return alliance


def _town(code: str) -> Region:
    region = region_by_code(code, field="region_code")
    if region.level != RegionLevel.TOWN:
        raise ValidationFailed.one("region_code", "not_town", _("Alliance members are towns."))
    return region


@transaction.atomic
def member_join(
    *, actor: Actor, alliance: Alliance, region_code: str, joined_on: dt.date
) -> AllianceMember:
    require_role(actor, "admin")
    region = _town(region_code)
    if alliance.members.filter(region=region, left_on__isnull=True).exists():
        raise Conflict(_("%(town)s is a member already.") % {"town": region.name})
    if joined_on < alliance.signed_on:
        raise ValidationFailed.one(
            "joined_on", "before_signing", _("A town joins on or after the signing.")
        )
    member = AllianceMember.objects.create(alliance=alliance, region=region, joined_on=joined_on)
    refdata.bump()
    audit_record(
        actor=actor,
        action="alliance.join",
        subject=alliance,
        after={"town": region.code, "joined_on": joined_on},
    )
    return member


@transaction.atomic
def member_leave(
    *, actor: Actor, alliance: Alliance, region_code: str, left_on: dt.date
) -> AllianceMember:
    require_role(actor, "admin")
    member = alliance.members.filter(region__code=region_code, left_on__isnull=True).first()
    if member is None:
        raise Conflict(_("This town is not a member."))
    if left_on <= member.joined_on:
        raise ValidationFailed.one("left_on", "before_joining", _("A town leaves after it joined."))
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    refdata.bump()
    audit_record(
        actor=actor,
        action="alliance.leave",
        subject=alliance,
        after={"town": region_code, "left_on": left_on},
    )
    return member


@transaction.atomic
def item_add(
    *, actor: Actor, alliance: Alliance, item_code: str, modes: list[str], added_on: dt.date
) -> AllianceItem:
    """Put an item on the agreed list, with the modes it may be handled in across towns."""
    require_role(actor, "admin")
    item = ServiceItem.objects.filter(code=item_code).first()
    if item is None:
        raise ValidationFailed.one(
            "item_code", "unknown", _("There is no service item %(c)s.") % {"c": item_code}
        )
    if not modes or any(m not in MODES for m in modes):
        raise ValidationFailed.one(
            "modes", "choice", _("Modes are online, proxy, joint and collaborative.")
        )
    if alliance.items.filter(item=item, removed_on__isnull=True).exists():
        raise Conflict(_("%(item)s is on the list already.") % {"item": item.name})
    listed = AllianceItem.objects.create(
        alliance=alliance, item=item, added_on=added_on, **{m: m in modes for m in MODES}
    )
    refdata.bump()
    audit_record(
        actor=actor,
        action="alliance.item_add",
        subject=alliance,
        after={"item": item_code, "modes": modes, "added_on": added_on},
    )
    return listed
