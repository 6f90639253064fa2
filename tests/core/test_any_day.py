"""Any day of the year: on the demo city, the main service calls work as of New Year's Eve,
the eve of a Spring Festival, a day in a year whose holiday schedule is not published, and
today — applying, accepting and concluding a case, taking in and answering an appeal, a
gate swipe, and the month's settlement. A deadline that runs into a year with no schedule
is provisional, never an error."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.appeals.services.flow import appeal_accept, appeal_dispatch, appeal_reply
from onething.appeals.services.intake import appeal_submit
from onething.cards.models import HonourCard
from onething.cards.services.gates import swipe_authorize
from onething.cards.services.settlement import settlement_prepare
from onething.cases.services.intake import case_submit
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.cases.services.materials import material_upload
from onething.core import clock
from onething.core.permissions import SYSTEM, actor_for
from onething.core.workdays import package_years
from onething.demo.cards.data import directory
from onething.demo.runner import scan
from tests.cases.conftest import FORM, ITEM

from .test_calendar_schedules import last_workday_of

pytestmark = pytest.mark.demo_city

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
UNKNOWN = package_years()[-1] + 1
DAYS = {
    "new-year's-eve": dt.date(package_years()[-1], 12, 31),
    "spring-festival-eve": dt.date(2026, 2, 16),  # 除夕 2026: the holiday begins the 15th
    "last-working-day-of-the-year": last_workday_of(package_years()[-1]),
    "a-year-with-no-schedule": dt.date(UNKNOWN, 3, 2),
    "today": None,
}


def moment(day: dt.date | None, hour: int) -> dt.datetime:
    day = day or clock.today()
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


@pytest.mark.parametrize("day", list(DAYS.values()), ids=list(DAYS))
def test_the_main_calls_work_as_of_the_day(city, day):
    zhang, clerk = city.actor("zhangwei"), city.actor("clerk.hudai")
    officer, union = city.actor("officer.hudai"), city.actor("union")

    with clock.frozen(moment(day, 9)):
        materials = [
            material_upload(actor=zhang, material_type_code=code, name=f"{code}.pdf", data=scan())
            for code in ("id-card", "application-form", "premises-proof")
        ]
        case = case_submit(
            actor=zhang, item_code=ITEM, form=FORM, material_ids=[m.pk for m in materials]
        )
        case = case_accept(actor=clerk, number=case.number)
        assert case.due_date > clock.today()
        # past the published years the count is provisional, and says so
        assert case.due_provisional == (case.due_date.year > package_years()[-1])
        appeal = appeal_submit(
            actor=SYSTEM,
            channel="hotline",
            type="demand",
            category_code="streetlight",
            title="路灯不亮",
            text="小区门口两盏路灯连续三个晚上不亮。",
            region_code="320211102",
            contact_name="李娜",
            contact_phone="13912345678",
        )
        if appeal.status == "received":
            appeal = appeal_dispatch(actor=SYSTEM, number=appeal.number, department_code="WX-CG")
        assert appeal.due_date >= clock.today()
        assert appeal.due_provisional == (appeal.due_date.year > package_years()[-1])

    with clock.frozen(moment(day, 15)):
        concluded = case_conclude(actor=officer, number=case.number, outcome="approved")
        assert concluded.status == "concluded" and concluded.licence
        appeal_accept(actor=SYSTEM, number=appeal.number)
        replied = appeal_reply(actor=SYSTEM, number=appeal.number, text="已安排维修。")
        assert replied.status == "replied" and replied.replied_on_time
        card = HonourCard.objects.get(number=directory.card_number(1, 7))
        gate = actor_for(city.user("gate.metro01"))
        swipe = swipe_authorize(
            gate_actor=gate,
            swipe_id=f"any-day-{clock.today():%Y%m%d}",
            card_number=card.transit_number,
            at=clock.now(),
        )
        assert swipe.allowed, swipe.reason

    month = (day or clock.today()).replace(day=1)
    with clock.frozen(moment(month + dt.timedelta(days=40), 10)):
        statement = settlement_prepare(actor=union, operator_code="wx-metro", month=month)
        assert statement.amount_fen >= swipe.amount_fen > 0
