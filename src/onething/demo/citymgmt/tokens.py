"""The demo's scoring devices' and parking gates' tokens, derived from the server's secret
and the point's or gate's code (as the operations centre's demo devices: a test, the
benchmark or a simulator can sign in as them; only the keyed hash the apps look them up by
is stored); and the keyed hashes of the demo's voters and network addresses, as the
scoring service makes them."""

from __future__ import annotations

import base64
import hashlib
import hmac

from onething.citymgmt.selectors.parking import GATE_TOKEN_PREFIX, gate_token_digest
from onething.citymgmt.selectors.scoring import TOKEN_PREFIX, point_token_digest
from onething.citymgmt.services.scoring.scores import ADDRESS_LABEL, VOTER_LABEL
from onething.core.crypto import keyring

CONTEXT = b"onething-demo-citymgmt-token:"

__all__ = ["gate_token_digest", "point_token_digest"]


def _derived(prefix: str, secret: str, code: str) -> str:
    mac = hmac.new(secret.encode(), CONTEXT + code.encode(), hashlib.sha256)
    return prefix + base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def point_token(secret: str, code: str) -> str:
    """The token of the demo's scoring device ``code`` ("sp_…")."""
    return _derived(TOKEN_PREFIX, secret, code)


def gate_token(secret: str, code: str) -> str:
    """The token of the demo's parking gate ``code`` ("pg_…")."""
    return _derived(GATE_TOKEN_PREFIX, secret, code)


def resident_digest(resident: str) -> str:
    """The voter's keyed hash of a resident a scoring device identified (the resident id it
    read), as the scoring service keys it."""
    return keyring().digest(f"resident:{resident.upper()}", VOTER_LABEL)


def phone_digest(voter: str) -> str:
    """The voter's keyed hash of a phone's anonymous voter id (a QR sign's page)."""
    return keyring().digest(f"phone:{voter}", VOTER_LABEL)


def address_digest(address: str) -> str:
    return keyring().digest(address, ADDRESS_LABEL)
