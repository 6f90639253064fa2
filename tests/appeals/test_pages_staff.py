"""The appeal desks' pages: the dispatcher's queue and dispatch, the department's inbox,
accept / return / reply / project through the appeal's action panels, the contact's phone
revealed (audited), the hotline entry, and the exports of the lists."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from onething.appeals.models import Appeal, Project
from onething.appeals.services.intake import appeal_submit
from onething.appeals.views.staff import staff_actions
from onething.core.models import AuditEntry
from onething.core.permissions import SYSTEM

NUMBER_PATTERN = "SQ"


def file_appeal(**overrides) -> Appeal:
    """A hotline appeal no routing rule takes: it waits in the dispatcher's queue."""
    fields = {
        "actor": SYSTEM,
        "channel": "hotline",
        "type": "demand",
        "category_code": "other",
        "title": "楼道灯箱广告牌松动",
        "text": "小区三号楼门口的灯箱广告牌松动，刮风时摇晃，担心掉下来砸到人。",
        "region_code": "320213006",
        "contact_name": "李娜",
        "contact_phone": "13912345678",
    }
    appeal = appeal_submit(**{**fields, **overrides})
    assert appeal.status == "received" and appeal.department_id is None
    return appeal


def act(client, appeal: Appeal, action: str, follow: bool = False, **data):
    return client.post(f"/appeals/{appeal.number}/act/{action}/", data, follow=follow)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def appeal(city):
    return file_appeal()


@pytest.fixture
def dispatched(city, appeal):
    dispatcher = city.client("dispatcher")
    answer = act(dispatcher, appeal, "dispatch", department="WX-CG", note="请核实")
    assert answer.status_code == 302, answer.content
    appeal.refresh_from_db()
    return appeal


def test_the_dispatcher_dispatches_from_the_queue_and_the_officer_sees_it(city, appeal):
    dispatcher = city.client("dispatcher")
    queue = dispatcher.get("/appeals/dispatch/")
    assert queue.status_code == 200
    assert appeal.number.encode() in queue.content
    assert f"/appeals/{appeal.number}/".encode() in queue.content  # each row links to it
    # the panel on the appeal's page offers the dispatch with the departments
    assert "dispatch" in staff_actions(city.actor("dispatcher"), appeal)

    answer = act(dispatcher, appeal, "dispatch", follow=True, department="WX-CG", note="请核实")
    assert answer.status_code == 200
    assert answer.redirect_chain[0][0].startswith(f"/appeals/{appeal.number}/")
    appeal.refresh_from_db()
    assert appeal.status == "dispatched" and appeal.department.code == "WX-CG"
    assert appeal.events.filter(kind="dispatch", note="请核实").exists()
    assert appeal.number.encode() not in dispatcher.get("/appeals/dispatch/").content
    assert appeal.number.encode() in dispatcher.get("/appeals/dispatch/?view=all").content

    inbox = city.client("officer.wx-cg").get("/appeals/inbox/")
    assert inbox.status_code == 200 and appeal.number.encode() in inbox.content
    other = city.client("officer.wx-sj").get("/appeals/inbox/")
    assert appeal.number.encode() not in other.content


def test_a_dispatch_to_no_department_is_refused_beside_the_field(city, appeal):
    answer = act(city.client("dispatcher", "en"), appeal, "dispatch", department="NO-SUCH")
    assert answer.status_code == 422
    assert b'data-field="department"' in answer.content
    assert b'data-testid="panel-dispatch"' in answer.content
    appeal.refresh_from_db()
    assert appeal.status == "received"


def test_a_returned_appeal_is_back_in_the_queue_with_its_reason(city, dispatched):
    officer = city.client("officer.wx-cg")
    empty = act(officer, dispatched, "return", reason="")
    assert empty.status_code == 422 and b'data-field="reason"' in empty.content

    answer = act(officer, dispatched, "return", reason="不属于城管职责，应由物业处理")
    assert answer.status_code == 302 and answer["Location"] == "/appeals/inbox/"
    dispatched.refresh_from_db()
    assert dispatched.status == "returned" and dispatched.department_id is None

    queue = city.client("dispatcher").get("/appeals/dispatch/")
    assert dispatched.number.encode() in queue.content
    assert "不属于城管职责，应由物业处理".encode() in queue.content
    # the officer no longer sees it
    assert officer.get(f"/appeals/{dispatched.number}/").status_code == 404


def test_another_department_neither_sees_nor_acts(city, dispatched):
    other = city.client("officer.wx-sj")
    assert other.get(f"/appeals/{dispatched.number}/").status_code == 404
    for action, data in (("accept", {}), ("reply", {"text": "已处理"}), ("contact", {})):
        assert act(other, dispatched, action, **data).status_code == 404
    # the responsible officer may not dispatch, a citizen may not act at all
    assert (
        act(city.client("officer.wx-cg"), dispatched, "dispatch", department="WX-SJ").status_code
        == 403
    )
    assert act(city.client("zhangwei"), dispatched, "accept").status_code == 403
    assert act(city.client("dispatcher"), dispatched, "reply", text="").status_code == 403
    assert act(city.client("officer.wx-cg"), dispatched, "no-such-action").status_code == 404
    dispatched.refresh_from_db()
    assert dispatched.status == "dispatched" and dispatched.department.code == "WX-CG"


def test_the_officer_accepts_and_replies_through_the_page(city, dispatched):
    officer = city.client("officer.wx-cg")
    actor = city.actor("officer.wx-cg")
    assert set(staff_actions(actor, dispatched)) >= {"accept", "reply", "return", "extend"}

    assert act(officer, dispatched, "accept").status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.status == "handling"
    # accepting twice: back to the appeal with the reason, nothing changed
    again = act(officer, dispatched, "accept", follow=True)
    assert again.status_code == 200 and b"flash error" in again.content

    empty = act(officer, dispatched, "reply", text="  ", confirm="on")
    assert empty.status_code == 422 and b'data-field="text"' in empty.content
    # a reply cannot be taken back: without the confirmation nothing is sent
    unconfirmed = act(officer, dispatched, "reply", text="已联系物业加固灯箱。")
    assert unconfirmed.status_code == 422 and b'data-field="confirm"' in unconfirmed.content
    dispatched.refresh_from_db()
    assert dispatched.status == "handling" and not dispatched.replies.exists()

    answer = act(
        officer, dispatched, "reply", text="已联系物业加固灯箱。", public="on", confirm="on"
    )
    assert answer.status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.status == "replied"
    reply = dispatched.replies.get()
    assert reply.text == "已联系物业加固灯箱。" and reply.public
    assert "reply" not in staff_actions(actor, dispatched)


def test_a_project_with_its_budget_in_yuan_and_a_milestone(city, dispatched):
    officer = city.client("officer.wx-cg")
    bad = act(officer, dispatched, "project", name="灯箱加固", budget="-1")
    assert bad.status_code == 422 and b'data-field="budget"' in bad.content
    answer = act(
        officer,
        dispatched,
        "project",
        name="灯箱加固",
        budget="12345.67",
        planned_completion="2026-12-31",
    )
    assert answer.status_code == 302, answer.content
    project = Project.objects.get(appeal=dispatched)
    assert project.budget_fen == 1234567
    assert project.milestones.get(stage="completion").planned_on.isoformat() == "2026-12-31"

    assert "milestone" in staff_actions(city.actor("officer.wx-cg"), dispatched)
    out_of_order = act(
        officer, dispatched, "milestone", follow=True, stage="tender", done_on="2026-01-05"
    )
    assert b"flash error" in out_of_order.content  # 立项 first (409 → back with the reason)
    done = act(
        officer,
        dispatched,
        "milestone",
        stage="approval",
        done_on=dispatched.received_at.date().isoformat(),
    )
    assert done.status_code == 302
    assert project.milestones.get(stage="approval").done_on == dispatched.received_at.date()


def test_the_contact_phone_is_revealed_once_and_audited(city, appeal):
    dispatcher = city.client("dispatcher")
    page = dispatcher.get(f"/appeals/{appeal.number}/")
    assert page.status_code == 200 and b"13912345678" not in page.content
    before = AuditEntry.objects.filter(action="pii.read").count()
    answer = act(dispatcher, appeal, "contact", purpose="回访")
    assert answer.status_code == 200
    assert b'data-testid="revealed-phone">13912345678<' in answer.content
    assert "no-store" in answer["Cache-Control"]
    assert AuditEntry.objects.filter(action="pii.read").count() == before + 1
    assert b"13912345678" not in dispatcher.get(f"/appeals/{appeal.number}/").content


def test_the_staff_panels_render_for_the_actions_allowed(city, dispatched):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = city.user("officer.wx-cg")
    html = render_to_string(
        "appeals/staff/_actions.html",
        {"appeal": dispatched, "actions": staff_actions(city.actor("officer.wx-cg"), dispatched)},
        request=request,
    )
    for name in ("accept", "reply", "return", "extend", "project", "contact"):
        assert f'data-testid="panel-{name}"' in html
        assert f'action="/appeals/{dispatched.number}/act/{name}/"' in html
    assert 'data-testid="panel-dispatch"' not in html
    # without the actions (or with a plain list) nothing is drawn
    assert "panel-" not in render_to_string("appeals/staff/_actions.html", {"appeal": dispatched})
    assert "panel-" not in render_to_string(
        "appeals/staff/_actions.html", {"appeal": dispatched, "actions": ["dispatch"]}
    )


def test_hotline_entry_needs_the_callers_phone(city):
    dispatcher = city.client("dispatcher", "en")
    page = dispatcher.get("/appeals/hotline/new/")
    assert page.status_code == 200 and b'data-channel="hotline"' in page.content
    data = {
        "type": "demand",
        "urgency": "normal",
        "programme": "weixingfu",
        "category": "streetlight",
        "title": "小区门口路灯不亮",
        "text": "南门口两盏路灯已经一周不亮，晚上出行不便。",
        "region": "320213006",
        "contact_name": "王芳",
        "idempotency_key": "hotline-test-0001",
    }
    before = Appeal.objects.count()
    missing = dispatcher.post("/appeals/hotline/new/", data)
    assert missing.status_code == 422
    assert b'data-field="contact_phone"' in missing.content
    assert b"phone" in missing.content
    assert Appeal.objects.count() == before

    answer = dispatcher.post("/appeals/hotline/new/", {**data, "contact_phone": "13812345678"})
    assert answer.status_code == 302
    appeal = Appeal.objects.get(number=answer["Location"].split("/")[2])
    assert appeal.channel == "hotline" and appeal.programme.code == "weixingfu"
    assert appeal.department.code == "QMQ-JB"  # routed: streetlights in 清名桥街道
    assert appeal.contact_phone_masked and "12345678" not in appeal.contact_phone_masked
    # the retry of the same call gives the same appeal
    retry = dispatcher.post("/appeals/hotline/new/", {**data, "contact_phone": "13812345678"})
    assert retry["Location"] == answer["Location"]


def test_an_officer_on_a_visit_records_through_the_same_page(city):
    officer = city.client("officer.wx-cg")
    page = officer.get("/appeals/hotline/new/")
    assert page.status_code == 200 and b'data-channel="visit"' in page.content
    answer = officer.post(
        "/appeals/hotline/new/",
        {
            "type": "suggestion",
            "urgency": "normal",
            "category": "greenery",
            "title": "建议增加绿化带",
            "text": "走访时居民建议在河边步道两侧增加绿化带。",
            "region": "320213006",
            "contact_name": "陈刚",
            "contact_phone": "13700001111",
        },
    )
    assert answer.status_code == 302
    appeal = Appeal.objects.get(number=answer["Location"].split("/")[2])
    assert appeal.channel == "visit"
    assert city.client("zhangwei").get("/appeals/hotline/new/").status_code == 403


def test_the_dispatchers_list_exports(city, appeal):
    dispatcher = city.client("dispatcher")
    rows = csv_rows(dispatcher.get("/appeals/dispatch/?export=csv"))
    assert len(rows[0]) >= 10
    numbers = [row[0] for row in rows[1:]]
    assert appeal.number in numbers
    overdue = csv_rows(dispatcher.get("/appeals/dispatch/?view=all&deadline=overdue&export=csv"))
    assert appeal.number not in [row[0] for row in overdue[1:]]
    xlsx = dispatcher.get("/appeals/dispatch/?export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert appeal.number in [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    bad = dispatcher.get("/appeals/dispatch/?view=all&deadline=someday")
    assert bad.status_code == 422 and b'data-field="deadline"' in bad.content


def test_the_inbox_filters_and_exports(city, dispatched):
    officer = city.client("officer.wx-cg")
    rows = csv_rows(officer.get("/appeals/inbox/?export=csv&q=" + dispatched.number))
    assert [row[0] for row in rows[1:]] == [dispatched.number]
    assert city.client("dispatcher").get("/appeals/inbox/").status_code == 403
    assert officer.get("/appeals/dispatch/").status_code == 403
    assert city.client().get("/appeals/inbox/").status_code == 302  # sign in first
