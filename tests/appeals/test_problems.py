"""The appeals' field problems, pure (no database): what the services check before they
write and the figures check of their filters, from one module; and the label the contact
phone is sealed under."""

import pytest

from onething.appeals.models import PHONE_LABEL, AppealType
from onething.appeals.problems import choice_problem, refuse_if, text_problem, text_problems
from onething.core.errors import FieldProblem, ValidationFailed


def test_a_text_is_required_only_when_a_message_is_given():
    assert text_problem("note", "", 10) is None
    assert text_problem("note", "   ", 10, "Say something.").rule == "required"
    assert text_problem("note", "x" * 11, 10).rule == "max_length"
    assert text_problem("note", "x" * 10, 10) is None


def test_a_choice_is_one_of_the_allowed_values():
    assert choice_problem("type", "demand", AppealType.values) is None
    problem = choice_problem("type", "wish", AppealType.values)
    assert (problem.field, problem.rule) == ("type", "choice")


def test_every_problem_found_is_refused_at_once():
    refuse_if([None, None])  # nothing found: no refusal
    with pytest.raises(ValidationFailed) as refused:
        refuse_if([FieldProblem("a", "required", "A."), None, FieldProblem("b", "choice", "B.")])
    assert [p.field for p in refused.value.problems] == ["a", "b"]


def test_an_appeal_has_a_title_and_at_least_five_characters_of_text():
    assert text_problems("Noise", "Too loud at night.") == [None, None]
    title, text = text_problems("", "abc")
    assert (title.field, title.rule) == ("title", "required")
    assert (text.field, text.rule) == ("text", "min_length")


def test_the_contact_phone_is_sealed_under_its_stored_label():
    # a change would leave every stored contact phone unreadable
    assert PHONE_LABEL == "appeal.contact_phone"
