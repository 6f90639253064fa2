"""The one check of every transition table (core.transitions), pure: the target of an
allowed action; a role the action is not for refused (403) unless the system acts; another
state refused (409) naming, by their labels, the states the action leaves from."""

import pytest

from onething.core.errors import InvalidTransition, PermissionDenied
from onething.core.transitions import Transition, transition_target

TABLE = {"close": Transition(frozenset({"open", "held"}), "closed", frozenset({"clerk"}))}
WORDS = {
    "role_refused": "may not %(action)s",
    "status_refused": "cannot %(action)s what is %(status)s, only %(allowed)s",
    "action_label": str.upper,
    "status_label": lambda s: f"<{s}>",
}


def test_an_allowed_action_leads_to_its_target():
    assert transition_target(TABLE, "held", "close", "clerk", **WORDS) == "closed"


def test_another_role_is_refused_unless_the_system_acts():
    with pytest.raises(PermissionDenied) as refused:
        transition_target(TABLE, "open", "close", "officer", **WORDS)
    assert refused.value.message == "may not CLOSE"
    assert refused.value.details == {"action": "close", "your_role": "officer"}
    assert transition_target(TABLE, "open", "close", None, system=True, **WORDS) == "closed"


def test_another_state_is_refused_with_the_states_allowed():
    with pytest.raises(InvalidTransition) as refused:
        transition_target(TABLE, "closed", "close", "clerk", **WORDS)
    assert refused.value.message == "cannot CLOSE what is <closed>, only <held> / <open>"
    assert refused.value.details["allowed_from"] == ["held", "open"]
    with pytest.raises(InvalidTransition):
        transition_target(TABLE, "open", "reopen", "clerk", **WORDS)
