"""An event's closed loop by people, end to end with the roles (403 for a wrong role, 409
for a wrong move), its timeline and audit entries, and who sees which event and device."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.cityops.models import Event, EventPhoto
from onething.cityops.rules.events import EVENT_LIFECYCLE
from onething.cityops.selectors import (
    device_get,
    devices_list,
    event_deadline,
    event_get,
    events_list,
    step_label,
)
from onething.cityops.services.events import (
    event_check,
    event_close,
    event_dismiss,
    event_dispatch,
    event_handle,
    event_register,
    event_report,
)
from onething.cityops.services.ingest import readings_ingest
from onething.core import clock
from onething.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry
from tests import files

from .world import account, at, build, item

NOW = at("2026-12-04", 10)  # a Friday


@pytest.fixture
def frozen_now():
    """The test's moves happen at NOW, one after another (its steps in that order)."""
    with clock.frozen(NOW):
        yield


def fields(refused: pytest.ExceptionInfo) -> dict[str, str]:
    return {p.field: p.rule for p in refused.value.problems}


def report(city, **overrides) -> Event:
    data = {
        "actor": city.actor("inspector"),
        "title": "鸿翔路井盖缺失",
        "description": "鸿翔路与环山路路口东侧井盖缺失，已放置临时警示。",
        "region_code": "320211102",
        "latitude": "31.534512",
        "longitude": 120.14321,
        **overrides,
    }
    return event_report(**data)


@pytest.mark.usefixtures("frozen_now")
def test_the_loop_end_to_end_with_its_roles(city):
    ops = build(city)
    inspector, dispatcher = city.actor("inspector"), city.actor("dispatcher")
    officer = city.actor("officer.wx-cg")
    with clock.frozen(NOW):
        event = report(city, photos=[("well.png", files.png())])
    number = event.number
    assert (event.source, event.status, event.level) == ("inspector", "reported", "normal")
    assert event.reported_by_id == inspector.user_id and str(event.latitude) == "31.534512"
    assert EventPhoto.objects.get(event=event).content_type == "image/png"
    assert event.due_at is None  # the clock starts at dispatch

    with pytest.raises(PermissionDenied):
        event_register(actor=inspector, number=number)  # not the inspector's to register
    with pytest.raises(InvalidTransition) as refused:
        event_close(actor=dispatcher, number=number)  # nothing checked yet
    assert refused.value.details["allowed_from"] == ["checked"]
    assert event_register(actor=dispatcher, number=number).status == "registered"
    with pytest.raises(InvalidTransition):
        event_register(actor=dispatcher, number=number)  # twice

    with pytest.raises(ValidationFailed) as refused:
        event_dispatch(actor=dispatcher, number=number, department_code="NOPE")
    assert fields(refused) == {"department": "unknown"}
    with clock.frozen(NOW):
        sent = event_dispatch(actor=dispatcher, number=number, department_code="WX-CG")
    assert (sent.status, sent.department.code) == ("dispatched", "WX-CG")
    # an inspector's report: 3 working days from the dispatch (Friday → Wednesday)
    assert sent.due_at == at("2026-12-09", 10) and sent.due_provisional is False
    assert event_deadline(sent, NOW) == "on_time"
    assert event_deadline(sent, at("2026-12-09", 7)) == "warning"
    assert event_deadline(sent, at("2026-12-09", 11)) == "overdue"

    with pytest.raises(PermissionDenied):
        event_handle(actor=dispatcher, number=number, note="已处理")  # the department's
    with pytest.raises(ValidationFailed) as refused:
        event_handle(actor=officer, number=number, note=" ")
    assert fields(refused) == {"note": "required"}
    assert event_handle(actor=officer, number=number, note="已补装井盖").status == "handled"
    with pytest.raises(PermissionDenied):
        event_check(actor=officer, number=number, passed=True)  # not their own check
    with pytest.raises(ValidationFailed) as refused:
        event_check(actor=inspector, number=number, passed=False)
    assert fields(refused) == {"note": "required"}
    back = event_check(actor=inspector, number=number, passed=False, note="井盖未固定")
    assert (back.status, back.department.code) == ("dispatched", "WX-CG")  # sent back
    event_handle(actor=officer, number=number, note="已加固")
    assert event_check(actor=inspector, number=number, passed=True).status == "checked"
    with clock.frozen(NOW + dt.timedelta(days=1)):
        closed = event_close(actor=dispatcher, number=number, note="结案")
    assert (closed.status, closed.closed_at) == ("closed", NOW + dt.timedelta(days=1))
    with pytest.raises(InvalidTransition) as refused:
        event_handle(actor=officer, number=number, note="again")
    # a closed event says so, not "only from …"
    assert refused.value.message == str(EVENT_LIFECYCLE.final_refused)
    assert event_deadline(closed) == "answered"

    timeline = event_get(dispatcher, number).steps.all()
    assert [(s.action, s.status_after) for s in timeline] == [
        ("report", "reported"),
        ("register", "registered"),
        ("dispatch", "dispatched"),
        ("handle", "handled"),
        ("send_back", "dispatched"),
        ("handle", "handled"),
        ("check", "checked"),
        ("close", "closed"),
    ]
    assert [s.actor.username for s in timeline][:3] == ["inspector", "dispatcher", "dispatcher"]
    assert timeline[4].note == "井盖未固定"
    audited = list(
        AuditEntry.objects.filter(subject_type="cityops.event", subject_id=str(event.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert audited == [f"city_event.{s.action}" for s in timeline]
    assert step_label("report") and step_label("send_back") != "send_back"
    assert ops.gauge.events.count() == 0


def test_dismiss_and_redispatch(city):
    dispatcher = city.actor("dispatcher")
    event = report(city)
    with pytest.raises(ValidationFailed) as refused:
        event_dismiss(actor=dispatcher, number=event.number, reason="")
    assert fields(refused) == {"reason": "required"}
    dismissed = event_dismiss(actor=dispatcher, number=event.number, reason="重复上报")
    assert dismissed.status == "closed" and dismissed.closed_at is not None

    other = report(city)
    event_register(actor=dispatcher, number=other.number)
    first = event_dispatch(actor=dispatcher, number=other.number, department_code="WX-CG")
    with pytest.raises(ValidationFailed) as refused:
        event_dispatch(actor=dispatcher, number=other.number, department_code="WX-CG")
    assert fields(refused) == {"department": "same"}
    moved = event_dispatch(actor=dispatcher, number=other.number, department_code="BH-SCJG")
    assert (moved.status, moved.department.code, moved.due_at) == (
        "dispatched",
        "BH-SCJG",
        first.due_at,  # a redispatch keeps the due time
    )
    assert moved.steps.last().action == "redispatch"
    # no longer WX-CG's: out of its officer's sight
    with pytest.raises(NotFound):
        event_handle(actor=city.actor("officer.wx-cg"), number=other.number, note="x")


def test_a_report_is_checked_field_by_field(city):
    with pytest.raises(PermissionDenied):
        report(city, actor=city.actor("dispatcher"))
    with pytest.raises(ValidationFailed) as refused:
        report(
            city,
            title=" ",
            region_code="999999",
            latitude="north",
            longitude=200,
            level="extreme",
            appeal_number="SQ-NONE",
            photos=[("a.png", b"not a png")],
        )
    assert fields(refused) == {
        "title": "required",
        "region": "unknown",
        "latitude": "range",
        "longitude": "range",
        "level": "choice",
        "appeal_number": "unknown",
        "photos.0": "type",
    }
    assert not Event.objects.exists()


def test_a_report_names_an_existing_appeal(city):
    from tests.appeals.api_support import Api

    appeal = Api(city, "zhangwei").submit()
    event = report(city, appeal_number=appeal["number"], level="alarm")
    assert (event.appeal_number, event.level) == (appeal["number"], "alarm")


def test_who_sees_which_event(city):
    ops = build(city)
    dispatcher = city.actor("dispatcher")
    event = report(city)
    number = event.number
    elsewhere = account("dispatcher.wj", "dispatcher", region="320412")  # 武进区, 常州
    another_inspector = account("inspector.xy", "inspector")  # no grid
    grid_inspector = account("inspector.hd2", "inspector", region="320211102")

    assert event_get(dispatcher, number).pk == event.pk
    assert event_get(city.actor("supervisor"), number).pk == event.pk
    assert event_get(city.actor("inspector"), number).pk == event.pk
    assert event_get(grid_inspector, number).pk == event.pk  # their grid's
    for outsider in (
        elsewhere,
        another_inspector,
        city.actor("officer.wx-cg"),  # not dispatched yet
        city.actor("zhangwei"),
        city.actor("clerk.hudai"),
    ):
        with pytest.raises(NotFound):
            event_get(outsider, number)
        assert not events_list(outsider).filter(pk=event.pk).exists()
    with pytest.raises(NotFound):
        event_register(actor=elsewhere, number=number)  # 404 before any role check

    event_register(actor=dispatcher, number=number)
    event_dispatch(actor=dispatcher, number=number, department_code="WX-CG")
    assert event_get(city.actor("officer.wx-cg"), number).pk == event.pk
    with pytest.raises(NotFound):
        event_get(city.actor("officer.binhu"), number)  # another department's officer
    with pytest.raises(NotFound):
        event_handle(actor=city.actor("officer.binhu"), number=number, note="x")

    mine = events_list(city.actor("inspector"), mine=True)
    assert list(mine.values_list("number", flat=True)) == [number]
    assert events_list(another_inspector, mine=True).count() == 0
    assert events_list(dispatcher, status="dispatched", source="inspector").count() == 1
    with pytest.raises(ValidationFailed):
        events_list(dispatcher, status="lost")
    assert ops.gauge.code  # the world is built; devices below


def test_events_list_newest_first(city):
    with clock.frozen(NOW):
        first = report(city, at=NOW - dt.timedelta(hours=1))
        second = report(city, at=NOW - dt.timedelta(hours=1))
        third = report(city, at=NOW)
    listed = list(events_list(city.actor("dispatcher")).values_list("pk", flat=True))
    assert listed[:3] == [third.pk, second.pk, first.pk]


def test_who_sees_which_device(city):
    build(city)
    assert [d.code for d in devices_list(city.actor("officer.wx-cg"))] == ["WL-HD-001"]
    assert [d.code for d in devices_list(city.actor("officer.binhu"))] == ["SM-BH-001"]
    assert {d.code for d in devices_list(city.actor("dispatcher"))} == {"SM-BH-001", "WL-HD-001"}
    assert [d.code for d in devices_list(city.actor("dispatcher"), department_code="WX-CG")] == [
        "WL-HD-001"
    ]
    assert devices_list(city.actor("dispatcher"), state="online").count() == 0
    assert not devices_list(city.actor("inspector")).exists()
    assert not devices_list(account("dispatcher.wj", "dispatcher", region="320412")).exists()
    assert device_get(city.actor("officer.wx-cg"), "WL-HD-001").metrics.count() == 2
    with pytest.raises(NotFound):
        device_get(city.actor("officer.binhu"), "WL-HD-001")
    with pytest.raises(ValidationFailed):
        devices_list(city.actor("dispatcher"), state="asleep")


@pytest.mark.usefixtures("frozen_now")
def test_a_sensor_event_through_the_loop(city):
    """A sensor's alarm waits for the dispatcher like a report; the grid's inspector
    checks it; once the value is back to normal it closes by itself whatever its stage."""
    ops = build(city)
    dispatcher = city.actor("dispatcher")
    with clock.frozen(NOW):
        result = readings_ingest(device=ops.gauge, readings=[item("level", 3.8, NOW)], now=NOW)
    (number,) = result.events_opened
    assert event_get(city.actor("inspector"), number).level == "alarm"  # the grid's
    event_register(actor=dispatcher, number=number)
    with clock.frozen(NOW):
        sent = event_dispatch(actor=dispatcher, number=number, department_code="WX-CG")
    assert sent.due_at == NOW + dt.timedelta(hours=2)  # an alarm: 2 hours
    event_handle(actor=city.actor("officer.wx-cg"), number=number, note="已开闸泄洪")
    later = NOW + dt.timedelta(minutes=30)
    with clock.frozen(later):
        done = readings_ingest(device=ops.gauge, readings=[item("level", 2.0, later)], now=later)
    assert done.events_closed == [number]
    closed = Event.objects.get(number=number)
    assert (closed.status, closed.returned_at) == ("closed", later)
    assert closed.steps.last().action == "auto_close"


def test_the_inspectors_home_counts_their_events(city):
    event = report(city)
    html = city.client("inspector", "en").get("/").content.decode()
    assert 'data-testid="home-title">Grid inspection<' in html
    assert 'data-testid="reported">1<' in html and 'data-testid="reported-open">1<' in html
    event_dismiss(actor=city.actor("dispatcher"), number=event.number, reason="重复")
    html = city.client("inspector").get("/").content.decode()
    assert 'data-testid="reported-open">0<' in html and "网格巡查" in html
