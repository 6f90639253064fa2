"""The placements (输送) up to the seed's day: 1,271 students of the finished cohorts placed
with the partner companies (药明合联 and 先导智能 the most), each through the company's
opening of that year — a job application hired — a few weeks to a few months after their
class; other students' applications to the same openings not successful, declined or
withdrawn; some placements of more than a year ago ended. Written in bulk, one audit entry."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable

from onething.core.bulk import reserve_ids
from onething.core.permissions import SYSTEM
from onething.core.services.audit import audit_record
from onething.core.services.numbering import next_in_sequence
from onething.training.models import JobApplication, Opening, Placement

from ..timeline import at
from . import data
from .catalogue import Catalogue
from .partners import COMPANIES, COMPANY
from .writes import insert

SEED = 20250715
OTHERS_SHARE = 0.35  # other students' applications, per placement
OPENING_COLUMNS = (
    "id",
    "number",
    "company_id",
    "title",
    "track_id",
    "city",
    "positions",
    "description",
    "opens_on",
    "closes_on",
    "status",
    "created_by_id",
    "request_key",
)
JOB_COLUMNS = (
    "id",
    "opening_id",
    "person_id",
    "enrolment_id",
    "status",
    "applied_at",
    "interview_at",
    "note",
    "request_key",
)
PLACEMENT_COLUMNS = (
    "company_id",
    "person_id",
    "enrolment_id",
    "application_id",
    "position",
    "started_on",
    "ended_on",
    "recorded_at",
)


def _start(rng: random.Random, ended: dt.date) -> dt.date:
    """When a student of a class that ended on ``ended`` starts with a company: within
    five months, and before the seed's day."""
    latest = data.SEED_DAY - dt.timedelta(days=4)
    first = ended + dt.timedelta(days=12)
    span = min((latest - first).days, 150)
    return first + dt.timedelta(days=rng.randrange(max(span, 1)))


def plan_placements(rng: random.Random, enrolled: dict[str, list]) -> list[tuple]:
    """``PLACED`` of the finished cohorts' students: (company key, student, start, track)."""
    students = [
        (s, plan.ends_on)
        for plan in data.COHORTS
        if plan.code != data.CURRENT
        for s in enrolled[plan.code]
    ]
    chosen = rng.sample(students, data.PLACED)
    chosen.sort(key=lambda x: x[0][0])
    placed = []
    for student, ended in chosen:
        start = _start(rng, ended)
        companies = [c for c in COMPANIES if c.joined_on <= start]
        company = rng.choices(companies, [c.weight for c in companies])[0]
        placed.append((company.key, student, start, student[2]))
    return placed


def load_placements(log: Callable[[str], None], cat: Catalogue, enrolled: dict) -> None:
    companies = list(cat.companies.values())
    if Placement.objects.filter(company__in=companies).exists():
        log("training: the placements made already")
        return
    rng = random.Random(SEED)
    placed = plan_placements(rng, enrolled)
    by_opening: dict[tuple[str, int], list] = defaultdict(list)
    for p in placed:
        by_opening[(p[0], p[2].year)].append(p)
    keys = sorted(by_opening, key=lambda k: (k[1], k[0]))
    opening_ids = dict(zip(keys, reserve_ids(Opening, len(keys)), strict=True))
    years: Counter[int] = Counter()
    openings, jobs, placements = [], [], []
    placed_people = {p[1][1] for p in placed}
    pool = [s for code, listed in enrolled.items() if code != data.CURRENT for s in listed]
    pool = [s for s in pool if s[1] not in placed_people]
    job_ids = iter(reserve_ids(JobApplication, len(placed) * 2))
    for key in keys:
        company_key, year = key
        company, rows = COMPANY[company_key], by_opening[key]
        years[year] += 1
        opened = min(p[2] for p in rows) - dt.timedelta(days=40)
        closed = max(p[2] for p in rows) - dt.timedelta(days=10)
        creator = data.HR if company_key == "yaoming" else data.STAFF
        openings.append(
            (
                opening_ids[key],
                f"GW{year}{years[year]:05d}",
                cat.companies[company_key].pk,
                f"{year}年{company.positions[0]}等岗位（实训学员专场）",
                None,
                "无锡",
                len(rows) + rng.randint(2, 10),
                f"面向实训学院结业学员，岗位：{'、'.join(company.positions)}。",
                opened,
                max(closed, opened + dt.timedelta(days=1)),
                "closed",
                cat.users[creator].pk,
                "",
            )
        )
        for _company, (enrolment, person, _t, _u), start, _track in rows:
            job = next(job_ids)
            applied = at(max(start - dt.timedelta(days=25), opened), 10)
            jobs.append(
                (
                    job,
                    opening_ids[key],
                    person,
                    enrolment,
                    "hired",
                    applied,
                    applied + dt.timedelta(days=7),
                    "",
                    "",
                )
            )
            ended = None
            if (data.SEED_DAY - start).days > 365 and rng.random() < data.PLACEMENT_ENDED_SHARE:
                ended = start + dt.timedelta(days=rng.randint(180, 360))
            placements.append(
                (
                    cat.companies[company_key].pk,
                    person,
                    enrolment,
                    job,
                    rng.choice(company.positions),
                    start,
                    ended,
                    at(start, 10),
                )
            )
        for enrolment, person, _t, _u in rng.sample(pool, int(len(rows) * OTHERS_SHARE)):
            status = rng.choices(("rejected", "declined", "withdrawn"), (0.7, 0.2, 0.1))[0]
            applied = at(opened + dt.timedelta(days=rng.randrange(20)), 11)
            jobs.append(
                (next(job_ids), opening_ids[key], person, enrolment, status, applied, None, "", "")
            )
    insert(Opening, OPENING_COLUMNS, openings)
    insert(JobApplication, JOB_COLUMNS, jobs)
    insert(Placement, PLACEMENT_COLUMNS, placements)
    for year, n in years.items():
        next_in_sequence(data.OPENING_SERIES.format(year=year), n)
    counts = {
        "openings": len(openings),
        "job_applications": len(jobs),
        "placements": len(placements),
    }
    audit_record(
        actor=SYSTEM, action="training.demo.placements_load", subject=cat.institute, after=counts
    )
    by_company = Counter(p[0] for p in placed)
    log(
        f"training: {len(placements)} placements ({by_company['yaoming']} with 药明合联, "
        f"{by_company['leadintelligent']} with 先导智能), {len(openings)} openings"
    )
