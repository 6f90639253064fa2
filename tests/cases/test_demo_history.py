"""The demo city's case history: the first half of 2025, made through the cases app's
services as of each step's time, mostly online and rated, a few late, declined, withdrawn
or denied, every case closed; and the live month before the demo's today, whose latest
cases stand open; every case with its audit trail, the roll-ups agreeing, and a second
load making nothing."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from onething.cases.models import Case, Evaluation, Licence, Material, Rectification
from onething.cases.rules import warning_horizon
from onething.cases.selectors.tallies import case_totals, figure_filter, open_deadlines
from onething.cases.services.tallies import tallies_differences
from onething.core import clock
from onething.core.models import AuditEntry, IdempotencyRecord, Person, User
from onething.core.workdays import OfficialCalendar
from onething.demo.cases.history import (
    FIXED_END,
    KEY_PREFIX,
    LIVE_PREFIX,
    SEED,
    history_cases,
    load_fixed,
    load_live,
    plan_fixed,
    plan_live,
)
from onething.demo.cases.history.plan import BIRTH_COUNTIES, PER_TOWN, TOWNS, residents
from onething.demo.timeline import H1_2025, LIVE_DAYS

pytestmark = pytest.mark.demo_city


def _local_day(moment):
    return timezone.localdate(moment)


def _cases():
    return history_cases().select_related("item", "submitted_by", "center", "department")


def plan_cases():
    return plan_fixed()


def test_the_plan_is_deterministic_and_keeps_its_shape(city):
    one, two = plan_cases(), plan_cases()
    assert [(s.key, s.item, s.channel, s.resident, s.events) for s in one] == [
        (s.key, s.item, s.channel, s.resident, s.events) for s in two
    ]
    assert 180 <= len(one) <= 220
    assert len({s.key for s in one}) == len(one) and all(s.key.startswith(KEY_PREFIX) for s in one)
    for spec in one:
        times = [at for at, _step in spec.events]
        assert times == sorted(times), spec.key
        assert H1_2025[0] <= times[0].date() <= H1_2025[1]
    people = residents(SEED)
    assert len(people) == PER_TOWN * len(TOWNS)
    assert len({p.id_number for p in people}) == len(people)
    assert {p.id_number[:6] for p in people} <= set(BIRTH_COUNTIES)


def test_every_planned_case_was_made_by_its_applicant_or_a_window(city):
    specs = {s.key: s for s in plan_cases()}
    records = IdempotencyRecord.objects.filter(key__startswith=KEY_PREFIX)
    assert sorted(records.values_list("key", flat=True)) == sorted(specs)
    cases = list(_cases())
    assert len(cases) == len(specs)
    usernames = {p.username for p in residents(SEED)}
    registered = set(
        User.objects.filter(username__startswith="citizen.").values_list("username", flat=True)
    )
    assert registered <= usernames and len(registered) > 0.6 * len(usernames)
    for case in cases:
        if case.channel == "online":
            assert case.submitted_by.username in usernames
        else:
            assert case.submitted_by.role == "clerk"
            assert case.center_id == case.submitted_by.service_center_id
    # submitted in the first half of 2025, every one closed
    assert max(c.submitted_at for c in cases) <= FIXED_END
    assert min(_local_day(c.submitted_at) for c in cases) >= H1_2025[0]
    assert not [c for c in cases if c.status in ("submitted", "accepted", "correction_requested")]


def test_mostly_online_without_a_visit_on_time_and_rated(city):
    cases = list(_cases())
    channels = Counter(c.channel for c in cases)
    assert channels["online"] / len(cases) > 0.8 and channels["window"] > 10
    no_visit = [c for c in cases if c.channel == "online" and c.delivery != "window"]
    assert len(no_visit) / len(cases) > 0.75
    statuses = Counter(c.status for c in cases)
    assert statuses["concluded"] / len(cases) > 0.9
    assert statuses["declined"] + statuses["withdrawn"] > 0
    concluded = [c for c in cases if c.status == "concluded"]
    outcomes = Counter(c.outcome for c in concluded)
    assert 0 < outcomes["denied"] < 0.06 * len(concluded)
    late = [c for c in concluded if _local_day(c.concluded_at) > c.due_date]
    assert 0 < len(late) < 0.08 * len(concluded)
    # every approved case has its licence; the results not electronic were handed over
    approved = [c for c in concluded if c.outcome == "approved"]
    assert Licence.objects.filter(case__in=approved).count() == len(approved)
    to_hand = [c for c in approved if c.delivery in ("window", "post")]
    assert to_hand and all(c.handed_over_at is not None for c in to_hand)
    assert all(c.tracking_number for c in to_hand if c.delivery == "post")
    # the corrections paused the clock
    assert sum(1 for c in cases if c.paused_days > 0) >= 3


def test_six_in_ten_rate_mostly_satisfied_and_low_ratings_are_rectified(city):
    concluded = history_cases().filter(status="concluded")
    ratings = Evaluation.objects.filter(case__in=concluded)
    assert 0.5 < ratings.count() / concluded.count() < 0.7
    levels = Counter(ratings.values_list("rating", flat=True))
    assert (levels[4] + levels[5]) / ratings.count() > 0.8 and levels[1] + levels[2] >= 3
    # each rating by the applicant's own account, after the conclusion
    for evaluation in ratings.select_related("case", "rated_by")[:100]:
        assert evaluation.rated_by.person_id == evaluation.case.applicant_id
        assert evaluation.rated_at > evaluation.case.concluded_at
    rectifications = Rectification.objects.filter(case__in=concluded)
    assert rectifications.count() == levels[1] + levels[2]
    closed = rectifications.filter(status="closed").select_related("closed_by")
    assert closed.exists()
    assert {r.closed_by.username for r in closed} == {"supervisor"}
    assert all(r.follow_up_at <= r.closed_at for r in closed)


def test_the_live_months_latest_cases_stand_open(city):
    today = clock.today()
    horizon = warning_horizon(today, OfficialCalendar())
    live = history_cases(LIVE_PREFIX)
    assert 30 <= live.count() <= 45
    assert all(
        today - dt.timedelta(days=LIVE_DAYS + 1) <= _local_day(c.submitted_at) <= today
        for c in live
    )
    open_cases = live.filter(status__in=("submitted", "accepted", "correction_requested"))
    statuses = Counter(open_cases.values_list("status", flat=True))
    assert statuses["correction_requested"] >= 3
    running = open_cases.filter(status="accepted")
    assert running.filter(due_date__lt=today).count() >= 4  # overdue
    assert running.filter(due_date__gte=today, due_date__lte=horizon).count() >= 2  # warning
    # the supervision figures of that day see them
    by_department = open_deadlines(figure_filter(), today=today)
    assert sum(r["overdue"] for r in by_department) >= 4
    assert sum(r["warning"] for r in by_department) >= 2
    # the demo's own late 社会保障卡 application stays the only one of its item running
    assert not running.filter(item__code="320200-SB-004").exists()


@pytest.mark.parametrize(
    "today",
    [
        dt.date(2026, 12, 5),  # a Saturday
        dt.date(2026, 12, 6),  # a Sunday
        dt.date(2026, 10, 3),  # within the National Day holiday
        dt.date(2026, 12, 9),  # a Wednesday
    ],
)
def test_cases_held_in_warning_fall_due_from_the_day_to_its_horizon(city, today):
    from onething.demo.cases.history import item_facts
    from onething.demo.cases.history.plan import Clock

    cal = OfficialCalendar()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(16, 0)))
    items, clock = item_facts(), Clock(cal)
    held = [s for s in plan_live(now) if s.open_at == "conclude"]
    due = [clock.due(s.when("accept").date(), items[s.item].promised_days, 0) for s in held]
    horizon = warning_horizon(today, cal)
    assert sum(today <= d <= horizon for d in due) >= 2
    assert sum(d < today for d in due) >= 4


def test_every_case_has_its_audit_trail_as_of_each_step(city):
    cases = {str(c.pk): c for c in [*history_cases(), *history_cases(LIVE_PREFIX)]}
    trail = defaultdict(dict)
    entries = AuditEntry.objects.filter(subject_type="cases.case", subject_id__in=list(cases))
    for subject_id, action, at in entries.values_list("subject_id", "action", "at"):
        trail[subject_id].setdefault(action, at)
    rated = set(
        Evaluation.objects.filter(case__in=cases.values()).values_list("case_id", flat=True)
    )
    for pk, case in cases.items():
        actions = trail[pk]
        assert actions.get("case.submit") == case.submitted_at, case.number
        expected = {
            "concluded": {"case.accept", "case.conclude"},
            "accepted": {"case.accept"},
            "correction_requested": {"case.accept", "case.request_correction"},
            "declined": {"case.decline"},
            "withdrawn": {"case.withdraw"},
            "submitted": set(),
        }[case.status]
        assert expected <= set(actions), (case.number, sorted(actions))
        if case.accepted_at:
            assert actions["case.accept"] == case.accepted_at
        if case.concluded_at:
            assert actions["case.conclude"] == case.concluded_at
        if case.handed_over_at:
            assert actions["case.hand_over"] == case.handed_over_at
        assert ("evaluation.submit" in actions) == (case.pk in rated)
        assert max(actions.values()) <= clock.now()  # nothing in the future
    # the uploads went through the upload service, each with its own audit entry
    uploads = Material.objects.filter(case__in=cases.values())
    assert uploads.count() >= len(cases)
    assert (
        AuditEntry.objects.filter(
            action="material.upload",
            subject_id__in=[str(m) for m in uploads.values_list("pk", flat=True)],
        ).count()
        == uploads.count()
    )


def test_the_roll_ups_agree_with_the_cases(city):
    assert tallies_differences() == []
    # the months of the history: its cases with the cross-region ones
    totals = case_totals(figure_filter(date_from=H1_2025[0], date_to=H1_2025[1]))
    mine = history_cases()
    assert totals["cases"] >= mine.count() > 180
    assert totals["ratings"] >= Evaluation.objects.filter(case__in=mine).count() > 90
    assert totals["online"] >= mine.filter(channel="online").count()


def test_a_second_load_makes_nothing(city):
    models = (Case, Evaluation, Rectification, Material, Person, User, AuditEntry)
    before = {m.__name__: m.objects.count() for m in models}
    lines = []
    load_fixed(lines.append)
    load_live(lines.append)
    assert {m.__name__: m.objects.count() for m in models} == before
    assert lines == [
        f"case history (2025 H1): 0 new cases (0 steps), {len(plan_cases())} already there",
        "live cases: made before",
    ]


def test_a_live_month_planned_for_any_day_is_possible(city):
    """The live plan for days across the year (the eve of the Spring Festival, New Year's
    Eve, a day of a year with no schedule): every case in the window, in time order."""
    for day in (dt.date(2026, 2, 16), dt.date(2026, 12, 31), dt.date(2031, 3, 3)):
        now = dt.datetime.combine(day, dt.time(10), FIXED_END.tzinfo)
        specs = plan_live(now)
        assert specs and all(s.key.startswith(LIVE_PREFIX) for s in specs)
        for spec in specs:
            taken = spec.taken(now)
            assert [at for at, _ in taken] == sorted(at for at, _ in taken)
            assert all(at <= now for at, _ in taken)
