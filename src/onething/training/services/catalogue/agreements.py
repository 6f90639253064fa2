"""学分互认 credit agreements: which of the institute's courses a university counts, for how
many of its credits and under which of its course names, how a grade converts, from when
until when. Written by the institute's staff; an agreement ends early by
``agreement_terminate`` (from that day it no longer applies). One transaction and one audit
entry each; every problem at once (422); a create retried with its key is answered once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import snapshot
from onething.core.services.idempotency import idempotent_create

from ...models import AgreementCourse, Course, CreditAgreement, University
from ...rules.catalogue import (
    AGREEMENT_LIFECYCLE,
    EDIT,
    TERMINATE,
    TERMINATED,
    agreement_date_problems,
    agreement_state,
    code_problem,
    credits_of,
    credits_problem,
    date_problem,
)
from ...rules.statuses import GRADE_SCHEME_LABELS, GRADE_SCHEMES
from ..common import UNSET, clean_text, given, staff_locked, unknown
from .common import catalogue_written, institute_for

AGREEMENT_FIELDS = [
    "number",
    "institute",
    "university",
    "signed_on",
    "valid_from",
    "valid_until",
    "terminated_on",
    "grade_scheme",
    "elective_name",
    "note",
]


# ---------------------------------------------------------------- credit agreements


def scheme_problem(grade_scheme: Any) -> FieldProblem | None:
    if grade_scheme in GRADE_SCHEMES:
        return None
    names = ", ".join(str(GRADE_SCHEME_LABELS[s]) for s in GRADE_SCHEMES)
    return FieldProblem("grade_scheme", "choice", _("Choose one of: %(c)s.") % {"c": names})


def courses_counted(
    institute_id: int, rows: Any
) -> tuple[list[tuple[Course, Any, str]], list[FieldProblem]]:
    """The courses an agreement counts, each ``{"course": code, "credits", "counted_as"}``:
    at least one, each a course of the institute, none twice, credits 0.5–30, the
    university's course name at most 100 characters. Problems name the row:
    ``courses.2.credits``."""
    if not isinstance(rows, list | tuple) or not rows:
        return [], [FieldProblem("courses", "required", _("Choose at least one course."))]
    codes = [clean_text(r.get("course")) if isinstance(r, dict) else "" for r in rows]
    known = {
        c.code: c
        for c in Course.objects.filter(code__in=codes, track__programme__institute_id=institute_id)
    }
    problems: list[FieldProblem] = []
    counted, seen = [], set()
    for n, row in enumerate(rows):
        row = row if isinstance(row, dict) else {}
        code = codes[n]
        course = known.get(code)
        if course is None:
            problems.append(
                unknown(
                    f"courses.{n}.course", _("The institute has no course %(c)s.") % {"c": code}
                )
            )
        elif code in seen:
            problems.append(
                FieldProblem(f"courses.{n}.course", "duplicate", _("A course is named twice."))
            )
        seen.add(code)
        found = [
            credits_problem(f"courses.{n}.credits", row.get("credits")),
            text_problem(f"courses.{n}.counted_as", row.get("counted_as"), 100),
        ]
        problems += [p for p in found if p is not None]
        counted.append((course, row.get("credits"), clean_text(row.get("counted_as"))))
    return counted, problems


def _courses_write(agreement: CreditAgreement, counted: list[tuple[Course, Any, str]]) -> None:
    agreement.courses.all().delete()
    AgreementCourse.objects.bulk_create(
        AgreementCourse(
            agreement=agreement, course=course, credits=credits_of(credits), counted_as=name
        )
        for course, credits, name in counted
    )


def _snapshot(agreement: CreditAgreement) -> dict[str, Any]:
    rows = agreement.courses.select_related("course").order_by("course__code")
    return snapshot(agreement, AGREEMENT_FIELDS) | {
        "courses": [[r.course.code, str(r.credits), r.counted_as] for r in rows]
    }


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    number: str,
    university_id: int,
    signed_on: Any,
    valid_from: Any,
    courses: list[dict[str, Any]],
    valid_until: Any = None,
    grade_scheme: str = "percent",
    elective_name: str = "",
    note: str = "",
    institute_id: int | None = None,
    idempotency_key: str | None = None,
) -> CreditAgreement:
    """学分互认协议 (``XY-2024-001``) of the institute with a university: the courses it
    counts, the grade scheme, signed on a day and valid from a day until a day (none:
    open-ended)."""
    institute = institute_for(actor, institute_id)
    number = clean_text(number)
    university = University.objects.filter(pk=university_id).first() if university_id else None
    counted, course_problems = courses_counted(institute.pk, courses)
    problems = [
        code_problem(
            "number", number, taken=CreditAgreement.objects.filter(number=number).exists()
        ),
        None if university else unknown("university", _("There is no such university.")),
        *agreement_date_problems(
            signed_on=signed_on, valid_from=valid_from, valid_until=valid_until
        ),
        scheme_problem(grade_scheme),
        text_problem("elective_name", elective_name, 100),
        text_problem("note", note, 2000),
        *course_problems,
    ]

    def create() -> CreditAgreement:
        refuse_if(problems)
        agreement = CreditAgreement.objects.create(
            number=number,
            institute=institute,
            university=university,
            signed_on=signed_on,
            valid_from=valid_from,
            valid_until=valid_until,
            grade_scheme=grade_scheme,
            elective_name=clean_text(elective_name),
            note=clean_text(note),
        )
        _courses_write(agreement, counted)
        return catalogue_written(
            actor,
            agreement,
            "training.agreement.create",
            AGREEMENT_FIELDS,
            save=False,
            snapshot_of=_snapshot,
        )

    payload = {
        "number": number,
        "university": university_id,
        "signed_on": signed_on,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "courses": courses,
    }
    agreement, _created = idempotent_create(
        actor=actor,
        operation="training.agreement.create",
        key=idempotency_key,
        payload=payload,
        model=CreditAgreement,
        create=create,
    )
    return agreement


def agreement_locked(actor: Actor, number: str) -> CreditAgreement:
    return staff_locked(
        actor,
        CreditAgreement.objects.select_related("institute", "university"),
        _("There is no agreement numbered %(n)s.") % {"n": number},
        number=number or "",
        institute="institute",
    )


def _may(agreement: CreditAgreement, action: str) -> None:
    """409 unless ``action`` is open to the agreement: a terminated one (on whatever day)
    changes no more."""
    state = (
        TERMINATED
        if agreement.terminated_on is not None
        else agreement_state(
            clock.today(),
            valid_from=agreement.valid_from,
            valid_until=agreement.valid_until,
            terminated_on=None,
        )
    )
    AGREEMENT_LIFECYCLE.target(state, action)


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    number: str,
    signed_on: Any = UNSET,
    valid_from: Any = UNSET,
    valid_until: Any = UNSET,
    grade_scheme: str | None = None,
    elective_name: str | None = None,
    note: str | None = None,
    courses: list[dict[str, Any]] | None = None,
) -> CreditAgreement:
    """Change what is given (``valid_until`` None: open-ended; an earlier end ends it).
    Transcripts issued before keep the credits they were issued with. A terminated
    agreement changes no more (409)."""
    agreement = agreement_locked(actor, number)
    _may(agreement, EDIT)
    before = _snapshot(agreement)
    dates = {
        "signed_on": agreement.signed_on if signed_on is UNSET else signed_on,
        "valid_from": agreement.valid_from if valid_from is UNSET else valid_from,
        "valid_until": agreement.valid_until if valid_until is UNSET else valid_until,
    }
    counted, course_problems = ([], [])
    if courses is not None:
        counted, course_problems = courses_counted(agreement.institute_id, courses)
    refuse_if(
        [
            *agreement_date_problems(**dates),
            scheme_problem(grade_scheme) if grade_scheme is not None else None,
            text_problem("elective_name", elective_name, 100)
            if elective_name is not None
            else None,
            text_problem("note", note, 2000) if note is not None else None,
            *course_problems,
        ]
    )
    given(
        agreement,
        **dates,
        grade_scheme=grade_scheme,
        elective_name=elective_name,
        note=note,
    )
    if dates["valid_until"] is None:
        agreement.valid_until = None  # open-ended
    agreement.save()
    if courses is not None:
        _courses_write(agreement, counted)
    return catalogue_written(
        actor,
        agreement,
        "training.agreement.update",
        AGREEMENT_FIELDS,
        before,
        save=False,
        snapshot_of=_snapshot,
    )


@transaction.atomic
def agreement_terminate(
    *, actor: Actor, number: str, reason: str, on: Any = None
) -> CreditAgreement:
    """Terminate the agreement from ``on`` (default today): from that day it counts no
    more credits (transcripts issued before stay valid). Once only (409); ``on`` not
    before it was signed nor after its end of validity (422), with a reason."""
    agreement = agreement_locked(actor, number)
    _may(agreement, TERMINATE)
    day = clock.today() if on is None else on
    problems = [
        date_problem("on", day),
        text_problem("reason", reason, 200, required=_("Say why the agreement is terminated.")),
    ]
    if problems[0] is None and day < agreement.signed_on:
        problems.append(
            FieldProblem("on", "before_signed", _("The agreement was signed after that day."))
        )
    if problems[0] is None and agreement.valid_until and day > agreement.valid_until:
        problems.append(
            FieldProblem("on", "after_end", _("The agreement has ended by then already."))
        )
    refuse_if(problems)
    agreement.terminated_on = day
    return catalogue_written(
        actor,
        agreement,
        "training.agreement.terminate",
        ["terminated_on"],
        {"terminated_on": None},
        update_fields=["terminated_on"],
        note=reason.strip(),
    )
