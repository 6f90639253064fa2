"""An appeal that becomes a small project (立项 → 招标 → 施工 → 完工), its milestones shown to
the requester."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services.audit import audit_record

from ..models import MilestoneStage, Project, ProjectMilestone
from ..problems import choice_problem, refuse_if, text_problem
from .common import event_add, locked_appeal

STAGES = list(MilestoneStage.values)


def _may_run(actor: Actor, appeal) -> None:
    require_role(actor, Role.OFFICER, Role.SUPERVISOR)
    if actor.role == Role.OFFICER and appeal.department_id != actor.department_id:
        raise PermissionDenied(
            _("Appeal %(n)s is not assigned to your department.") % {"n": appeal.number},
            code="not_responsible",
        )


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    number: str,
    name: str,
    budget_fen: int | None = None,
    planned: dict[str, dt.date] | None = None,
) -> Project:
    """立项: the appeal becomes a project with its four milestones (planned dates optional)."""
    problems = [text_problem("name", name, 100, _("Name the project."))]
    if budget_fen is not None and (not isinstance(budget_fen, int) or budget_fen < 0):
        problems.append(
            FieldProblem("budget_fen", "min", _("A budget is a whole number of fen, at least 0."))
        )
    problems += [choice_problem(f"planned.{stage}", stage, STAGES) for stage in planned or {}]
    refuse_if(problems)
    appeal = locked_appeal(actor, number)
    _may_run(actor, appeal)
    if Project.objects.filter(appeal=appeal).exists():
        raise Conflict(
            _("Appeal %(n)s is a project already.") % {"n": number}, code="already_project"
        )
    project = Project.objects.create(
        appeal=appeal, name=name.strip(), budget_fen=budget_fen, created_at=clock.now()
    )
    for stage in STAGES:
        ProjectMilestone.objects.create(
            project=project, stage=stage, planned_on=(planned or {}).get(stage)
        )
    event_add(appeal, "project", actor, note=project.name)
    audit_record(
        actor=actor,
        action="project.create",
        subject=project,
        after={"appeal": number, "name": project.name, "budget_fen": budget_fen},
    )
    return project


@transaction.atomic
def milestone_record(
    *,
    actor: Actor,
    project_id: int,
    stage: str,
    done_on: dt.date | None = None,
    planned_on: dt.date | None = None,
    note: str = "",
) -> ProjectMilestone:
    """Record a milestone's planned or done date. Stages are done in order; a done date is
    not in the future and not before the previous stage's."""
    if stage not in STAGES:
        raise ValidationFailed.one(
            "stage", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(STAGES)}
        )
    project = get_visible(actor, Project.objects.all(), pk=project_id)
    appeal = locked_appeal(actor, project.appeal.number)
    _may_run(actor, appeal)
    milestones = {m.stage: m for m in project.milestones.select_for_update()}
    milestone = milestones[stage]
    if done_on is not None:
        if done_on > clock.today():
            raise ValidationFailed.one(
                "done_on", "future", _("A milestone is recorded when it is done, not before.")
            )
        index = STAGES.index(stage)
        if index:
            previous = milestones[STAGES[index - 1]]
            if previous.done_on is None:
                raise Conflict(
                    _("Record “%(p)s” before “%(s)s”.")
                    % {"p": previous.get_stage_display(), "s": milestone.get_stage_display()},
                    code="stage_order",
                )
            if done_on < previous.done_on:
                raise ValidationFailed.one(
                    "done_on",
                    "order",
                    _("Not before the previous stage (%(d)s).") % {"d": previous.done_on},
                )
        milestone.done_on = done_on
    if planned_on is not None:
        milestone.planned_on = planned_on
    refuse_if([text_problem("note", note, 200)])
    milestone.note = (note or milestone.note).strip()
    milestone.save()
    if done_on is not None:
        event_add(
            appeal, "milestone", actor, note=f"{milestone.get_stage_display()} {done_on:%Y-%m-%d}"
        )
    audit_record(
        actor=actor,
        action="project.milestone",
        subject=project,
        after={"stage": stage, "done_on": done_on, "planned_on": planned_on},
    )
    return milestone
