"""One way to move the roll-ups: the services that write a case, a rating or an appeal move
them, explicitly, and nothing else in the source writes those rows (``write_paths`` finds
every write from the AST). Then a case driven through its whole lifecycle by the services
leaves the roll-ups equal to a recount of the case table after every step."""

from __future__ import annotations

import random
import textwrap

import pytest
from django.core.management import call_command
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from onething.appeals import tally as appeal_tally
from onething.appeals.models import Appeal
from onething.cases import tally
from onething.cases.models import Case, CaseDueTally, CaseStatus, Evaluation

from . import write_paths
from .conftest import FORM, ITEM

MODELS = (Case, Evaluation, Appeal)
# The services that write a model's rows, and what they call to move its roll-ups (after
# the write, in the same function), unless the write names only fields no figure reads.
SERVICES = {
    "cases/services/": "the cases services: each write moves the roll-ups (checked below)",
    "appeals/services/": "the appeals services: each write moves the roll-ups (checked below)",
}
COUNTED = {"Case": "case_counted", "Evaluation": "evaluation_counted", "Appeal": "appeal_counted"}
FIGURE_FIELDS = {"Case": set(tally.FIELDS), "Appeal": set(appeal_tally.FIELDS)}
# Bulk loads that bypass the services: allowed as raw inserts only, in a module that
# rebuilds the roll-ups from the tables when it is done.
GENERATORS = {
    "cases/generate/run.py": (
        "tallies_rebuild",
        "the city-scale case generator (COPY / bulk insert), rebuilt once when done",
    ),
    "appeals/generate.py": (
        "appeal_tallies_rebuild",
        "the city-scale appeal generator (COPY / bulk insert), rebuilt once when done",
    ),
}
RAW = {"write_rows"}


@pytest.fixture(scope="module")
def watched():
    return [write_paths.watched(m) for m in MODELS]


@pytest.fixture(scope="module")
def found(watched):
    return write_paths.writes(watched)


def _attnames(model, fields) -> set[str]:
    meta = model._meta
    return {meta.get_field(f).attname for f in fields}


def test_the_models_have_no_side_effects_when_saved():
    for model in MODELS:
        assert "save" not in vars(model), f"{model.__name__}.save: use the services"
        assert "from_db" not in vars(model), f"{model.__name__}.from_db: no snapshot on load"
        for signal in (pre_save, post_save, pre_delete, post_delete):
            assert not signal.has_listeners(model), f"a receiver on {model.__name__}"


def test_only_the_services_and_the_generators_write_the_counted_rows(found):
    outside = [
        str(w) for w in found if not w.path.startswith(tuple(SERVICES)) and w.path not in GENERATORS
    ]
    assert outside == [], "write these through the services (they move the roll-ups)"
    # the scan sees the writes it must: a silent scanner would pass anything
    seen = {(w.path, w.model) for w in found}
    assert ("cases/services/intake.py", "Case") in seen
    assert ("cases/services/ratings.py", "Evaluation") in seen
    assert ("appeals/services/intake.py", "Appeal") in seen


def test_each_service_write_moves_the_roll_ups_right_after(found):
    problems = []
    for w in (w for w in found if w.path.startswith(tuple(SERVICES))):
        model = next(m for m in MODELS if m.__name__ == w.model)
        if w.how not in ("save", "create"):
            problems.append(f"{w}: a bulk or queryset write skips the roll-ups")
            continue
        figures = FIGURE_FIELDS.get(w.model)
        named = _attnames(model, w.update_fields or ())
        if w.update_fields is not None and figures is not None and not named & figures:
            continue  # e.g. the hand-over: no figure reads these fields
        after = write_paths.calls_after(write_paths.SRC / w.path, w.function, w.line)
        if COUNTED[w.model] not in after:
            problems.append(f"{w}: no {COUNTED[w.model]}() after it")
    assert problems == []


def test_the_generators_insert_raw_and_rebuild(found):
    for path, (rebuild, _why) in GENERATORS.items():
        mine = [w for w in found if w.path == path]
        assert mine and {w.how for w in mine} <= RAW, path
        assert rebuild in write_paths.module_calls(write_paths.SRC / path), path


SAMPLE = """
    from django.db.models import Case as When
    from onething.cases.models import Case, Material
    from onething.cases import models

    def locked(number) -> tuple[Case, str]: ...

    def f(number, material, item, record: "Case", run):
        Case.objects.filter(number=number).update(status="x")          # 1
        found = Case.objects.select_for_update().filter(number=number)
        one = next(iter(found), None)
        one.save()                                                       # 2
        material.case.save(update_fields=["status"])                     # 3
        item.cases.create(number="n")                                    # 4
        record.delete()                                                  # 5
        mine, _t = locked(number)
        mine.save()                                                      # 6
        models.Case.objects.bulk_create([])                              # 7
        for c in Case.objects.all():
            c.save()                                                     # 8
        run.execute("UPDATE cases_case SET status = 'x'")                # 9
        When(default=1).update()
        Material.objects.filter(case=one).update(superseded=True)
        one.form_data.update({})
        items = {}
        items.update({})
        run.case_number.save()
"""


def test_the_scan_finds_writes_and_only_those(watched):
    text = textwrap.dedent(SAMPLE)
    hits = write_paths.scan(watched, [("cases/sample.py", "onething.cases.sample", text)])
    lines = text.splitlines()
    marked = {k + 1 for k, ln in enumerate(lines) if ln.rstrip()[-3:-1] == "# "}
    assert sorted(h.line for h in hits) == sorted(marked)
    third = next(k + 1 for k, ln in enumerate(lines) if ln.endswith("# 3"))
    assert {h.line: h.update_fields for h in hits}[third] == ("status",)


# --- the lifecycle, recounted after every step ------------------------------------------


def _agree(step: str) -> None:
    from onething.cases.services.tallies import tallies_differences

    assert tallies_differences() == [], f"after {step}"


def _uploads(actor, *types) -> list[int]:
    from onething.cases.services.materials import material_upload
    from tests import files

    return [
        material_upload(actor=actor, material_type_code=t, name="scan.pdf", data=files.pdf()).pk
        for t in types
    ]


def _running_on(case) -> int:
    month = tally.month_of(case.submitted_at)
    row = CaseDueTally.objects.filter(
        month=month, department_id=case.department_id, due_date=case.due_date
    ).first()
    return row.running if row else 0


def test_a_case_driven_through_the_services_keeps_the_roll_ups_equal_to_a_recount(city):
    from onething.cases.services import deadlines, intake, lifecycle, ratings
    from onething.core.generate import resident_id
    from onething.core.models import Enterprise
    from onething.core.workdays import OfficialCalendar, YearSchedule
    from onething.crossregion.services.intake import cross_region_intake
    from tests.crossregion.conftest import FOOD, FOOD_FORM, FOOD_MATERIALS, XUEYAN

    zhang, clerk = city.actor("zhangwei"), city.actor("clerk.hudai")
    officer = city.actor("officer.hudai")
    _agree("nothing")

    def submit(delivery="window"):
        ids = _uploads(zhang, "id-card", "application-form", "premises-proof")
        return intake.case_submit(
            actor=zhang, item_code=ITEM, form=FORM, material_ids=ids, delivery=delivery
        ).number

    number = submit()
    _agree("an online application")
    lifecycle.case_accept(actor=clerk, number=number)
    _agree("acceptance")
    lifecycle.case_request_correction(actor=officer, number=number, reason="照片不清晰。")
    _agree("a correction requested")
    fixed = _uploads(zhang, "id-card")
    lifecycle.case_submit_correction(actor=zhang, number=number, material_ids=fixed)
    _agree("the correction")

    # a provisional deadline counted again with a holiday on its due date: the running
    # count moves to the new due date
    Case.objects.filter(number=number).update(due_provisional=True)  # no figure reads it
    case = Case.objects.get(number=number)
    was = case.due_date
    holiday = YearSchedule(was.year, holidays=frozenset({was}))
    moved = deadlines.case_deadlines_recount(
        actor=city.system, calendar=OfficialCalendar(extra={was.year: holiday})
    )
    case.refresh_from_db()
    assert moved["cases"] >= 1 and case.due_date != was
    assert _running_on(case) >= 1
    _agree("the deadline counted again")

    lifecycle.case_conclude(actor=officer, number=number, outcome="approved")
    _agree("the conclusion")
    lifecycle.case_hand_over(actor=clerk, number=number)
    _agree("the hand-over")
    ratings.evaluation_submit(actor=zhang, number=number, rating=2, comment="慢")
    _agree("a rating (and its rectification)")
    assert Case.objects.get(number=number).status == CaseStatus.CONCLUDED

    withdrawn = submit(delivery="electronic")
    lifecycle.case_accept(actor=clerk, number=withdrawn)
    lifecycle.case_withdraw(actor=zhang, number=withdrawn, reason="填错了事项。")
    _agree("a withdrawal")
    declined = submit()
    lifecycle.case_decline(actor=clerk, number=declined, reason="重复申请。")
    _agree("a decline")

    intake.case_intake_at_window(  # an instant item: accepted and concluded on the spot
        actor=clerk,
        id_number=resident_id(random.Random(41)),
        name="钱宏进",
        phone="13900001111",
        item_code="320200-SB-002",
        form={"phone": "13900001111", "start_month": "2026-01"},
        material_ids=_uploads(clerk, "id-card"),
    )
    _agree("a walk-in concluded at the window")

    cross_region_intake(  # received in 胡埭镇, handled in 雪堰镇
        actor=clerk,
        mode="proxy",
        handling_region_code=XUEYAN,
        id_number="11010519491231002X",
        name="吴国强",
        phone="13912345678",
        item_code=FOOD,
        form=FOOD_FORM,
        material_ids=_uploads(clerk, *FOOD_MATERIALS),
        enterprise_credit_code=Enterprise.objects.get(name="常州雪堰湖鲜餐饮店").credit_code,
    )
    _agree("a cross-region intake")
    call_command("tallies", stdout=__import__("io").StringIO())  # the operator's check


def test_a_write_around_the_services_is_seen_by_the_recount(city):
    """What the services no longer hide: ``save()`` moves no figure (the recount says so,
    and the rebuild repairs it)."""
    from onething.cases.services.tallies import tallies_differences, tallies_rebuild

    zhang = city.actor("zhangwei")
    from onething.cases.services.intake import case_submit

    ids = _uploads(zhang, "id-card", "application-form", "premises-proof")
    case = case_submit(actor=zhang, item_code=ITEM, form=FORM, material_ids=ids)
    case.status = CaseStatus.WITHDRAWN
    case.save(update_fields=["status"])
    assert [d["table"] for d in tallies_differences()] == ["month"]
    tallies_rebuild()
    assert tallies_differences() == []
