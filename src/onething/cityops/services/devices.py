"""Devices: the token a device signs in with (issued once, only its keyed hash kept), and
marking the devices that went silent offline (each opening its ``offline`` event)."""

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
from .offline import offline_event_open

CODES_NOTED = 50  # device codes named in the audit entry of a run that marks devices offline
OFFLINE_CHUNK = 200  # devices marked offline in one transaction


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


def devices_mark_offline(
    *, now: dt.datetime | None = None, actor: Actor = SYSTEM, chunk: int = OFFLINE_CHUNK
) -> int:
    """Every online device silent longer than its own interval goes offline and opens its
    one ``offline`` event (closed by the ingest when the device is heard again). In
    transactions of at most ``chunk`` devices, each found through the index of online
    devices by when they go silent and locked with SKIP LOCKED (a device being heard right
    now is not silent); one audit entry for the run (the count, the first codes) besides
    each event's own. How many went offline."""
    now = now or clock.now()
    count, codes = 0, []
    while True:
        with transaction.atomic():
            silent = list(
                Device.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("region")
                .filter(state=DeviceState.ONLINE, offline_after__lt=now)
                .order_by("offline_after", "pk")[:chunk]
            )
            if not silent:
                break
            Device.objects.filter(pk__in=[d.pk for d in silent]).update(state=DeviceState.OFFLINE)
            for device in silent:
                offline_event_open(actor=actor, device=device, now=now)
        count += len(silent)
        codes += [d.code for d in silent][: CODES_NOTED - len(codes)]
        if len(silent) < chunk:
            break
    if count:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="device.mark_offline",
                subject=("cityops.device", "silent"),
                after={"count": count, "devices": codes},
                note=_("Devices gone offline: %(n)s.") % {"n": count},
            )
    return count
