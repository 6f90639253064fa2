"""Partner companies (合作企业) and their 企业家班主任 advisers: the institute's staff add an
enterprise of the register as a partner (with the year it joined: 深存科技 joins in 2025),
appoint its leaders as advisers (linked to their sign-in, an account acting for the
company), and assign them to a cohort's tracks — the classes they lead. One transaction
and one audit entry each; every problem at once (422); a create retried with its key is
answered once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import Conflict, FieldProblem
from onething.core.models import Enterprise, Role, User
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import audit_record, snapshot
from onething.core.services.idempotency import idempotent_create

from ...models import Adviser, AdviserAssignment, Cohort, PartnerCompany
from ...rules.catalogue import date_problem
from ...rules.statuses import FINISHED
from ..common import UNSET, clean_text, given, staff_locked, unknown
from .common import catalogue_written, institute_for

PARTNER_FIELDS = ["institute", "enterprise", "field", "joined_on", "listed", "specialised"]
ADVISER_FIELDS = ["company", "name", "title", "account", "appointed_on"]


def _enterprise(credit_code: Any) -> tuple[Enterprise | None, FieldProblem | None]:
    code = clean_text(credit_code).upper()
    enterprise = Enterprise.objects.filter(credit_code=code).first() if code else None
    if enterprise is None:
        return None, unknown(
            "enterprise",
            _(
                "No enterprise with this unified social credit code is in the register; a "
                "service window registers it first."
            ),
        )
    return enterprise, None


@transaction.atomic
def partner_create(
    *,
    actor: Actor,
    credit_code: str,
    joined_on: Any,
    field: str = "",
    listed: bool = False,
    specialised: bool = False,
    institute_id: int | None = None,
    idempotency_key: str | None = None,
) -> PartnerCompany:
    """An enterprise of the register (by its unified social credit code) becomes a partner
    of the institute from ``joined_on``; once only (a second time: 422 on ``enterprise``)."""
    institute = institute_for(actor, institute_id)
    enterprise, enterprise_problem = _enterprise(credit_code)
    taken = (
        enterprise is not None
        and PartnerCompany.objects.filter(institute=institute, enterprise=enterprise).exists()
    )
    problems = [
        enterprise_problem,
        FieldProblem("enterprise", "unique", _("This enterprise is a partner already."))
        if taken
        else None,
        date_problem("joined_on", joined_on),
        text_problem("field", field, 60),
    ]

    def create() -> PartnerCompany:
        refuse_if(problems)
        partner = PartnerCompany.objects.create(
            institute=institute,
            enterprise=enterprise,
            field=clean_text(field),
            joined_on=joined_on,
            listed=bool(listed),
            specialised=bool(specialised),
        )
        return catalogue_written(actor, partner, "training.partner.create", PARTNER_FIELDS)

    partner, _created = idempotent_create(
        actor=actor,
        operation="training.partner.create",
        key=idempotency_key,
        payload={
            "enterprise": clean_text(credit_code).upper(),
            "joined_on": joined_on,
            "field": field,
        },
        model=PartnerCompany,
        create=create,
    )
    return partner


def partner_locked(actor: Actor, partner_id: Any) -> PartnerCompany:
    return staff_locked(
        actor,
        PartnerCompany.objects.select_related("institute", "enterprise"),
        _("There is no such partner company."),
        pk=partner_id,
        institute="institute",
    )


@transaction.atomic
def partner_update(
    *,
    actor: Actor,
    partner_id: int,
    field: str | None = None,
    joined_on: Any = None,
    listed: bool | None = None,
    specialised: bool | None = None,
) -> PartnerCompany:
    partner = partner_locked(actor, partner_id)
    before = snapshot(partner, PARTNER_FIELDS)
    refuse_if(
        [
            text_problem("field", field, 60) if field is not None else None,
            date_problem("joined_on", joined_on) if joined_on is not None else None,
        ]
    )
    given(partner, field=field, joined_on=joined_on, listed=listed, specialised=specialised)
    return catalogue_written(actor, partner, "training.partner.update", PARTNER_FIELDS, before)


# ---------------------------------------------------------------- advisers


def _account(
    username: Any, partner: PartnerCompany, adviser: Adviser | None
) -> tuple[User | None, FieldProblem | None]:
    """The adviser's sign-in: an applicant account acting for the partner's enterprise,
    not another adviser's ('' : none)."""
    name = clean_text(username)
    if not name:
        return None, None
    user = User.objects.filter(username=name).first()
    if user is None or user.role != Role.APPLICANT or user.enterprise_id != partner.enterprise_id:
        return None, FieldProblem(
            "account",
            "not_of_company",
            _("No account of %(e)s has this username.") % {"e": partner.enterprise.name},
        )
    other = Adviser.objects.filter(account=user)
    if adviser is not None:
        other = other.exclude(pk=adviser.pk)
    if other.exists():
        return None, FieldProblem(
            "account", "unique", _("This account is another adviser's already.")
        )
    return user, None


@transaction.atomic
def adviser_create(
    *,
    actor: Actor,
    partner_id: int,
    name: str,
    title: str,
    appointed_on: Any,
    account: str = "",
    idempotency_key: str | None = None,
) -> Adviser:
    """企业家班主任: a leader of a partner company (董事长, 总经理…), appointed on a day;
    ``account``: the username of their sign-in (an account acting for the company)."""
    partner = partner_locked(actor, partner_id)
    user, account_problem = _account(account, partner, None)
    problems = [
        text_problem("name", name, 40, required=True),
        text_problem("title", title, 40, required=True),
        date_problem("appointed_on", appointed_on),
        account_problem,
    ]

    def create() -> Adviser:
        refuse_if(problems)
        adviser = Adviser.objects.create(
            company=partner,
            name=name.strip(),
            title=title.strip(),
            appointed_on=appointed_on,
            account=user,
        )
        return catalogue_written(actor, adviser, "training.adviser.create", ADVISER_FIELDS)

    adviser, _created = idempotent_create(
        actor=actor,
        operation="training.adviser.create",
        key=idempotency_key,
        payload={
            "partner": partner.pk,
            "name": name,
            "title": title,
            "on": appointed_on,
            "account": account,
        },
        model=Adviser,
        create=create,
    )
    return adviser


def adviser_locked(actor: Actor, adviser_id: Any) -> Adviser:
    return staff_locked(
        actor,
        Adviser.objects.select_related("company__institute", "company__enterprise"),
        _("There is no such adviser."),
        pk=adviser_id,
        institute="company.institute",
    )


@transaction.atomic
def adviser_update(
    *,
    actor: Actor,
    adviser_id: int,
    name: str | None = None,
    title: str | None = None,
    appointed_on: Any = None,
    account: Any = UNSET,
) -> Adviser:
    """Change what is given; ``account`` '' unlinks the sign-in."""
    adviser = adviser_locked(actor, adviser_id)
    before = snapshot(adviser, ADVISER_FIELDS)
    user, account_problem = (None, None)
    if account is not UNSET:
        user, account_problem = _account(account, adviser.company, adviser)
    refuse_if(
        [
            text_problem("name", name, 40, required=True) if name is not None else None,
            text_problem("title", title, 40, required=True) if title is not None else None,
            date_problem("appointed_on", appointed_on) if appointed_on is not None else None,
            account_problem,
        ]
    )
    given(adviser, name=name, title=title, appointed_on=appointed_on)
    if account is not UNSET:
        adviser.account = user
    return catalogue_written(actor, adviser, "training.adviser.update", ADVISER_FIELDS, before)


@transaction.atomic
def adviser_assign(
    *, actor: Actor, adviser_id: int, cohort_code: str, track_code: str
) -> AdviserAssignment:
    """The adviser leads a cohort's track (a class): a track the cohort teaches, of a
    cohort not finished; the same class twice is a 409."""
    adviser = adviser_locked(actor, adviser_id)
    cohort = (
        Cohort.objects.select_related("programme")
        .filter(code=clean_text(cohort_code), programme__institute=adviser.company.institute)
        .first()
    )
    track = cohort.tracks.filter(code=clean_text(track_code)).first() if cohort else None
    refuse_if(
        [
            None if cohort else unknown("cohort", _("There is no such cohort.")),
            None
            if track or cohort is None
            else unknown("track", _("The cohort teaches no such track.")),
        ]
    )
    if cohort.status == FINISHED:
        raise Conflict(
            _("The cohort has finished already."),
            code="cohort_finished",
            details={"cohort": cohort.code},
        )
    if AdviserAssignment.objects.filter(adviser=adviser, cohort=cohort, track=track).exists():
        raise Conflict(
            _("The adviser leads this class already."),
            code="assigned_already",
            details={"cohort": cohort.code, "track": track.code},
        )
    assignment = AdviserAssignment.objects.create(adviser=adviser, cohort=cohort, track=track)
    refdata.bump()
    audit_record(
        actor=actor,
        action="training.adviser.assign",
        subject=adviser,
        after={"cohort": cohort.code, "track": track.code},
    )
    return assignment


@transaction.atomic
def adviser_unassign(*, actor: Actor, assignment_id: int) -> None:
    """The adviser no longer leads that class."""
    assignment = staff_locked(
        actor,
        AdviserAssignment.objects.select_related("adviser__company__institute", "cohort", "track"),
        _("There is no such assignment."),
        pk=assignment_id,
        institute="adviser.company.institute",
    )
    adviser = assignment.adviser
    before = {"cohort": assignment.cohort.code, "track": assignment.track.code}
    assignment.delete()
    refdata.bump()
    audit_record(actor=actor, action="training.adviser.unassign", subject=adviser, before=before)
