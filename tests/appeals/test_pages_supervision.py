"""The supervisor's desk: overdue and nearly due appeals by department, extensions approved
or refused from the desk (the due date moves), supervision batches created, filled by
appeal numbers and followed on their page (done ✓, export)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from onething.appeals.models import Appeal, Extension, SupervisionBatch
from onething.appeals.selectors import appeals_list
from onething.appeals.services.flow import appeal_dispatch, appeal_reply
from onething.appeals.services.followup import appeal_follow_up
from onething.appeals.services.intake import appeal_submit
from onething.appeals.services.supervision import batch_create
from onething.core import clock
from onething.core.permissions import SYSTEM
from onething.core.selectors.calendar import official_calendar
from onething.core.workdays import add_working_days


def dispatched_appeal(city, department: str = "WX-CG", programme: str = "") -> Appeal:
    appeal = appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        programme_code=programme,
        type="demand",
        category_code="other",
        title="人行道地砖破损",
        text="学校门口人行道地砖破损翘起，学生上下学容易绊倒。",
        region_code="320213006",
        contact_name="赵敏",
        contact_phone="13600002222",
    )
    return appeal_dispatch(actor=SYSTEM, number=appeal.number, department_code=department)


@pytest.fixture
def supervisor(city):
    return city.client("supervisor", "en")


def test_the_desk_counts_overdue_and_nearly_due_appeals(city, supervisor):
    page = supervisor.get("/appeals/supervision/")
    assert page.status_code == 200
    actor = city.actor("supervisor")
    for state in ("overdue", "warning"):
        count = appeals_list(actor, deadline=state).count()
        assert f'data-testid="count-{state}">{count}<'.encode() in page.content
    assert b'data-testid="batches"' in page.content and b'data-testid="new-batch"' in page.content
    # only supervisors
    assert city.client("dispatcher").get("/appeals/supervision/").status_code == 403
    assert city.client("officer.wx-cg").get("/appeals/supervision/").status_code == 403


def test_an_extension_asked_on_the_page_is_approved_on_the_desk(city, supervisor):
    appeal = dispatched_appeal(city)
    officer = city.client("officer.wx-cg", "en")
    url = f"/appeals/{appeal.number}/act/extend/"
    too_many = officer.post(url, {"working_days": "99", "reason": "需协调多个部门"})
    assert too_many.status_code == 422 and b'data-field="working_days"' in too_many.content
    assert officer.post(url, {"working_days": "5", "reason": "需协调多个部门"}).status_code == 302
    extension = Extension.objects.get(appeal=appeal, status="pending")
    # asked once: the second ask is refused with the reason, nothing added
    again = officer.post(url, {"working_days": "3", "reason": "再次申请"}, follow=True)
    assert b"flash error" in again.content
    assert Extension.objects.filter(appeal=appeal).count() == 1

    desk = supervisor.get("/appeals/supervision/")
    assert f'data-extension="{extension.pk}"'.encode() in desk.content
    old_due = appeal.due_date
    answer = supervisor.post(
        f"/appeals/extensions/{extension.pk}/decide/", {"decision": "approve", "note": "同意"}
    )
    assert answer.status_code == 302 and answer["Location"].startswith("/appeals/supervision/")
    appeal.refresh_from_db()
    extension.refresh_from_db()
    expected = add_working_days(old_due, 5, official_calendar()).date
    assert extension.status == "approved" and appeal.due_date == expected > old_due
    assert appeal.events.filter(kind="extend").exists()
    # decided already: back to the desk with the reason
    twice = supervisor.post(
        f"/appeals/extensions/{extension.pk}/decide/", {"decision": "refuse"}, follow=True
    )
    assert twice.status_code == 200 and b"flash error" in twice.content
    assert f'data-extension="{extension.pk}"'.encode() not in twice.content


def test_an_extension_refused_leaves_the_due_date(city, supervisor):
    appeal = dispatched_appeal(city)
    officer = city.client("officer.wx-cg")
    officer.post(f"/appeals/{appeal.number}/act/extend/", {"working_days": "2", "reason": "等待"})
    extension = Extension.objects.get(appeal=appeal)
    due = appeal.due_date
    supervisor.post(f"/appeals/extensions/{extension.pk}/decide/", {"decision": "refuse"})
    appeal.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == "refused" and appeal.due_date == due
    assert (
        supervisor.post("/appeals/extensions/999999/decide/", {"decision": "approve"}).status_code
        == 404
    )
    assert (
        officer.post(
            f"/appeals/extensions/{extension.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 403
    )


def test_a_batch_is_created_filled_and_followed(city, supervisor):
    deadline = clock.today() + dt.timedelta(days=30)
    bad = supervisor.post(
        "/appeals/supervision/",
        {"number": "60", "title": "", "deadline": "2000-01-01", "programme": "weixingfu"},
    )
    assert bad.status_code == 422
    assert b'data-field="deadline"' in bad.content and b'data-field="title"' in bad.content

    answer = supervisor.post(
        "/appeals/supervision/",
        {
            "number": "60",
            "title": "微幸福第六十批督办",
            "deadline": deadline.isoformat(),
            "programme": "weixingfu",
        },
    )
    assert answer.status_code == 302
    batch = SupervisionBatch.objects.get(programme__code="weixingfu", number=60)
    assert answer["Location"] == f"/appeals/batches/{batch.pk}/"
    same = supervisor.post(
        "/appeals/supervision/",
        {
            "number": "60",
            "title": "重复",
            "deadline": deadline.isoformat(),
            "programme": "weixingfu",
        },
    )
    assert same.status_code == 422 and b'data-field="number"' in same.content

    closed = dispatched_appeal(city, programme="weixingfu")
    appeal_reply(actor=SYSTEM, number=closed.number, text="已修复。")
    appeal_follow_up(actor=SYSTEM, number=closed.number, rating=5)
    closed.refresh_from_db()
    assert closed.status == "closed"
    open_one = dispatched_appeal(city)
    url = f"/appeals/batches/{batch.pk}/"
    unknown = supervisor.post(url, {"numbers": f"{open_one.number}, SQ000000-20000101-999999"})
    assert unknown.status_code == 422 and b"SQ000000-20000101-999999" in unknown.content
    assert not batch.items.exists()  # all or nothing

    added = supervisor.post(
        url, {"numbers": f"{closed.number}，{open_one.number}\n", "note": "月底前办结"}
    )
    assert added.status_code == 302
    assert batch.items.count() == 2
    twice = supervisor.post(url, {"numbers": closed.number})
    assert twice.status_code == 409 and closed.number.encode() in twice.content

    page = supervisor.get(url)
    assert page.status_code == 200
    assert f'data-number="{closed.number}" data-done="1"'.encode() in page.content
    assert f'data-number="{open_one.number}" data-done="0"'.encode() in page.content
    assert re.search(rb'data-testid="batch-progress">[^<]*1[^<]*2', page.content)
    desk = supervisor.get("/appeals/supervision/")
    assert f'data-testid="progress-{batch.pk}">1/2<'.encode() in desk.content

    rows = list(
        csv.reader(io.StringIO(supervisor.get(url + "?export=csv").content.decode("utf-8-sig")))
    )
    assert {r[0] for r in rows[1:]} == {closed.number, open_one.number}
    done_column = rows[0].index("Done")
    assert {r[0]: r[done_column] for r in rows[1:]} == {closed.number: "✓", open_one.number: ""}
    sheet = load_workbook(io.BytesIO(supervisor.get(url + "?export=xlsx").content)).active
    assert sheet.max_row == 3

    # the responsible department sees the batch, cannot add to it; another one sees nothing
    officer = city.client("officer.wx-cg")
    assert officer.get(url).status_code == 200
    assert officer.post(url, {"numbers": open_one.number}).status_code == 403
    assert city.client("officer.binhu").get(url).status_code == 404


def test_the_supervisor_puts_an_appeal_on_a_batch_from_its_page(city, supervisor):
    batch = batch_create(
        actor=city.actor("supervisor"),
        number=61,
        title="微幸福第六十一批督办事项",
        deadline=clock.today() + dt.timedelta(days=30),
        programme_code="weixingfu",
        region_code="320200",
    )
    appeal = dispatched_appeal(city)
    answer = supervisor.post(
        f"/appeals/{appeal.number}/act/supervise/", {"batch": str(batch.pk), "note": "加快"}
    )
    assert answer.status_code == 302
    assert batch.items.filter(appeal=appeal, note="加快").exists()
