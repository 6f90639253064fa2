"""The rules of full personal-data reads, pure (no database): the labels numbers are sealed
under (a change would leave every stored cipher and keyed hash unreadable) and the stated
purpose a full read needs."""

import pytest

from onething.core.identity import PII_FIELDS, PURPOSE_MAX, purpose_problem


def test_the_sealing_labels_stay_as_stored():
    assert PII_FIELDS == {"id_number": "person.id_number", "phone": "person.phone"}


@pytest.mark.parametrize(
    ("purpose", "rule"),
    [
        ("", "required"),
        ("ab", "min_length"),
        ("x" * (PURPOSE_MAX + 1), "max_length"),
    ],
)
def test_a_purpose_too_short_or_too_long_is_refused(purpose, rule):
    assert purpose_problem(purpose).rule == rule


@pytest.mark.parametrize("purpose", ["核验", "abcd", "x" * PURPOSE_MAX])
def test_a_wide_character_counts_two(purpose):
    assert purpose_problem(purpose) is None
