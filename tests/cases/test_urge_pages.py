"""督办 on the pages (Chinese): the supervisor's 督办 button on the late cases and the form
on the case page (message, answer-by date prefilled, confirmation), the list of urges;
the notice on the department's inbox and home, the answer form on the case page; the
supervisor's home counts the urges awaiting an answer; another region sees nothing."""

import re

from onething.cases.models import Case, CaseUrge
from onething.cases.rules import urge_reply_by_default
from onething.core import clock
from onething.core.selectors.calendar import official_calendar

from .urge_support import case_accepted, supervisor_of

ASK = "请于两个工作日内办结并说明超期原因。"


def text(response) -> str:
    return response.content.decode()


def test_the_supervisor_urges_from_the_late_lists_and_the_case_page(city, api):
    number = case_accepted(api, days_ago=20)
    supervisor = city.client("supervisor")
    board = text(supervisor.get("/supervision/"))
    assert f'data-testid="urge-{number}"' in board and "督办" in board
    listed = text(supervisor.get("/supervision/cases/", {"deadline": "overdue"}))
    assert f'href="/cases/{number}/#urges"' in listed
    page = text(supervisor.get(f"/cases/{number}/"))
    assert 'data-testid="urge-form"' in page
    default = urge_reply_by_default(clock.today(), official_calendar()).date
    assert f'value="{default:%Y-%m-%d}"' in page  # the answer-by date prefilled
    department = Case.objects.get(number=number).department.name
    assert f"确认向{department}发出督办单" in page  # the confirmation names the department
    # without the confirmation nothing is sent, and the form says why
    refused = supervisor.post(f"/cases/{number}/urge/", {"urge-message": ASK})
    assert refused.status_code == 422 and not CaseUrge.objects.exists()
    assert 'data-field="confirm"' in text(refused)
    blank = supervisor.post(f"/cases/{number}/urge/", {"urge-confirm": "on"})
    assert blank.status_code == 422 and 'data-field="message"' in text(blank)
    sent = supervisor.post(
        f"/cases/{number}/urge/",
        {"urge-message": ASK, "urge-reply_by": f"{default:%Y-%m-%d}", "urge-confirm": "on"},
    )
    assert sent.status_code == 302 and sent["Location"] == f"/cases/{number}/#urges"
    urge = CaseUrge.objects.get()
    page = text(supervisor.get(f"/cases/{number}/"))
    assert ASK in page and 'data-testid="urge-form"' not in page  # one at a time
    assert "督办" in page and 'data-testid="urge-close-form"' in page
    assert "答复期限" in page or "回复期限" in page
    again = supervisor.post(f"/cases/{number}/urge/", {"urge-message": ASK, "urge-confirm": "on"})
    assert again.status_code == 409 and CaseUrge.objects.count() == 1
    # the list of urges with their status, and the home's count
    urges = text(supervisor.get("/urges/", {"status": "open"}))
    assert number in urges and urge.get_status_display() in urges
    home = text(supervisor.get("/"))
    assert re.search(r'data-testid="count-urges">\s*1\s*<', home)
    listed = text(supervisor.get("/supervision/cases/", {"deadline": "overdue"}))
    assert "已督办" in listed


def test_the_department_sees_the_notice_and_answers(city, api):
    number = case_accepted(api, days_ago=20)
    supervisor = city.client("supervisor")
    officer = city.client("officer.hudai")
    assert 'data-count="0"' in text(officer.get("/inbox/"))
    supervisor.post(f"/cases/{number}/urge/", {"urge-message": ASK, "urge-confirm": "on"})
    for url in ("/inbox/", "/"):
        page = text(officer.get(url))
        assert 'data-testid="urge-notice"' in page and 'data-count="1"' in page, url
        assert f'href="/cases/{number}/#urges"' in page and "督办" in page
    page = text(officer.get(f"/cases/{number}/"))
    assert ASK in page and 'data-testid="urge-answer-form"' in page
    assert 'data-testid="urge-form"' not in page and 'data-testid="urge-close-form"' not in page
    urge = CaseUrge.objects.get()
    empty = officer.post(
        f"/cases/{number}/urges/{urge.pk}/answer/", {f"answer-{urge.pk}-answer": ""}
    )
    assert empty.status_code == 422 and 'data-field="answer"' in text(empty)
    done = officer.post(
        f"/cases/{number}/urges/{urge.pk}/answer/", {f"answer-{urge.pk}-answer": "已办结。"}
    )
    assert done.status_code == 302
    urge.refresh_from_db()
    assert (urge.status, urge.answer) == ("answered", "已办结。")
    assert 'data-count="0"' in text(officer.get("/inbox/"))
    # the supervisor reads the answer and closes the notice
    page = text(supervisor.get(f"/cases/{number}/"))
    assert "已办结。" in page
    closed = supervisor.post(f"/cases/{number}/urges/{urge.pk}/close/", {})
    assert closed.status_code == 302
    urge.refresh_from_db()
    assert urge.status == "closed"
    # the history names each step in Chinese; the applicant's page shows no words
    page = text(supervisor.get(f"/cases/{number}/"))
    timeline = page[page.index('data-testid="timeline"') :]
    assert timeline.count("督办") >= 3 and ASK in timeline
    mine = text(city.client("zhangwei").get(f"/cases/{number}/"))
    assert "督办" in mine and ASK not in mine and "已办结。" not in mine
    assert 'data-testid="urges"' not in mine


def test_another_region_or_department_neither_sees_nor_answers(city, api):
    number = case_accepted(api, days_ago=20)
    city.client("supervisor").post(
        f"/cases/{number}/urge/", {"urge-message": ASK, "urge-confirm": "on"}
    )
    urge = CaseUrge.objects.get()
    xueyan = city.client("officer.xueyan")
    assert 'data-count="0"' in text(xueyan.get("/inbox/"))
    assert number not in text(xueyan.get("/urges/"))
    refused = xueyan.post(
        f"/cases/{number}/urges/{urge.pk}/answer/", {f"answer-{urge.pk}-answer": "x"}
    )
    assert refused.status_code == 404
    supervisor_of("supervisor.wujin", "320412")
    wujin = city.client("supervisor.wujin")
    assert number not in text(wujin.get("/urges/"))
    assert (
        wujin.post(
            f"/cases/{number}/urge/", {"urge-message": ASK, "urge-confirm": "on"}
        ).status_code
        == 404
    )
    assert wujin.post(f"/cases/{number}/urges/{urge.pk}/close/", {}).status_code == 404
    assert city.client("clerk.hudai").get("/urges/").status_code == 403
    assert city.client("officer.hudai").post(f"/cases/{number}/urge/", {}).status_code == 403
    urge.refresh_from_db()
    assert urge.status == "open"


def test_a_case_on_time_offers_no_urge(city, api, submitted):
    page = text(city.client("supervisor").get(f"/cases/{submitted['number']}/"))
    assert 'data-testid="urge-form"' not in page and 'data-testid="urges"' not in page
