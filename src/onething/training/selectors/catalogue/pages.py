"""What the institute's public pages show, as plain data kept with the reference data
(``core.refdata``: every catalogue write bumps it): the institute's home (its programme,
the current cohort with its tracks, courses and advisers, the partner companies with
their advisers — one joining for the first time marked so —, the partner universities
with their 985 and overseas marks) and a cohort's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onething.core import clock, refdata
from onething.core.permissions import ANONYMOUS

from ...models import Cohort, PartnerCompany
from ...rules.applications import applications_open
from ...rules.statuses import ASSESSMENT_LABELS, COHORT_STATUS_LABELS, label
from .records import (
    cohort_get,
    current_cohort,
    institute_main,
    partner_universities,
    partners_list,
    programmes_list,
)


def _course(course) -> dict[str, Any]:
    return {
        "code": course.code,
        "name": course.name,
        "hours": course.hours,
        "credits": course.credits,
        "assessment": label(ASSESSMENT_LABELS, course.assessment),
        "pass_mark": course.pass_mark,
    }


def _track(track, advisers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    courses = [_course(c) for c in track.courses.all()]
    return {
        "code": track.code,
        "name": track.name,
        "description": track.description,
        "courses": courses,
        "hours": sum(c["hours"] for c in courses),
        "credits": sum((c["credits"] for c in courses), start=0),
        "advisers": advisers or [],
    }


def taking_applications(summary: dict[str, Any]) -> bool:
    """Whether the cohort (its summary) takes applications at this moment."""
    return applications_open(
        summary["status"],
        summary["applications_open_at"],
        summary["applications_close_at"],
        clock.now(),
    )


def cohort_summary(cohort: Cohort) -> dict[str, Any]:
    """A cohort's facts as the pages show them (``taking_applications``: of the moment
    the pages read it, see :func:`taking_applications`)."""
    summary = {
        "code": cohort.code,
        "name": cohort.name,
        "programme": cohort.programme.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "days": (cohort.ends_on - cohort.starts_on).days + 1,
        "capacity": cohort.capacity,
        "status": cohort.status,
        "status_label": label(COHORT_STATUS_LABELS, cohort.status),
        "applications_open_at": cohort.applications_open_at,
        "applications_close_at": cohort.applications_close_at,
        "offer_days": cohort.offer_days,
    }
    summary["taking_applications"] = taking_applications(summary)
    return summary


def cohort_page(code: str) -> dict[str, Any]:
    """A cohort's public page: its facts, its tracks with their courses and advisers."""

    def load() -> dict[str, Any]:
        cohort = cohort_get(ANONYMOUS, code)  # 404 when there is none
        by_track: dict[int, list[dict[str, Any]]] = {}
        for assignment in cohort.advisers.all():
            adviser = assignment.adviser
            by_track.setdefault(assignment.track_id, []).append(
                {
                    "name": adviser.name,
                    "title": adviser.title,
                    "company": adviser.company.enterprise.name,
                }
            )
        return {
            "cohort": cohort_summary(cohort),
            "tracks": [_track(t, by_track.get(t.pk)) for t in cohort.tracks.all()],
        }

    data = refdata.cached(f"training:cohort:{code}", load)
    # whether it takes applications is of this moment, not of when the page was kept
    data["cohort"]["taking_applications"] = taking_applications(data["cohort"])
    return data


def _partner(partner: PartnerCompany, first_year: int | None) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "name": partner.enterprise.name,
        "field": partner.field,
        "joined_on": partner.joined_on,
        "first_time": first_year is not None and partner.joined_on.year == first_year,
        "listed": partner.listed,
        "specialised": partner.specialised,
        "advisers": [
            {
                "id": a.pk,
                "name": a.name,
                "title": a.title,
                "classes": [
                    {"cohort": s.cohort.name, "cohort_code": s.cohort.code, "track": s.track.name}
                    for s in a.assignments.all()
                ],
            }
            for a in partner.advisers.all()
        ],
    }


def partners_shown(first_year: int | None) -> list[dict[str, Any]]:
    """Every partner company with its advisers; ``first_year``: the year whose new
    partners are marked as joining for the first time."""
    return [_partner(p, first_year) for p in partners_list(ANONYMOUS)]


def home_page(on: dt.date | None = None) -> dict[str, Any]:
    """The institute's home on ``on`` (default today)."""
    day = on or clock.today()

    def load() -> dict[str, Any]:
        institute = institute_main(ANONYMOUS)
        cohort = current_cohort(ANONYMOUS, day)
        year = cohort.starts_on.year if cohort else day.year
        tracks: list[dict[str, Any]] = []
        if cohort is not None:
            tracks = cohort_page(cohort.code)["tracks"]
        programmes = [
            {"code": p.code, "name": p.name, "description": p.description}
            for p in programmes_list(ANONYMOUS, institute)
        ]
        universities = [
            {
                "id": u.pk,
                "name": u.name,
                "country": u.country,
                "is_985": u.is_985,
                "overseas": u.overseas,
            }
            for u in partner_universities(day)
        ]
        return {
            "institute": institute,
            "programmes": programmes,
            "cohort": cohort_summary(cohort) if cohort else None,
            "tracks": tracks,
            "partners": partners_shown(year),
            "partner_year": year,
            "universities": universities,
            "universities_985": sum(u["is_985"] for u in universities),
            "universities_overseas": sum(u["overseas"] for u in universities),
        }

    data = refdata.cached(f"training:home:{day.isoformat()}", load)
    if data["cohort"] is not None:
        data["cohort"]["taking_applications"] = taking_applications(data["cohort"])
    return data
