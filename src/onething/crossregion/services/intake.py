"""Cross-region intake: at a window for a case another town handles (proxy, joint) or one
decided here with the partner town's departments checking its data (collaborative), or
online for a case handled in another town of the applicant's alliance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import Case
from onething.cases.services.applicants import applicant_person, clerk_center
from onething.cases.services.intake import case_intake_at_window, case_submit, known_item
from onething.catalog.models import ServiceItem
from onething.catalog.selectors import route
from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Region, Role
from onething.core.permissions import Actor, require_role
from onething.core.selectors.regions import nearest_service_center, region_by_code
from onething.core.services.audit import audit_record

from ..models import Alliance, Arrival, CasePart, CrossRegionCase, Mode
from ..rules import WINDOW_MODES, use_problems
from ..selectors.alliances import alliance_for, home_town, state_of

ARRIVAL_MAX_AGE = dt.timedelta(hours=12)


@transaction.atomic
def arrival_start(
    *, actor: Actor, ticket_number: str = "", arrived_at: dt.datetime | None = None
) -> Arrival:
    """A walk-in reaches the window: from a queue ticket (its number and time), or the
    clerk's "start" click (now). The case's start time is counted from here."""
    require_role(actor, Role.CLERK)
    now = clock.now()
    when = arrived_at or now
    if when > now:
        raise ValidationFailed.one("arrived_at", "future", _("An arrival cannot be in the future."))
    if now - when > ARRIVAL_MAX_AGE:
        raise ValidationFailed.one(
            "arrived_at", "too_old", _("An arrival is at most 12 hours old.")
        )
    arrival = Arrival.objects.create(
        center_id=actor.service_center_id,
        clerk_id=actor.user_id,
        source=Arrival.Source.TICKET if ticket_number else Arrival.Source.START,
        ticket_number=ticket_number.strip()[:20],
        arrived_at=when,
    )
    audit_record(
        actor=actor,
        action="arrival.start",
        subject=arrival,
        after={"ticket": arrival.ticket_number},
    )
    return arrival


@dataclass(frozen=True)
class _AllianceUse:
    """One case's use of an alliance: the item, in which mode, from which town to which
    (高效协同: decided where received, ``partner`` checking its data)."""

    item: ServiceItem
    alliance: Alliance
    mode: str
    receiving: Region
    handling: Region
    partner: Region | None = None


def _checked(
    item_code: str,
    mode: str,
    receiving: Region,
    other: Region,
    other_field: str = "handling_region_code",
) -> _AllianceUse:
    """The alliance the two towns share for the item today, in this mode; 422 if none.
    ``other``: the handling town, or for 高效协同 the partner town (``other_field``)."""
    item, day = known_item(item_code), clock.today()
    alliance = alliance_for(receiving.code, other.code, item.code, day)
    if alliance is None:
        raise ValidationFailed.one(
            other_field,
            "no_alliance",
            _("%(a)s and %(b)s share no cross-region alliance.")
            % {"a": receiving.name, "b": other.name},
        )
    problems = use_problems(
        state_of(alliance),
        item_code=item.code,
        item_name=item.name,
        mode=mode,
        receiving=(receiving.code, receiving.name),
        handling=(other.code, other.name),
        day=day,
        other_field=other_field,
    )
    if problems:
        raise ValidationFailed(problems)
    if mode == Mode.COLLABORATIVE:
        return _AllianceUse(item, alliance, mode, receiving, receiving, partner=other)
    return _AllianceUse(item, alliance, mode, receiving, other)


def _record(case: Case, *, actor: Actor, use: _AllianceUse, arrival=None) -> CrossRegionCase:
    record, created = CrossRegionCase.objects.get_or_create(
        case=case,
        defaults={
            "alliance": use.alliance,
            "mode": use.mode,
            "receiving_region": use.receiving,
            "handling_region": use.handling,
            "partner_region": use.partner,
            "arrival": arrival,
            # the handling town's centre takes a forwarded case in (an online case is
            # received by the centre nearest the handling department already)
            "handling_center": None
            if use.mode == Mode.ONLINE
            else nearest_service_center(use.handling),
            # Originals travel between the towns only when a window took them in for the
            # other town; an online applicant brings or posts them to the handling
            # department like any applicant, and 高效协同 keeps them where it is decided.
            "needs_originals": use.mode in (Mode.PROXY, Mode.JOINT)
            and any(r.needs_paper_original for r in use.item.materials.all()),
        },
    )
    if not created:  # a retry with the same idempotency key: the first answer
        return record
    if use.mode == Mode.JOINT:
        partner, _center = route(use.item, use.receiving)
        if partner.pk == case.department_id:
            raise ValidationFailed.one(
                "mode", "joint_one_department", _("A joint case needs a department in each town.")
            )
        CasePart.objects.bulk_create(
            [
                CasePart(
                    case=case, department_id=case.department_id, region=use.handling, lead=True
                ),
                CasePart(case=case, department=partner, region=use.receiving, lead=False),
            ]
        )
    audit_record(
        actor=actor,
        action="crossregion.intake",
        subject=case,
        after={
            "alliance": use.alliance.code,
            "mode": use.mode,
            "receiving": use.receiving.code,
            "handling": use.handling.code,
            **({"partner": use.partner.code} if use.partner else {}),
        },
    )
    return record


def _towns_named(mode: str, here: Region, handling_code: str, partner_code: str) -> None:
    """422 unless the mode's other town is named, in its own field: the handling town for
    proxy and joint, the partner town for 高效协同 (decided here)."""
    problems = []
    if mode == Mode.COLLABORATIVE:
        if not (partner_code or "").strip():
            problems.append(
                FieldProblem(
                    "partner_region_code",
                    "required",
                    _("Name the partner town whose departments check the data."),
                )
            )
        if handling_code and handling_code != here.code:
            problems.append(
                FieldProblem(
                    "handling_region_code",
                    "decided_here",
                    _(
                        "A 高效协同 case is decided here, in %(town)s: name the other town "
                        "as the partner town."
                    )
                    % {"town": here.name},
                )
            )
    else:
        if not (handling_code or "").strip():
            problems.append(
                FieldProblem(
                    "handling_region_code", "required", _("Name the town that handles it.")
                )
            )
        if partner_code:
            problems.append(
                FieldProblem(
                    "partner_region_code",
                    "only_collaborative",
                    _("Only a 高效协同 case names a partner town."),
                )
            )
    if problems:
        raise ValidationFailed(problems)


@transaction.atomic
def cross_region_intake(
    *,
    actor: Actor,
    mode: str,
    item_code: str,
    handling_region_code: str = "",
    partner_region_code: str = "",
    arrival_id: int | None = None,
    **application,
) -> Case:
    """At the receiving town's window:

    - 收办分离 / 代收代办 (proxy) or 两地联办 (joint), ``handling_region_code`` naming the
      other town: the clerk checks the identity and the materials and forwards the case;
      the handling town's department accepts and concludes (in a joint case, each town's
      department decides its part); the result comes back to this window;
    - 高效协同 (collaborative), ``partner_region_code`` naming the other town: the case is
      taken in and decided here, by this town's department, which asks the partner town's
      departments to check the data they hold inside the case (``DataCheck``); nothing
      is posted.

    ``application``: the walk-in's application as ``case_intake_at_window`` takes it
    (``id_number``, ``name``, ``form``, ``material_ids``, ``phone``,
    ``enterprise_credit_code``, ``delivery``, ``delivery_address``, ``idempotency_key``)."""
    require_role(actor, Role.CLERK)
    if mode not in WINDOW_MODES:
        raise ValidationFailed.one(
            "mode", "choice", _("At a window the mode is proxy, joint or collaborative.")
        )
    center = clerk_center(actor)
    other_field, other_code = (
        ("partner_region_code", partner_region_code)
        if mode == Mode.COLLABORATIVE
        else ("handling_region_code", handling_region_code)
    )
    _towns_named(mode, center.region, handling_region_code, partner_region_code)
    other = region_by_code(other_code, field=other_field)
    use = _checked(item_code, mode, center.region, other, other_field)
    arrival = None
    if arrival_id is not None:
        arrival = Arrival.objects.filter(pk=arrival_id, center=center).first()
        if arrival is None:
            raise ValidationFailed.one(
                "arrival_id", "unknown", _("No such arrival at this centre.")
            )
    case = case_intake_at_window(
        actor=actor,
        item_code=item_code,
        handling_region_code=use.handling.code,
        conclude_instant=False,
        operation="crossregion.intake",
        **application,
    )
    if arrival is not None:
        used = CrossRegionCase.objects.filter(arrival=arrival).exclude(case=case).first()
        if used is not None:  # (the whole intake rolls back)
            raise ValidationFailed.one(
                "arrival_id",
                "used",
                _("This arrival already started case %(n)s.") % {"n": used.case.number},
            )
    _record(case, actor=actor, use=use, arrival=arrival)
    return case


@transaction.atomic
def cross_region_submit(
    *, actor: Actor, handling_region_code: str, item_code: str, **application
) -> Case:
    """全程网办: an applicant of one alliance town applies online for a case the competent
    department of another town handles.

    ``application``: the application as ``case_submit`` takes it (``form``,
    ``material_ids``, ``enterprise_id``, ``delivery``, ``delivery_address``,
    ``idempotency_key``)."""
    require_role(actor, Role.APPLICANT, Role.AGENT)
    registered = applicant_person(actor).region
    home = home_town(registered) or registered
    handling = region_by_code(handling_region_code, field="handling_region_code")
    use = _checked(item_code, Mode.ONLINE, home, handling)
    case = case_submit(actor=actor, item_code=item_code, region_code=handling.code, **application)
    _record(case, actor=actor, use=use)
    return case
