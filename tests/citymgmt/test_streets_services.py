"""The streets' services: the register (validated, every problem at once, audited), a
programme, and a project through its milestones — created once per idempotency key,
numbered ZZ…, moved 立项 → 施工 → 完工 (409 otherwise), its spending (never below zero,
beyond the budget allowed) and its before/after photos; who may (the city-management
office of the region, the street's managing department) and who is refused (403 / 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from onething.citymgmt.models import ProjectPhoto, ProjectStep, Street, StreetProject
from onething.citymgmt.rules.projects import COMPLETED, PLANNED, UNDER_WAY
from onething.citymgmt.selectors.streets import (
    programme_totals,
    project_get,
    projects_list,
    streets_list,
)
from onething.citymgmt.services.streets import (
    KEPT_PHOTOS,
    programme_create,
    project_complete,
    project_create,
    project_photo_add,
    project_spend,
    project_start,
    street_register,
    street_update,
)
from onething.core import clock
from onething.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)
from onething.core.kept_uploads import user_owner
from onething.core.models import AuditEntry
from onething.core.permissions import ANONYMOUS, SYSTEM
from tests.files import jpeg, pdf, png

from .world_streets import NOW, at, build, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def w(city):
    return build(city)


def rules_of(error: ValidationFailed) -> dict[str, str]:
    return {p.field: p.rule for p in error.problems}


# ---------------------------------------------------------------- the register


def test_a_street_is_registered_by_the_office_of_its_district_and_audited(w):
    street = Street.objects.get(code="XW-WZ-CCCC")
    assert street.district.code == "320214" and street.street_office.code == "320214001"
    assert street.department.code == "XW-WZ-JD"
    entry = AuditEntry.objects.filter(action="street.register", subject_id=str(street.pk)).get()
    assert entry.after["name"] == "春潮菜场支路"
    assert entry.actor_id == w.office.user_id


def test_registering_a_street_names_every_problem_at_once(w):
    with pytest.raises(ValidationFailed) as refused:
        street_register(
            actor=w.office,
            code="XW-WZ-CCCC",  # taken
            name="",
            district_code="320214",
            street_office_code="320213006",  # 清名桥 is not in 新吴区
            category="alley",
            length_m=0,
            department_code="NOPE",
            latitude="91",
        )
    assert rules_of(refused.value) == {
        "code": "unique",
        "name": "required",
        "street_office": "outside_district",
        "category": "choice",
        "length_m": "range",
        "department": "unknown",
        "latitude": "range",
    }


def test_only_the_office_of_the_region_registers_streets(w):
    fields = {
        "code": "XW-NEW",
        "name": "新巷",
        "district_code": "320214",
        "street_office_code": "320214001",
        "category": "back_lane",
        "length_m": 100,
        "department_code": "XW-WZ-JD",
    }
    with pytest.raises(PermissionDenied):  # another district's office
        street_register(actor=w.other_office, **fields)
    with pytest.raises(PermissionDenied):  # a managing department is no office
        street_register(actor=w.managing, **fields)
    with pytest.raises(PermissionDenied):
        street_register(actor=w.supervisor, **fields)
    with pytest.raises(Unauthenticated):
        street_register(actor=ANONYMOUS, **fields)
    assert street_register(actor=w.office, **fields).code == "XW-NEW"


def test_the_managing_department_updates_its_street_but_only_the_office_hands_it_on(w):
    street = street_update(actor=w.managing, code="XW-WZ-CCCC", length_m=330, description="新")
    assert (street.length_m, street.description) == (330, "新")
    with pytest.raises(PermissionDenied):
        street_update(actor=w.managing, code="XW-WZ-CCCC", department_code="XW-CG")
    with pytest.raises(PermissionDenied):
        street_update(actor=w.other_office, code="XW-WZ-CCCC", length_m=1)
    with pytest.raises(ValidationFailed) as refused:
        street_update(actor=w.office, code="XW-WZ-CCCC", length_m=-1, category="x")
    assert rules_of(refused.value) == {"length_m": "range", "category": "choice"}
    street = street_update(actor=w.office, code="XW-WZ-CCCC", department_code="XW-CG")
    assert street.department.code == "XW-CG"
    with pytest.raises(NotFound):
        street_update(actor=w.office, code="NOPE", length_m=1)
    first, *_rest, last = AuditEntry.objects.filter(action="street.update").order_by("id")
    assert (first.before["length_m"], first.after["length_m"]) == (320, 330)
    assert last.after["department"] != last.before["department"]


def test_a_programme_is_the_offices_of_its_region(w):
    with pytest.raises(PermissionDenied):  # 新吴区's office cannot open the city's
        programme_create(actor=w.office, code="X", name="x", year=2022, region_code="320200")
    with pytest.raises(ValidationFailed) as refused:
        programme_create(actor=w.office, code="WX-2021", name="", year=1999, region_code="320214")
    assert rules_of(refused.value) == {"code": "unique", "name": "required", "year": "range"}
    mine = programme_create(
        actor=w.office, code="XW-2022", name="新吴区2022", year=2022, region_code="320214"
    )
    assert mine.region.code == "320214"


# ---------------------------------------------------------------- a project


def test_a_project_is_approved_numbered_zz_with_its_timeline_and_audit(w):
    project = w.project()
    assert project.number.startswith("ZZ320214-20220124-")
    assert project.milestone == PLANNED
    assert project.department.code == "XW-WZ-JD"  # the street's managing department
    assert project.approved_on == dt.date(2022, 1, 24)
    assert project.items == ["road_repair", "railings", "shop_signs", "parking", "rain_canopy"]
    assert list(project.steps.values_list("action", "milestone_after")) == [("create", PLANNED)]
    assert AuditEntry.objects.filter(
        action="street_project.create", subject_id=str(project.pk)
    ).exists()
    second = w.project(street=w.wangzhuang, title="旺庄路北支巷整治")
    assert second.number.endswith("-000002")


def test_a_project_is_made_once_per_idempotency_key(w):
    first = w.project(idempotency_key="k-1")
    again = w.project(idempotency_key="k-1")
    assert again.pk == first.pk
    assert StreetProject.objects.count() == 1
    with pytest.raises(Conflict) as reused:
        w.project(idempotency_key="k-1", budget_fen=1)
    assert reused.value.code == "idempotency_key_reused"


def test_a_new_project_names_every_problem_at_once(w):
    with pytest.raises(ValidationFailed) as refused:
        project_create(
            actor=w.office,
            street_code="XW-WZ-CCCC",
            title="",
            items=["road_repair", "hot_tub"],
            budget_fen=-5,
            programme_code="NOPE",
            department_code="LX-CG",  # 梁溪区's bureau works outside 新吴区
            approved_on=dt.date(2022, 2, 1),  # a day to come
        )
    assert rules_of(refused.value) == {
        "title": "required",
        "items": "choice",
        "budget_fen": "min",
        "programme": "unknown",
        "department": "outside_district",
        "approved_on": "future",
    }
    with pytest.raises(ValidationFailed) as refused:
        project_create(actor=w.office, street_code="NOPE", title="x", items=["walls"], budget_fen=0)
    assert rules_of(refused.value) == {"street": "unknown"}
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        project_create(actor=w.office, street_code="XW-WZ-CCCC", title="x", items=[], budget_fen=0)
    assert "至少" in refused.value.problems[0].message


def test_who_may_approve_a_project(w):
    assert w.project(actor=w.managing).department.code == "XW-WZ-JD"
    with pytest.raises(PermissionDenied):  # another district's office
        w.project(actor=w.other_office)
    with pytest.raises(PermissionDenied):  # a department that manages no street here
        w.project(actor=w.stranger)
    with pytest.raises(PermissionDenied):  # supervisors oversee, they do not approve
        w.project(actor=w.supervisor)
    with pytest.raises(PermissionDenied):
        w.project(actor=w.city.actor("inspector"))
    with pytest.raises(Unauthenticated):
        w.project(actor=ANONYMOUS)
    assert w.project(actor=SYSTEM).number


def test_the_milestones_move_forward_only(w):
    project = w.project()
    with clock.frozen(at("2022-01-25")):
        started = project_start(actor=w.office, number=project.number, note="开工")
    assert (started.milestone, started.started_on) == (UNDER_WAY, dt.date(2022, 1, 25))
    with pytest.raises(InvalidTransition) as refused:
        project_start(actor=w.office, number=project.number)
    assert refused.value.status == 409
    with clock.frozen(at("2022-03-01")):
        done = project_complete(actor=w.managing, number=project.number, on=dt.date(2022, 2, 28))
    assert (done.milestone, done.completed_on) == (COMPLETED, dt.date(2022, 2, 28))
    with clock.frozen(at("2022-03-01")), pytest.raises(InvalidTransition) as refused:
        project_complete(actor=w.office, number=project.number)
    with translation.override("zh-hans"):
        assert refused.value.details["status"] == COMPLETED
    actions = list(fresh(project).steps.values_list("action", "milestone_after"))
    assert actions == [("create", PLANNED), ("start", UNDER_WAY), ("complete", COMPLETED)]
    audited = AuditEntry.objects.filter(subject_id=str(project.pk)).values_list("action", flat=True)
    assert set(audited) >= {"street_project.start", "street_project.complete"}


def test_a_milestones_day_is_neither_to_come_nor_before_the_one_before(w):
    project = w.project(approved_on=dt.date(2022, 1, 10))
    with pytest.raises(ValidationFailed) as refused:
        project_start(actor=w.office, number=project.number, on=dt.date(2022, 1, 9))
    assert rules_of(refused.value) == {"on": "too_early"}
    with pytest.raises(ValidationFailed) as refused:
        project_start(actor=w.office, number=project.number, on=dt.date(2022, 1, 25))
    assert rules_of(refused.value) == {"on": "future"}
    assert fresh(project).milestone == PLANNED  # nothing moved


def test_a_project_outside_ones_reach_is_not_found_and_a_reader_may_not_move_it(w):
    project = w.project()
    with pytest.raises(NotFound):
        project_start(actor=w.other_office, number=project.number)
    with pytest.raises(NotFound):
        project_start(actor=w.stranger, number=project.number)
    with pytest.raises(PermissionDenied):
        project_start(actor=w.supervisor, number=project.number)
    with pytest.raises(NotFound):
        project_start(actor=w.office, number="ZZ-NOPE")
    assert fresh(project).milestone == PLANNED


def test_spending_never_falls_below_zero_and_may_pass_the_budget(w):
    project = w.project(budget_fen=100_000)
    project_spend(actor=w.office, number=project.number, amount_fen=80_000, note="进度款")
    spent = project_spend(actor=w.managing, number=project.number, amount_fen=30_000)
    assert spent.spent_fen == 110_000  # beyond the budget: allowed
    with pytest.raises(ValidationFailed) as refused:
        project_spend(actor=w.office, number=project.number, amount_fen=-200_000, note="更正")
    assert rules_of(refused.value) == {"amount_fen": "below_zero"}
    with pytest.raises(ValidationFailed) as refused:
        project_spend(actor=w.office, number=project.number, amount_fen=-10_000)
    assert rules_of(refused.value) == {"note": "required"}  # a correction says why
    with pytest.raises(ValidationFailed) as refused:
        project_spend(actor=w.office, number=project.number, amount_fen=0)
    assert rules_of(refused.value) == {"amount_fen": "zero"}
    corrected = project_spend(
        actor=w.office, number=project.number, amount_fen=-10_000, note="重复入账更正"
    )
    assert corrected.spent_fen == 100_000
    amounts = list(
        ProjectStep.objects.filter(project=project, action="spend").values_list(
            "amount_fen", flat=True
        )
    )
    assert amounts == [80_000, 30_000, -10_000]


def test_a_spend_is_recorded_once_per_idempotency_key(w):
    project = w.project()
    for _ in range(2):
        again = project_spend(
            actor=w.office, number=project.number, amount_fen=5_000, idempotency_key="s-1"
        )
    assert again.spent_fen == 5_000
    assert ProjectStep.objects.filter(project=project, action="spend").count() == 1


def test_photos_before_and_after_are_checked_by_their_content(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = w.project()
    before = project_photo_add(
        actor=w.office,
        number=project.number,
        phase="before",
        name="a.jpg",
        data=jpeg(),
        caption="路面破损",
    )
    again = project_photo_add(
        actor=w.office,
        number=project.number,
        phase="before",
        name="a.jpg",
        data=jpeg(),
        caption="路面破损",
        idempotency_key="p-1",
    )
    retry = project_photo_add(
        actor=w.office,
        number=project.number,
        phase="before",
        name="a.jpg",
        data=jpeg(),
        caption="路面破损",
        idempotency_key="p-1",
    )
    assert retry.pk == again.pk != before.pk
    assert before.content_type == "image/jpeg" and before.file.read() == jpeg()
    with pytest.raises(ValidationFailed) as refused:
        project_photo_add(
            actor=w.office,
            number=project.number,
            phase="during",
            name="b.pdf",
            data=pdf(),
            caption="x" * 121,
        )
    assert rules_of(refused.value) == {"phase": "choice", "caption": "max_length", "photo": "type"}
    with pytest.raises(ValidationFailed) as refused:
        project_photo_add(
            actor=w.office, number=project.number, phase="after", name="c.png", data=jpeg()
        )
    assert rules_of(refused.value) == {"photo": "mismatch"}
    assert ProjectPhoto.objects.filter(project=project).count() == 2
    assert ProjectStep.objects.filter(project=project, action="photo").count() == 2
    with pytest.raises(NotFound):
        project_photo_add(
            actor=w.other_office, number=project.number, phase="after", name="d.png", data=png()
        )


def test_a_kept_photo_is_its_users_only(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office, managing = user_owner(w.office), user_owner(w.managing)
    kept = KEPT_PHOTOS.keep(owner=office, name="k.png", data=png())
    found = KEPT_PHOTOS.kept(owner=office, token=kept.token)
    assert found.data == png() and found.name == "k.png"
    assert KEPT_PHOTOS.kept(owner=managing, token=kept.token).rule == "expired"
    assert KEPT_PHOTOS.kept(owner=office, token="forged").rule == "expired"
    with pytest.raises(ValidationFailed):
        KEPT_PHOTOS.keep(owner=office, name="k.pdf", data=pdf())


# ---------------------------------------------------------------- what the staff see


def test_the_staff_see_the_projects_in_their_reach(w):
    mine = w.project()
    theirs = w.project(actor=SYSTEM, street=w.nanchang, title="南长街支巷整治")
    assert set(projects_list(w.office)) == {mine}
    assert set(projects_list(w.managing)) == {mine}
    assert set(projects_list(w.other_office)) == {theirs}
    assert set(projects_list(w.supervisor)) == {mine, theirs}
    assert set(projects_list(w.other_supervisor)) == set()
    assert set(projects_list(w.stranger)) == set()
    with pytest.raises(PermissionDenied):
        projects_list(w.city.actor("inspector"))
    with pytest.raises(PermissionDenied):
        projects_list(w.city.actor("zhangwei"))
    with pytest.raises(NotFound):
        project_get(w.other_supervisor, mine.number)
    assert project_get(w.supervisor, mine.number) == mine
    with pytest.raises(ValidationFailed) as refused:
        projects_list(w.office, milestone="built", district="999999")
    assert rules_of(refused.value) == {"milestone": "choice", "district": "unknown_region"}
    project_spend(actor=w.office, number=mine.number, amount_fen=mine.budget_fen + 1)
    assert list(projects_list(w.supervisor, over_budget_only=True)) == [mine]


def test_the_register_filters_by_district_office_category_and_name(w):
    everyone = streets_list(ANONYMOUS)
    codes = {s.code for s in everyone}
    assert {"XW-WZ-CCCC", "XW-WZ-WZBZ", "LX-QMQ-NCJ"} <= codes
    assert {s.code for s in streets_list(ANONYMOUS, district="320214")} >= {
        "XW-WZ-CCCC",
        "XW-WZ-WZBZ",
    }
    assert "LX-QMQ-NCJ" not in {s.code for s in streets_list(ANONYMOUS, district="320214")}
    assert [s.code for s in streets_list(ANONYMOUS, q="春潮")] == ["XW-WZ-CCCC"]
    assert [s.code for s in streets_list(ANONYMOUS, street_office="320213006")] == ["LX-QMQ-NCJ"]
    assert "XW-WZ-CCCC" not in {s.code for s in streets_list(ANONYMOUS, category="back_lane")}
    street_update(actor=w.office, code="XW-WZ-WZBZ", is_active=False)
    assert "XW-WZ-WZBZ" not in {s.code for s in streets_list(ANONYMOUS)}
    with pytest.raises(ValidationFailed) as refused:
        streets_list(ANONYMOUS, category="alley", district="0")
    assert rules_of(refused.value) == {"category": "choice", "district": "unknown_region"}


def test_a_programmes_totals_come_from_its_projects_in_one_query_each(w, django_assert_num_queries):
    one = w.project(budget_fen=1_000_000)
    two = w.project(street=w.wangzhuang, title="旺庄", budget_fen=500_000)
    w.project(street=w.chunchao, title="春潮二期", budget_fen=200_000)  # the same street again
    w.project(actor=SYSTEM, street=w.nanchang, title="南长街", budget_fen=300_000)
    project_spend(actor=w.office, number=one.number, amount_fen=1_200_000)
    project_spend(actor=w.office, number=two.number, amount_fen=400_000)
    project_start(actor=w.office, number=two.number)
    with django_assert_num_queries(3):
        totals = programme_totals(w.programme)
    assert (totals["streets"], totals["projects"]) == (3, 4)
    assert totals["budget_fen"] == 2_000_000
    assert totals["investment_fen"] == 1_600_000
    by_district = {d["code"]: d for d in totals["by_district"]}
    assert (by_district["320214"]["streets"], by_district["320214"]["projects"]) == (2, 3)
    assert by_district["320214"]["over_budget"] is False
    assert by_district["320213"]["investment_fen"] == 0
    by_milestone = {m["milestone"]: m for m in totals["by_milestone"]}
    assert by_milestone[UNDER_WAY]["projects"] == 1
    assert by_milestone[PLANNED]["projects"] == 3
    assert by_milestone[COMPLETED]["projects"] == 0
