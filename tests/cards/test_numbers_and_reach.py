"""The cards' pure helpers shared by their reads and writes (no database): numbers as people
type them, and the platform's reach of the registry's person reads."""

from onething.cards.rules.numbers import compact
from onething.cards.rules.reach import as_platform
from onething.core.permissions import Actor


def test_spaces_and_dashes_are_dropped_from_a_typed_number():
    assert compact(" 3202 1119-9001 011234 ") == "320211199001011234"
    assert compact("6200-0000-0001") == "620000000001"
    assert compact(None) == ""
    assert compact(12345) == "12345"


def test_the_platform_reach_keeps_the_account_named():
    clerk = Actor(user_id=7, label="union clerk", role="union_staff", region_path="/32/")
    platform = as_platform(clerk)
    assert platform.is_system and not clerk.is_system
    assert (platform.user_id, platform.label, platform.role) == (7, "union clerk", "union_staff")
