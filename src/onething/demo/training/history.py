"""The cohorts of 2021 to the 2025 summer class, as of its first day (14 July 2025): every
application with its steps and interviews, the selection (``selection``), the students
enrolled in each cohort (2,718 in all, this summer's 750 among them, 魏同学 of 兰州大学 and
赵盛龙 of 悉尼大学 too) — written in bulk (``citymgmt.writes.insert_rows``: 21,000-odd
applications, 79,000 steps, 24,000 interviews), one audit entry for the load. The cohorts'
roll-ups (applications, enrolled) are counted again from the rows (``cohort_recount``),
and the number series are advanced past the numbers given out, so the services' next
numbers follow on."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

from onething.core.bulk import checks_deferred, reserve_ids
from onething.core.permissions import SYSTEM
from onething.core.services.audit import audit_record
from onething.core.services.numbering import next_in_sequence
from onething.training.models import Application, ApplicationStep, Enrolment, Interview
from onething.training.services.tallies import cohort_recount

from ..timeline import at
from . import data
from .catalogue import Catalogue, taught
from .selection import Applicant, Planned, plan_cohort
from .students import register_students
from .universities import UNIVERSITIES
from .writes import insert

SEED = 20210712  # the first cohort's first day
STATEMENTS = {
    "ai-chip": "希望系统学习AI芯片设计流程，参与企业真实项目。",
    "algorithms": "希望在产业场景中提升算法优化与工程落地能力。",
    "circuits": "希望掌握数字电路前端设计与验证，了解集成电路产业链。",
}
APPLICATION_COLUMNS = (
    "id",
    "number",
    "cohort_id",
    "person_id",
    "account_id",
    "university_id",
    "major",
    "degree",
    "graduation_year",
    "first_track_id",
    "second_track_id",
    "statement",
    "status",
    "submitted_at",
    "screened_at",
    "screening_note",
    "score",
    "track_id",
    "wait_rank",
    "offered_at",
    "offer_deadline",
    "answered_at",
    "request_key",
)
ENROLMENT_COLUMNS = (
    "id",
    "number",
    "application_id",
    "cohort_id",
    "track_id",
    "person_id",
    "university_id",
    "status",
    "enrolled_at",
    "ended_at",
)


def _weights(cat: Catalogue, plan: data.CohortPlan) -> dict[str, float]:
    """Where the applicants study: a university with an agreement valid then, twice as
    likely."""
    found = {}
    for u in UNIVERSITIES:
        valid = cat.counted(cat.universities[u.name].pk, plan.starts_on)
        found[u.name] = u.weight * (2.0 if valid else 1.0)
    return found


def _name_students(cohort: list[Planned], applicants: list[Applicant], cat: Catalogue) -> None:
    """魏同学 and 赵盛龙 among this summer's students: two accepted applications of people
    applying for the first time become theirs."""
    for username, (university, major, degree, year, track) in data.NAMED_STUDENTS.items():
        app = next(
            a
            for a in cohort
            if a.enrolled
            and a.first_track == track
            and applicants[a.person].account is None
            and applicants[a.person].first_applied == a.submitted_at
        )
        applicants[app.person] = Applicant(
            university, major, degree, year, app.submitted_at, username
        )
        action, status, when, _who, note = app.steps[0]
        app.steps[0] = (action, status, when, username, note)


def plan_history(
    cat: Catalogue, plans: list[data.CohortPlan]
) -> tuple[list[Applicant], dict[str, list[Planned]]]:
    rng = random.Random(SEED)
    applicants: list[Applicant] = []
    again: list[int] = []
    planned = {}
    for plan in plans:
        planned[plan.code] = plan_cohort(
            rng, plan, taught(plan.code), _weights(cat, plan), applicants, again
        )
    _name_students(planned[data.CURRENT], applicants, cat)
    return applicants, planned


def _people(applicants: list[Applicant], cat: Catalogue) -> list[int]:
    """The applicants' person ids: the named students' accounts' people, the others
    registered now in bulk."""
    rng = random.Random(SEED + 1)
    new = [n for n, a in enumerate(applicants) if a.account is None]
    ids = register_students(rng, [applicants[n].first_applied for n in new], data.DISTRICT)
    people = [0] * len(applicants)
    for n, pk in zip(new, ids, strict=True):
        people[n] = pk
    for n, a in enumerate(applicants):
        if a.account is not None:
            people[n] = cat.users[a.account].person_id
    return people


def load_applications(
    log: Callable[[str], None], cat: Catalogue, plans: list[data.CohortPlan] | None = None
) -> dict[str, list]:
    """The applications and enrolments of every cohort up to the summer of 2025 (made
    once); the enrolments per cohort: (enrolment id, person id, track code, university).
    ``plans``: the cohorts' plans (default the seed's; the benchmark draws more
    applications to the same cohorts)."""
    plans = plans or data.COHORTS
    cohorts = list(cat.cohorts.values())
    if Application.objects.filter(cohort__in=cohorts).exists():
        log("training: the cohorts' applications made already")
        return enrolled_by_cohort(cat)
    applicants, planned = plan_history(cat, plans)
    people = _people(applicants, cat)
    users = {name: u.pk for name, u in cat.users.items()}
    years: Counter[int] = Counter()
    rows, interviews, steps, accepted = [], [], [], {}
    ids = iter(reserve_ids(Application, sum(len(p) for p in planned.values())))
    for plan in plans:
        cohort = cat.cohorts[plan.code]
        accepted[plan.code] = []
        for app, pk in zip(planned[plan.code], ids, strict=False):
            year = app.submitted_at.year
            years[year] += 1
            person = applicants[app.person]
            track = cat.tracks[app.first_track]
            rows.append(
                (
                    pk,
                    f"SX{year}{years[year]:06d}",
                    cohort.pk,
                    people[app.person],
                    users.get(person.account or ""),
                    cat.universities[person.university].pk,
                    person.major,
                    person.degree,
                    person.graduation_year,
                    track.pk,
                    cat.tracks[app.second_track].pk if app.second_track else None,
                    STATEMENTS[app.first_track],
                    app.status,
                    app.submitted_at,
                    app.screened_at,
                    app.screening_note,
                    app.score,
                    cat.tracks[app.track].pk if app.track else None,
                    None,
                    app.offered_at,
                    app.offer_deadline,
                    app.answered_at,
                    "",
                )
            )
            interviews += [(pk, users[who], score, "", held) for who, score, held in app.interviews]
            steps += [
                (pk, action, status, users.get(who or ""), note, when)
                for action, status, when, who, note in app.steps
            ]
            if app.enrolled:
                accepted[plan.code].append((pk, app, person))
    enrolments = _enrolments(accepted, people, cat)
    with checks_deferred([Application, Interview, ApplicationStep, Enrolment]):
        insert(Application, APPLICATION_COLUMNS, rows)
        insert(
            Interview, ("application_id", "interviewer_id", "score", "note", "held_at"), interviews
        )
        insert(
            ApplicationStep, ("application_id", "action", "status", "actor_id", "note", "at"), steps
        )
        insert(Enrolment, ENROLMENT_COLUMNS, enrolments)
    for plan in data.COHORTS:
        cohort_recount(cat.cohorts[plan.code])
        next_in_sequence(data.ENROLMENT_SERIES.format(cohort=plan.code), plan.capacity)
    for year, n in years.items():
        next_in_sequence(data.APPLICATION_SERIES.format(year=year), n)
    counts = {
        "applications": len(rows),
        "steps": len(steps),
        "interviews": len(interviews),
        "enrolments": len(enrolments),
        "people": len([a for a in applicants if a.account is None]),
    }
    audit_record(
        actor=SYSTEM, action="training.demo.applications_load", subject=cat.institute, after=counts
    )
    log(
        f"training: {counts['applications']} applications to {len(plans)} cohorts, "
        f"{counts['enrolments']} enrolled, {counts['people']} students registered"
    )
    return enrolled_by_cohort(cat)


def _enrolments(
    accepted: dict[str, list[tuple[int, Planned, Applicant]]], people: list[int], cat: Catalogue
) -> list[tuple]:
    """The accepted applications enrolled on each class's first day, numbered by track and
    rank (XY + cohort code + 4 digits)."""
    order = list(data.TRACKS)
    ids = iter(reserve_ids(Enrolment, sum(len(a) for a in accepted.values())))
    rows = []
    for plan in data.COHORTS:
        rows += _enrolled(plan, accepted[plan.code], ids, order, people, cat)
    return rows


def _enrolled(plan, accepted, ids, order, people, cat) -> list[tuple]:
    accepted.sort(key=lambda x: (order.index(x[1].track), -x[1].score, x[0]))
    finished = plan.code != data.CURRENT
    cohort = cat.cohorts[plan.code]
    rows = []
    for n, (application, app, person) in enumerate(accepted, 1):
        enrolled = at(plan.starts_on, 9) + dt.timedelta(seconds=n)
        rows.append(
            (
                next(ids),
                f"XY{plan.code}{n:04d}",
                application,
                cohort.pk,
                cat.tracks[app.track].pk,
                people[app.person],
                cat.universities[person.university].pk,
                "completed" if finished else "enrolled",
                enrolled,
                at(plan.ends_on, 17) if finished else None,
            )
        )
    return rows


def enrolled_by_cohort(cat: Catalogue) -> dict[str, list]:
    tracks = {t.pk: code for code, t in cat.tracks.items()}
    found: dict[str, list] = {code: [] for code in cat.cohorts}
    codes = {c.pk: code for code, c in cat.cohorts.items()}
    rows = Enrolment.objects.filter(cohort__in=list(cat.cohorts.values())).values_list(
        "pk", "cohort_id", "person_id", "track_id", "university_id"
    )
    for pk, cohort, person, track, university in rows.order_by("number"):
        found[codes[cohort]].append((pk, person, tracks[track], university))
    return found
