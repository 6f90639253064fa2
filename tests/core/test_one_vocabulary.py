"""One name per concept, without a database: the deadline states (core/deadlines.py) and the
five-level rating (core/ratings.py) that cases and appeals share — the same values from
both apps' rules, the same labels on their pages, the same choices in their forms."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from onething.appeals import rules as appeal_rules
from onething.appeals.forms import RatingForm as AppealRatingForm
from onething.appeals.models import Appeal, FollowUp
from onething.appeals.staff_forms import DEADLINES as APPEAL_DEADLINE_CHOICES
from onething.appeals.staff_forms import FollowUpForm
from onething.appeals.views.display import deadline_mark, rating_mark
from onething.cases import rules as case_rules
from onething.cases.forms.actions import RatingForm as CaseRatingForm
from onething.cases.models import Evaluation
from onething.cases.schemas import EvaluationIn, EvaluationOut, RectificationOut
from onething.cases.views.filters import DEADLINE_CHOICES as CASE_DEADLINE_CHOICES
from onething.core import deadlines
from onething.core.ratings import SATISFIED_MIN, Rating, is_rating, rating_label, satisfied
from onething.core.workdays import OfficialCalendar

D = dt.date
CAL = OfficialCalendar()
DUE = D(2025, 10, 10)  # a Friday, after the National Day week


# ---------------------------------------------------------------- deadline states


def test_the_states_and_their_chinese_labels():
    assert deadlines.RUNNING == ("on_time", "warning", "overdue")
    assert deadlines.ANSWERED == "answered"
    with translation.override("zh-hans"):
        assert {s: str(label) for s, label in deadlines.LABELS.items()} == {
            "on_time": "正常",
            "warning": "预警",
            "overdue": "超期",
            "answered": "已回复",
        }
        assert deadlines.label("warning") == "预警"
    assert deadlines.label(None) == "" and deadlines.label("unknown") == "unknown"


def test_the_case_rules_use_the_shared_names():
    assert (case_rules.ON_TIME, case_rules.WARNING, case_rules.OVERDUE) == deadlines.RUNNING


def test_a_case_and_an_appeal_with_time_left_are_both_on_time():
    today = D(2025, 9, 26)
    case = case_rules.deadline_state(DUE, today, CAL)
    appeal = appeal_rules.deadline_state(
        due=DUE, today=today, days_left=6, warning_days=1, answered=False
    )
    assert case == appeal == deadlines.ON_TIME


@given(offset=st.integers(-40, 40), days_left=st.integers(-30, 30), answered=st.booleans())
def test_an_appeal_is_only_ever_in_a_shared_state(offset, days_left, answered):
    state = appeal_rules.deadline_state(
        due=DUE,
        today=DUE + dt.timedelta(days=offset),
        days_left=days_left,
        warning_days=1,
        answered=answered,
    )
    assert state in deadlines.LABELS


@given(offset=st.integers(-40, 40), paused=st.booleans())
def test_a_case_is_only_ever_in_a_running_state(offset, paused):
    state = case_rules.deadline_state(DUE, DUE + dt.timedelta(days=offset), CAL, paused=paused)
    assert state in deadlines.RUNNING


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        ("on_time", "on_time"),
        ("warning", "warning"),
        ("overdue", "overdue"),
        ("answered", "neutral"),
    ],
)
def test_an_appeals_deadline_mark_has_the_shared_label_and_class(state, kind):
    with translation.override("zh-hans"):
        mark = deadline_mark(SimpleNamespace(deadline_state=state))
        assert mark == deadlines.label(state) == str(deadlines.LABELS[state])
    assert mark.kind == kind


def test_both_apps_filter_on_the_same_labels():
    cases = {value: label for value, label in CASE_DEADLINE_CHOICES if value}
    appeals = {value: label for value, label in APPEAL_DEADLINE_CHOICES if value}
    assert cases == {s: deadlines.LABELS[s] for s in deadlines.RUNNING}
    assert appeals == {s: deadlines.LABELS[s] for s in ("overdue", "warning")}


# ---------------------------------------------------------------- the rating


def test_five_levels_best_first_with_their_chinese_labels():
    assert Rating.values == [5, 4, 3, 2, 1]
    with translation.override("zh-hans"):
        assert [str(label) for label in Rating.labels] == [
            "非常满意",
            "满意",
            "基本满意",
            "不满意",
            "非常不满意",
        ]
        assert rating_label(2) == "不满意"
    assert rating_label(None) == rating_label(0) == rating_label(6) == ""


def test_satisfied_means_basically_satisfied_or_better():
    assert SATISFIED_MIN == Rating.BASICALLY_SATISFIED == 3
    assert [r for r in Rating.values if satisfied(r)] == [5, 4, 3]


@pytest.mark.parametrize("value", [0, 6, -1, None, "3", 3.5])
def test_only_the_five_whole_numbers_are_ratings(value):
    assert not is_rating(value)


@pytest.mark.parametrize("value", [0, 6])
def test_an_appeal_follow_up_refuses_what_is_not_a_rating(value):
    with pytest.raises(ValueError):
        appeal_rules.follow_up_outcome(value, 1)


@pytest.mark.parametrize("rating", Rating.values)
def test_a_case_and_an_appeal_agree_on_what_is_satisfied(rating):
    reopens = appeal_rules.follow_up_outcome(rating, 1) == "reopen"
    assert reopens == (not satisfied(rating))
    assert rating_mark(rating).kind == ("on_time" if satisfied(rating) else "overdue")


def test_the_models_and_forms_offer_the_same_choices():
    fields = [
        Evaluation._meta.get_field("rating"),
        Appeal._meta.get_field("rating"),
        FollowUp._meta.get_field("rating"),
    ]
    assert all(field.choices == Rating.choices for field in fields)
    for form in (CaseRatingForm(), AppealRatingForm(), FollowUpForm()):
        assert list(form.fields["rating"].choices) == Rating.choices


def test_the_evaluation_api_says_rating_and_still_reads_level():
    assert EvaluationIn.model_validate({"rating": 2}).rating == 2
    assert EvaluationIn.model_validate({"level": 4, "comment": "快"}).rating == 4
    assert "rating" in EvaluationOut.model_fields and "level" not in EvaluationOut.model_fields
    assert "rating" in RectificationOut.model_fields
