"""The events pages of the operations centre: the list (filters, cursor pages, export,
cards on a phone) and one event's page for each role in Chinese, its moves through the
page — each from the lifecycle, the irreversible ones confirmed, every problem at once, an
illegal move a message — and the scope refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from onething.appeals.services.intake import appeal_submit
from onething.cityops.models import Device, Event
from onething.cityops.rules.events import EVENT_LIFECYCLE, STATUSES
from onething.cityops.services.events import event_dispatch, event_register
from onething.cityops.services.ingest import readings_ingest
from onething.cityops.views.moves import IRREVERSIBLE, PANELS, moves_for
from onething.core import clock
from onething.core.permissions import SYSTEM, Actor

from .pages_support import chinese, errors, reported
from .world import at, build, item

NOW = at("2026-12-04", 10)  # a Friday
ROLES = ("dispatcher", "supervisor", "inspector", "admin")


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def act(client, number: str, move: str, **data):
    return client.post(f"/ops/events/{number}/act/{move}/", data)


def dispatched(city) -> Event:
    event = reported(city)
    dispatcher = city.actor("dispatcher")
    event_register(actor=dispatcher, number=event.number)
    return event_dispatch(actor=dispatcher, number=event.number, department_code="WX-CG")


# ---------------------------------------------------------------- the lifecycle's moves


def test_the_panels_are_the_lifecycles_moves_for_each_stage_and_role():
    """Every move a person makes has its panel, and a page offers exactly what the
    lifecycle allows (the system's own close is no one's panel)."""
    people = {m for m, t in EVENT_LIFECYCLE.table.items() if t.roles != {"system-only"}}
    assert set(PANELS) == people
    for status in STATUSES:
        for role in ("dispatcher", "officer", "inspector", "supervisor", "admin", None):
            event = Event(status=status)
            assert moves_for(Actor(role=role, user_id=1), event) == [
                m for m in EVENT_LIFECYCLE.actions(status, role) if m != "auto_close"
            ]
    assert {"dismiss", "close"} == IRREVERSIBLE


# ---------------------------------------------------------------- the list


def test_the_list_reads_in_chinese_for_each_role_and_keeps_to_the_scope(city):
    event = reported(city)
    for username in ROLES:
        page = city.client(username).get("/ops/events/")
        assert page.status_code == 200, (username, page.content[:300])
        html = chinese(page)
        assert event.number in html, username
        assert f'href="/ops/events/{event.number}/"' in html
    # not yet dispatched: no officer sees it
    assert event.number not in city.client("officer.wx-cg").get("/ops/events/").content.decode()
    event_register(actor=city.actor("dispatcher"), number=event.number)
    event_dispatch(actor=city.actor("dispatcher"), number=event.number, department_code="WX-CG")
    officer = city.client("officer.wx-cg").get("/ops/events/")
    assert event.number in chinese(officer)
    assert 'name="department"' not in officer.content.decode()  # their own department only
    assert event.number not in city.client("officer.binhu").get("/ops/events/").content.decode()
    # a citizen, a clerk: not their page
    assert city.client("zhangwei").get("/ops/events/").status_code == 403
    assert city.client("clerk.hudai").get("/ops/events/").status_code == 403


def test_the_filters_and_a_refused_filter(city):
    first = reported(city)
    second = reported(city, title="道路积水")
    event_register(actor=city.actor("dispatcher"), number=second.number)
    client = city.client("dispatcher")
    waiting = client.get("/ops/events/?status=reported").content.decode()
    assert first.number in waiting and second.number not in waiting
    mine = city.client("inspector").get("/ops/events/?mine=on&status=registered")
    assert second.number in mine.content.decode() and first.number not in mine.content.decode()
    refused = client.get("/ops/events/?status=lost&level=extreme")
    assert refused.status_code == 422
    assert set(errors(refused)) == {"status", "level"}  # both at once
    # the tabs: the stages at which the dispatcher moves an event on, from the lifecycle
    tabs = re.findall(
        r'<nav class="ops-tabs".*?</nav>', client.get("/ops/events/").content.decode()
    )
    assert tabs and "待立案" in tabs[0] and "待结案" in tabs[0] and "待处置" not in tabs[0]


def test_the_list_pages_by_cursor_and_exports(city):
    numbers = [reported(city, at=NOW - dt.timedelta(minutes=n)).number for n in range(23)]
    client = city.client("dispatcher")
    first = client.get("/ops/events/?source=inspector")
    html = first.content.decode()
    shown = [n for n in numbers if n in html]
    assert shown == numbers[:20]  # newest first
    cursor = re.search(r'cursor=([^"&]+)"', html)
    assert cursor and 'data-testid="next-page"' in html
    second = client.get(f"/ops/events/?source=inspector&cursor={cursor.group(1)}")
    rest = second.content.decode()
    assert [n for n in numbers if n in rest] == numbers[20:]
    assert 'data-testid="next-page"' not in rest and 'data-testid="first-page"' in rest
    bad = client.get("/ops/events/?cursor=not-one-of-ours")
    assert bad.status_code == 422 and 'data-testid="list-error"' in bad.content.decode()

    exported = client.get("/ops/events/?source=inspector&export=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "事件编号" and len(rows) == 24
    assert {r[0] for r in rows[1:]} == set(numbers)
    assert client.get("/ops/events/?export=pdf").status_code == 422


def test_the_event_numbers_carry_the_event_series_prefix(city):
    assert re.fullmatch(r"SJ320211-20261204-\d{6}", reported(city).number)


# ---------------------------------------------------------------- one event


def test_an_event_reads_in_chinese_for_each_role_with_its_moves(city):
    event = dispatched(city)
    expected = {
        "dispatcher": ["redispatch"],
        "supervisor": [],
        "inspector": [],
        "admin": [],
        "officer.wx-cg": ["handle"],
    }
    for username, moves in expected.items():
        page = city.client(username).get(f"/ops/events/{event.number}/")
        assert page.status_code == 200, username
        html = chinese(page)
        assert re.findall(r'data-testid="move-([a-z_]+)"', html) == moves, username
        assert "鸿翔路井盖缺失" in html and "无锡市城市管理局" in html
        assert 'data-testid="timeline"' in html and "派遣" in html


def test_another_departments_officer_neither_sees_nor_moves(city):
    event = dispatched(city)
    other = city.client("officer.binhu")
    assert other.get(f"/ops/events/{event.number}/").status_code == 404
    assert act(other, event.number, "handle", note="已处理").status_code == 404
    assert Event.objects.get(pk=event.pk).status == "dispatched"
    # the right department but a move not its role's: 403
    officer = city.client("officer.wx-cg")
    assert act(officer, event.number, "close", confirm="on").status_code == 403
    assert act(officer, event.number, "no-such-move").status_code == 404


def test_the_whole_loop_through_the_page(city):
    event = reported(city)
    number, url = event.number, f"/ops/events/{event.number}/"
    dispatcher, officer = city.client("dispatcher"), city.client("officer.wx-cg")
    inspector = city.client("inspector")

    page = dispatcher.get(url).content.decode()
    assert re.findall(r'data-testid="move-([a-z_]+)"', page) == ["register", "dismiss"]
    answer = act(dispatcher, number, "register", note="属实")
    assert (answer.status_code, answer["Location"]) == (302, url)
    page = dispatcher.get(url).content.decode()
    assert "已进入" in page  # the message after the move
    assert "3 个工作日" in page  # the dispatch panel says the time limit it gives
    assert act(dispatcher, number, "dispatch", department="WX-CG").status_code == 302
    assert Event.objects.get(pk=event.pk).due_at == at("2026-12-09", 10)

    assert act(officer, number, "handle", note="已补装井盖").status_code == 302
    assert act(inspector, number, "send_back", note="井盖未固定").status_code == 302
    assert Event.objects.get(pk=event.pk).status == "dispatched"
    assert act(officer, number, "handle", note="已加固").status_code == 302
    assert act(inspector, number, "check").status_code == 302
    unconfirmed = act(dispatcher, number, "close", note="结案")
    assert unconfirmed.status_code == 422 and set(errors(unconfirmed)) == {"confirm"}
    assert Event.objects.get(pk=event.pk).status == "checked"
    assert act(dispatcher, number, "close", note="结案", confirm="on").status_code == 302

    done = Event.objects.get(pk=event.pk)
    assert done.status == "closed"
    steps = list(done.steps.values_list("action", flat=True))
    loop = ["report", "register", "dispatch", "handle", "send_back", "handle", "check"]
    assert steps == [*loop, "close"]
    html = chinese(dispatcher.get(url))
    assert "井盖未固定" in html and "退回重新处置" in html
    assert 'data-testid="moves"' not in html  # nothing more to do


def test_a_dismissal_asks_for_its_reason_and_a_confirmation_at_once(city):
    event = reported(city)
    client = city.client("dispatcher")
    page = client.get(f"/ops/events/{event.number}/").content.decode()
    dismiss = re.search(r'data-testid="move-dismiss".*?</article>', page, re.S).group(0)
    assert 'type="checkbox" name="confirm"' in dismiss  # the confirmation is on the form
    refused = act(client, event.number, "dismiss")
    assert refused.status_code == 422
    problems = errors(refused)
    assert set(problems) == {"reason", "confirm"}
    assert problems["reason"] == "请说明不予立案的理由。" or problems["reason"]
    chinese(refused)
    assert Event.objects.get(pk=event.pk).status == "reported"
    assert act(client, event.number, "dismiss", reason="重复上报", confirm="on").status_code == 302
    assert Event.objects.get(pk=event.pk).status == "closed"


def test_a_refused_dispatch_is_shown_beside_its_field(city):
    event = reported(city)
    client = city.client("dispatcher")
    event_register(actor=city.actor("dispatcher"), number=event.number)
    missing = act(client, event.number, "dispatch")
    assert missing.status_code == 422 and set(errors(missing)) == {"department"}
    dispatched_now = act(client, event.number, "dispatch", department="WX-CG")
    assert dispatched_now.status_code == 302
    same = act(client, event.number, "redispatch", department="WX-CG")
    assert same.status_code == 422 and set(errors(same)) == {"department"}  # already there
    due = Event.objects.get(pk=event.pk).due_at
    assert act(client, event.number, "redispatch", department="BH-SCJG").status_code == 302
    moved = Event.objects.get(pk=event.pk)
    assert (moved.department.code, moved.due_at, moved.steps.last().action) == (
        "BH-SCJG",
        due,  # a redispatch keeps the due time
        "redispatch",
    )


def test_an_illegal_move_becomes_a_message_on_the_page(city):
    event = reported(city)
    client = city.client("dispatcher")
    answer = act(client, event.number, "close", confirm="on")  # nothing checked yet
    assert answer.status_code == 302 and answer["Location"].startswith(
        f"/ops/events/{event.number}/"
    )
    page = client.get(answer["Location"]).content.decode()
    assert "不能结案" in page  # the lifecycle's 409, in words
    assert Event.objects.get(pk=event.pk).status == "reported"


def test_the_deadline_state_shows_with_its_due_time(city):
    event = dispatched(city)
    url = f"/ops/events/{event.number}/"
    client = city.client("dispatcher")
    assert "2026-12-09 10:00" in client.get(url).content.decode()
    with clock.frozen(at("2026-12-09", 7)):
        assert "预警" in re.search(
            r'data-testid="due".*?</dd>', client.get(url).content.decode()
        ).group(0)
    with clock.frozen(at("2026-12-09", 11)):
        due = re.search(r'data-testid="due".*?</dd>', client.get(url).content.decode()).group(0)
        assert "超期" in due
        listed = client.get("/ops/events/").content.decode()
        assert 'data-state="overdue"' in listed


def test_a_sensor_event_shows_its_device_and_value_and_hides_a_security_place(city):
    ops = build(city)
    readings_ingest(device=ops.gauge, readings=[item("level", 3.62, NOW - dt.timedelta(minutes=1))])
    event = Event.objects.get(device=ops.gauge)
    event_register(actor=city.actor("dispatcher"), number=event.number)
    event_dispatch(actor=city.actor("dispatcher"), number=event.number, department_code="WX-CG")
    url = f"/ops/events/{event.number}/"
    centre = city.client("dispatcher").get(url).content.decode()
    assert "胡埭河水位计" in centre and "/ops/devices/WL-HD-001/" in centre
    assert "3.62" in centre and "告警" in centre
    assert "31.534000" in centre
    Device.objects.filter(pk=ops.gauge.pk).update(is_security=True)
    officer = city.client("officer.wx-cg").get(url)
    location = re.search(r'data-testid="location">(.*?)</dd>', officer.content.decode()).group(1)
    assert "31.534" not in location and "不显示" in location
    assert "31.534000" in city.client("dispatcher").get(url).content.decode()


def test_the_linked_appeal_is_a_link_for_whom_may_see_it(city):
    appeal = appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        type="demand",
        category_code="other",
        title="井盖缺失",
        text="鸿翔路井盖缺失，夜间有人摔倒。",
        region_code="320211102",
        contact_name="李娜",
        contact_phone="13912345678",
    )
    event = reported(city, appeal_number=appeal.number)
    url = f"/ops/events/{event.number}/"
    centre = city.client("dispatcher").get(url).content.decode()
    assert f'href="/appeals/{appeal.number}/"' in centre
    inspector = chinese(city.client("inspector").get(url))
    assert appeal.number in inspector and f'href="/appeals/{appeal.number}/"' not in inspector


def test_the_homes_and_the_menu_lead_to_the_pages(city):
    inspector = city.client("inspector").get("/").content.decode()
    assert 'href="/ops/events/report/"' in inspector and "/ops/events/?mine=on" in inspector
    dispatcher = city.client("dispatcher").get("/").content.decode()
    assert "/ops/events/?status=reported" in dispatcher and 'href="/ops/devices/"' in dispatcher
    officer = city.client("officer.wx-cg").get("/").content.decode()
    assert "/ops/events/?status=dispatched" in officer
    assert 'href="/ops/events/"' in city.client("supervisor").get("/").content.decode()
