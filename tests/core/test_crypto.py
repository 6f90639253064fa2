"""Encryption of personal data — pure (keys from settings, no database)."""

import base64

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured

from onething.core.crypto import KeyRing, keyring

K1 = base64.b64encode(b"1" * 32).decode()
K2 = base64.b64encode(b"2" * 32).decode()
IDX = base64.b64encode(b"i" * 32).decode()


def test_round_trip_and_randomised():
    ring = keyring()
    a = ring.encrypt("320211199001011234", "person.id_number")
    b = ring.encrypt("320211199001011234", "person.id_number")
    assert a != b  # a fresh nonce each time
    assert "320211199001011234" not in a
    assert ring.decrypt(a, "person.id_number") == "320211199001011234"


def test_label_binds_the_column():
    ring = keyring()
    token = ring.encrypt("13800001234", "person.phone")
    with pytest.raises(InvalidTag):
        ring.decrypt(token, "person.id_number")


def test_rotation_old_key_still_decrypts():
    old = KeyRing.parse(f"k1:{K1}", IDX)
    token = old.encrypt("secret", "x")
    rotated = KeyRing.parse(f"k2:{K2},k1:{K1}", IDX)
    assert rotated.decrypt(token, "x") == "secret"
    assert rotated.encrypt("secret", "x").startswith("k2$")


def test_digest_is_keyed_and_stable():
    ring = KeyRing.parse(f"k1:{K1}", IDX)
    other = KeyRing.parse(f"k1:{K1}", base64.b64encode(b"j" * 32).decode())
    assert ring.digest("v", "l") == ring.digest("v", "l")
    assert ring.digest("v", "l") != other.digest("v", "l")
    assert ring.digest("v", "l") != ring.digest("v", "m")


@pytest.mark.parametrize(
    ("keys", "index"),
    [
        ("", IDX),
        (f"k1:{K1}", ""),
        ("k1:notbase64!", IDX),
        (f"k1:{base64.b64encode(b'short').decode()}", IDX),
    ],
)
def test_bad_keys_are_refused_at_start(keys, index):
    with pytest.raises(ImproperlyConfigured):
        KeyRing.parse(keys, index)
