"""Interviews, the selection and the offers through the services: one score per
interviewer and the mean; a sheet of scores all or nothing with every row's problem; the
ranked selection within capacity (counting places already taken), over capacity refused;
offers accepted or declined by their deadline; a decline, an expiry or a withdrawal moving
the waiting list up in the same transaction; the command that expires offers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry
from onething.training.models import Application, Cohort, Interview
from onething.training.rules.selection import SHANGHAI
from onething.training.services.applications import application_screen, application_withdraw
from onething.training.services.interviews import interview_record, interview_scores_import
from onething.training.services.offers import offer_accept, offer_decline, offers_expire
from onething.training.services.selection import selection_run, waiting_list_close

from .world import NOW
from .world_applications import apply, fresh, interviewed

LATER = NOW + dt.timedelta(days=2)  # 2025-06-12


def capacity(inst, n: int) -> None:
    Cohort.objects.filter(pk=inst.cohort.pk).update(capacity=n)


def select(inst, places=None, when=LATER):
    with clock.frozen(when):
        return selection_run(actor=inst.staff, cohort_code=inst.cohort.code, places=places)


def statuses(apps) -> list[tuple[str, int | None]]:
    return [(fresh(a).status, fresh(a).wait_rank) for a in apps]


# ---------------------------------------------------------------------- interviews


def test_one_score_per_interviewer_and_the_mean(inst):
    application = apply(inst, inst.wei)
    with clock.frozen(NOW):
        with pytest.raises(Conflict):  # not screened yet
            interview_record(actor=inst.staff, number=application.number, score="80")
        application_screen(actor=inst.staff, number=application.number)
        interview_record(actor=inst.staff, number=application.number, score="80")
        interview_record(actor=inst.teacher, number=application.number, score="85.5")
        again = interview_record(actor=inst.staff, number=application.number, score="90")
    assert again.status == "interviewed" and again.score == Decimal("87.75")
    assert Interview.objects.filter(application=application).count() == 2
    with pytest.raises(ValidationFailed) as refused:
        interview_record(actor=inst.teacher, number=application.number, score="101")
    assert refused.value.problems[0].rule == "range"
    with pytest.raises(PermissionDenied):
        interview_record(actor=inst.other_staff, number=application.number, score="50")
    with pytest.raises(PermissionDenied):
        interview_record(actor=inst.wei, number=application.number, score="100")


def sheet(rows: list[list], header=("申请编号", "面试得分", "备注")) -> bytes:
    book = Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def screened(inst, n: int) -> list[Application]:
    made = []
    for student in (inst.wei, inst.zhao, inst.hr)[:n]:
        application = apply(inst, student)
        with clock.frozen(NOW):
            application_screen(actor=inst.staff, number=application.number)
        made.append(application)
    return made


def test_a_sheet_of_scores_is_stored_when_every_row_is_right(inst):
    one, two = screened(inst, 2)
    data = sheet([[one.number, 88, "表达清楚"], [two.number.lower(), "92.5", None]])
    with clock.frozen(NOW):
        count = interview_scores_import(
            actor=inst.teacher, cohort_code="2025S", name="面试.xlsx", data=data
        )
    assert count == 2
    assert (fresh(one).score, fresh(two).score) == (Decimal("88.00"), Decimal("92.50"))
    assert fresh(one).status == "interviewed"
    assert Interview.objects.get(application=one).interviewer_id == inst.teacher.user_id


def test_a_sheet_with_any_wrong_row_stores_nothing_and_says_every_problem(inst):
    one, two, three = screened(inst, 3)
    with clock.frozen(NOW):
        application_withdraw(actor=inst.hr, number=three.number)
    data = sheet(
        [
            [one.number, 88, ""],
            [two.number, 120, ""],
            ["SX2025999999", 70, ""],
            [one.number, 60, ""],
            [three.number, 70, ""],
            ["", "x", ""],
        ]
    )
    with pytest.raises(ValidationFailed) as refused:
        interview_scores_import(actor=inst.staff, cohort_code="2025S", name="a.xlsx", data=data)
    assert [(p.field, p.rule) for p in refused.value.problems] == [
        ("rows.3.score", "range"),
        ("rows.4.number", "unknown"),
        ("rows.5.number", "unique"),
        ("rows.6.number", "status"),
        ("rows.7.number", "required"),
        ("rows.7.score", "type"),
    ]
    assert not Interview.objects.exists() and fresh(one).score is None


def test_a_csv_sheet_and_a_sheet_without_the_columns(inst):
    (one,) = screened(inst, 1)
    csv = f"申请编号,面试得分\n{one.number},77.5\n".encode()
    with clock.frozen(NOW):
        assert (
            interview_scores_import(
                actor=inst.staff, cohort_code="2025S", name="scores.csv", data=csv
            )
            == 1
        )
    with pytest.raises(ValidationFailed) as refused:
        interview_scores_import(
            actor=inst.staff, cohort_code="2025S", name="a.xlsx", data=sheet([["x"]], ("姓名",))
        )
    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == (
        "file",
        "missing_column",
    )


# ---------------------------------------------------------------------- the selection


def test_the_selection_offers_the_best_within_capacity_and_the_rest_wait(inst):
    capacity(inst, 3)
    apps = interviewed(inst, ["70", "90", "85", "90", "60"])
    result = select(inst)
    assert [a.number for a in result.offered] == [apps[1].number, apps[3].number, apps[2].number]
    assert statuses(apps) == [
        ("waiting", 1),
        ("offered", None),
        ("offered", None),
        ("offered", None),
        ("waiting", 2),
    ]
    offered = fresh(apps[1])
    assert offered.track == inst.chips
    assert offered.offer_deadline == dt.datetime(2025, 6, 19, 23, 59, 59, tzinfo=SHANGHAI)
    assert (result.taken, result.free) == (3, 0)
    assert AuditEntry.objects.filter(action="training.cohort.selection").exists()


def test_a_selection_over_the_free_places_is_refused_and_changes_nothing(inst):
    capacity(inst, 3)
    apps = interviewed(inst, ["70", "90", "85", "80"])
    select(inst, places=1)
    with pytest.raises(Conflict) as refused:
        select(inst, places=3)
    assert refused.value.code == "over_capacity"
    assert refused.value.details == {"capacity": 3, "taken": 1, "free": 2, "asked": 3}
    assert [fresh(a).status for a in apps].count("offered") == 1
    # the places already taken count: the second selection offers the two left
    second = select(inst)
    assert len(second.offered) == 2 and second.taken == 3
    assert statuses(apps)[0] == ("waiting", 1)


def test_nothing_to_select_and_only_the_staff_select(inst):
    with pytest.raises(Conflict) as refused:
        select(inst)
    assert refused.value.code == "nothing_to_select"
    for outsider in (inst.other_staff, inst.wei, inst.registrar):
        with pytest.raises(PermissionDenied):
            selection_run(actor=outsider, cohort_code="2025S")


def test_a_later_selection_ranks_the_waiting_with_the_newly_interviewed(inst):
    capacity(inst, 1)
    first = interviewed(inst, ["80", "70"])
    select(inst)
    late = interviewed(inst, ["75"], start=NOW + dt.timedelta(hours=1))
    capacity(inst, 2)
    select(inst)
    assert statuses(first + late) == [("offered", None), ("waiting", 1), ("offered", None)]


# ---------------------------------------------------------------------- offers


def test_accept_and_decline_by_the_deadline_and_the_list_moves_up(inst):
    capacity(inst, 2)
    apps = interviewed(inst, ["90", "85", "80", "75"])
    select(inst)
    top = fresh(apps[0])
    with clock.frozen(LATER + dt.timedelta(days=1)):
        accepted = offer_accept(actor=top_student(top), number=top.number)
    assert accepted.status == "accepted"
    with clock.frozen(LATER + dt.timedelta(days=3)):
        declined = offer_decline(actor=top_student(apps[1]), number=apps[1].number, reason="实习")
    assert declined.status == "declined"
    moved = fresh(apps[2])
    assert (moved.status, moved.wait_rank) == ("offered", None)
    assert moved.offer_deadline == dt.datetime(2025, 6, 22, 23, 59, 59, tzinfo=SHANGHAI)
    assert moved.steps.last().action == "offer" and moved.steps.last().actor_id is None
    assert statuses([apps[3]]) == [("waiting", 2)]


def test_answering_after_the_deadline_is_a_409(inst):
    capacity(inst, 1)
    (app,) = interviewed(inst, ["90"])
    select(inst)
    after = fresh(app).offer_deadline + dt.timedelta(seconds=1)
    student = top_student(app)
    for answer in (offer_accept, offer_decline):
        with clock.frozen(after), pytest.raises(Conflict) as refused:
            answer(actor=student, number=app.number)
        assert refused.value.code == "offer_expired"
    assert fresh(app).status == "offered"


def test_only_the_student_answers_their_offer(inst):
    capacity(inst, 1)
    (app,) = interviewed(inst, ["90"])
    select(inst)
    from onething.core.errors import NotFound

    with clock.frozen(LATER), pytest.raises(NotFound):
        offer_accept(actor=inst.wei, number=app.number)
    with clock.frozen(LATER), pytest.raises(PermissionDenied):
        offer_accept(actor=inst.staff, number=app.number)


def test_expired_offers_move_the_list_up_and_the_command_runs(inst):
    capacity(inst, 2)
    apps = interviewed(inst, ["90", "85", "80", "75", "70"])
    select(inst)
    deadline = fresh(apps[0]).offer_deadline
    with clock.frozen(LATER + dt.timedelta(days=1)):
        offer_accept(actor=top_student(apps[0]), number=apps[0].number)
    count = offers_expire(now=deadline + dt.timedelta(minutes=5))
    assert count == 1
    assert statuses(apps) == [
        ("accepted", None),
        ("expired", None),
        ("offered", None),
        ("waiting", 2),
        ("waiting", 3),
    ]
    assert fresh(apps[2]).offered_at == deadline + dt.timedelta(minutes=5)
    assert AuditEntry.objects.filter(action="training.application.expire_offers").exists()
    out = io.StringIO()
    with clock.frozen(fresh(apps[2]).offer_deadline + dt.timedelta(hours=1)):
        call_command("training_expire_offers", stdout=out)
    assert "offers expired: 1" in out.getvalue()
    assert statuses(apps)[2:] == [("expired", None), ("offered", None), ("waiting", 3)]


def test_a_withdrawn_offer_moves_the_list_up_and_the_list_closes(inst):
    capacity(inst, 1)
    apps = interviewed(inst, ["90", "85", "80"])
    select(inst)
    with clock.frozen(LATER):
        application_withdraw(actor=top_student(apps[0]), number=apps[0].number)
    assert statuses(apps) == [("withdrawn", None), ("offered", None), ("waiting", 2)]
    with clock.frozen(LATER):
        assert waiting_list_close(actor=inst.staff, cohort_code="2025S") == 1
    assert fresh(apps[2]).status == "not_selected"


def test_the_capacity_is_never_exceeded_by_moving_up(inst):
    capacity(inst, 2)
    apps = interviewed(inst, ["90", "85", "80", "75"])
    select(inst)
    capacity(inst, 1)  # the institute cut the class: a freed place moves nobody up
    with clock.frozen(LATER):
        offer_decline(actor=top_student(apps[0]), number=apps[0].number)
    assert statuses(apps)[1:] == [("offered", None), ("waiting", 1), ("waiting", 2)]


def top_student(application):
    from onething.core.models import User
    from onething.core.permissions import actor_for

    user = User.objects.select_related("person").get(pk=fresh(application).account_id)
    return actor_for(user)
