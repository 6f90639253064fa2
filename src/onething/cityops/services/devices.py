"""Devices: the token a device signs in with (issued once, only its keyed hash kept), and
marking the devices that went silent offline."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import SYSTEM, Actor, require_role
from onething.core.services.audit import audit_record

from ..models import Device, DeviceState
from ..selectors.devices import TOKEN_PREFIX, device_token_digest

CODES_NOTED = 50  # device codes named in the audit entry of a run that marks devices offline


@transaction.atomic
def device_token_issue(*, actor: Actor, device_code: str) -> str:
    """A new token for the device, returned this once (its keyed hash is what is kept);
    the device's former token stops working."""
    require_role(actor, Role.ADMIN)
    device = Device.objects.select_for_update().filter(code=device_code or "").first()
    if device is None:
        raise ValidationFailed.one(
            "device", "unknown", _("Unknown device %(c)s.") % {"c": device_code}
        )
    token = f"{TOKEN_PREFIX}{secrets.token_urlsafe(32)}"
    replaced = bool(device.token_digest)
    device.token_digest = device_token_digest(token)
    device.save(update_fields=["token_digest"])
    audit_record(
        actor=actor, action="device.token_issue", subject=device, after={"replaced": replaced}
    )
    return token


@transaction.atomic
def devices_mark_offline(*, now: dt.datetime | None = None, actor: Actor = SYSTEM) -> int:
    """Every online device silent longer than its own interval goes offline: one UPDATE
    through the index of online devices by when they go silent, and one audit entry for
    the run (the count, the first codes). How many went offline."""
    now = now or clock.now()
    silent = Device.objects.filter(state=DeviceState.ONLINE, offline_after__lt=now)
    codes = list(silent.order_by("offline_after").values_list("code", flat=True)[:CODES_NOTED])
    count = silent.update(state=DeviceState.OFFLINE)
    if count:
        audit_record(
            actor=actor,
            action="device.mark_offline",
            subject=("cityops.device", "silent"),
            after={"count": count, "devices": codes},
            note=_("Devices gone offline: %(n)s.") % {"n": count},
        )
    return count
