"""The operations centre's screen (selectors/screen.py): devices by state and worst level,
counts per district and department, the open events most urgent first; a security device
placed for the centre only and never on the public screen; nothing personal on the public
screen; the scopes of the centre's screen; a read that does not grow with the devices."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from onething.cityops.models import Device, Metric
from onething.cityops.selectors.screen import public_screen_state, screen_state
from onething.cityops.selectors.screen_live import public_screen_answer, screen_answer
from onething.cityops.services.events import event_report
from onething.cityops.services.ingest import readings_ingest
from onething.core import clock
from onething.core.errors import PermissionDenied, Unauthenticated
from onething.core.models import Department, Region
from onething.core.permissions import ANONYMOUS

from .world import account, at, build, item

NOW = at("2026-12-04", 10)  # a Friday
SECRET_LAT, SECRET_LON = Decimal("31.571234"), Decimal("120.298765")
REPORT = {
    "title": "王小明家门口井盖缺失",
    "description": "住户王小明（13912345678）反映：家门口井盖缺失。",
    "region_code": "320211102",
    "latitude": 31.534512,
    "longitude": 120.14321,
}


def ingest(device, readings, now=NOW):
    with clock.frozen(now):
        return readings_ingest(device=device, readings=readings, now=now)


def screen_world(city):
    """The small world (a gauge of WX-CG in 胡埭镇, a device of BH-SCJG in 滨湖区) with: the
    gauge online at an alarm (an event opened 3 hours ago: overdue), the other device at
    fault, a security smoke detector of WX-CG in 清名桥街道 (梁溪区) at a warning, a
    retired device (left out), and an inspector's report from 胡埭镇."""
    ops = build(city)
    ingest(ops.gauge, [item("level", 3.6, NOW - dt.timedelta(hours=3))])
    Device.objects.filter(pk=ops.other.pk).update(state="fault")
    secret = Device.objects.create(
        code="SEC-LX-001",
        name="清名桥安防烟感",
        type=ops.gauge_type,
        department=Department.objects.get(code="WX-CG"),
        region=Region.objects.get(code="320213006"),
        latitude=SECRET_LAT,
        longitude=SECRET_LON,
        is_security=True,
    )
    Metric.objects.create(device=secret, code="smoke", name="烟雾浓度", unit="%", warning_high=5)
    ingest(secret, [item("smoke", 6, NOW - dt.timedelta(minutes=10))])
    Device.objects.create(
        code="OLD-001",
        name="已退役设备",
        type=ops.gauge_type,
        department=Department.objects.get(code="WX-CG"),
        region=Region.objects.get(code="320211102"),
        latitude=Decimal("31.5"),
        longitude=Decimal("120.1"),
        state="retired",
    )
    with clock.frozen(NOW):
        report = event_report(actor=ops.actor("inspector"), **REPORT)
    ops.secret = secret
    ops.report = report
    return ops


@pytest.fixture
def world(city):
    return screen_world(city)


def state_for(world, username):
    with clock.frozen(NOW):
        return screen_state(world.actor(username))


def placed(state) -> dict[str, list]:
    return {row[0]: row for row in state["devices"]["rows"]}


def test_the_centre_sees_every_device_with_its_state_and_worst_level(world):
    state = state_for(world, "dispatcher")
    assert state["totals"] == {
        "devices": 3,
        "online": 2,
        "offline": 0,
        "fault": 1,
        "warning": 1,
        "alarm": 1,
        "online_share": 66.7,
        "events": 3,
        "overdue": 1,
    }
    rows = placed(state)
    assert set(rows) == {"WL-HD-001", "SM-BH-001", "SEC-LX-001"}  # not the retired one
    columns = state["devices"]["columns"]
    gauge = dict(zip(columns, rows["WL-HD-001"], strict=True))
    assert gauge | {"name": ""} == {
        "code": "WL-HD-001",
        "name": "",
        "longitude": 120.143,
        "latitude": 31.534,
        "state": "online",
        "level": "alarm",
        "type": "水位计",
    }
    assert rows["SM-BH-001"][4:6] == ["fault", "normal"]
    # the centre places a security device exactly
    assert rows["SEC-LX-001"][2:6] == [float(SECRET_LON), float(SECRET_LAT), "online", "warning"]
    assert state["clusters"] == []


def test_counts_per_district_and_department(world):
    state = state_for(world, "supervisor")
    districts = {d["name"]: d for d in state["districts"]}
    assert set(districts) == {"滨湖区", "梁溪区"}
    assert districts["滨湖区"] | {"code": ""} == {
        "code": "",
        "name": "滨湖区",
        "devices": 2,
        "online": 1,
        "offline": 0,
        "fault": 1,
        "warning": 0,
        "alarm": 1,
        "events": 2,  # the gauge's alarm and the inspector's report
    }
    assert (districts["梁溪区"]["devices"], districts["梁溪区"]["events"]) == (1, 1)
    assert districts["滨湖区"]["code"] == "320211"

    departments = {d["code"]: d for d in state["departments"]}
    assert set(departments) == {"WX-CG", "BH-SCJG", ""}
    cg = departments["WX-CG"]
    assert (cg["devices"], cg["online"], cg["online_share"]) == (2, 2, 100.0)
    assert (cg["events"], cg["overdue"]) == (0, 0)  # nothing dispatched to it yet
    assert departments["BH-SCJG"]["online_share"] == 0.0
    undispatched = departments[""]
    assert (undispatched["name"], undispatched["events"], undispatched["overdue"]) == (
        "尚未派遣",
        3,
        1,
    )


def test_open_events_most_urgent_first_with_their_deadline(world):
    rows = state_for(world, "dispatcher")["events"]["rows"]
    assert [r["level"] for r in rows] == ["alarm", "warning", "normal"]
    alarm = rows[0]
    assert alarm["title"] == "胡埭河水位计：水位告警"
    assert (alarm["status"], alarm["status_label"]) == ("reported", "发现")
    assert (alarm["deadline"], alarm["deadline_label"]) == ("overdue", "超期")
    assert (alarm["place"], alarm["district"]) == ("胡埭镇", "滨湖区")
    assert (alarm["longitude"], alarm["latitude"]) == (120.143, 31.534)
    report = rows[2]
    assert report["title"] == REPORT["title"]  # the centre reads the inspector's words


def test_the_public_sees_no_security_devices_place_and_no_personal_data(world):
    with clock.frozen(NOW):
        state = public_screen_state()
    rows = placed(state)
    assert set(rows) == {"WL-HD-001", "SM-BH-001"}
    assert state["clusters"] == [
        {
            "district": "320213",
            "name": "梁溪区",
            "devices": 1,
            "online": 1,
            "offline": 0,
            "fault": 0,
            "warning": 1,
            "alarm": 0,
        }
    ]
    assert state["totals"]["devices"] == 3  # counted, not placed
    events = {e["source"] + ":" + e["level"]: e for e in state["events"]["rows"]}
    security = events["sensor:warning"]
    assert security["title"] == "安防设备告警事件"
    assert (security["place"], security["longitude"], security["latitude"]) == (
        "梁溪区",
        None,
        None,
    )
    report = events["inspector:normal"]
    assert report["title"] == "网格员上报事件"
    assert (report["place"], report["longitude"]) == ("滨湖区", None)
    assert events["sensor:alarm"]["title"] == "胡埭河水位计：水位告警"  # a sensor's own words
    text = json.dumps(state, ensure_ascii=False)
    for secret in (
        "王小明",
        "13912345678",
        "井盖缺失",
        "清名桥安防烟感",
        "SEC-LX-001",
        "31.571",
        "120.298",
    ):
        assert secret not in text, secret
    assert "inspector" not in {k for e in state["events"]["rows"] for k in e}


def test_an_officer_sees_their_department_and_no_security_place(world):
    cg = account("officer.cg", "officer", department="WX-CG")
    with clock.frozen(NOW):
        state = screen_state(cg)
    assert set(placed(state)) == {"WL-HD-001"}  # not BH-SCJG's; its security device unplaced
    assert [(c["name"], c["devices"]) for c in state["clusters"]] == [("梁溪区", 1)]
    assert state["totals"]["devices"] == 2
    assert state["events"]["total"] == 0  # none dispatched to WX-CG yet
    binhu = state_for(world, "officer.binhu")
    assert set(placed(binhu)) == {"SM-BH-001"}
    assert binhu["clusters"] == []


def test_a_dispatcher_of_a_district_sees_its_devices_only(world):
    lx = account("dispatcher.lx", "dispatcher", region="320213")
    with clock.frozen(NOW):
        state = screen_state(lx)
    assert set(placed(state)) == {"SEC-LX-001"}
    assert [e["level"] for e in state["events"]["rows"]] == ["warning"]


@pytest.mark.parametrize("username", ["zhangwei", "clerk.hudai", "inspector", "union"])
def test_other_roles_are_refused_the_centres_screen(world, username):
    with pytest.raises(PermissionDenied):
        screen_state(world.actor(username))


def test_nobody_signed_in_is_refused_the_centres_screen(world):
    with pytest.raises(Unauthenticated):
        screen_state(ANONYMOUS)


def test_the_read_does_not_grow_with_the_devices(world, django_assert_max_num_queries):
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured, clock.frozen(NOW):
            screen_state(world.actor("dispatcher"))
        return len(captured)

    queries()  # the reference data (regions, districts) read once, then cached
    before = queries()
    for n in range(30):
        device = Device.objects.create(
            code=f"MORE-{n:03}",
            name=f"更多设备{n}",
            type=world.gauge_type,
            department=Department.objects.get(code="BH-SCJG"),
            region=Region.objects.get(code="320211102"),
            latitude=Decimal("31.5"),
            longitude=Decimal("120.2"),
        )
        Metric.objects.create(device=device, code="v", name="值", level="warning")
    assert queries() == before
    assert state_for(world, "dispatcher")["totals"]["warning"] == 31


def test_an_unchanged_state_keeps_its_tag_and_a_change_gives_a_new_one(world):
    dispatcher = world.actor("dispatcher")
    with clock.frozen(NOW):
        first = screen_answer(dispatcher)
    with clock.frozen(NOW + dt.timedelta(seconds=2)):
        again = screen_answer(dispatcher)
        public = public_screen_answer()
    assert again.etag == first.etag and again.matches(first.etag)
    assert public.etag != first.etag
    assert not first.matches(None) and first.matches(f'W/{first.etag}, "other"')
    ingest(world.gauge, [item("level", 2.0, NOW - dt.timedelta(minutes=1))])  # back to normal
    with clock.frozen(NOW + dt.timedelta(seconds=4)):
        after = screen_answer(dispatcher)
    assert after.etag != first.etag
    assert after.state["totals"]["alarm"] == 0
    assert json.loads(after.body)["totals"] == after.state["totals"]
