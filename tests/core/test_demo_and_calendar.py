"""The demo loader is idempotent; the calendar API; entered holiday schedules; healthz;
terminal tokens."""

import datetime as dt
import io

from django.core.management import call_command

from onething.core.models import (
    AuditEntry,
    Department,
    Enterprise,
    Person,
    Region,
    ServiceCenter,
    User,
    Window,
)
from onething.core.services.calendar import schedule_enter
from onething.core.workdays import package_years

MODELS = [Region, Department, ServiceCenter, Window, Person, Enterprise, User, AuditEntry]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_twice_changes_nothing(city):
    before = counts()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert counts() == before
    printed = out.getvalue()
    for username in (
        "admin",
        "zhangwei",
        "agent.chengxin",
        "clerk.hudai",
        "officer.binhu",
        "supervisor",
        "union",
        "gate.metro01",
    ):
        assert username in printed
    assert "Demo#2026" in printed


def test_demo_has_the_regions_of_the_seeds(city):
    tree = {r.code: (r.name, r.parent.code if r.parent else None) for r in Region.objects.all()}
    assert tree["320211102"] == ("胡埭镇", "320211")
    assert tree["320282107"] == ("万石镇", "320282")
    assert tree["320412114"] == ("雪堰镇", "320412")
    assert tree["320412"][1] == "320400" and tree["320400"][1] == "320000"
    for code in ("320213", "320205", "320206", "320211", "320214", "320281", "320282"):
        assert tree[code][1] == "320200"
    assert set(User.objects.values_list("role", flat=True)) == {
        "admin",
        "applicant",
        "agent",
        "clerk",
        "officer",
        "supervisor",
        "dispatcher",
        "union_staff",
        "gate",
    }


def test_calendar_api(city):
    client = city.client(language="en")
    answer = client.get("/api/calendar/add-working-days?start=2025-09-26&n=5")
    assert answer.status_code == 200 and answer.json()["due"] == "2025-10-10"
    between = client.get("/api/calendar/working-days-between?start=2026-02-13&end=2026-02-28")
    assert between.json()["working_days"] == 6
    year = package_years()[-1] + 1
    future = client.get(f"/api/calendar/add-working-days?start={year}-03-02&n=1")
    assert future.status_code == 422
    assert future.json()["error"]["code"] == "calendar_not_published"
    assert client.get("/api/calendar/add-working-days?start=2025-02-30&n=1").status_code == 422
    assert client.get("/api/calendar/add-working-days?start=2025-02-03&n=-1").status_code == 422


def test_entered_schedule_is_used(city):
    year = package_years()[-1] + 1
    jan1 = dt.date(year, 1, 1)
    holiday = jan1 if jan1.weekday() < 5 else jan1 + dt.timedelta(days=7 - jan1.weekday())
    schedule_enter(
        actor=city.actor("admin"),
        year=year,
        source="国务院办公厅关于假期安排的通知",
        days=[(holiday, "holiday", "元旦")],
    )
    client = city.client()
    start = holiday - dt.timedelta(days=1)
    answer = client.get(f"/api/calendar/add-working-days?start={start}&n=1")
    assert answer.status_code == 200
    assert answer.json()["due"] != str(holiday)


def test_bad_schedule_is_refused(city):
    import pytest

    from onething.core.errors import ValidationFailed

    year = package_years()[-1] + 1
    saturday = dt.date(year, 1, 1)
    while saturday.weekday() != 5:
        saturday += dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as info:
        schedule_enter(
            actor=city.actor("admin"),
            year=year,
            source="x",
            days=[(saturday, "holiday", ""), (dt.date(year - 1, 5, 1), "holiday", "")],
        )
    rules = {f["rule"] for f in info.value.details["fields"]}
    assert rules == {"weekend_holiday", "year"}


def test_healthz(client, db):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


def test_gate_token_authenticates_and_bad_token_is_401(city):
    from onething.core.demo import DEMO_GATE_TOKEN

    client = city.client()
    me = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {DEMO_GATE_TOKEN}")
    assert me.status_code == 200 and me.json()["role"] == "gate"
    bad = client.get("/api/me", HTTP_AUTHORIZATION="Bearer ot_nope_nope")
    assert bad.status_code == 401
    assert bad.json()["error"]["code"] == "unauthenticated"
