"""The case page and the staff's pages through Django's test client: who sees a case, the
actions as forms (422 beside the field and nothing changed on bad input, 403 for a role
that may not, 409 for a state that does not allow it), the window's workbench and intake,
the department's inbox."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from onething.cases.models import Case
from onething.core.models import AuditEntry
from tests import files


def act(client, number, action, data=None, **kw):
    return client.post(f"/cases/{number}/act/{action}/", data or {}, **kw)


def audit_count(number):
    case = Case.objects.get(number=number)
    return AuditEntry.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).count()


def test_who_sees_a_case(city, submitted):
    url = f"/cases/{submitted['number']}/"
    for username in ("zhangwei", "clerk.hudai", "officer.hudai", "supervisor"):
        assert city.client(username, "en").get(url).status_code == 200, username
    for username in ("clerk.xueyan", "officer.binhu", "qiye.chengfeng"):
        page = city.client(username, "en").get(url)
        assert page.status_code == 404, username
        assert submitted["number"] not in page.content.decode().replace(url, "")
    assert city.client().get(url).status_code == 302


def test_the_case_page_offers_what_the_viewer_may_do(city, submitted):
    url = f"/cases/{submitted['number']}/"
    clerk = city.client("clerk.hudai", "en").get(url).content.decode()
    assert 'data-testid="action-accept"' in clerk and 'data-testid="action-decline"' in clerk
    assert 'data-testid="action-conclude"' not in clerk
    applicant = city.client("zhangwei", "en").get(url).content.decode()
    assert 'data-testid="action-withdraw"' in applicant
    assert 'data-testid="action-accept"' not in applicant
    supervisor = city.client("supervisor", "en").get(url).content.decode()
    assert 'data-testid="actions"' not in supervisor
    # the ID number typed into the form is stored sealed and shown masked to everyone
    assert "11010519491231002X" not in clerk and "11010519491231002X" not in supervisor
    assert "1101**********002X" in supervisor and "1101**********002X" in clerk


def test_the_whole_flow_through_the_pages(city, submitted):
    number = submitted["number"]
    clerk, officer = city.client("clerk.hudai", "en"), city.client("officer.hudai", "en")
    zhang, supervisor = city.client("zhangwei", "en"), city.client("supervisor", "en")
    answer = act(clerk, number, "accept")
    assert answer.status_code == 302 and answer["Location"].startswith(f"/cases/{number}/")
    page = clerk.get(f"/cases/{number}/").content.decode()
    assert "Accepted: the deadline runs." in page and 'data-state="' in page
    # a correction without a reason: 422 beside the field, nothing changed
    before = audit_count(number)
    refused = act(officer, number, "request_correction", {"request_correction-reason": " "})
    assert refused.status_code == 422
    assert 'data-field="reason"' in refused.content.decode()
    assert Case.objects.get(number=number).status == "accepted"
    assert audit_count(number) == before
    act(officer, number, "request_correction", {"request_correction-reason": "证明不清晰"})
    assert Case.objects.get(number=number).status == "correction_requested"
    # the corrected material replaces the earlier one
    nothing = act(zhang, number, "submit_correction", {})
    assert nothing.status_code == 422 and 'data-testid="form-errors"' in nothing.content.decode()
    corrected = act(
        zhang,
        number,
        "submit_correction",
        {"submit_correction-materials.premises-proof": SimpleUploadedFile("p.png", files.png())},
    )
    assert corrected.status_code == 302
    case = Case.objects.get(number=number)
    assert case.status == "accepted" and case.materials.filter(superseded=True).count() == 1
    # denied needs a reason; approved issues the licence
    unconfirmed = act(officer, number, "conclude", {"conclude-outcome": "approved"})
    assert unconfirmed.status_code == 422 and 'data-field="confirm"' in unconfirmed.content.decode()
    assert Case.objects.get(number=number).status == "accepted"
    denied = act(
        officer, number, "conclude", {"conclude-outcome": "denied", "conclude-confirm": "on"}
    )
    assert denied.status_code == 422 and 'data-field="reason"' in denied.content.decode()
    act(officer, number, "conclude", {"conclude-outcome": "approved", "conclude-confirm": "on"})
    case = Case.objects.get(number=number)
    assert case.status == "concluded" and case.licence.title == "营业执照"
    page = zhang.get(f"/cases/{number}/").content.decode()
    assert (
        'data-testid="licence"' in page and f"/licences/verify/{case.licence.verify_code}/" in page
    )
    assert "<svg" in page  # the QR code
    pdf = zhang.get(f"/cases/{number}/licence.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    # a rating of 2 opens a rectification the supervisor closes
    assert act(zhang, number, "rate", {"rate-rating": "9"}).status_code == 422
    assert act(zhang, number, "rate", {"rate-rating": "2", "rate-comment": "慢"}).status_code == 302
    assert act(zhang, number, "rate", {"rate-rating": "5"}).status_code == 409
    rectification = case.rectifications.get()
    listed = supervisor.get("/supervision/rectifications/", {"status": "open"}).content.decode()
    assert number in listed and f"/supervision/rectifications/{rectification.pk}/" in listed
    url = f"/supervision/rectifications/{rectification.pk}/"
    incomplete = supervisor.post(url, {"result": "已整改"})
    assert incomplete.status_code == 422
    html = incomplete.content.decode()
    assert 'data-field="follow_up_at"' in html and 'data-field="follow_up_note"' in html
    future = supervisor.post(
        url, {"result": "已整改", "follow_up_at": "2099-01-01T10:00", "follow_up_note": "好"}
    )
    assert future.status_code == 422
    rectification.refresh_from_db()
    assert rectification.status == "open"
    closed = supervisor.post(
        url, {"result": "已整改", "follow_up_at": "2026-01-05T10:00", "follow_up_note": "认可"}
    )
    assert closed.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == "closed" and rectification.follow_up_note == "认可"
    assert 'data-testid="close-rectification"' not in supervisor.get(url).content.decode()
    # the department's officer sees it, without the form
    seen = city.client("officer.hudai", "en").get(url)
    assert (
        seen.status_code == 200 and 'data-testid="close-rectification"' not in seen.content.decode()
    )


def test_refusals_are_pages_with_the_right_status(city, submitted):
    number = submitted["number"]
    zhang, clerk = city.client("zhangwei", "en"), city.client("clerk.hudai", "en")
    assert act(zhang, number, "accept").status_code == 403
    assert act(city.client("clerk.xueyan"), number, "accept").status_code == 404
    assert act(clerk, number, "nonsense").status_code == 404
    assert clerk.get(f"/cases/{number}/act/accept/").status_code == 405
    assert act(clerk, number, "accept").status_code == 302
    again = act(clerk, number, "accept")
    assert again.status_code == 409 and 'data-testid="error-message"' in again.content.decode()
    unconfirmed = act(zhang, number, "withdraw", {"withdraw-reason": "不办了"})
    assert unconfirmed.status_code == 422  # withdrawing cannot be undone: it is confirmed
    assert "Tick the box to confirm the withdrawal." in unconfirmed.content.decode()
    assert Case.objects.get(number=number).status != "withdrawn"
    confirmed = {"withdraw-reason": "不办了", "withdraw-confirm": "on"}
    assert act(zhang, number, "withdraw", confirmed).status_code == 302
    assert Case.objects.get(number=number).status == "withdrawn"
    assert zhang.get(f"/cases/{number}/licence.pdf").status_code == 404


def test_decline_needs_a_reason(city, submitted):
    number = submitted["number"]
    clerk = city.client("clerk.hudai")
    refused = act(clerk, number, "decline", {"decline-reason": "", "decline-confirm": "on"})
    assert refused.status_code == 422
    assert 'data-field="reason"' in refused.content.decode()
    assert Case.objects.get(number=number).status == "submitted"
    reason = {"decline-reason": "不属于本中心受理范围"}
    unconfirmed = act(clerk, number, "decline", reason)
    assert unconfirmed.status_code == 422 and 'data-field="confirm"' in unconfirmed.content.decode()
    assert Case.objects.get(number=number).status == "submitted"
    act(clerk, number, "decline", reason | {"decline-confirm": "on"})
    case = Case.objects.get(number=number)
    assert case.status == "declined" and case.declined_reason == "不属于本中心受理范围"


def test_materials_are_downloaded_by_those_who_see_the_case(city, submitted):
    material = Case.objects.get(number=submitted["number"]).materials.first()
    url = f"/cases/{submitted['number']}/materials/{material.pk}/"
    answer = city.client("officer.hudai").get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert b"".join(answer.streaming_content).startswith(b"%PDF-")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert city.client("clerk.xueyan").get(url).status_code == 404


def test_a_material_whose_file_is_gone_answers_404(city, submitted):
    material = Case.objects.get(number=submitted["number"]).materials.first()
    material.file.storage.delete(material.file.name)
    answer = city.client("officer.hudai").get(
        f"/cases/{submitted['number']}/materials/{material.pk}/"
    )
    assert answer.status_code == 404
    assert "该材料的文件已不在存储中" in answer.content.decode()


def test_roles_reach_only_their_pages(city):
    zhang = city.client("zhangwei", "en")
    for url in ("/workbench/", "/workbench/intake/", "/inbox/", "/supervision/"):
        assert zhang.get(url).status_code == 403, url
    assert city.client("clerk.hudai").get("/inbox/").status_code == 403
    assert city.client("officer.hudai").get("/workbench/").status_code == 403
    assert city.client("officer.hudai").get("/supervision/").status_code == 403


def test_workbench_queues_filter_and_export(city, submitted):
    clerk = city.client("clerk.hudai", "en")
    html = clerk.get("/workbench/").content.decode()
    assert submitted["number"] in html and 'data-testid="queue-to_hand_over"' in html
    assert (
        submitted["number"] not in city.client("clerk.xueyan").get("/workbench/").content.decode()
    )
    other = clerk.get("/workbench/", {"queue": "to_accept", "item_code": "320200-SB-004"})
    assert submitted["number"] not in other.content.decode()
    assert clerk.get("/workbench/", {"queue": "nonsense"}).status_code == 422
    xlsx = clerk.get("/workbench/", {"queue": "all", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][0] == "Case number"
    assert {r[0] for r in rows[1:]} == set(
        Case.objects.filter(center__code="SC-HD").values_list("number", flat=True)
    )


def intake_data(**extra):
    return {
        "item_code": "320200-SB-002",
        "id_number": "11010519491231002X",
        "name": "钱九",
        "phone": "13900001234",
        "form.phone": "13900001234",
        "form.start_month": "2026-12",
        "materials.id-card": SimpleUploadedFile("id.jpg", files.jpeg()),
        "delivery": "window",
        "idempotency_key": "walk-in-1",
    } | extra


def test_window_intake_of_an_instant_item_concludes_on_the_spot(city):
    clerk = city.client("clerk.hudai", "en")
    chooser = clerk.get("/workbench/intake/").content.decode()
    assert 'value="320200-SB-002"' in chooser and "320200-SW-101" not in chooser  # 江阴 only
    form = clerk.get("/workbench/intake/", {"item": "320200-SB-002"}).content.decode()
    assert 'name="id_number"' in form and 'name="materials.id-card"' in form
    answer = clerk.post("/workbench/intake/", intake_data())
    assert answer.status_code == 302
    case = Case.objects.get(number=answer["Location"].split("/")[2])
    assert case.status == "concluded" and case.channel == "window" and case.licence
    page = clerk.get(answer["Location"]).content.decode()
    assert 'data-testid="licence"' in page and 'data-testid="action-hand_over"' in page
    # the result waits to be handed over at the window, then leaves the queue
    queue = clerk.get("/workbench/", {"queue": "to_hand_over"}).content.decode()
    assert case.number in queue
    assert act(clerk, case.number, "hand_over").status_code == 302
    assert Case.objects.get(pk=case.pk).handed_over_at is not None
    assert case.number not in clerk.get("/workbench/", {"queue": "to_hand_over"}).content.decode()


def test_window_intake_refuses_bad_input_and_writes_nothing(city):
    clerk = city.client("clerk.hudai")
    cases = Case.objects.count()
    bad = clerk.post(
        "/workbench/intake/",
        intake_data(id_number="110105194912310021", **{"form.start_month": "12"}),
    )
    assert bad.status_code == 422
    html = bad.content.decode()
    assert 'data-field="id_number"' in html and "校验码错误" in html
    missing = clerk.post("/workbench/intake/", intake_data() | {"materials.id-card": ""})
    assert 'data-field="materials.id-card"' in missing.content.decode()
    assert Case.objects.count() == cases
    assert clerk.get("/workbench/intake/", {"item": "NO-SUCH"}).status_code == 422


def test_inbox_sorted_by_deadline_with_filters_and_export(city, submitted):
    officer = city.client("officer.hudai", "en")
    act(city.client("clerk.hudai"), submitted["number"], "accept")
    html = officer.get("/inbox/").content.decode()
    assert submitted["number"] in html and 'data-state="' in html
    assert (
        city.client("officer.binhu").get("/inbox/").content.decode().count(submitted["number"]) == 0
    )
    overdue = officer.get("/inbox/", {"deadline": "overdue"}).content.decode()
    assert submitted["number"] not in overdue
    assert officer.get("/inbox/", {"deadline": "late"}).status_code == 422
    assert officer.get("/inbox/", {"status": "concluded"}).status_code == 422  # open ones only
    csv_text = officer.get("/inbox/", {"export": "csv"}).content.decode("utf-8-sig")
    assert submitted["number"] in csv_text and "<mark" not in csv_text


def test_supervision_board_links_to_the_cases(city, api):
    import datetime as dt

    from onething.core import clock

    from .conftest import FORM, ITEM

    weeks_ago = clock.now() - dt.timedelta(days=21)
    with clock.frozen(weeks_ago):  # accepted three weeks ago, promised one working day
        zhang = api("zhangwei")
        ids = zhang.uploads("id-card", "application-form", "premises-proof")
        made = zhang.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
        number = made.json()["number"]
        assert api("clerk.hudai").post(f"/api/cases/{number}/accept").status_code == 200
    supervisor = city.client("supervisor", "en")
    html = supervisor.get("/supervision/").content.decode()
    overdue = Case.objects.get(number=number)
    assert overdue.number in html
    code = overdue.department.code
    assert f"/supervision/cases/?department_code={code}&amp;deadline=overdue" in html
    listed = supervisor.get("/supervision/cases/", {"department_code": code, "deadline": "overdue"})
    assert overdue.number in listed.content.decode()
    board = supervisor.get("/supervision/", {"export": "csv"}).content.decode("utf-8-sig")
    assert board.splitlines()[0] == "Department,Open,Warning,Overdue"
    assert overdue.department.name in board
