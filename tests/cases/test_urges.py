"""督办 through the services and the API: a supervisor of the case's region urges the
handling department of an overdue (or nearly due) case, once at a time, with an
answer-by time; an officer of that department answers; the supervisor closes it. Every
step is in the case's history and the audit log; other regions and departments neither
see nor act."""

import datetime as dt

import pytest
from django.utils import timezone

from onething.cases.models import Case, CaseUrge
from onething.cases.selectors.urges import urges_awaiting, urges_list, urges_overdue
from onething.cases.services.urges import urge_answer, urge_close, urge_issue
from onething.core import clock
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry, Message, Person

from .urge_support import case_accepted, supervisor_of

ASK = "请于两个工作日内办结并说明超期原因。"


@pytest.fixture
def overdue(api):
    return case_accepted(api, days_ago=20)


def urge(city, number, **kw):
    return urge_issue(actor=city.actor("supervisor"), number=number, message=ASK, **kw)


# --- services -----------------------------------------------------------------------------


def test_a_supervisor_urges_an_overdue_case_and_the_department_answers(city, overdue):
    officer = city.user("officer.hudai")
    officer.person = (
        Person.objects.filter(region__code="320211102")
        .exclude(pk=city.user("zhangwei").person_id)
        .first()
    )
    officer.save(update_fields=["person"])  # an officer with a person has an inbox
    urged = urge(city, overdue)
    case = Case.objects.get(number=overdue)
    assert (urged.case_id, urged.department_id, urged.status) == (
        case.pk,
        case.department_id,
        "open",
    )
    assert urged.case_state == "overdue" and urged.case_due_date == case.due_date
    # the default answer-by: the end (18:00 in Wuxi) of the second working day from today
    local = timezone.localtime(urged.reply_by)
    assert (local.hour, local.minute) == (18, 0) and local.date() > clock.today()
    # the case's history, the audit log and a message to the department's officer
    entry = AuditEntry.objects.filter(subject_id=str(case.pk), action="case.urge").get()
    assert entry.subject_type == "cases.case" and ASK in entry.note
    message = Message.objects.get(person=officer.person, topic_id=str(case.pk))
    assert overdue in message.subject and ASK in message.body
    assert message.link == f"/cases/{overdue}/#urges"
    # the department sees it awaiting its answer
    mine = city.actor("officer.hudai")
    assert list(urges_awaiting(mine)) == [urged]
    answered = urge_answer(actor=mine, urge_id=urged.pk, answer="已补办并于今日办结。")
    assert (answered.status, answered.answer) == ("answered", "已补办并于今日办结。")
    assert answered.answered_by_id == officer.pk and answered.answered_at is not None
    assert list(urges_awaiting(mine)) == []
    closed = urge_close(actor=city.actor("supervisor"), urge_id=urged.pk, note="已核实。")
    assert closed.status == "closed" and closed.closed_at is not None
    actions = list(
        AuditEntry.objects.filter(subject_id=str(case.pk), action__startswith="case.urge")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["case.urge", "case.urge_answer", "case.urge_close"]


def test_a_case_in_warning_may_be_urged(city, api):
    number = case_accepted(api, days_ago=0)  # promised one working day: due next
    assert urge(city, number).case_state == "warning"


def test_a_case_on_time_or_not_accepted_is_refused(city, api, submitted):
    on_time = case_accepted(api, days_ago=0, item="320200-SB-004")  # 10 working days
    for number in (on_time, submitted["number"]):
        with pytest.raises(Conflict) as refused:
            urge(city, number)
        assert refused.value.code == "not_late" and number in refused.value.message
    assert not CaseUrge.objects.exists()


def test_one_urge_awaits_an_answer_at_a_time(city, overdue):
    first = urge(city, overdue)
    with pytest.raises(Conflict) as refused:
        urge(city, overdue)
    assert refused.value.code == "already_urged" and refused.value.details["urge_id"] == first.pk
    # once answered, the supervisor may urge again (the case still late)
    urge_answer(actor=city.actor("officer.hudai"), urge_id=first.pk, answer="正在办理。")
    second = urge(city, overdue)
    assert second.pk != first.pk and CaseUrge.objects.filter(status="open").count() == 1


def test_a_retry_with_the_same_key_answers_with_the_first_urge(city, overdue):
    first = urge(city, overdue, idempotency_key="urge-1")
    again = urge(city, overdue, idempotency_key="urge-1")
    assert again.pk == first.pk and CaseUrge.objects.count() == 1
    assert AuditEntry.objects.filter(action="case.urge").count() == 1


def test_the_message_and_the_answer_by_time_are_checked(city, overdue):
    with pytest.raises(ValidationFailed) as refused:
        urge_issue(
            actor=city.actor("supervisor"),
            number=overdue,
            message="  ",
            reply_by=clock.today() - dt.timedelta(days=1),
        )
    fields = {p.field: p.rule for p in refused.value.problems}
    assert fields == {"message": "required", "reply_by": "past"}  # both, in one pass
    naive = dt.datetime.combine(clock.today() + dt.timedelta(days=2), dt.time(18))
    with pytest.raises(ValidationFailed) as refused:
        urge(city, overdue, reply_by=naive)
    assert refused.value.problems[0].rule == "timezone"
    day = clock.today() + dt.timedelta(days=3)
    chosen = urge(city, overdue, reply_by=day)
    assert timezone.localtime(chosen.reply_by) == dt.datetime.combine(
        day, dt.time(18), timezone.get_default_timezone()
    )


def test_only_a_supervisor_of_the_region_urges(city, overdue):
    supervisor_of("supervisor.wujin", "320412")  # 武进区: not where 胡埭 is
    with pytest.raises(NotFound):
        urge_issue(actor=city.actor("supervisor.wujin"), number=overdue, message=ASK)
    for username in ("officer.hudai", "clerk.hudai", "zhangwei"):
        with pytest.raises(PermissionDenied):
            urge_issue(actor=city.actor(username), number=overdue, message=ASK)
    supervisor_of("supervisor.binhu", "320211")  # 滨湖区 covers 胡埭镇
    assert urge_issue(actor=city.actor("supervisor.binhu"), number=overdue, message=ASK).pk


def test_another_department_neither_sees_nor_answers(city, overdue):
    urged = urge(city, overdue)
    for username in ("officer.xueyan", "officer.binhu"):
        other = city.actor(username)
        assert not urges_list(other).exists()
        with pytest.raises(NotFound):
            urge_answer(actor=other, urge_id=urged.pk, answer="不是我们的。")
    supervisor_of("supervisor.wujin", "320412")
    wujin = city.actor("supervisor.wujin")
    assert not urges_list(wujin).exists()
    with pytest.raises(NotFound):
        urge_close(actor=wujin, urge_id=urged.pk)
    with pytest.raises(PermissionDenied):  # a supervisor does not answer for the department
        urge_answer(actor=city.actor("supervisor"), urge_id=urged.pk, answer="代答。")
    assert CaseUrge.objects.get(pk=urged.pk).status == "open"


def test_an_answer_is_given_once_and_needs_words(city, overdue):
    urged = urge(city, overdue)
    officer = city.actor("officer.hudai")
    with pytest.raises(ValidationFailed):
        urge_answer(actor=officer, urge_id=urged.pk, answer="   ")
    urge_answer(actor=officer, urge_id=urged.pk, answer="已办结。")
    with pytest.raises(Conflict) as refused:
        urge_answer(actor=officer, urge_id=urged.pk, answer="再答一次。")
    assert refused.value.code == "invalid_transition"


def test_urges_past_their_answer_by_time(city, overdue):
    urged = urge(city, overdue)
    supervisor = city.actor("supervisor")
    assert list(urges_overdue(supervisor)) == []
    later = urged.reply_by + dt.timedelta(minutes=1)
    assert list(urges_overdue(supervisor, now=later)) == [urged]
    assert list(urges_overdue(city.actor("officer.hudai"), now=later)) == [urged]
    assert list(urges_overdue(city.actor("officer.xueyan"), now=later)) == []


# --- the API ------------------------------------------------------------------------------


def test_the_api_flow(api, overdue):
    supervisor, officer = api("supervisor"), api("officer.hudai")
    answer = supervisor.post(
        f"/api/cases/{overdue}/urges", {"message": ASK}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert answer["Location"] == f"/api/urges/{body['id']}"
    assert (body["case_number"], body["status"], body["case_state"]) == (
        overdue,
        "open",
        "overdue",
    )
    assert body["actions"] == ["close"] and body["overdue"] is False
    assert body["reply_by"].endswith("+08:00") or body["reply_by"].endswith("Z")
    retry = supervisor.post(
        f"/api/cases/{overdue}/urges", {"message": ASK}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert retry.status_code == 201 and retry.json()["id"] == body["id"]
    twice = supervisor.post(f"/api/cases/{overdue}/urges", {"message": ASK})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_urged"

    listed = officer.get("/api/urges", status="open").json()
    assert listed["count"] == 1 and listed["items"][0]["actions"] == ["answer"]
    assert officer.get(f"/api/cases/{overdue}/urges").json()[0]["id"] == body["id"]
    done = officer.post(f"/api/urges/{body['id']}/answer", {"answer": "已办结。"})
    assert done.status_code == 200 and done.json()["status"] == "answered"
    again = officer.post(f"/api/urges/{body['id']}/answer", {"answer": "已办结。"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"
    closed = supervisor.post(f"/api/urges/{body['id']}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    # the case's history names the steps; the applicant sees them without the words
    staff = supervisor.get(f"/api/cases/{overdue}").json()["history"]
    assert any(e["action"] == "case.urge" and ASK in e["note"] for e in staff)
    applicant = api("zhangwei").get(f"/api/cases/{overdue}").json()["history"]
    urged = [e for e in applicant if e["action"].startswith("case.urge")]
    assert len(urged) == 3 and all(e["note"] == "" for e in urged)


def test_the_api_refuses_with_4xx(api, city, overdue, submitted):
    supervisor = api("supervisor")
    not_late = supervisor.post(f"/api/cases/{submitted['number']}/urges", {"message": ASK})
    assert not_late.status_code == 409 and not_late.json()["error"]["code"] == "not_late"
    blank = supervisor.post(
        f"/api/cases/{overdue}/urges", {"message": "", "reply_by": "2000-01-01"}
    )
    assert blank.status_code == 422
    fields = {p["field"] for p in blank.json()["error"]["details"]["fields"]}
    assert fields == {"message", "reply_by"}
    assert supervisor.post(f"/api/cases/{overdue}/urges", {"message": 5}).status_code == 422
    assert supervisor.post(f"/api/cases/{overdue}/urges", []).status_code == 422
    officer = api("officer.hudai")
    assert officer.post(f"/api/cases/{overdue}/urges", {"message": ASK}).status_code == 403
    assert supervisor.get("/api/urges", overdue="true").json()["count"] == 0
    assert supervisor.get("/api/urges", status="nonsense").status_code == 422
    assert supervisor.get("/api/urges", colour="red").status_code == 422
    assert officer.get("/api/urges/99999999999999999999999").status_code == 422
    assert officer.post("/api/urges/9223372036854775807/answer", {"answer": "x"}).status_code == 404
    supervisor_of("supervisor.wujin", "320412")
    wujin = api("supervisor.wujin")
    assert wujin.post(f"/api/cases/{overdue}/urges", {"message": ASK}).status_code == 404
    urged = supervisor.post(f"/api/cases/{overdue}/urges", {"message": ASK}).json()
    assert wujin.get(f"/api/urges/{urged['id']}").status_code == 404
    assert wujin.get("/api/urges").json()["count"] == 0
    xueyan = api("officer.xueyan")
    assert xueyan.get(f"/api/urges/{urged['id']}").status_code == 404
    refused = xueyan.post(f"/api/urges/{urged['id']}/answer", {"answer": "x"})
    assert refused.status_code == 404
    assert api("zhangwei").get("/api/urges").json()["count"] == 0
