"""The honour cards' lifecycles on the one mechanism (core.transitions.Lifecycle), pure:
an honoree's status and a statement's settlement refuse an illegal move with a 409 of
the one shape, in their own words, naming states by their labels."""

from __future__ import annotations

import pytest
from django.utils import translation

from onething.cards.rules import settlement
from onething.cards.rules import status as status_rules
from onething.core.errors import InvalidTransition


def refusal(call, *args) -> InvalidTransition:
    with translation.override("en"), pytest.raises(InvalidTransition) as caught:
        call(*args)
    return caught.value


def test_honoree_moves_and_their_effects():
    assert status_rules.check("active", "suspended") == status_rules.Effects(False, True)
    assert status_rules.check("suspended", "active") == status_rules.Effects(False, False)
    assert status_rules.check("suspended", "deceased") == status_rules.Effects(True, True)
    assert status_rules.TRANSITIONS["active"] == {"suspended", "deceased", "revoked"}
    assert status_rules.TRANSITIONS["revoked"] == frozenset()
    assert {s for s in status_rules.STATUSES if status_rules.HONOREE_LIFECYCLE.is_final(s)} == (
        status_rules.FINAL
    )


def test_a_final_honoree_status_is_named_by_its_label():
    error = refusal(status_rules.check, "deceased", "revoked")
    assert error.message == "The status Deceased is final: it cannot change."
    assert error.details == {
        "status": "deceased",
        "action": "revoked",
        "allowed_from": ["active", "suspended"],
        "from": "deceased",
        "to": "revoked",
        "allowed": [],
    }


def test_another_honoree_move_names_both_labels():
    error = refusal(status_rules.check, "active", "active")
    assert error.message == "An honoree cannot go from Active to Active."
    assert error.details["allowed"] == ["deceased", "revoked", "suspended"]
    assert refusal(status_rules.check, "active", "gone").details["allowed_from"] == []


def test_a_statement_is_approved_then_paid():
    lifecycle = settlement.SETTLEMENT_LIFECYCLE
    assert lifecycle.target("draft", "approve") == "approved"
    assert lifecycle.target("approved", "pay") == "paid"
    assert lifecycle.actions("paid") == [] and lifecycle.is_final("paid")
    error = refusal(lifecycle.target, "draft", "pay")
    assert error.message == "A Draft statement cannot become Paid."
    assert error.details == {
        "status": "draft",
        "action": "pay",
        "allowed_from": ["approved"],
        "requested": "paid",
    }
