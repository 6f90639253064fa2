from __future__ import annotations

import datetime as dt
import hmac

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.catalog.models import ServiceItem
from onething.catalog.selectors import items_list, offered_in
from onething.core import clock, deadlines
from onething.core.crypto import keyring
from onething.core.errors import FieldProblem, NotFound, ValidationFailed
from onething.core.identity import PII_FIELDS
from onething.core.models import Message, Role, ServiceCenter
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.audit import subject_history
from onething.core.selectors.calendar import official_calendar

from .. import hooks
from ..models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    Delivery,
    Licence,
    Material,
    Outcome,
    Rectification,
)
from ..rules import OVERDUE, WARNING, deadline_state, warning_horizon


def deadline_q(state: str, today: dt.date | None = None) -> Q:
    """Open, running cases (accepted, not paused) in a deadline state."""
    today = today or clock.today()
    horizon = warning_horizon(today, official_calendar())
    running = Q(status=CaseStatus.ACCEPTED, due_date__isnull=False)
    if state == OVERDUE:
        return running & Q(due_date__lt=today)
    if state == WARNING:
        return running & Q(due_date__gte=today, due_date__lte=horizon)
    return (running & Q(due_date__gt=horizon)) | Q(status=CaseStatus.CORRECTION_REQUESTED)


def cases_list(
    actor: Actor,
    *,
    q: str = "",
    status: str = "",
    item_code: str = "",
    department_code: str = "",
    deadline: str = "",
    channel: str = "",
    open_only: bool = False,
    submitted_from: dt.date | None = None,
    submitted_to: dt.date | None = None,
    part: int | None = None,
) -> QuerySet[Case]:
    problems = []
    if status and status not in CaseStatus.values:
        problems.append(
            FieldProblem("status", "choice", _("Unknown status %(s)s.") % {"s": status})
        )
    if deadline and deadline not in deadlines.RUNNING:
        problems.append(
            FieldProblem("deadline", "choice", _("Deadline is on_time, warning or overdue."))
        )
    if submitted_from and submitted_to and submitted_from > submitted_to:
        problems.append(FieldProblem("submitted_to", "range", _("The end is before the start.")))
    if problems:
        raise ValidationFailed(problems)
    qs = visible(
        actor,
        Case.objects.select_related("item", "applicant", "enterprise", "department", "center"),
        part,
    )
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(item__name__icontains=q) | Q(applicant__name=q))
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if item_code:
        qs = qs.filter(item__code=item_code)
    if department_code:
        qs = qs.filter(department__code=department_code)
    if channel:
        qs = qs.filter(channel=channel)
    if deadline:
        qs = qs.filter(deadline_q(deadline))
    if submitted_from:
        qs = qs.filter(submitted_at__date__gte=submitted_from)
    if submitted_to:
        qs = qs.filter(submitted_at__date__lte=submitted_to)
    return qs


def inbox(actor: Actor, **filters) -> QuerySet[Case]:
    """A department's (or centre's) open cases, the nearest deadline first."""
    return cases_list(actor, open_only=True, **filters).order_by("due_date", "submitted_at")


def acceptance_queue(actor: Actor, **filters) -> QuerySet[Case]:
    """Submitted cases waiting to be accepted or declined, the oldest first — those the
    actor can take in (not a case another office takes in, such as one forwarded to
    another town)."""
    qs = cases_list(actor, status=CaseStatus.SUBMITTED, **filters)
    for condition in hooks.elsewhere(actor):
        qs = qs.exclude(condition)
    return qs.order_by("submitted_at", "id")


def handover_queue(actor: Actor, **filters) -> QuerySet[Case]:
    """Approved results still to be handed over at the window or posted, the oldest first
    (a clerk's: those waiting at the clerk's own centre, which hands them over)."""
    qs = cases_list(actor, status=CaseStatus.CONCLUDED, **filters)
    if actor.role == Role.CLERK:
        qs = qs.filter(center_id=actor.service_center_id)
    return qs.filter(
        outcome=Outcome.APPROVED,
        delivery__in=(Delivery.WINDOW, Delivery.POST),
        handed_over_at__isnull=True,
    ).order_by("concluded_at", "id")


def case_get(actor: Actor, number: str) -> Case:
    return get_visible(
        actor,
        Case.objects.select_related(
            "item__category",
            "item__department",
            "applicant",
            "enterprise",
            "department__region",
            "center__region",
            "submitted_by",
        ),
        number=number,
    )


def case_material(actor: Actor, number: str, material_id: int) -> Material:
    """One file of a case the actor may see."""
    return get_visible(
        actor,
        Material.objects.select_related("material_type", "case"),
        pk=material_id,
        case__number=number,
    )


def case_deadline_state(case: Case, today: dt.date | None = None) -> str | None:
    return deadline_state(
        case.due_date,
        today or clock.today(),
        official_calendar(),
        concluded_on=timezone.localdate(case.concluded_at) if case.concluded_at else None,
        paused=case.status == CaseStatus.CORRECTION_REQUESTED,
    )


def case_timeline(case: Case):
    """What happened to the case, oldest first (from its audit entries)."""
    return subject_history("cases.case", case.pk)


def case_messages(actor: Actor, case: Case) -> QuerySet[Message]:
    return visible(actor, Message.objects.filter(topic_type="cases.case", topic_id=str(case.pk)))


def case_track(number: str, id_suffix: str) -> Case:
    """A case tracked without an account: its number and the last six characters of the
    applicant's ID number. A wrong pair is answered exactly like a number that does not
    exist. The full number is decrypted only to compare; it is neither shown nor kept."""
    missing = NotFound(_("No case matches this number and ID number."))
    suffix = (id_suffix or "").strip().upper()
    case = (
        Case.objects.select_related("applicant", "item")
        .filter(number=(number or "").strip())
        .first()
    )
    if case is None or len(suffix) != 6:
        raise missing
    full = keyring().decrypt(case.applicant.id_number_cipher, PII_FIELDS["id_number"])
    if not hmac.compare_digest(full[-6:].upper().encode(), suffix.encode()):
        raise missing
    return case


def licence_get(actor: Actor, number: str) -> Licence:
    return get_visible(
        actor, Licence.objects.select_related("case__department", "item"), number=number
    )


def licence_by_code(code: str) -> Licence:
    """The public verification of a licence by the code in its QR (no login)."""
    licence = (
        Licence.objects.select_related("item", "case__department").filter(verify_code=code).first()
    )
    if licence is None:
        raise NotFound(_("No licence matches this code."))
    return licence


def licence_validity(licence: Licence, today: dt.date | None = None) -> str:
    """valid, revoked, expired or not_yet_valid (today, Asia/Shanghai)."""
    today = today or clock.today()
    if licence.revoked_at is not None:
        return "revoked"
    if today < licence.valid_from:
        return "not_yet_valid"
    if licence.valid_until is not None and today > licence.valid_until:
        return "expired"
    return "valid"


def rectifications_list(actor: Actor, *, status: str = "") -> QuerySet[Rectification]:
    qs = visible(
        actor, Rectification.objects.select_related("case__item", "department", "evaluation")
    )
    if status:
        if status not in Rectification.Status.values:
            raise ValidationFailed.one("status", "choice", _("Status is open or closed."))
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_date", "id")


def rectification_get(actor: Actor, rectification_id: int) -> Rectification:
    return get_visible(
        actor,
        Rectification.objects.select_related(
            "case__item", "case__applicant", "department", "evaluation", "closed_by"
        ),
        pk=rectification_id,
    )


def window_items(actor: Actor) -> list[ServiceItem]:
    """The items a clerk's window takes: applied for at a window and offered where the
    clerk's service centre is."""
    center = (
        ServiceCenter.objects.select_related("region").filter(pk=actor.service_center_id).first()
    )
    if center is None:
        return []
    items = items_list(actor, channel="window").prefetch_related("regions")
    return [item for item in items if offered_in(item, center.region)]


def pending_uploads(actor: Actor, ids: list[int]) -> dict[int, Material]:
    """The actor's own uploads among ``ids`` not yet attached to a case nor set aside for
    one (kept from a refused submission), by id."""
    found = Material.objects.select_related("material_type").filter(
        pk__in=ids, owner_id=actor.user_id, case__isnull=True, reserved_for=""
    )
    return {m.pk: m for m in found}
