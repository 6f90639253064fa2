"""Core's signing: the pure Ed25519 helpers (canonical base64url, keys as text, sign and
check), and the keys of each purpose (the first signature makes the first key, rotation,
retirement's refusals, the private halves encrypted per purpose, purposes kept apart)."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from nacl.signing import SigningKey as NaclKey

from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import Conflict, NotFound
from onething.core.models import AuditEntry, SigningKey, SigningPurpose
from onething.core.permissions import SYSTEM
from onething.core.selectors.signing import signing_keys_list, verify_keys
from onething.core.services.signing import (
    MAX_KID,
    private_key,
    signing_key_create,
    signing_key_current,
    signing_key_retire,
)
from onething.core.signing import (
    b64,
    public_key_text,
    sign,
    signature_ok,
    unb64,
    verify_key,
)

CARDS, TRAINING = SigningPurpose.CARDS, SigningPurpose.TRAINING
KEY1, KEY2 = NaclKey(b"1" * 32), NaclKey(b"2" * 32)
BODY = b"TR1 transcript XF2025000001"


# -- pure -----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\x00", b"\xff\xfe", b"abc", bytes(range(64))])
def test_base64url_round_trip_without_padding(data):
    text = b64(data)
    assert "=" not in text and "+" not in text and "/" not in text
    assert unb64(text) == data


@pytest.mark.parametrize(
    "text",
    [
        "AB",  # decodes to b"\x00" like "AA": stray trailing bits
        "AA==",  # padding
        "+/8",  # the standard alphabet, not the URL-safe one
        "A",  # no byte string has this length
        "ab cd",
        "ÿÿ",
    ],
)
def test_only_the_canonical_spelling_decodes(text):
    with pytest.raises(ValueError):
        unb64(text)


def test_a_non_text_is_a_value_error():
    with pytest.raises(ValueError):
        unb64(b"AA")  # type: ignore[arg-type]


def test_sign_and_check():
    signature = sign(BODY, KEY1)
    assert len(signature) == 64 and sign(BODY, KEY1) == signature  # deterministic
    assert signature_ok(BODY, signature, KEY1.verify_key)
    assert not signature_ok(BODY + b"!", signature, KEY1.verify_key)  # altered body
    assert not signature_ok(BODY, signature, KEY2.verify_key)  # another key
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    assert not signature_ok(BODY, flipped, KEY1.verify_key)
    assert not signature_ok(BODY, signature[:63], KEY1.verify_key)  # short


def test_public_keys_travel_as_text():
    text = public_key_text(KEY1.verify_key)
    assert len(unb64(text)) == 32
    assert signature_ok(BODY, sign(BODY, KEY1), verify_key(text))
    with pytest.raises(ValueError):
        verify_key(b64(b"x" * 31))
    with pytest.raises(ValueError):
        verify_key(text + "=")


# -- the keys of each purpose -------------------------------------------------------------


def _fresh(purpose: str) -> None:
    """A purpose before its first key (rolled back with the test): what was signed with
    its keys (the full demo's credit transcripts) goes first, as the keys are protected."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is SigningKey:
                model.objects.filter(**{f"{field.name}__purpose": purpose}).delete()
    SigningKey.objects.filter(purpose=purpose).delete()


def test_the_first_signature_makes_the_first_key_then_reuses_it(db):
    _fresh(TRAINING)
    first = signing_key_current(actor=SYSTEM, purpose=TRAINING)
    assert (first.purpose, first.kid, first.retired_at) == (TRAINING, 1, None)
    assert signing_key_current(actor=SYSTEM, purpose=TRAINING) == first
    assert AuditEntry.objects.filter(action="signing_key.create", subject_id=str(first.pk)).exists()
    newer = signing_key_create(actor=SYSTEM, purpose=TRAINING)
    assert newer.kid == 2 and signing_key_current(actor=SYSTEM, purpose=TRAINING) == newer
    assert list(signing_keys_list(purpose=TRAINING)) == [newer, first]


def test_private_keys_are_encrypted_under_their_purpose(db):
    key = signing_key_create(actor=SYSTEM, purpose=TRAINING)
    stored = SigningKey.objects.get(pk=key.pk).private_key_cipher
    assert key.public_key not in stored
    assert public_key_text(private_key(key).verify_key) == key.public_key
    # bound to its purpose: the cards' label cannot open a training key
    with pytest.raises(InvalidTag):
        keyring().decrypt(stored, "cards.signing_key")
    assert keyring().decrypt(stored, "training.signing_key")


def test_purposes_are_kept_apart(db):
    _fresh(TRAINING)
    card = signing_key_current(actor=SYSTEM, purpose=CARDS)
    transcript = signing_key_current(actor=SYSTEM, purpose=TRAINING)
    assert transcript.kid == 1  # kids count per purpose
    signature = sign(BODY, private_key(transcript))
    assert signature_ok(BODY, signature, verify_keys(TRAINING)[transcript.kid])
    # a card key never vouches for a transcript, whichever kid the code names
    card_keys = verify_keys(CARDS)
    assert card.kid in card_keys and card_keys
    assert not any(signature_ok(BODY, signature, k) for k in card_keys.values())
    assert {k.purpose for k in signing_keys_list(purpose=CARDS, include_retired=True)} == {CARDS}
    # retiring a cards key leaves the training keys alone
    signing_key_create(actor=SYSTEM, purpose=CARDS)
    signing_key_retire(actor=SYSTEM, purpose=CARDS, kid=card.kid)
    assert transcript.kid in verify_keys(TRAINING)


def test_retirement_rules(db):
    _fresh(TRAINING)
    first = signing_key_create(actor=SYSTEM, purpose=TRAINING)
    with pytest.raises(Conflict) as error:  # the only active key
        signing_key_retire(actor=SYSTEM, purpose=TRAINING, kid=first.kid)
    assert (error.value.status, error.value.code) == (409, "last_active_key")
    second = signing_key_create(actor=SYSTEM, purpose=TRAINING)
    assert set(verify_keys(TRAINING)) == {first.kid, second.kid}

    retired = signing_key_retire(actor=SYSTEM, purpose=TRAINING, kid=first.kid)
    assert retired.retired_at is not None
    assert set(verify_keys(TRAINING)) == {second.kid}  # the cache was bumped
    assert AuditEntry.objects.filter(action="signing_key.retire", subject_id=str(first.pk)).exists()
    assert list(signing_keys_list(purpose=TRAINING)) == [second]
    assert len(signing_keys_list(purpose=TRAINING, include_retired=True)) == 2

    with pytest.raises(Conflict) as error:  # already retired (an InvalidTransition, 409)
        signing_key_retire(actor=SYSTEM, purpose=TRAINING, kid=first.kid)
    assert (error.value.status, error.value.code) == (409, "key_already_retired")
    with pytest.raises(NotFound):
        signing_key_retire(actor=SYSTEM, purpose=TRAINING, kid=60000)
    with pytest.raises(Conflict) as error:
        signing_key_retire(actor=SYSTEM, purpose=TRAINING, kid=second.kid)
    assert error.value.code == "last_active_key"
    assert signing_key_current(actor=SYSTEM, purpose=TRAINING) == second


def test_a_kid_of_another_purpose_is_unknown_here(db):
    _fresh(TRAINING)
    signing_key_current(actor=SYSTEM, purpose=CARDS)
    other = signing_key_create(actor=SYSTEM, purpose=CARDS)  # kid 2 at least
    assert signing_key_create(actor=SYSTEM, purpose=TRAINING).kid == 1
    with pytest.raises(NotFound):  # that kid is taken in cards only
        signing_key_retire(actor=SYSTEM, purpose=TRAINING, kid=other.kid)
    assert SigningKey.objects.get(pk=other.pk).retired_at is None


def test_key_ids_run_out_at_two_bytes(db):
    _fresh(TRAINING)
    SigningKey.objects.create(
        purpose=TRAINING,
        kid=MAX_KID,
        public_key="-",
        private_key_cipher="-",
        created_at=clock.now(),
    )
    with pytest.raises(Conflict) as error:
        signing_key_create(actor=SYSTEM, purpose=TRAINING)
    assert error.value.code == "key_ids_exhausted"


def test_an_unknown_purpose_is_a_programming_error(db):
    with pytest.raises(ValueError):
        signing_key_create(actor=SYSTEM, purpose="licences")
