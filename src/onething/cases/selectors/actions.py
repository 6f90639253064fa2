"""What a user may do to a case now: one answer, which the case page (its forms) and the
API (``actions`` of a case) both read. Each action is offered exactly when its service
would accept it from this user in the case's present state (input aside: a reason, a
tracking number, a rating): the lifecycle's table and the guards of the apps built on
cases (``hooks``) for the lifecycle's actions, and the conditions of ``case_hand_over``
and ``evaluation_submit`` for handing the result over and rating."""

from __future__ import annotations

from onething.core.models import Role
from onething.core.permissions import Actor

from .. import hooks
from ..models import Case, CaseStatus, Delivery, Outcome
from ..rules import actions_for

APPLICANTS = (Role.APPLICANT, Role.AGENT)


def table_role(actor: Actor) -> str | None:
    """The actor's role as the lifecycle's table names it (an agent acts as the applicant)."""
    return "applicant" if actor.role in APPLICANTS else actor.role


def concludes_here(actor: Actor, case: Case) -> bool:
    """A window concludes instant items only (``case_conclude``)."""
    return actor.role != Role.CLERK or case.item.kind == "instant"


def has_result_to_hand_over(actor: Actor, case: Case) -> bool:
    """``case_hand_over``'s conditions but its guards: a clerk of the receiving centre, an
    approved result not handed over yet, not an electronic one."""
    return (
        actor.role == Role.CLERK
        and case.center_id == actor.service_center_id
        and case.status == CaseStatus.CONCLUDED
        and case.outcome == Outcome.APPROVED
        and case.delivery != Delivery.ELECTRONIC
        and case.handed_over_at is None
    )


def may_rate(actor: Actor, case: Case, *, rated: bool) -> bool:
    """``evaluation_submit``'s conditions: the applicant, once, after the conclusion."""
    return (
        actor.role in APPLICANTS
        and case.applicant_id == actor.person_id
        and case.status == CaseStatus.CONCLUDED
        and not rated
    )


def _unguarded(actor: Actor, case: Case, action: str) -> bool:
    if action == "conclude":  # approved or denied: a guard may refuse only an approval
        return any(
            hooks.refusal(actor, case, action, outcome=outcome) is None
            for outcome in (Outcome.APPROVED, Outcome.DENIED)
        )
    return hooks.refusal(actor, case, action) is None


def case_actions(actor: Actor, case: Case) -> list[str]:
    """The actions the actor may take on the case (one the actor sees) now: the lifecycle's
    in its table's order, then ``hand_over`` and ``rate``."""
    found = [
        action
        for action in actions_for(case.status, table_role(actor))
        if (action != "conclude" or concludes_here(actor, case)) and _unguarded(actor, case, action)
    ]
    if has_result_to_hand_over(actor, case) and _unguarded(actor, case, "hand_over"):
        found.append("hand_over")
    if may_rate(actor, case, rated=getattr(case, "evaluation", None) is not None):
        found.append("rate")
    return found
