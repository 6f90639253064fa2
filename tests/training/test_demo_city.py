"""The demo city's talent training institute, as seed 000 counts it on the summer class's
first day (14 July 2025), on the public API: more than 21,000 applications, 2,718
selected, this summer's 750 (from 14 July, 750 places), 30 universities with a 学分互认
agreement (985 and overseas among them), 1,271 placed — every figure from the records,
moved by one more record; 魏同学 of 兰州大学 and 赵盛龙 of 悉尼大学 in the summer class; the
advisers' companies and 深存科技's first year; a few students who declined an offer, failed
a course or transferred their credits only in part, with transcripts that verify offline
with the public key alone; the next class open for applications now with applications in
every state, and ``student.new`` free to apply; nothing dated after the load; a second
load changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

from onething.core import clock
from onething.core.models import AuditEntry, NumberCounter, Role
from onething.core.signing import verify_key
from onething.demo import training as demo_training
from onething.demo.training import data
from onething.demo.training.live import next_class
from onething.demo.training.partners import ADVISED_2025, COMPANY
from onething.demo.training.universities import ENDED, LANZHOU, NO_AGREEMENT, SYDNEY
from onething.training.models import (
    Adviser,
    AdviserAssignment,
    Application,
    Cohort,
    CreditAgreement,
    Enrolment,
    Grade,
    JobApplication,
    Opening,
    Placement,
    Transcript,
    University,
    UniversityAccount,
)
from onething.training.rules.statuses import APPLICATION_STATUSES
from onething.training.rules.transcript_token import VALID, verify
from onething.training.services.tallies import cohort_count

pytestmark = pytest.mark.demo_city

FIGURES = "/api/training/figures"
SEED_DAY = "2025-07-14"


def figures(city, on: str = SEED_DAY) -> dict:
    cache.clear()  # the API keeps an answer a minute: this test's records, not another's
    answer = city.client().get(FIGURES, {"on": on})
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_the_seed_figures_on_the_public_api(city):
    found = figures(city)
    assert found["applications"] > data.APPLICATIONS_OVER  # 超2.1万
    assert found["applications"] < 22_000
    assert found["selected"] == data.SELECTED == 2718
    assert found["placed"] == data.PLACED == 1271
    assert found["universities"] == data.UNIVERSITIES == 30
    assert found["universities_985"] >= 5 and found["universities_overseas"] >= 3
    current = found["current_cohort"]
    assert current["code"] == "2025S" and current["starts_on"] == SEED_DAY
    assert current["enrolled"] == 750 and current["capacity"] == 750
    assert current["ends_on"] == "2025-09-13"  # two months
    assert {t["name"] for t in found["tracks"]} == {"AI芯片", "算法优化", "数字电路设计"}
    assert sum(t["enrolled"] for t in found["tracks"]) == 750
    assert sum(c["enrolled"] for c in found["cohorts"]) == 2718
    assert found["partner_companies"] >= 7 and found["advisers"] >= 5


def test_the_figures_come_from_the_records(city):
    before = figures(city)
    closed = Cohort.objects.get(code="2024S")
    cohort_count(cohort_id=closed.pk, applications=1)  # a closed cohort: its roll-up
    enrolment = Enrolment.objects.filter(cohort=closed).exclude(
        person_id__in=Placement.objects.values("person_id")
    )[0]
    Placement.objects.create(
        company=Placement.objects.first().company,
        person_id=enrolment.person_id,
        enrolment=enrolment,
        position="测试岗位",
        started_on=dt.date(2025, 7, 1),
        recorded_at=clock.now(),
    )
    CreditAgreement.objects.filter(university__name=SYDNEY).update(valid_from=dt.date(2025, 7, 15))
    after = figures(city)
    assert after["applications"] == before["applications"] + 1
    assert after["placed"] == before["placed"] + 1
    assert after["universities"] == 29 and after["universities_overseas"] == (
        before["universities_overseas"] - 1
    )


def test_the_roll_ups_equal_the_rows(city):
    counted = dict(
        Application.objects.values_list("cohort__code").annotate(n=Count("id")).order_by()
    )
    enrolled = dict(
        Enrolment.objects.values_list("cohort__code").annotate(n=Count("id")).order_by()
    )
    for cohort in Cohort.objects.all():
        assert cohort.applications_count == counted.get(cohort.code, 0), cohort.code
        assert cohort.enrolled_count == enrolled.get(cohort.code, 0), cohort.code
    summer = Cohort.objects.get(code="2025S")
    assert summer.capacity == summer.enrolled_count == 750
    assert not Enrolment.objects.filter(cohort=summer).exclude(enrolled_at__date=summer.starts_on)


def test_the_named_students_in_the_summer_class(city):
    wei = Enrolment.objects.select_related("application", "university").get(
        cohort__code="2025S", person=city.user(data.WEI).person
    )
    assert wei.university.name == LANZHOU and wei.university.is_985
    assert "材料与能源学院" in wei.application.major
    assert wei.application.account == city.user(data.WEI)
    zhao = Enrolment.objects.select_related("application", "university").get(
        cohort__code="2025S", person=city.user(data.ZHAO).person
    )
    assert zhao.university.name == SYDNEY and zhao.university.overseas
    assert zhao.application.major == "计算机科学与技术"
    assert zhao.application.degree == "master"
    assert city.user(data.ZHAO).person.name == "赵盛龙"
    lanzhou = CreditAgreement.objects.get(university__name=LANZHOU)
    assert "纳入选修体系" in lanzhou.elective_name
    assert lanzhou.courses.count() == 9  # every course, as electives


def test_the_universities(city):
    on = dt.date(2025, 7, 14)
    names = set(University.objects.values_list("name", flat=True))
    assert {LANZHOU, SYDNEY, ENDED, NO_AGREEMENT} <= names
    ended = CreditAgreement.objects.get(university__name=ENDED)
    assert ended.valid_until < on
    assert not CreditAgreement.objects.filter(university__name=NO_AGREEMENT).exists()
    assert Application.objects.filter(university__name=NO_AGREEMENT).exists()
    assert University.objects.filter(is_985=True).count() >= 5
    registrars = UniversityAccount.objects.select_related("user", "university")
    assert {(r.user.username, r.university.name) for r in registrars} >= {
        (data.REGISTRAR_LZU, LANZHOU),
        (data.REGISTRAR_SYDNEY, SYDNEY),
    }


def test_the_advisers_and_partners(city):
    summer = AdviserAssignment.objects.filter(cohort__code="2025S").select_related(
        "adviser__company__enterprise", "track"
    )
    companies = {a.adviser.company.enterprise.name for a in summer}
    assert {COMPANY[k].name for k in ADVISED_2025} == companies  # 中微爱芯, 华润上华, …
    adviser = Adviser.objects.get(account=city.user(data.ADVISER))
    assert adviser.company.enterprise.name == COMPANY["zwax"].name
    assert summer.filter(adviser=adviser, track__code="ai-chip").exists()
    newcomer = Adviser.objects.get(name="袁静丰")
    assert newcomer.company.joined_on.year == 2025 and newcomer.title == "创始人"
    assert not AdviserAssignment.objects.filter(adviser__company=newcomer.company).exclude(
        cohort__code="2025S"
    )
    placed = dict(
        Placement.objects.filter(started_on__lte=dt.date(2025, 7, 14))
        .values_list("company__enterprise__name")
        .annotate(n=Count("id"))
    )
    top = sorted(placed, key=placed.get, reverse=True)[:2]
    assert set(top) == {COMPANY["yaoming"].name, COMPANY["leadintelligent"].name}
    hr = city.user(data.HR)
    assert hr.enterprise.name == COMPANY["yaoming"].name and hr.role == Role.APPLICANT


def test_declined_failed_and_credits_transferred_in_part(city):
    history = Application.objects.filter(cohort__starts_on__lte=dt.date(2025, 7, 14))
    assert 10 <= history.filter(status="declined").count() < 200
    assert history.filter(status="expired").exists()
    failed = Grade.objects.filter(passed=False)
    assert failed.exists() and failed.count() < Grade.objects.count() * 0.05
    partial = []
    for transcript in Transcript.objects.annotate(lines_n=Count("lines")):
        passed = Grade.objects.filter(enrolment=transcript.enrolment, passed=True).count()
        assert 0 < transcript.lines_n <= passed
        if transcript.lines_n < passed:
            partial.append(transcript)
    assert partial  # a passed course the university's agreement does not count
    failed_students = set(failed.values_list("enrolment_id", flat=True))
    assert Transcript.objects.filter(enrolment_id__in=failed_students).exists()


def test_the_transcripts_verify_offline_with_the_public_key(city):
    keys = city.client().get("/api/training/transcript-keys").json()
    public = {k["kid"]: verify_key(k["public_key"]) for k in keys if not k["retired_at"]}
    transcripts = Transcript.objects.all()
    assert transcripts.count() >= 5
    for transcript in transcripts:
        verdict = verify(transcript.token, public)
        assert verdict.status == VALID
        assert verdict.claims.number == transcript.number
    if clock.today() > dt.date(2025, 9, 22):  # the summer class's, once it is over
        wei = Transcript.objects.get(enrolment__person=city.user(data.WEI).person)
        assert wei.university.name == LANZHOU and wei.lines.count() == 3
        zhao = Transcript.objects.get(enrolment__person=city.user(data.ZHAO).person)
        assert zhao.lines.count() == 2  # 悉尼大学 counts two of his three courses


def test_the_next_class_is_open_now_with_applications_in_every_state(city):
    now = clock.now()
    code, _name, starts, _ends = next_class(now)
    cohort = Cohort.objects.get(code=code)
    assert cohort.status == "open" and starts >= now.date() + dt.timedelta(days=45)
    assert cohort.applications_open_at <= now < cohort.applications_close_at
    states = set(cohort.applications.values_list("status", flat=True))
    assert states == set(APPLICATION_STATUSES)
    offered = cohort.applications.filter(status="offered")
    assert not offered.filter(offer_deadline__lte=now).exists()
    assert not Application.objects.filter(person=city.user(data.NEWCOMER).person).exists()
    answer = city.client().get(f"/api/training/cohorts/{code}")
    assert answer.status_code == 200
    opening = Opening.objects.filter(status="open", closes_on__gte=now.date())
    assert opening.filter(company__enterprise__name=COMPANY["yaoming"].name).exists()
    assert JobApplication.objects.filter(opening__in=opening).count() >= 3


def test_the_demo_accounts(city):
    for username, (role, scope, _name, _note) in data.ACCOUNTS.items():
        user = city.user(username)
        assert user.role == role
        if "department" in scope:
            assert user.department.code == data.DEPARTMENT
            assert user.department.institute.name == data.INSTITUTE


def test_numbers_follow_on_and_nothing_is_dated_after_the_load(city):
    now = clock.now()
    for year, top in (
        Application.objects.values_list("submitted_at__year").annotate(n=Max("number")).order_by()
    ):
        counter = NumberCounter.objects.get(key=data.APPLICATION_SERIES.format(year=year))
        assert counter.value >= int(top[6:]), year
    for code, top in Enrolment.objects.values_list("cohort__code").annotate(n=Max("number")):
        counter = NumberCounter.objects.get(key=data.ENROLMENT_SERIES.format(cohort=code))
        assert counter.value >= int(top[-4:]), code
    assert not Application.objects.filter(submitted_at__gt=now).exists()
    assert not Enrolment.objects.filter(enrolled_at__gt=now).exists()
    assert not Placement.objects.filter(started_on__gt=now.date()).exists()
    assert not Grade.objects.filter(entered_at__gt=now).exists()


def test_a_second_load_changes_nothing(city):
    def counts():
        return [
            m.objects.count()
            for m in (Application, Enrolment, Grade, Placement, Transcript, Opening, AuditEntry)
        ]

    before = counts()
    log = io.StringIO()
    for layer in ("setup", "load_history", "live"):
        with transaction.atomic():
            getattr(demo_training, layer)(lambda line: log.write(line + "\n"))
    assert counts() == before
    assert "made already" in log.getvalue()
