"""Time limits are configuration: a limit set in the back office (or by the service) decides
the due date of the next appeal at once; bad values are refused naming the field."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from onething.appeals.services.directory import time_limit_set
from onething.appeals.services.intake import appeal_submit
from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.permissions import SYSTEM

MONDAY = dt.datetime(2025, 11, 17, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def inquiry():
    with clock.frozen(MONDAY):
        return appeal_submit(
            actor=SYSTEM,
            channel="web",
            type="inquiry",
            category_code="enterprise-policy",
            title="申报条件咨询",
            text="请问今年技改补助的申报条件是什么？",
        )


def test_a_configured_limit_decides_the_next_due_date(city):
    assert inquiry().due_date == dt.date(2025, 11, 20)  # the default: 3 working days
    time_limit_set(actor=SYSTEM, type="inquiry", urgency="normal", working_days=5)
    assert inquiry().due_date == dt.date(2025, 11, 24)  # Monday + 5 working days


def test_the_admin_page_sets_a_limit(city):
    client = city.client("admin", "en")
    answer = client.post(
        "/admin/appeals/timelimit/add/",
        {"type": "inquiry", "urgency": "normal", "working_days": "1", "warning_days": "0"},
    )
    assert answer.status_code == 302
    assert inquiry().due_date == dt.date(2025, 11, 18)


@pytest.mark.parametrize(
    "field, values",
    [
        ("type", {"type": "praise"}),
        ("urgency", {"urgency": "whenever"}),
        ("working_days", {"working_days": -1}),
        ("warning_days", {"warning_days": 11}),
    ],
)
def test_bad_limits_are_refused(city, field, values):
    data = {"type": "demand", "urgency": "normal", "working_days": 13, "warning_days": 1}
    with pytest.raises(ValidationFailed) as refused:
        time_limit_set(actor=SYSTEM, **{**data, **values})
    assert [p.field for p in refused.value.problems] == [field]
