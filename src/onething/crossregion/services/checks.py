"""高效协同 核验: the deciding department of a collaborative case asks a department of the
partner town to check data that department holds; that department answers inside the
case. Each write locks the case or the check, checks the role, the scope and the check's
lifecycle (rules.checks.CHECK_LIFECYCLE) and writes the audit row on the case, so that
the check shows in the case's history — one transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.cases.models import Case, CaseStatus
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import (
    Conflict,
    FieldProblem,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.identity import PII_FIELDS, purpose_problem
from onething.core.models import Department, Role, User
from onething.core.permissions import Actor, require_role, visible
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.messages import message_send
from onething.core.services.numbering import number_next

from ..models import CheckStatus, CrossRegionCase, DataCheck, Mode
from ..rules.checks import (
    DUE_DAYS_DEFAULT,
    answer_problems,
    check_due,
    check_next,
    may_ask_again,
    request_problems,
    time_to_answer,
)

ASKING = (CaseStatus.ACCEPTED, CaseStatus.CORRECTION_REQUESTED)  # a check is asked then
OPEN = (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.CORRECTION_REQUESTED)


def _case(actor: Actor, number: str, *, lock: bool = False) -> tuple[Case, CrossRegionCase]:
    """The collaborative case the actor's department decides (row-locked with ``lock``),
    or why not: 404 unseen, 409 not 高效协同, 403 another department."""
    cases = Case.objects.select_for_update(of=("self",)) if lock else Case.objects.all()
    case = (
        visible(actor, cases)
        .select_related("item", "department__region")
        .filter(number=number)
        .order_by()
        .first()
    )
    if case is None:
        raise NotFound(
            _("No case %(n)s is visible to you.") % {"n": number}, details={"number": number}
        )
    record = (
        CrossRegionCase.objects.select_related("partner_region", "receiving_region")
        .filter(case=case)
        .first()
    )
    if record is None or record.mode != Mode.COLLABORATIVE:
        raise Conflict(
            _("%(n)s is not a 高效协同 case: its data is not checked across towns.")
            % {"n": number},
            code="not_collaborative",
        )
    if actor.department_id != case.department_id:
        raise PermissionDenied(
            _("%(d)s decides this case and asks for its data checks.") % {"d": case.department.name}
        )
    return case, record


def _answering(code: str, record: CrossRegionCase) -> tuple[Department | None, FieldProblem | None]:
    """The department of the partner town named by ``code``, or the problem with it."""
    department = (
        Department.objects.select_related("region").filter(code=(code or "").strip()).first()
    )
    partner = record.partner_region
    if department is None or not department.region.path.startswith(partner.path):
        return None, FieldProblem(
            "answering_department_code",
            "not_in_partner_town",
            _("Name a department of %(town)s, the partner town of this case.")
            % {"town": partner.name},
        )
    return department, None


def _tell_department(check: DataCheck, case: Case) -> None:
    """A message to each active officer of the answering department who has an inbox."""
    officers = User.objects.filter(
        role=Role.OFFICER,
        department_id=check.answering_department_id,
        is_active=True,
        person__isnull=False,
    ).select_related("person")
    for officer in officers:
        message_send(
            person=officer.person,
            subject=_("Data check %(n)s to answer") % {"n": check.number},
            body=_("%(department)s asks you to check, for case %(case)s (%(item)s): %(what)s")
            % {
                "department": case.department.name,
                "case": case.number,
                "item": case.item.name,
                "what": "；".join(check.questions),
            },
            link=f"/workbench/data-checks/{check.number}/",
            topic=check,
        )


@transaction.atomic
def data_check_request(
    *,
    actor: Actor,
    number: str,
    answering_department_code: str,
    questions: list[str],
    due_days: int = DUE_DAYS_DEFAULT,
    repeats: str = "",
    idempotency_key: str | None = None,
) -> DataCheck:
    """高效协同: the deciding department asks a department of the partner town to check
    ``questions`` within ``due_days`` working days. One check per answering department is
    open at a time (409 ``check_open``); ``repeats`` names an earlier check answered with a
    mismatch or as unverifiable that is asked again (it is then superseded). A retry with
    the same idempotency key answers with the first check."""
    require_role(actor, Role.OFFICER)
    texts = [(q or "").strip() for q in questions or []]
    problems = request_problems(texts, due_days)
    _case_seen, record = _case(actor, number)
    department, problem = _answering(answering_department_code, record)
    if problem is not None:
        problems.append(problem)
    if problems:  # every one at once
        raise ValidationFailed(problems)

    def create() -> DataCheck:
        case, _record = _case(actor, number, lock=True)
        if case.status not in ASKING:
            raise Conflict(
                _("A data check is asked once the case is accepted, while it is open."),
                code="invalid_transition",
                details={"status": case.status},
            )
        earlier = _repeated(case, repeats)
        now = clock.now()
        due = check_due(timezone.localdate(now), due_days, official_calendar())
        try:
            with transaction.atomic():
                check = DataCheck.objects.create(
                    number=number_next(series="hx", region_code=case.department.region.code),
                    case=case,
                    asking_department_id=case.department_id,
                    answering_department=department,
                    questions=texts,
                    requested_by_id=actor.user_id,
                    requested_at=now,
                    due_date=due.date,
                    due_provisional=due.provisional,
                    repeats=earlier,
                )
        except IntegrityError:  # an open check to that department exists
            raise Conflict(
                _("%(d)s has a check of this case to answer already.") % {"d": department.name},
                code="check_open",
            ) from None
        audit_record(
            actor=actor,
            action="crossregion.check_request",
            subject=case,
            after={
                "check": check.number,
                "department": department.code,
                "questions": check.questions,
                "due": due.date,
                **({"repeats": earlier.number} if earlier else {}),
            },
            note="；".join(check.questions)[:300],
        )
        _tell_department(check, case)
        return check

    check, _created = idempotent_create(
        actor=actor,
        operation="crossregion.check_request",
        key=idempotency_key,
        payload={
            "number": number,
            "department": answering_department_code,
            "questions": texts,
            "due_days": due_days,
            "repeats": repeats,
        },
        model=DataCheck,
        create=create,
    )
    return check


def _repeated(case: Case, repeats: str) -> DataCheck | None:
    """The earlier check of ``case`` asked again (superseded now), or None."""
    if not repeats:
        return None
    earlier = (
        DataCheck.objects.select_for_update().filter(case=case, number=repeats.strip()).first()
    )
    if earlier is None:
        raise ValidationFailed.one(
            "repeats", "unknown", _("This case has no check %(n)s.") % {"n": repeats}
        )
    if earlier.status == CheckStatus.ANSWERED and not may_ask_again(earlier.status, earlier.result):
        raise Conflict(
            _("Check %(n)s was confirmed: there is nothing to ask again.") % {"n": earlier.number},
            code="invalid_transition",
        )
    earlier.status = check_next(earlier.status, "ask_again")
    earlier.closed_at = clock.now()
    earlier.save(update_fields=["status", "closed_at"])
    return earlier


def _locked_check(actor: Actor, check_number: str) -> DataCheck:
    check = (
        visible(actor, DataCheck.objects.select_for_update(of=("self",)))
        .select_related("case__item", "case__department", "case__applicant", "answering_department")
        .filter(number=check_number)
        .first()
    )
    if check is None:
        raise NotFound(
            _("No data check %(n)s is visible to you.") % {"n": check_number},
            details={"number": check_number},
        )
    return check


def _answering_officer(actor: Actor, check: DataCheck) -> None:
    if actor.department_id != check.answering_department_id:
        raise PermissionDenied(
            _("Only %(d)s answers this check.") % {"d": check.answering_department.name}
        )


@transaction.atomic
def data_check_answer(*, actor: Actor, check_number: str, result: str, note: str = "") -> DataCheck:
    """An officer of the answering department answers: confirmed, mismatch or cannot be
    verified (the last two with a note), once; the working days it took are kept."""
    require_role(actor, Role.OFFICER)
    problems = answer_problems(result, note)
    if problems:
        raise ValidationFailed(problems)
    check = _locked_check(actor, check_number)
    _answering_officer(actor, check)
    target = check_next(check.status, "answer")
    if check.case.status not in OPEN:
        raise Conflict(
            _("Case %(n)s is closed: the check needs no answer.") % {"n": check.case.number},
            code="case_closed",
        )
    now = clock.now()
    check.status, check.result, check.note = target, result, (note or "").strip()
    check.answered_by_id, check.answered_at = actor.user_id, now
    check.working_days = time_to_answer(
        timezone.localdate(check.requested_at), timezone.localdate(now), official_calendar()
    )
    check.save(
        update_fields=["status", "result", "note", "answered_by", "answered_at", "working_days"]
    )
    audit_record(
        actor=actor,
        action="crossregion.check_answer",
        subject=check.case,
        after={"check": check.number, "result": result, "working_days": check.working_days},
        note=check.note[:300],
    )
    return check


@transaction.atomic
def data_checks_withdraw(*, actor: Actor, case: Case) -> int:
    """The case is decided (or declined) before every check was answered: the checks
    still open are withdrawn, so they leave the partner's queue. How many were."""
    open_checks = list(
        DataCheck.objects.select_for_update().filter(case=case, status=CheckStatus.REQUESTED)
    )
    now = clock.now()
    for check in open_checks:
        check.status, check.closed_at = check_next(check.status, "withdraw"), now
        check.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=actor,
            action="crossregion.check_withdraw",
            subject=case,
            after={"check": check.number},
        )
    return len(open_checks)


@transaction.atomic
def data_check_reveal(*, actor: Actor, check_number: str, purpose: str = "") -> str:
    """The applicant's full ID number, for an officer of the answering department while
    the check awaits its answer (to find the record); the read is audited with its
    purpose. Masked everywhere else."""
    require_role(actor, Role.OFFICER)
    check = _locked_check(actor, check_number)
    _answering_officer(actor, check)
    text = (purpose or "").strip()
    problem = purpose_problem(text)
    if problem:
        raise ValidationFailed([problem])
    if check.status != CheckStatus.REQUESTED:
        raise Conflict(
            _("Check %(n)s is answered: the full number is no longer needed.")
            % {"n": check.number},
            code="invalid_transition",
        )
    person = check.case.applicant
    value = keyring().decrypt(person.id_number_cipher, PII_FIELDS["id_number"])
    audit_record(
        actor=actor,
        action="pii.read",
        subject=person,
        after={"field": "id_number", "check": check.number},
        note=text,
    )
    return value
