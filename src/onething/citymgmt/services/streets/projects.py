"""A street's renovation project (整治项目): approved (立项) with the items it does, its budget
(fen) and the department responsible, numbered ``ZZ<district>-<date>-<n>`` by core's
numbering; construction started (施工) and completed (完工) through PROJECT_LIFECYCLE (409
from a milestone a move does not leave); money spent recorded as it goes (never below
zero; beyond the budget is allowed and shown). Each write locks the project, and writes its
timeline line (ProjectStep) and its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import Department
from onething.core.permissions import Actor, require_role
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import snapshot
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import number_next
from onething.core.services.timeline import timeline_step

from ...models import ProjectStep, RenovationProgramme, Street, StreetProject
from ...rules.projects import (
    COMPLETE,
    CREATE,
    NOTE_MAX,
    PROJECT_LIFECYCLE,
    SPEND,
    START,
    TITLE_MAX,
    items_in_order,
    items_problems,
    money_problem,
    spend_problem,
)
from ...selectors.streets import WRITER_ROLES, project_reach, street_reach

# core numbering's series: a series it has no prefix for takes its first two letters, so
# the projects are numbered ZZ… (整治) on their own counter
SERIES = "zz_street_project"
AUDIT_FIELDS = [
    "milestone",
    "title",
    "items",
    "budget_fen",
    "spent_fen",
    "approved_on",
    "started_on",
    "completed_on",
    "programme",
    "department",
]


def _not_yours() -> PermissionDenied:
    return PermissionDenied(
        _("Only the city-management office and the street's managing department may do this.")
    )


def _date_problem(field: str, value, earliest: dt.date | None, what) -> FieldProblem | None:
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return FieldProblem(field, "type", _("A date (YYYY-MM-DD) is expected."))
    if value > clock.today():
        return FieldProblem(field, "future", _("A date that has not come yet."))
    if earliest is not None and value < earliest:
        return FieldProblem(
            field,
            "too_early",
            _("Not before %(what)s (%(day)s).") % {"what": what, "day": earliest.isoformat()},
        )
    return None


def _department_problem(
    department: Department | None, code: str, street: Street | None
) -> FieldProblem | None:
    if department is None:
        return FieldProblem("department", "unknown", _("Unknown department %(c)s.") % {"c": code})
    if street is None:
        return None
    region = department.region.path
    if street.street_office.path.startswith(region) or region.startswith(street.district.path):
        return None
    return FieldProblem(
        "department",
        "outside_district",
        _("%(d)s works outside %(district)s.")
        % {"d": department.name, "district": street.district.name},
    )


def project_create_problems(
    *,
    actor: Actor,
    street_code: str,
    title: str,
    items,
    budget_fen,
    programme_code: str = "",
    department_code: str = "",
    approved_on: dt.date | None = None,
) -> tuple[list[FieldProblem], dict[str, Any]]:
    """Every problem of a new project at once (nothing written), and what its codes name
    (``street``, ``programme``, ``department``). A street outside the actor's reach is
    refused (403)."""
    require_role(actor, *WRITER_ROLES)
    street_code, programme_code = (street_code or "").strip(), (programme_code or "").strip()
    department_code = (department_code or "").strip()
    street = (
        Street.objects.select_related("district", "street_office", "department")
        .filter(code=street_code)
        .first()
    )
    problems: list[FieldProblem | None] = []
    if street is None:
        problems.append(
            FieldProblem(
                "street",
                "unknown",
                _("There is no street with the code %(c)s.") % {"c": street_code},
            )
        )
    elif not Street.objects.filter(street_reach(actor), pk=street.pk).exists():
        raise _not_yours()
    elif not street.is_active:
        problems.append(
            FieldProblem("street", "inactive", _("This street is no longer in the register."))
        )
    programme = None
    if programme_code:
        programme = (
            RenovationProgramme.objects.select_related("region").filter(code=programme_code).first()
        )
        if programme is None:
            problems.append(
                FieldProblem(
                    "programme",
                    "unknown",
                    _("There is no programme with the code %(c)s.") % {"c": programme_code},
                )
            )
        elif street is not None and not street.district.path.startswith(programme.region.path):
            problems.append(
                FieldProblem(
                    "programme",
                    "outside_region",
                    _("The programme %(p)s does not cover %(district)s.")
                    % {"p": programme.name, "district": street.district.name},
                )
            )
    department = street.department if street is not None and not department_code else None
    if department_code:
        department = (
            Department.objects.select_related("region").filter(code=department_code).first()
        )
        problems.append(_department_problem(department, department_code, street))
    problems += [
        text_problem("title", title, TITLE_MAX, required=True),
        *items_problems(items),
        money_problem("budget_fen", budget_fen),
        _date_problem("approved_on", approved_on, None, ""),
    ]
    found = [p for p in problems if p is not None]
    return found, {"street": street, "programme": programme, "department": department}


def _create(
    actor: Actor,
    *,
    street_code: str,
    title: str,
    items,
    budget_fen,
    programme_code: str,
    department_code: str,
    approved_on: dt.date | None,
) -> StreetProject:
    problems, found = project_create_problems(
        actor=actor,
        street_code=street_code,
        title=title,
        items=items,
        budget_fen=budget_fen,
        programme_code=programme_code,
        department_code=department_code,
        approved_on=approved_on,
    )
    if problems:
        raise ValidationFailed(problems)
    street = found["street"]
    today = clock.today()
    project = StreetProject.objects.create(
        number=number_next(series=SERIES, region_code=street.district.code[:6], on=today),
        street=street,
        programme=found["programme"],
        title=title.strip(),
        items=items_in_order(items),
        budget_fen=budget_fen,
        approved_on=approved_on or today,
        department=found["department"],
        created_at=clock.now(),
    )
    step(project, CREATE, actor)
    return project


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    street_code: str,
    title: str,
    items,
    budget_fen: int,
    programme_code: str = "",
    department_code: str = "",
    approved_on: dt.date | None = None,
    idempotency_key: str | None = None,
) -> StreetProject:
    """立项: a street's project — ``items`` (codes of rules.projects.ITEMS), ``budget_fen``
    (≥ 0), in a programme (optional), the responsible department (default: the street's
    managing department), approved on ``approved_on`` (default today, never a day to
    come). A retry with the same ``idempotency_key`` answers the first project; the same
    key with another project is refused (409)."""
    fields = {
        "street_code": street_code,
        "title": title,
        "items": items,
        "budget_fen": budget_fen,
        "programme_code": programme_code,
        "department_code": department_code,
        "approved_on": approved_on,
    }
    project, _created = idempotent_create(
        actor=actor,
        operation="street_project.create",
        key=idempotency_key,
        payload=fields,
        model=StreetProject,
        create=lambda: _create(actor, **fields),
    )
    return project


def step(
    project: StreetProject,
    action: str,
    actor: Actor,
    *,
    amount_fen: int | None = None,
    note: str = "",
    before: dict | None = None,
) -> ProjectStep:
    """A line of the project's timeline and its audit entry (``before``: the audited
    fields before the change; None for a new project)."""
    return timeline_step(
        ProjectStep,
        subject=project,
        action=action,
        actor=actor,
        audit_action=f"street_project.{action}",
        audited=AUDIT_FIELDS,
        before=before,
        note=note,
        audit_extra={"amount_fen": amount_fen} if amount_fen else None,
        project=project,
        milestone_after=project.milestone,
        amount_fen=amount_fen,
    )


def locked(actor: Actor, number: str) -> StreetProject:
    """The project (in the actor's reach: else 404), locked for the change; 403 for a role
    that changes no project."""
    require_role(actor, *WRITER_ROLES)
    found = (
        StreetProject.objects.filter(project_reach(actor), number=number or "")
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(
            _("No %(what)s with that identifier is visible to you.")
            % {"what": StreetProject._meta.verbose_name},
            details={"lookup": {"number": str(number)}},
        )
    return StreetProject.objects.select_for_update().get(pk=found)


def _moved(
    actor: Actor, number: str, action: str, on: dt.date | None, note: str, earliest_of
) -> StreetProject:
    project = locked(actor, number)
    after = PROJECT_LIFECYCLE.target(project.milestone, action)  # 409 from another milestone
    earliest, what = earliest_of(project)
    refuse_if(
        [
            _date_problem("on", on, earliest, what),
            text_problem("note", note, NOTE_MAX),
        ]
    )
    before = snapshot(project, AUDIT_FIELDS)
    project.milestone = after
    day = on or max(clock.today(), earliest)
    if action == START:
        project.started_on = day
    else:
        project.completed_on = day
    project.save()
    step(project, action, actor, note=note, before=before)
    return project


@transaction.atomic
def project_start(
    *, actor: Actor, number: str, on: dt.date | None = None, note: str = ""
) -> StreetProject:
    """施工: construction started on ``on`` (default today; not before the approval, not a
    day to come). 409 for a project not at 立项."""
    return _moved(
        actor,
        number,
        START,
        on,
        note,
        lambda p: (p.approved_on, _("the approval")),
    )


@transaction.atomic
def project_complete(
    *, actor: Actor, number: str, on: dt.date | None = None, note: str = ""
) -> StreetProject:
    """完工: completed on ``on`` (default today; not before construction started). 409 for a
    project not under construction."""
    return _moved(
        actor,
        number,
        COMPLETE,
        on,
        note,
        lambda p: (p.started_on or p.approved_on, _("the start of construction")),
    )


def _spend(actor: Actor, number: str, amount_fen, note: str) -> ProjectStep:
    project = locked(actor, number)
    correction = isinstance(amount_fen, int) and amount_fen < 0
    refuse_if(
        [
            spend_problem("amount_fen", project.spent_fen, amount_fen),
            text_problem("note", note, NOTE_MAX),
            FieldProblem("note", "required", _("Say why an earlier record is corrected."))
            if correction and not (note or "").strip()
            else None,
        ]
    )
    before = snapshot(project, AUDIT_FIELDS)
    project.spent_fen += amount_fen
    project.save(update_fields=["spent_fen"])
    return step(project, SPEND, actor, amount_fen=amount_fen, note=note, before=before)


@transaction.atomic
def project_spend(
    *,
    actor: Actor,
    number: str,
    amount_fen: int,
    note: str = "",
    idempotency_key: str | None = None,
) -> StreetProject:
    """Record money spent on the project (fen; a negative amount, with a note saying why,
    corrects an earlier record). What was spent never falls below zero; beyond the budget
    is allowed, and the pages flag it. A retry with the same ``idempotency_key`` records
    it once."""
    payload = {"number": number, "amount_fen": amount_fen, "note": note}
    line, _created = idempotent_create(
        actor=actor,
        operation="street_project.spend",
        key=idempotency_key,
        payload=payload,
        model=ProjectStep,
        create=lambda: _spend(actor, number, amount_fen, note),
    )
    return StreetProject.objects.get(pk=line.project_id)
