"""Credit transcripts (学分证明) issued by the institute's staff through the transcript
service — signed with core's signing key of purpose ``training``, so a university verifies
them offline — as of their days:

- three weeks after the winter class of 2025, for a handful of its students whose
  university has an agreement in force: some carry every course they passed, some only
  part (a course their university's agreement does not count, or one they failed);
- after the summer class of 2025, once its last day has passed, 魏同学's (兰州大学: the
  courses counted as electives) and 赵盛龙's (悉尼大学: two of his three courses counted).

Made once (a student's transcript is looked up first)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from onething.core import clock
from onething.core.permissions import actor_for
from onething.training.models import Enrolment, Grade, Transcript
from onething.training.services.transcripts import transcript_issue

from ..timeline import at
from . import data
from .catalogue import Catalogue
from .universities import LANZHOU

WINTER = "2025W"
WINTER_ISSUED = dt.date(2025, 3, 12)
SUMMER_ISSUED = dt.date(2025, 9, 22)
PER_UNIVERSITY = 2  # of the winter class, per university with an agreement in force
UNIVERSITIES = 6


def _issue(cat: Catalogue, enrolments: list[Enrolment], day: dt.date) -> int:
    staff = actor_for(cat.users[data.STAFF])
    made = 0
    for n, enrolment in enumerate(enrolments):
        if Transcript.objects.filter(enrolment=enrolment).exists():
            continue
        with clock.frozen(at(day, 10) + dt.timedelta(minutes=3 * n)):
            transcript_issue(
                actor=staff,
                enrolment_number=enrolment.number,
                idempotency_key=f"demo-transcript-{enrolment.number}",
            )
        made += 1
    return made


def _winter_students(cat: Catalogue) -> list[Enrolment]:
    """A few of the winter class per university with an agreement in force on the day
    of issue: 兰州大学's first, then those whose agreement counts only some of the track's
    courses; and one who failed a course."""
    cohort = cat.cohorts[WINTER]
    passed: dict[int, set[int]] = {}
    failed: set[int] = set()
    for enrolment, course, ok in Grade.objects.filter(enrolment__cohort=cohort).values_list(
        "enrolment_id", "course_id", "passed"
    ):
        if ok:
            passed.setdefault(enrolment, set()).add(course)
        else:
            failed.add(enrolment)
    track_courses = {t.pk: {c.pk for c in cat.courses[code]} for code, t in cat.tracks.items()}
    lanzhou = cat.universities[LANZHOU].pk

    def counted(e: Enrolment) -> set[int]:
        valid = cat.counted(e.university_id, WINTER_ISSUED)
        return passed.get(e.pk, set()) & valid.courses if valid else set()

    def order(e: Enrolment) -> tuple:
        partial = counted(e) != track_courses[e.track_id]
        return (e.university_id != lanzhou, not partial, e.number)

    students = [e for e in Enrolment.objects.filter(cohort=cohort) if counted(e)]
    students.sort(key=order)
    chosen = [e for e in students if e.pk in failed][:1]
    per: Counter[int] = Counter()
    for e in students:
        if e in chosen or per[e.university_id] >= PER_UNIVERSITY:
            continue
        if len(per) >= UNIVERSITIES and e.university_id not in per:
            continue
        per[e.university_id] += 1
        chosen.append(e)
    return chosen


def load_transcripts(log: Callable[[str], None], cat: Catalogue, summer_done: bool) -> None:
    made = _issue(cat, _winter_students(cat), WINTER_ISSUED)
    if summer_done and clock.now() >= at(SUMMER_ISSUED, 12):
        named = [cat.users[name].person_id for name in data.NAMED_STUDENTS]
        students = Enrolment.objects.filter(
            cohort=cat.cohorts[data.CURRENT], person_id__in=named
        ).order_by("number")
        made += _issue(cat, list(students), SUMMER_ISSUED)
    log(f"training: {made} credit transcripts issued now, {Transcript.objects.count()} in all")
