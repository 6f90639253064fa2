"""Devices as the actor may see them, and the device behind a token."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from onething.core.crypto import keyring
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.regions import region_subtree_filter

from ..models import Device, DeviceState

TOKEN_PREFIX = "dv_"
TOKEN_LABEL = "cityops.device_token"  # the keyed hash's label (core.crypto's blind index)


def device_token_digest(token: str) -> str:
    """What is kept of a device's token, and what it is looked up by: core's keyed hash
    (HMAC with the index key), so a copy of the table alone cannot test guesses."""
    return keyring().digest(token, TOKEN_LABEL)


def device_by_token(token: str) -> Device | None:
    """The device signing in with ``token`` (None: no such token, or the device is
    retired)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    return (
        Device.objects.select_related("type", "region")
        .filter(token_digest=device_token_digest(token))
        .exclude(state=DeviceState.RETIRED)
        .first()
    )


def _base() -> QuerySet[Device]:
    return Device.objects.select_related("type", "department", "region")


def devices_list(
    actor: Actor,
    *,
    state: str = "",
    department_code: str = "",
    type_code: str = "",
    region_code: str = "",
    part: int | None = None,
) -> QuerySet[Device]:
    """The devices the actor sees, by code; ``state`` online | offline | fault | retired;
    ``region_code``: the devices in that region or below it (an unknown code: 422)."""
    if state and state not in DeviceState.values:
        raise ValidationFailed(
            [
                FieldProblem(
                    "state",
                    "choice",
                    _("Choose one of: %(c)s.") % {"c": ", ".join(DeviceState.values)},
                )
            ]
        )
    devices = visible(actor, _base(), part)
    if state:
        devices = devices.filter(state=state)
    if department_code:
        devices = devices.filter(department__code=department_code)
    if type_code:
        devices = devices.filter(type__code=type_code)
    devices = region_subtree_filter(devices, "region", region_code)
    return devices.order_by("code")


def device_get(actor: Actor, code: str) -> Device:
    return get_visible(actor, _base().prefetch_related("metrics"), code=code)
