"""The city-scale generator (``python -m onething generate``): its pure parts (the
working-day table, the drawn lives), and a small run on the demo city on SQLite and
PostgreSQL — counts, constraints, statuses, roll-ups equal to a recount, a second run."""

import datetime as dt
import io
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from onething.cases.generate import plan
from onething.cases.generate.plan import SHANGHAI, Choice, Shape, SubmissionDays, live
from onething.cases.models import Case, CaseStatus, Evaluation, Rectification
from onething.cases.services.lifecycle import case_accept, case_conclude
from onething.cases.services.tallies import tallies_differences
from onething.core import clock
from onething.core.models import Person
from onething.core.permissions import SYSTEM
from onething.core.workdays import OfficialCalendar, WorkdayTable

# --- pure ---------------------------------------------------------------------------------


CHOICE = Choice(
    1, 2, 3, instant=False, promised_days=5, online=True, at_window=True, audience="person"
)
INSTANT = Choice(
    4, 2, 3, instant=True, promised_days=0, online=True, at_window=True, audience="both"
)


def test_each_life_is_a_possible_case_by_now():
    now = dt.datetime(2025, 11, 20, 15, 0, tzinfo=SHANGHAI)
    table = WorkdayTable(dt.date(2023, 10, 1), dt.date(2026, 6, 30), OfficialCalendar())
    days = SubmissionDays(now.date(), 24, table)
    rng = random.Random(11)
    statuses = Counter()
    for k in range(20000):
        choice = INSTANT if k % 3 == 0 else CHOICE
        channel = plan.channel_of(rng, choice, Shape())
        life = live(rng, choice, channel, days.draw(rng, channel), now, table, Shape())
        statuses[life.status] += 1
        assert dt.datetime(2023, 11, 1, tzinfo=SHANGHAI) <= life.submitted_at < now
        if channel == "window":
            assert table.is_workday(life.submitted_at.date())
        if life.status == "concluded":
            assert life.outcome in ("approved", "denied")
            assert life.submitted_at <= life.accepted_at <= life.concluded_at <= now
            assert life.working_days_taken is not None and life.due_date is not None
        else:
            assert life.outcome == "" and life.concluded_at is None and life.rating is None
        if life.status in ("accepted", "correction_requested", "concluded"):
            assert life.due_date >= life.accepted_at.date()
        if life.status == "correction_requested":
            assert life.paused_since is not None and life.correction_reason
        if life.status == "declined":
            assert life.declined_reason and life.accepted_at is None
        if life.delivery == "post":
            assert channel == "online"
        if life.rated_at is not None:
            assert life.concluded_at < life.rated_at <= now
            assert (life.rectification_due is not None) == (life.rating < 3)
    assert statuses["concluded"] > 0.9 * sum(statuses.values())
    assert all(statuses[s] for s in ("submitted", "accepted", "declined", "withdrawn"))


def test_the_seasons_show_in_the_months():
    table = WorkdayTable(dt.date(2023, 10, 1), dt.date(2026, 6, 30), OfficialCalendar())
    days = SubmissionDays(dt.date(2025, 12, 31), 24, table)
    rng = random.Random(5)
    months = Counter(days.draw(rng, "online").month for _ in range(50000))
    assert months[2] < 0.75 * months[3]  # Spring Festival, then the busy March


# --- the command on the demo city ---------------------------------------------------------


def _generate(*args) -> str:
    out = io.StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_a_bad_number_of_cases_is_a_clear_error(city, value):
    with pytest.raises(CommandError, match="--cases"):
        _generate("--cases", value)
    assert not Case.objects.filter(number__startswith="GN").exists()


def test_without_the_demo_base_it_says_what_to_run(city, monkeypatch):
    from onething.cases.generate import run

    def missing():
        raise run.NoDemoBase("regions")

    monkeypatch.setattr(run, "check_base", missing)
    with pytest.raises(CommandError, match="python -m onething demo"):
        _generate("--cases", "10")


def test_a_small_run_on_the_demo_city(city):
    people = Person.objects.count()
    out = _generate("--cases", "2000", "--seed", "7", "--months", "3", "--applicants", "60")
    assert "2,000 cases" in out
    generated = Case.objects.filter(number__startswith="GN")
    assert generated.count() == 2000
    assert Person.objects.count() == people + 60
    assert generated.values("applicant").distinct().count() <= 60
    statuses = Counter(generated.values_list("status", flat=True))
    assert statuses[CaseStatus.CONCLUDED] > 1500
    open_ = sum(statuses[s] for s in ("submitted", "accepted", "correction_requested"))
    assert open_ > 0 and statuses[CaseStatus.DECLINED] > 0
    # the check constraints and the lifecycle's order
    assert not generated.filter(status="concluded", outcome="").exists()
    assert not generated.filter(delivery="post", delivery_address="").exists()
    assert not generated.filter(status="concluded", concluded_at__lt=F("accepted_at")).exists()
    assert not generated.filter(status="accepted", due_date__isnull=True).exists()
    first = (clock.today().replace(day=1) - dt.timedelta(days=62)).replace(day=1)
    assert not generated.filter(submitted_at__date__lt=first).exists()
    concluded = generated.filter(status="concluded")
    on_time = concluded.filter(concluded_at__date__lte=F("due_date")).count()
    assert 0.8 < on_time / concluded.count() < 1
    assert generated.filter(channel="online").count() > generated.filter(channel="window").count()
    ratings = Evaluation.objects.filter(case__number__startswith="GN")
    assert ratings.count() > 300
    assert not ratings.exclude(case__status="concluded").exists()
    assert not ratings.filter(rated_at__lt=F("case__concluded_at")).exists()
    bad = ratings.filter(rating__lt=3).count()
    assert Rectification.objects.filter(case__number__startswith="GN").count() == bad
    assert tallies_differences() == []

    # a second run adds more, under other numbers, with the same people
    _generate("--cases", "500", "--seed", "7", "--months", "3", "--applicants", "60")
    assert generated.count() == 2500
    assert Person.objects.count() == people + 60
    assert tallies_differences() == []

    # and a generated case moved on through the services keeps the roll-ups right
    case = (
        generated.filter(status="submitted").first() or generated.filter(status="accepted").first()
    )
    if case.status == "submitted":
        case_accept(actor=SYSTEM, number=case.number)
    case_conclude(actor=SYSTEM, number=case.number, outcome="denied", reason="材料不符。")
    assert Case.objects.get(pk=case.pk).status == "concluded"
    assert tallies_differences() == []
