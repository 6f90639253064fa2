"""Night duty's services on the base city: a roster planned (its warnings), published and
then fixed; nights checked in on the night only, once, by their own leader; a stay off the
roster; a night visit whose demands become appeals of 带班值班 (idempotent, every problem
at once) and follow the appeal's flow to the answer; the figures counted from it."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.appeals.models import Appeal
from onething.appeals.services.flow import appeal_dispatch, appeal_reply
from onething.core import clock
from onething.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry
from onething.duty.models import DutyNight, NightVisit
from onething.duty.selectors.figures import duty_figures
from onething.duty.selectors.visits import demands_progress, visit_get
from onething.duty.services.nights import night_check_in, night_check_out
from onething.duty.services.rosters import roster_plan, roster_publish
from onething.duty.services.visits import demand_raise, visit_record

from .support import BEFORE, DEMAND, MONTH, QIAN, TAO, ZHOU, at, published_roster, twice_a_week

TUESDAY = dt.date(2025, 12, 9)


def fields(error: ValidationFailed) -> dict[str, str]:
    return {p.field: p.rule for p in error.problems}


# ---------------------------------------------------------------- rosters


def test_a_roster_is_planned_with_warnings_then_published_and_fixed(city):
    only_tao = twice_a_week(city, TAO)
    with clock.frozen(BEFORE):
        planned = roster_plan(actor=city.actor(TAO), month="2025-12", nights=only_tao)
    assert planned.created and planned.roster.status == "draft"
    assert planned.roster.nights.count() == len(only_tao) == 9
    # 周文斌 has no night: a warning for each of the five weeks; 陶郁峻 none but the
    # partial last week (Mon 29 – Wed 31: three days, one stay asked, Tuesday the 30th)
    zhou = city.user(ZHOU).pk
    weeks = [w.week.number for w in planned.warnings if w.leader == zhou]
    assert weeks == [49, 50, 51, 52, 1]
    assert not [w for w in planned.warnings if w.leader == city.user(TAO).pk]
    last = next(w for w in planned.warnings if w.week.number == 1)
    assert (last.week.days, last.required, last.week.partial) == (3, 1, True)

    both = published_roster(city, publish=False)
    assert not both.created and both.warnings == []
    assert both.roster.nights.count() == 9 + 10  # Mondays and Wednesdays: five each
    with clock.frozen(BEFORE):
        roster_publish(actor=city.actor(TAO), roster_id=both.roster.pk)
        with pytest.raises(InvalidTransition):
            roster_plan(actor=city.actor(TAO), month="2025-12", nights=only_tao)
        with pytest.raises(InvalidTransition):
            roster_publish(actor=city.actor(TAO), roster_id=both.roster.pk)
    assert AuditEntry.objects.filter(
        action="duty.roster.publish", subject_id=str(both.roster.pk)
    ).exists()


def test_every_problem_of_a_plan_at_once(city):
    tao, qian = city.user(TAO).pk, city.user(QIAN).pk
    with clock.frozen(BEFORE), pytest.raises(ValidationFailed) as refused:
        roster_plan(
            actor=city.actor(TAO),
            month="2025-12",
            nights=[
                {"leader": qian, "date": MONTH},  # another town's leader
                {"leader": tao, "date": dt.date(2026, 1, 2)},  # outside the month
                {"leader": tao, "date": MONTH},
                {"leader": tao, "date": MONTH},  # twice
            ],
            notes="注" * 301,
        )
    assert fields(refused.value) == {
        "nights.0.leader": "unknown",
        "nights.1.date": "outside_month",
        "nights.3.date": "duplicate",
        "notes": "max_length",
    }
    with clock.frozen(BEFORE), pytest.raises(ValidationFailed) as past:
        roster_plan(actor=city.actor(TAO), month="2025-10", nights=[])
    assert fields(past.value) == {"month": "past"}
    with clock.frozen(BEFORE), pytest.raises(ValidationFailed) as bad:
        roster_plan(actor=city.actor(TAO), month="December", nights=[])
    assert fields(bad.value) == {"month": "format"}


def test_an_empty_roster_is_not_published(city):
    with clock.frozen(BEFORE):
        empty = roster_plan(actor=city.actor(TAO), month="2025-12", nights=[])
        with pytest.raises(Conflict) as refused:
            roster_publish(actor=city.actor(TAO), roster_id=empty.roster.pk)
    assert refused.value.code == "roster_empty"


@pytest.mark.parametrize("username", ["supervisor", "zhangwei", "officer.binhu", "dispatcher"])
def test_only_a_towns_leader_plans(city, username):
    with clock.frozen(BEFORE), pytest.raises(PermissionDenied):
        roster_plan(actor=city.actor(username), month="2025-12", nights=[])


def test_another_towns_leader_cannot_publish_it(city):
    roster = published_roster(city, publish=False).roster
    with clock.frozen(BEFORE), pytest.raises(Exception) as refused:
        roster_publish(actor=city.actor(QIAN), roster_id=roster.pk)
    assert refused.value.__class__.__name__ == "NotFound"


# ---------------------------------------------------------------- nights


def _night(city, username, day):
    return DutyNight.objects.get(leader=city.user(username), date=day)


def test_a_night_is_checked_in_on_the_night_only_and_once(city):
    published_roster(city)
    night = _night(city, TAO, TUESDAY)
    tao = city.actor(TAO)
    with clock.frozen(at(TUESDAY, 16, 30)), pytest.raises(Conflict) as early:
        night_check_in(actor=tao, night_id=night.pk)
    assert early.value.code == "not_tonight"
    with clock.frozen(at(TUESDAY, 19, 5)):
        kept = night_check_in(actor=tao, night_id=night.pk, place_note="街道办公驻地")
        assert (kept.status, kept.place_note) == ("kept", "街道办公驻地")
        with pytest.raises(InvalidTransition):
            night_check_in(actor=tao, night_id=night.pk)
    with clock.frozen(at(TUESDAY + dt.timedelta(days=1), 7, 30)):
        out = night_check_out(actor=tao, night_id=night.pk)
        assert out.checked_out_at is not None
        with pytest.raises(Conflict):
            night_check_out(actor=tao, night_id=night.pk)
    thursday = _night(city, TAO, TUESDAY + dt.timedelta(days=2))
    with clock.frozen(at(thursday.date + dt.timedelta(days=1), 9, 1)), pytest.raises(Conflict):
        night_check_in(actor=tao, night_id=thursday.pk)  # the morning has passed


def test_a_leader_checks_in_only_their_own_night(city):
    published_roster(city)
    zhou_night = _night(city, ZHOU, dt.date(2025, 12, 8))
    with clock.frozen(at(zhou_night.date, 20)), pytest.raises(PermissionDenied) as refused:
        night_check_in(actor=city.actor(TAO), night_id=zhou_night.pk)
    assert refused.value.code == "not_your_night"
    with clock.frozen(at(zhou_night.date, 20)), pytest.raises(Exception) as hidden:
        night_check_in(actor=city.actor(QIAN), night_id=zhou_night.pk)
    assert hidden.value.__class__.__name__ == "NotFound"


def test_a_draft_rosters_night_is_not_checked_in(city):
    published_roster(city, publish=False)
    night = _night(city, TAO, TUESDAY)
    with clock.frozen(at(TUESDAY, 20)), pytest.raises(Conflict) as refused:
        night_check_in(actor=city.actor(TAO), night_id=night.pk)
    assert refused.value.code == "roster_not_published"


def test_a_stay_off_the_roster_is_recorded_by_checking_in(city):
    published_roster(city)
    friday = dt.date(2025, 12, 12)
    with clock.frozen(at(friday + dt.timedelta(days=1), 1, 30)):  # after midnight: Friday's
        night = night_check_in(actor=city.actor(TAO))
    assert (night.date, night.planned, night.status) == (friday, False, "kept")
    with clock.frozen(at(friday, 13)), pytest.raises(Conflict) as daytime:
        night_check_in(actor=city.actor(ZHOU))
    assert daytime.value.code == "not_tonight"


# ---------------------------------------------------------------- visits and demands


def _visit(city, key="v-1", **changes):
    fields_ = {
        "at": at(TUESDAY, 19, 40),
        "place": "申浦村",
        "address": "申浦村村民委员会",
        "met_names": "韩师傅等村民代表",
        "met_count": 6,
        "summary": "与村民代表座谈，听取对闲置房屋利用的建议。",
        "demands": [DEMAND],
        "idempotency_key": key,
    }
    fields_.update(changes)
    with clock.frozen(at(TUESDAY, 21, 30)):
        return visit_record(actor=city.actor(TAO), **fields_)


def test_a_visits_demand_becomes_an_appeal_of_the_programme(city):
    published_roster(city)
    night = _night(city, TAO, TUESDAY)
    with clock.frozen(at(TUESDAY, 18, 50)):
        night_check_in(actor=city.actor(TAO), night_id=night.pk)
    visit = _visit(city)
    assert visit.number.startswith("YF320281009-20251209-")
    assert visit.night_id == night.pk and visit.town.code == "320281009"
    (demand,) = visit.demands.all()
    appeal = Appeal.objects.get(number=demand.appeal_number)
    assert appeal.programme.code == "daibanzhiban" and appeal.channel == "visit"
    assert (appeal.type, appeal.region.code, appeal.contact_name) == (
        "suggestion",
        "320281009",
        "韩师傅",
    )
    assert appeal.submitted_by == city.user(TAO) and appeal.address.startswith("申浦村")
    assert demand.contact_phone_masked == "138****5678"
    assert "13812345678" not in demand.contact_phone_cipher
    assert appeal.status == "received"  # no routing rule names 申港街道's community matters
    # a retry with the same key: the first visit, no second appeal
    again = _visit(city)
    assert again.pk == visit.pk
    assert Appeal.objects.filter(programme__code="daibanzhiban").count() == 1
    more = demand_raise(actor=city.actor(TAO), visit_number=visit.number, **{**DEMAND, "title": ""})
    assert more.position == 2 and more.title == DEMAND["text"][:30]


def test_every_problem_of_a_visit_and_its_demands_at_once(city):
    with pytest.raises(ValidationFailed) as refused:
        _visit(
            city,
            at=at(TUESDAY, 23),  # after the recording moment: in the future
            place="",
            met_count=-1,
            summary="",
            demands=[
                DEMAND,
                {**DEMAND, "category": "nope", "text": "短", "contact_phone": "12345"},
                {**DEMAND, "type": "complaint", "contact_name": ""},
            ],
        )
    assert fields(refused.value) == {
        "at": "future",
        "place": "required",
        "met_count": "range",
        "summary": "required",
        "demands.1.category": "unknown",
        "demands.1.text": "min_length",
        "demands.1.contact_phone": fields(refused.value)["demands.1.contact_phone"],
        "demands.2.type": "choice",
        "demands.2.contact_name": "required",
    }
    assert not NightVisit.objects.exists()


@pytest.mark.parametrize("username", ["zhangwei", "officer.binhu", "supervisor", "system"])
def test_only_a_leader_records_a_visit(city, username):
    actor = city.system if username == "system" else city.actor(username)
    with pytest.raises(PermissionDenied):
        visit_record(actor=actor, at=at(TUESDAY, 19), place="申浦村", summary="夜访")


def test_the_demand_follows_the_appeal_flow_to_its_answer(city):
    visit = _visit(city)
    number = visit.demands.get().appeal_number
    with clock.frozen(at(dt.date(2025, 12, 10), 9)):
        appeal_dispatch(actor=city.actor("dispatcher"), number=number, department_code="SG-JB")
    officer = city.actor("officer.sg-jb")
    with clock.frozen(at(dt.date(2025, 12, 12), 15)):
        appeal_reply(actor=officer, number=number, text="已将老房子改造列入村级实事计划。")
    (progress,) = demands_progress(city.actor(TAO), visit_get(city.actor(TAO), visit.number))
    assert progress.answered and progress.appeal.department.code == "SG-JB"
    assert [r.text for r in progress.replies] == ["已将老房子改造列入村级实事计划。"]
    with clock.frozen(at(dt.date(2025, 12, 15), 10)):
        figures = duty_figures(city.actor(TAO), date_from=MONTH)
    overall = figures["overall"]
    assert (overall["visits"], overall["residents"], overall["demands"], overall["answered"]) == (
        1,
        6,
        1,
        1,
    )
    assert overall["average_days_to_answer"] == 3  # 9 Dec (Tue) → 12 Dec (Fri)
    assert [r["name"] for r in figures["by_leader"]] == ["陶郁峻"]


def test_missed_nights_are_counted_once_their_morning_has_passed(city):
    published_roster(city)
    tao = city.actor(TAO)
    night = _night(city, TAO, dt.date(2025, 12, 2))
    with clock.frozen(at(night.date, 21)):
        night_check_in(actor=tao, night_id=night.pk)
    with clock.frozen(at(dt.date(2025, 12, 5), 10)):  # Friday morning: Mon–Thu are over
        figures = duty_figures(None, town="320281009")
    overall = figures["overall"]
    assert (overall["planned"], overall["kept"], overall["missed"]) == (19, 1, 3)
    assert overall["upcoming"] == 15 and float(overall["kept_rate"]) == 25.0
    assert "by_leader" not in figures  # the public's: no one named
