"""What a detail answer needs from its request: the actor, and the actions that actor may
take on the appeal now (the same checks the services make, so a client can show only the
buttons that work)."""

from __future__ import annotations

from onething.core.apiutils import actor
from onething.core.models import Role
from onething.core.permissions import Actor

from .. import rules
from ..models import Appeal, ExtensionStatus, Project

OVERSEERS = (Role.DISPATCHER, Role.SUPERVISOR)
REQUESTERS = (Role.APPLICANT, Role.AGENT)


def request_actor(context) -> Actor:
    return actor(context["request"])


def _is_requester(who: Actor, appeal: Appeal) -> bool:
    return (
        (appeal.person_id is not None and appeal.person_id == who.person_id)
        or (appeal.enterprise_id is not None and appeal.enterprise_id == who.enterprise_id)
        or (appeal.submitted_by_id is not None and appeal.submitted_by_id == who.user_id)
    )


def appeal_actions(who: Actor, appeal: Appeal) -> list[str]:
    """The actions (dispatch, redispatch, accept, return, reply, extend, follow_up, contact,
    supervise, project) ``who`` may take on ``appeal`` in its present state."""
    allowed = set(rules.allowed_actions(appeal.status))
    rated = appeal.follow_ups.filter(round=appeal.round).exists()
    rateable = appeal.status == "replied" and not rated
    is_project = Project.objects.filter(appeal=appeal).exists()
    out: list[str] = []
    if who.role in OVERSEERS:
        out += [a for a in ("dispatch", "redispatch") if a in allowed]
        if rateable:
            out.append("follow_up")
    if who.role == Role.SUPERVISOR:
        out.append("supervise")
    responsible = who.role == Role.OFFICER and appeal.department_id == who.department_id
    if responsible:
        out += [a for a in ("accept", "return", "reply") if a in allowed]
        pending = appeal.extensions.filter(status=ExtensionStatus.PENDING).exists()
        if "extend" in allowed and not pending:
            out.append("extend")
    if (responsible or who.role == Role.SUPERVISOR) and not is_project:
        out.append("project")
    if who.role in (*OVERSEERS, Role.OFFICER) and appeal.contact_phone_cipher:
        out.append("contact")
    if who.role in REQUESTERS and rateable and _is_requester(who, appeal):
        out.append("follow_up")
    return out
