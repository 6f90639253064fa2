"""The one lifecycle mechanism (core.transitions.Lifecycle), pure: the target of an allowed
action (or the state it is in, for STAY); a role the action is not for refused (403)
unless the system acts; another state or an unknown action refused (409) with one shape
of details, in the lifecycle's own words; what may be done from a state."""

import pytest

from onething.core.errors import InvalidTransition, PermissionDenied
from onething.core.transitions import STAY, Lifecycle, Transition

WORDS = {
    "role_refused": "may not %(action)s",
    "status_refused": "cannot %(action)s what is %(status)s, only %(allowed)s",
    "action_label": str.upper,
    "status_label": lambda s: f"<{s}>",
}
DESK = Lifecycle(
    table={
        "close": Transition({"open", "held"}, "closed", {"clerk"}),
        "hold": Transition({"open"}, "held", {"clerk", "officer"}),
        "note": Transition({"open", "held"}, STAY),  # any role; keeps the state
    },
    **WORDS,
)


def test_an_allowed_action_leads_to_its_target():
    assert DESK.target("held", "close", "clerk") == "closed"
    assert DESK.target("open", "hold", "officer") == "held"


def test_stay_keeps_the_state_it_is_in():
    assert DESK.target("open", "note") == "open"
    assert DESK.target("held", "note", "anyone") == "held"
    assert DESK.moves()[("held", "note")] == "held"
    with pytest.raises(InvalidTransition):
        DESK.target("closed", "note")


def test_another_role_is_refused_unless_the_system_acts():
    with pytest.raises(PermissionDenied) as refused:
        DESK.target("open", "close", "officer")
    assert refused.value.status == 403
    assert refused.value.message == "may not CLOSE"
    assert refused.value.details == {"action": "close", "your_role": "officer"}
    with pytest.raises(PermissionDenied):
        DESK.target("open", "close")  # no role: not one the action is for
    assert DESK.target("open", "close", None, system=True) == "closed"


def test_the_role_is_checked_before_the_state():
    with pytest.raises(PermissionDenied):
        DESK.target("closed", "close", "officer")


def test_another_state_is_refused_with_the_states_allowed():
    with pytest.raises(InvalidTransition) as refused:
        DESK.target("closed", "close", "clerk")
    assert refused.value.status == 409 and refused.value.code == "invalid_transition"
    assert refused.value.message == "cannot CLOSE what is <closed>, only <held> / <open>"
    assert refused.value.details == {
        "status": "closed",
        "action": "close",
        "allowed_from": ["held", "open"],
    }


def test_an_unknown_action_is_a_409_of_the_same_shape():
    with pytest.raises(InvalidTransition) as refused:
        DESK.target("open", "reopen", "clerk")
    assert refused.value.details == {"status": "open", "action": "reopen", "allowed_from": []}
    worded = Lifecycle(DESK.table, **{**WORDS, "unknown_refused": "no %(action)s here"})
    with pytest.raises(InvalidTransition) as refused:
        worded.target("open", "reopen", "clerk")
    assert refused.value.message == "no REOPEN here"


def test_a_final_state_has_its_own_words_and_every_key_is_offered():
    lifecycle = Lifecycle(
        DESK.table,
        **WORDS,
        final_refused="%(before)s is final (asked: %(action)s)",
        more_details=lambda status, action: {"from": status, "to": action},
    )
    assert lifecycle.is_final("closed") and not lifecycle.is_final("open")
    assert not lifecycle.is_final("unheard-of")
    with pytest.raises(InvalidTransition) as refused:
        lifecycle.target("closed", "hold", "clerk")
    assert refused.value.message == "<closed> is final (asked: HOLD)"
    assert refused.value.details == {
        "status": "closed",
        "action": "hold",
        "allowed_from": ["open"],
        "from": "closed",
        "to": "hold",
    }
    before_after = Lifecycle(DESK.table, **{**WORDS, "status_refused": "%(before)s→%(after)s"})
    with pytest.raises(InvalidTransition) as refused:
        before_after.target("held", "hold", "clerk")
    assert refused.value.message == "<held>→<held>"


def test_actions_from_a_state_by_role():
    assert DESK.actions("open", "clerk") == ["close", "hold", "note"]
    assert DESK.actions("open", "officer") == ["hold", "note"]
    assert DESK.actions("open") == ["note"]
    assert DESK.actions("open", system=True) == ["close", "hold", "note"]
    assert DESK.actions("closed", "clerk") == []
    assert DESK.can("held", "close", "clerk") and not DESK.can("held", "hold", "clerk")
    assert not DESK.can("open", "reopen", "clerk")
    assert DESK.states == {"open", "held", "closed"}


def test_actions_that_name_roles_need_the_role_refusal():
    with pytest.raises(ValueError):
        Lifecycle({"close": Transition({"open"}, "closed", {"clerk"})}, status_refused="no")
    assert Lifecycle({"close": Transition({"open"}, "closed")}, status_refused="no")


def test_the_table_is_read_only():
    with pytest.raises(TypeError):
        DESK.table["reopen"] = Transition({"closed"}, "open")  # type: ignore[index]
