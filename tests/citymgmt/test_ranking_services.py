"""红黑榜's services on a small world (world_ranking.py): a batch drafted (every problem
at once; 409 for a second one of the same year and sequence; a retry answered once),
drawn from the streets' closed months and the sites' scores, approved by a supervisor
only (403 for anyone else), published only once approved (409), its black list's
rectifications (20 working days, the managing department) submitted with evidence and
closed (never without: 409); the not-improved flag across two batches."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from onething.citymgmt.models import BatchStep, RankingEntry, Rectification
from onething.citymgmt.rules.ranking import (
    APPROVED,
    BLACK,
    COMPUTED,
    DRAFT,
    NEITHER,
    PUBLISHED,
    RED,
    TASK_CLOSED,
    TASK_OPEN,
    TASK_SUBMITTED,
)
from onething.citymgmt.selectors.ranking import (
    lists_of,
    published_batch,
    rectification_deadline,
    rectifications_list,
)
from onething.citymgmt.services.ranking import (
    batch_approve,
    batch_create,
    batch_draw,
    batch_publish,
    batch_reopen,
    batch_site_scores,
    batch_site_scores_upload,
    category_define,
)
from onething.citymgmt.services.rectifications import (
    rectification_close,
    rectification_send_back,
    rectification_submit,
)
from onething.core import clock, deadlines
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry
from tests.files import png

from .world_ranking import BATCH, at, build, street_months

NOW = at("2021-10-15")  # a Friday


@pytest.fixture(autouse=True)
def english_and_frozen():
    with translation.override("en"), clock.frozen(NOW):
        yield


def fields(error: ValidationFailed) -> set[tuple[str, str]]:
    return {(p.field, p.rule) for p in error.problems}


def drawn(world, **overrides):
    batch = batch_create(actor=world.office, **{**BATCH, **overrides})
    return batch_draw(actor=world.office, batch_id=batch.pk)


def published(world, **overrides):
    batch = drawn(world, **overrides)
    batch_approve(actor=world.supervisor, batch_id=batch.pk)
    return batch_publish(actor=world.office, batch_id=batch.pk)


def on_list(batch, which: str) -> list[str]:
    return list(
        RankingEntry.objects.filter(batch=batch, list=which)
        .order_by("rank")
        .values_list("street__code", flat=True)
    )


# ---------------------------------------------------------------- drafting


def test_a_batch_is_drafted_with_its_rule(city):
    world = build(city)
    batch = batch_create(actor=world.office, **BATCH)
    assert (batch.status, batch.year, batch.sequence, batch.region.code) == (
        DRAFT,
        2021,
        3,
        "320214",
    )
    assert (batch.period_start, batch.period_end) == (dt.date(2021, 7, 1), dt.date(2021, 9, 1))
    assert (batch.red_count, batch.black_count, batch.red_at_least) == (2, 2, None)
    assert [c.code for c in batch.categories.all()] == ["back-lanes"]
    assert list(batch.steps.values_list("action", "status_after")) == [("create", DRAFT)]
    assert AuditEntry.objects.filter(
        action="ranking_batch.create", subject_id=str(batch.pk)
    ).exists()


def test_a_second_batch_of_the_same_year_and_sequence_is_a_409_a_retry_is_one(city):
    world = build(city)
    first = batch_create(actor=world.office, idempotency_key="b-2021-3", **BATCH)
    again = batch_create(actor=world.office, idempotency_key="b-2021-3", **BATCH)
    assert again.pk == first.pk
    with pytest.raises(Conflict) as duplicate:
        batch_create(actor=world.office, **{**BATCH, "title": "另一批"})
    assert duplicate.value.status == 409
    assert duplicate.value.code == "duplicate_batch"
    assert duplicate.value.details["fields"] == ["year", "sequence"]
    # another region may have its own third batch of 2021
    other = batch_create(actor=world.office, **{**BATCH, "region_code": "320211"})
    assert other.pk != first.pk


def test_every_problem_of_a_draft_at_once(city):
    world = build(city)
    with pytest.raises(ValidationFailed) as refused:
        batch_create(
            actor=world.office,
            year=1999,
            sequence=0,
            period_start="2021-13",
            period_end="2021-07",
            categories=["back-lanes", "nowhere"],
            rule="thresholds",
            red_at_least="60",
            black_below="90",
            region_code="999999",
        )
    assert fields(refused.value) == {
        ("year", "range"),
        ("sequence", "range"),
        ("period_start", "format"),
        ("region", "unknown"),
        ("categories.1", "unknown"),
        ("black_below", "overlap"),
    }
    with pytest.raises(ValidationFailed) as months:
        batch_create(
            actor=world.office, **{**BATCH, "period_start": "2021-09", "period_end": "2021-07"}
        )
    assert fields(months.value) == {("period_end", "order")}
    with pytest.raises(ValidationFailed) as sizes:
        batch_create(actor=world.office, **{**BATCH, "red_count": 0, "black_count": 0})
    assert fields(sizes.value) == {("red_count", "required")}


def test_only_the_office_drafts(city):
    world = build(city)
    for actor in (world.managing, world.supervisor, city.actor("zhangwei")):
        with pytest.raises(PermissionDenied):
            batch_create(actor=actor, **BATCH)


def test_weights_not_adding_to_100_are_a_422_naming_the_criteria(city):
    world = build(city)
    with pytest.raises(ValidationFailed) as refused:
        category_define(
            actor=world.office,
            code="sites",
            name="建筑工地",
            subject="sites",
            criteria=[{"name": "扬尘管控", "weight": 50}, {"name": "围挡设置", "weight": 40}],
        )
    assert refused.value.status == 422
    assert fields(refused.value) == {("criteria", "weights_total")}


# ---------------------------------------------------------------- the draw and the moves


def test_the_draw_ranks_streets_by_their_mean_monthly_score(city):
    world = build(city)
    batch = drawn(world)
    assert batch.status == COMPUTED
    assert on_list(batch, RED) == ["XW-WZ-001", "XW-WZ-002"]
    assert on_list(batch, BLACK) == ["XW-WZ-005", "XW-WZ-006"]
    first = RankingEntry.objects.get(batch=batch, street__code="XW-WZ-001")
    assert (first.rank, first.score_centi) == (1, 9400)
    assert first.components["months"] == ["2021-07", "2021-08", "2021-09"]
    assert set(first.components["parts"]) == {"residents", "inspections", "complaints"}
    assert RankingEntry.objects.filter(batch=batch, list=NEITHER).count() == 2
    assert "2" in batch.steps.last().note
    # drawn again: the same lists, no entry twice
    again = batch_draw(actor=world.office, batch_id=batch.pk)
    assert RankingEntry.objects.filter(batch=again).count() == 6


def test_a_category_with_nothing_to_rank_is_a_409(city):
    world = build(city, months=False)
    batch = batch_create(actor=world.office, **BATCH)
    with pytest.raises(Conflict) as refused:
        batch_draw(actor=world.office, batch_id=batch.pk)
    assert refused.value.details["categories"] == ["back-lanes"]
    assert batch.entries.count() == 0


def test_publishing_without_approval_is_a_409(city):
    world = build(city)
    batch = batch_create(actor=world.office, **BATCH)
    with pytest.raises(Conflict) as draft:
        batch_publish(actor=world.office, batch_id=batch.pk)
    assert (draft.value.status, draft.value.code) == (409, "not_approved")
    batch_draw(actor=world.office, batch_id=batch.pk)
    with pytest.raises(Conflict) as computed:
        batch_publish(actor=world.office, batch_id=batch.pk)
    assert computed.value.code == "not_approved"
    assert "approve" in computed.value.message
    assert not Rectification.objects.exists()


def test_approval_by_anyone_but_a_supervisor_is_a_403(city):
    world = build(city)
    batch = drawn(world)
    with pytest.raises(PermissionDenied) as office:
        batch_approve(actor=world.office, batch_id=batch.pk)
    assert office.value.status == 403
    with pytest.raises(PermissionDenied):
        batch_approve(actor=city.actor("admin"), batch_id=batch.pk)
    with pytest.raises(NotFound):  # a department does not see the batch at all
        batch_approve(actor=world.managing, batch_id=batch.pk)
    approved = batch_approve(actor=world.supervisor, batch_id=batch.pk, note="同意")
    assert (approved.status, approved.approved_by_id) == (APPROVED, world.supervisor.user_id)


def test_reopened_the_lists_are_cleared(city):
    world = build(city)
    batch = drawn(world)
    reopened = batch_reopen(actor=world.office, batch_id=batch.pk)
    assert reopened.status == DRAFT
    assert not batch.entries.exists()


def test_published_each_black_entry_gets_its_rectification(city):
    world = build(city)
    batch = published(world)
    assert (batch.status, batch.published_at) == (PUBLISHED, NOW)
    assert published_batch(2021, 3).pk == batch.pk
    tasks = Rectification.objects.filter(entry__batch=batch).order_by("entry__rank")
    assert [t.entry.street.code for t in tasks] == ["XW-WZ-005", "XW-WZ-006"]
    for task in tasks:
        assert task.department.code == "XW-WZ"
        assert (task.status, task.due_on, task.due_provisional) == (
            TASK_OPEN,
            dt.date(2021, 11, 12),  # 20 working days after Friday 15 October 2021
            False,
        )
        assert "应优先整改" in task.required  # in the city's words, whoever published
        assert task.steps.get().action == "create"
    assert [s.action for s in BatchStep.objects.filter(batch=batch)] == [
        "create",
        "draw",
        "approve",
        "publish",
    ]
    listed = lists_of(batch)
    assert [len(listed[0].red), len(listed[0].black), listed[0].ranked] == [2, 2, 6]
    assert listed[0].black[0].street.code == "XW-WZ-006"  # the worst first


def test_the_rectification_of_a_year_without_a_schedule_is_provisional(city):
    world = build(city)
    far = at("2031-12-10")
    for street in world.streets.values():
        street_months(street, [6000, 6000, 6000], [dt.date(2031, m, 1) for m in (9, 10, 11)])
    with clock.frozen(far):
        batch = published(
            world, year=2031, sequence=1, period_start="2031-09", period_end="2031-11"
        )
    task = Rectification.objects.filter(entry__batch=batch).first()
    assert task.due_provisional


# ---------------------------------------------------------------- not improved


def test_a_black_entry_not_improved_by_the_next_batch_is_flagged(city):
    world = build(city)
    third = published(world)
    later = [dt.date(2021, 10, 1), dt.date(2021, 11, 1)]
    street_months(world.streets["XW-WZ-005"], [5000, 5200], later)  # lower: not improved
    street_months(world.streets["XW-WZ-006"], [6000, 6200], later)  # higher: improved
    for code in ("XW-WZ-001", "XW-WZ-002", "XW-WZ-003", "XW-WZ-004"):
        street_months(world.streets[code], [8000, 8000], later)
    with clock.frozen(at("2021-12-10")):
        fourth = drawn(world, sequence=4, period_start="2021-10", period_end="2021-11")
    still = RankingEntry.objects.get(batch=fourth, street__code="XW-WZ-005")
    better = RankingEntry.objects.get(batch=fourth, street__code="XW-WZ-006")
    assert still.previous.batch_id == third.pk and still.previous.list == BLACK
    assert still.not_improved
    assert better.previous is not None and not better.not_improved
    red = RankingEntry.objects.get(batch=fourth, street__code="XW-WZ-001")
    assert (red.previous, red.not_improved) == (None, False)  # not on the black list before
    with clock.frozen(at("2021-12-10")):
        batch_approve(actor=world.supervisor, batch_id=fourth.pk)
        batch_publish(actor=world.office, batch_id=fourth.pk)
    assert "未见改善" in Rectification.objects.get(entry=still).required


# ---------------------------------------------------------------- sites


def test_sites_are_scored_by_their_weighted_marks(city):
    world = build(city)
    batch = batch_create(
        actor=world.office, **{**BATCH, "categories": ["markets"], "red_count": 1, "black_count": 1}
    )
    entries = batch_site_scores(
        actor=world.office,
        batch_id=batch.pk,
        rows=[
            {"site": "M-WZ-01", "marks": {"环境卫生": 90, "经营秩序": "80.5"}},
            {"site": "M-WZ-02", "marks": {"环境卫生": 60, "经营秩序": 70}},
        ],
    )
    assert [e.score_centi for e in entries] == [8620, 6400]
    with pytest.raises(ValidationFailed) as refused:
        batch_site_scores(
            actor=world.office,
            batch_id=batch.pk,
            rows=[
                {"site": "M-WZ-01", "marks": {"环境卫生": 101}},
                {"site": "NOWHERE", "marks": {}},
                {"site": "M-WZ-02", "marks": {"环境卫生": 60, "经营秩序": 70, "噪音": 1}},
            ],
        )
    assert fields(refused.value) == {
        ("rows.0.marks.环境卫生", "range"),
        ("rows.0.marks.经营秩序", "required"),
        ("rows.1.site", "unknown"),
        ("rows.2.marks.噪音", "unknown"),
    }
    batch = batch_draw(actor=world.office, batch_id=batch.pk)
    assert [(e.site.code, e.list) for e in batch.entries.order_by("rank")] == [
        ("M-WZ-01", RED),
        ("M-WZ-02", BLACK),
    ]
    with pytest.raises(Conflict) as drawn_already:  # scores change in a draft only
        batch_site_scores(actor=world.office, batch_id=batch.pk, rows=[{"site": "M-WZ-01"}])
    assert drawn_already.value.code == "not_draft"


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_site_scores_from_a_sheet_every_rows_problem_at_once(city):
    world = build(city)
    batch = batch_create(
        actor=world.office, **{**BATCH, "categories": ["markets"], "red_count": 1, "black_count": 1}
    )
    bad = workbook(
        [["场所编号", "环境卫生", "经营秩序"], ["M-WZ-01", 95, "x"], ["M-WZ-09", 80, 80]]
    )
    with pytest.raises(ValidationFailed) as refused:
        batch_site_scores_upload(
            actor=world.office, batch_id=batch.pk, name="scores.xlsx", data=bad
        )
    assert fields(refused.value) == {("rows.2.marks.经营秩序", "range"), ("rows.3.site", "unknown")}
    assert not batch.entries.exists()
    good = "场所编号,环境卫生,经营秩序\nM-WZ-01,95,85\nM-WZ-02,70,60\n".encode()
    entries = batch_site_scores_upload(
        actor=world.office, batch_id=batch.pk, name="scores.csv", data=good
    )
    assert sorted(e.score_centi for e in entries) == [6600, 9100]
    with pytest.raises(ValidationFailed) as header:
        batch_site_scores_upload(
            actor=world.office,
            batch_id=batch.pk,
            name="s.csv",
            data="名称,环境卫生\n甲,1\n".encode(),
        )
    assert fields(header.value) == {("file", "missing_column")}


# ---------------------------------------------------------------- rectifications


def black_task(world) -> Rectification:
    batch = published(world)
    return Rectification.objects.filter(entry__batch=batch).order_by("entry__rank").first()


def test_a_rectification_is_submitted_with_evidence_and_closed(city):
    world = build(city)
    task = black_task(world)
    with pytest.raises(ValidationFailed) as empty:
        rectification_submit(actor=world.managing, rectification_id=task.pk, evidence=" ")
    assert fields(empty.value) == {("evidence", "required")}
    with pytest.raises(ValidationFailed) as broken:
        rectification_submit(
            actor=world.managing, rectification_id=task.pk, photos=[("a.png", b"not a png")]
        )
    assert {f for f, _r in fields(broken.value)} == {"photos.0"}
    submitted = rectification_submit(
        actor=world.managing,
        rectification_id=task.pk,
        evidence="已清理占道经营，修复破损路面",
        photos=[("after.png", png())],
    )
    assert (submitted.status, submitted.photos.count()) == (TASK_SUBMITTED, 1)
    with pytest.raises(PermissionDenied):  # the department does not close its own
        rectification_close(actor=world.managing, rectification_id=task.pk)
    sent = rectification_send_back(
        actor=world.office, rectification_id=task.pk, reason="缺少整改后照片"
    )
    assert sent.status == TASK_OPEN
    rectification_submit(actor=world.managing, rectification_id=task.pk, photos=[("b.png", png())])
    closed = rectification_close(actor=world.office, rectification_id=task.pk, note="核查通过")
    assert (closed.status, closed.closed_by_id) == (TASK_CLOSED, world.office.user_id)
    assert [s.action for s in closed.steps.all()] == [
        "create",
        "submit",
        "send_back",
        "submit",
        "close",
    ]


def test_closing_without_evidence_is_a_409(city):
    world = build(city)
    task = black_task(world)
    with pytest.raises(Conflict) as refused:
        rectification_close(actor=world.office, rectification_id=task.pk)
    assert (refused.value.status, refused.value.code) == (409, "no_evidence")
    assert Rectification.objects.get(pk=task.pk).status == TASK_OPEN
    with pytest.raises(ValidationFailed):
        rectification_send_back(actor=world.office, rectification_id=task.pk, reason="")


def test_another_departments_officer_does_not_see_a_rectification(city):
    world = build(city)
    task = black_task(world)
    other = city.actor("officer.binhu")
    with pytest.raises(NotFound):
        rectification_submit(actor=other, rectification_id=task.pk, evidence="已整改")
    assert not rectifications_list(other).exists()
    assert rectifications_list(world.managing, mine=True).count() == 2
    assert rectifications_list(world.supervisor).count() == 2


def test_an_open_rectification_past_its_due_day_is_overdue(city):
    world = build(city)
    task = black_task(world)
    assert rectification_deadline(task, dt.date(2021, 10, 18)) == deadlines.ON_TIME
    assert rectification_deadline(task, dt.date(2021, 11, 10)) == deadlines.WARNING
    assert rectification_deadline(task, dt.date(2021, 11, 15)) == deadlines.OVERDUE
    assert rectifications_list(world.office, overdue=True, today=dt.date(2021, 11, 15)).count() == 2
    assert not rectifications_list(world.office, overdue=True, today=dt.date(2021, 11, 12)).exists()
