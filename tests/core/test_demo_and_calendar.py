"""The demo loader is idempotent; healthz; terminal tokens."""

import io

import pytest
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

MODELS = [Region, Department, ServiceCenter, Window, Person, Enterprise, User, AuditEntry]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.mark.demo_city
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
        "inspector",
        "institute_staff",  # the training institute's staff and teacher
        "university",  # its partner universities' registrars
        "leader",  # the towns' leaders on night duty (带班值班)
    }


def test_healthz(client, db):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


def test_gate_token_authenticates_and_bad_token_is_401(city):
    from onething.demo.base import DEMO_GATE_TOKEN

    client = city.client()
    me = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {DEMO_GATE_TOKEN}")
    assert me.status_code == 200 and me.json()["role"] == "gate"
    bad = client.get("/api/me", HTTP_AUTHORIZATION="Bearer ot_nope_nope")
    assert bad.status_code == 401
    assert bad.json()["error"]["code"] == "unauthenticated"
