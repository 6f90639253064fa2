"""Credit transcripts (学分证明): issued by the institute's staff for a student who completed
the class, to a university (by default the student's own) under the agreement it has in
force on the day of issue. A transcript carries the courses the student PASSED that the
agreement COUNTS, each with the university's credits and the grade converted by the
agreement's scheme (``rules.conversion``); a passed course the agreement does not count is
left out (a partial transfer, shown as such). Refused, every problem at once and nothing
written (422): a university with no agreement in force (``no_agreement``), a course named
that the student did not pass (``course_not_passed``) or that the agreement does not count
(``course_not_counted``), nothing to transfer. One live transcript per student and
university (the database's key: 409 ``transcript_exists``); revoking one (with its reason,
audited) lets a new one be issued. A retry with the same ``Idempotency-Key`` answers the
first transcript.

The transcript is signed with core's keys of purpose ``training`` (``rules.transcript_token``:
the university verifies it offline with the public key alone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem
from onething.core.models import SigningPurpose
from onething.core.permissions import Actor, require_role
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import next_in_sequence
from onething.core.services.signing import private_key, signing_key_current

from ..models import AgreementCourse, Course, Grade, Transcript, TranscriptLine, University
from ..rules import transcript_token as token_rules
from ..rules.conversion import convert
from ..rules.statuses import COMPLETED, ENROLMENT_STATUS_LABELS, label
from ..rules.transcripts import REVOKE, TRANSCRIPT_LIFECYCLE, transcript_state
from ..selectors.catalogue import agreement_valid_for
from .classes.common import enrolment_locked
from .common import STAFF_ROLES, staff_locked

PURPOSE = SigningPurpose.TRAINING
SERIALS = "training.transcript.serial"


def _number() -> str:
    year = clock.today().year
    return f"XF{year}{next_in_sequence(f'training.transcript:{year}'):06d}"


def _chosen(
    courses: Any, passed: dict[str, Grade], counted: dict[int, AgreementCourse], track_codes
) -> tuple[list[Grade], list[FieldProblem]]:
    """The grades to carry: every passed course the agreement counts, or the ones named
    (each named one checked)."""
    if courses is None:
        return [g for g in passed.values() if g.course_id in counted], []
    if not isinstance(courses, list) or not all(isinstance(c, str) for c in courses):
        return [], [FieldProblem("courses", "type", _("A list of course codes is expected."))]
    problems, chosen, seen = [], [], set()
    for i, code in enumerate(courses):
        field = f"courses.{i}"
        if code in seen:
            problems.append(FieldProblem(field, "duplicate", _("This course is named twice.")))
            continue
        seen.add(code)
        grade = passed.get(code)
        if code not in track_codes:
            problems.append(
                FieldProblem(
                    field,
                    "unknown",
                    _("%(c)s is not a course of the student's track.") % {"c": code[:30]},
                )
            )
        elif grade is None:
            problems.append(
                FieldProblem(
                    field,
                    "course_not_passed",
                    _("The student did not pass %(c)s: only passed courses are transferred.")
                    % {"c": code[:30]},
                )
            )
        elif grade.course_id not in counted:
            problems.append(
                FieldProblem(
                    field,
                    "course_not_counted",
                    _("The agreement with this university does not count %(c)s.")
                    % {"c": code[:30]},
                )
            )
        else:
            chosen.append(grade)
    return chosen, problems


def _issue(actor: Actor, enrolment_number: str, university: Any, courses: Any) -> Transcript:
    enrolment = enrolment_locked(actor, enrolment_number)
    if enrolment.status != COMPLETED:
        raise Conflict(
            _("A transcript is issued once the student has completed the class; they are “%(s)s”.")
            % {"s": label(ENROLMENT_STATUS_LABELS, enrolment.status)},
            code="not_completed",
            details={"status": enrolment.status},
        )
    problems: list[FieldProblem] = []
    if university is None:
        target = enrolment.university
    else:
        target = (
            University.objects.filter(pk=university).first()
            if isinstance(university, int) and not isinstance(university, bool)
            else None
        )
        if target is None:
            problems.append(
                FieldProblem("university", "unknown", _("There is no such university."))
            )
    today = clock.today()
    institute = enrolment.cohort.programme.institute
    agreement = agreement_valid_for(target.pk, today, institute_id=institute.pk) if target else None
    if target is not None and agreement is None:
        problems.append(
            FieldProblem(
                "university",
                "no_agreement",
                _("%(u)s has no credit agreement in force on %(d)s: no credits transfer there.")
                % {"u": target.name, "d": f"{today:%Y-%m-%d}"},
            )
        )
    passed = {
        g.course.code: g
        for g in Grade.objects.filter(enrolment=enrolment, passed=True).select_related("course")
    }
    counted = {ac.course_id: ac for ac in agreement.courses.all()} if agreement else {}
    track_codes = set(
        Course.objects.filter(track_id=enrolment.track_id).values_list("code", flat=True)
    )
    chosen, found = _chosen(courses, passed, counted, track_codes)
    problems += found
    if agreement is not None and not found and not chosen:
        problems.append(
            FieldProblem(
                "courses",
                "nothing_to_transfer",
                _("The student passed no course that the agreement counts."),
            )
        )
    refuse_if(problems)
    if Transcript.objects.filter(
        enrolment=enrolment, university=target, revoked_at__isnull=True
    ).exists():
        raise Conflict(
            _("%(u)s already holds a transcript of this student: revoke it to issue a new one.")
            % {"u": target.name},
            code="transcript_exists",
        )

    chosen.sort(key=lambda g: g.course.code)
    lines = []
    for grade in chosen:
        counted_course = counted[grade.course_id]
        lines.append(
            TranscriptLine(
                course=grade.course,
                counted_as=counted_course.counted_as or agreement.elective_name,
                score=grade.score,
                grade=convert(agreement.grade_scheme, grade.score, passed=True),
                credits=counted_course.credits,
            )
        )
    total = sum((line.credits for line in lines), Decimal("0.0"))
    key = signing_key_current(actor=actor, purpose=PURPOSE)
    serial = next_in_sequence(SERIALS)
    number = _number()
    claims = token_rules.Claims(
        kid=key.kid,
        serial=serial,
        number=number,
        institute=institute.name,
        student=enrolment.person.name,
        student_number=enrolment.number,
        university=target.name,
        issued=today,
        credits=str(total),
        courses=tuple(
            token_rules.CourseLine(
                code=line.course.code,
                name=line.course.name,
                counted_as=line.counted_as,
                score=str(line.score),
                grade=line.grade,
                credits=str(line.credits),
            )
            for line in lines
        ),
    )
    try:
        with transaction.atomic():
            transcript = Transcript.objects.create(
                serial=serial,
                number=number,
                enrolment=enrolment,
                university=target,
                agreement=agreement,
                key=key,
                token=token_rules.encode(claims, private_key(key)),
                total_credits=total,
                issued_at=clock.now(),
                issued_by_id=actor.user_id,
            )
    except IntegrityError:  # a concurrent issue to the same university won
        raise Conflict(
            _("%(u)s already holds a transcript of this student: revoke it to issue a new one.")
            % {"u": target.name},
            code="transcript_exists",
        ) from None
    for line in lines:
        line.transcript = transcript
    TranscriptLine.objects.bulk_create(lines)
    audit_record(
        actor=actor,
        action="training.transcript.issue",
        subject=transcript,
        after={
            "number": number,
            "enrolment": enrolment.number,
            "university": target.pk,
            "agreement": agreement.number,
            "courses": [line.course.code for line in lines],
            "credits": total,
            "kid": key.kid,
        },
    )
    return transcript


def transcript_issue(
    *,
    actor: Actor,
    enrolment_number: str,
    university: int | None = None,
    courses: list[str] | None = None,
    idempotency_key: str | None = None,
) -> tuple[Transcript, bool]:
    """Issue a transcript (the institute's staff): (transcript, created). ``university``:
    its id (default the student's own); ``courses``: the codes to carry (default every
    passed course the agreement counts)."""
    require_role(actor, *STAFF_ROLES)
    return idempotent_create(
        actor=actor,
        operation="training.transcript_issue",
        key=idempotency_key,
        payload={"enrolment": enrolment_number, "university": university, "courses": courses},
        model=Transcript,
        create=lambda: _issue(actor, enrolment_number, university, courses),
    )


@transaction.atomic
def transcript_revoke(*, actor: Actor, number: str, reason: str) -> Transcript:
    """Revoke a transcript (the institute's staff) with the reason: from now on it verifies
    as revoked (with the date), its grades may be corrected and a new one may be issued."""
    require_role(actor, *STAFF_ROLES)
    refuse_if([text_problem("reason", reason, 200, required=True)])
    transcript = staff_locked(
        actor,
        Transcript.objects.select_related("agreement__institute"),
        _("No transcript %(n)s is visible to you.") % {"n": str(number)[:30]},
        institute="agreement.institute",
        hidden=True,
        number=number,
    )
    TRANSCRIPT_LIFECYCLE.target(transcript_state(transcript.revoked_at), REVOKE)
    transcript.revoked_at = clock.now()
    transcript.revoked_reason = reason.strip()
    transcript.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=actor,
        action="training.transcript.revoke",
        subject=transcript,
        before={"revoked_at": None},
        after={"revoked_at": transcript.revoked_at, "reason": transcript.revoked_reason},
    )
    return transcript
