"""The organisation directory (组织通讯录) and the collaborative office's (锡心办) coverage:
units added in a batch (all or nothing, every problem named), counted by level from the
records (units not on the office do not count), joining and leaving move the count; only
administrators write; the back office lists the units."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core import clock
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry, DirectoryUnit
from onething.core.selectors.directory import collaborative_office_coverage, coverage_rows
from onething.core.services.directory import (
    UnitSpec,
    directory_unit_join,
    directory_unit_leave,
    directory_units_add,
)

JOINED = dt.date(2021, 10, 1)


def _units() -> list[UnitSpec]:
    return [
        UnitSpec(
            "T-C-1",
            "无锡市数据局",
            "city",
            "320200",
            department_code="WX-SJ",
            on_collaborative_office=True,
            joined_on=JOINED,
        ),
        UnitSpec("T-C-2", "无锡市档案馆", "city", "320200"),
        UnitSpec(
            "T-D-1",
            "滨湖区数据局",
            "district",
            "320211",
            on_collaborative_office=True,
            joined_on=JOINED,
        ),
        UnitSpec(
            "T-S-1",
            "滨湖区胡埭镇",
            "street",
            "320211102",
            on_collaborative_office=True,
            joined_on=JOINED,
        ),
        UnitSpec(
            "T-Q-1",
            "胡埭锦园社区",
            "community",
            "320211102",
            parent_code="T-S-1",
            on_collaborative_office=True,
            joined_on=JOINED,
        ),
        UnitSpec("T-Q-2", "胡埭和苑社区", "community", "320211102", parent_code="T-S-1"),
    ]


def test_the_coverage_is_counted_by_level_from_the_records(city):
    before = collaborative_office_coverage()
    assert directory_units_add(actor=city.system, units=_units()) == 6
    after = collaborative_office_coverage()
    assert {k: after[k] - before[k] for k in after} == {
        "city": 1,
        "district": 1,
        "street": 1,
        "community": 1,
        "total": 4,
    }
    community = DirectoryUnit.objects.get(code="T-Q-1")
    assert community.parent.code == "T-S-1" and community.region.code == "320211102"
    assert DirectoryUnit.objects.get(code="T-C-1").department.code == "WX-SJ"
    assert AuditEntry.objects.filter(action="directory.units_add").exists()
    rows = {r["level"]: r for r in coverage_rows()}
    assert rows["city"]["units"] == after["city"] and rows["city"]["label"]


def test_joining_and_leaving_move_the_count(city):
    directory_units_add(actor=city.system, units=_units())
    before = collaborative_office_coverage()
    directory_unit_join(actor=city.system, code="T-Q-2", joined_on=JOINED)
    assert collaborative_office_coverage()["community"] == before["community"] + 1
    directory_unit_leave(actor=city.system, code="T-C-1")
    after = collaborative_office_coverage()
    assert after["city"] == before["city"] - 1 and after["total"] == before["total"]
    left = DirectoryUnit.objects.get(code="T-C-1")
    assert not left.on_collaborative_office and left.joined_on is None
    with pytest.raises(ValidationFailed) as refused:
        directory_unit_join(
            actor=city.system, code="T-C-2", joined_on=clock.today() + dt.timedelta(days=1)
        )
    assert refused.value.problems[0].field == "joined_on"
    assert refused.value.problems[0].rule == "future"


def test_every_problem_of_a_batch_is_named_and_nothing_is_added(city):
    directory_units_add(actor=city.system, units=_units()[:1])
    bad = [
        UnitSpec("T-C-1", "重复的编号", "city", "320200"),
        UnitSpec("T-X-1", "", "ministry", "999999"),
        UnitSpec(
            "T-X-2",
            "某社区",
            "community",
            "320211",
            department_code="NOPE",
            on_collaborative_office=True,
        ),
        UnitSpec("T-X-3", "某街道", "street", "320211", parent_code="T-X-4"),
        UnitSpec("T-X-4", "某社区", "community", "320211"),
        UnitSpec("T-X-5", "某区级单位", "district", "320211", parent_code="T-X-4"),
    ]
    with pytest.raises(ValidationFailed) as refused:
        directory_units_add(actor=city.system, units=bad)
    found = {(p.field, p.rule) for p in refused.value.problems}
    assert found == {
        ("units.0.code", "unique"),
        ("units.1.name", "length"),
        ("units.1.level", "choice"),
        ("units.1.region", "unknown"),
        ("units.2.department", "unknown"),
        ("units.2.joined_on", "required"),
        ("units.3.parent", "unknown"),  # named before it is added
        ("units.5.parent", "level"),  # a community is below a district unit
    }
    assert not DirectoryUnit.objects.filter(code__startswith="T-X-").exists()


def test_only_administrators_write_the_directory(city):
    with pytest.raises(PermissionDenied):
        directory_units_add(actor=city.actor("supervisor"), units=_units())
    directory_units_add(actor=city.system, units=_units())
    with pytest.raises(PermissionDenied):
        directory_unit_join(actor=city.actor("dispatcher"), code="T-Q-2")
    assert not DirectoryUnit.objects.get(code="T-Q-2").on_collaborative_office


def test_the_back_office_lists_the_units(city):
    directory_units_add(actor=city.system, units=_units())
    admin = city.client("admin")
    page = admin.get("/admin/core/directoryunit/?on_collaborative_office__exact=1")
    assert page.status_code == 200
    text = page.content.decode()
    assert "胡埭锦园社区" in text and "胡埭和苑社区" not in text
    unit = DirectoryUnit.objects.get(code="T-Q-2")
    form = admin.get(f"/admin/core/directoryunit/{unit.pk}/change/")
    assert form.status_code == 200
