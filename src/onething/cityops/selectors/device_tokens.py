"""The device behind a token as the API's sign-in needs it: a retired device's token is
still recognised, so that the device is told it is retired (403) rather than that its
token is wrong (401)."""

from __future__ import annotations

from ..models import Device
from .devices import TOKEN_PREFIX, device_token_digest


def device_signing_in(token: str) -> Device | None:
    """The device whose token ``token`` is, retired or not (None: no such token)."""
    if not token or not token.startswith(TOKEN_PREFIX) or "\x00" in token:
        return None
    return (
        Device.objects.select_related("type", "region")
        .filter(token_digest=device_token_digest(token))
        .first()
    )


def devices_signing_in(tokens: set[str]) -> dict[str, Device]:
    """The devices whose tokens these are, retired or not, by token (one query for a whole
    batch of MQTT messages; a token of no device is left out)."""
    digests = {
        device_token_digest(token): token
        for token in tokens
        if token and token.startswith(TOKEN_PREFIX) and "\x00" not in token
    }
    if not digests:
        return {}
    found = Device.objects.select_related("type", "region").filter(token_digest__in=digests)
    return {digests[device.token_digest]: device for device in found}
