"""The hand-off's lifecycle on the one mechanism (core.transitions.Lifecycle), pure:
prepared → sent → received (or reported missing / damaged); any other move is a 409 that
names the hand-off's status by its label."""

from __future__ import annotations

import pytest
from django.utils import translation

from onething.core.errors import InvalidTransition
from onething.crossregion.rules import HANDOFF_LIFECYCLE, handoff_next


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("prepared", "send", "sent"),
        ("sent", "receive", "received"),
        ("sent", "report_missing", "missing"),
        ("sent", "report_damaged", "damaged"),
    ],
)
def test_allowed_moves(status, action, after):
    assert handoff_next(status, action) == after


def test_another_move_is_refused_naming_the_status():
    with translation.override("en"), pytest.raises(InvalidTransition) as caught:
        handoff_next("received", "send")
    assert caught.value.status == 409 and caught.value.code == "invalid_transition"
    assert caught.value.message == "A hand-off that is Received cannot be changed this way."
    assert caught.value.details == {
        "status": "received",
        "action": "send",
        "allowed_from": ["prepared"],
    }
    with translation.override("zh-hans"), pytest.raises(InvalidTransition) as caught:
        handoff_next("prepared", "receive")
    assert "寄递不能这样变更" in caught.value.message


def test_what_may_be_done_from_each_status():
    assert HANDOFF_LIFECYCLE.actions("prepared") == ["send"]
    assert HANDOFF_LIFECYCLE.actions("sent") == ["receive", "report_missing", "report_damaged"]
    assert all(HANDOFF_LIFECYCLE.is_final(s) for s in ("received", "missing", "damaged"))
