"""Night visits (夜访): a leader on duty records where they went, whom they met and what was
raised; each demand a resident raised becomes an appeal of the 带班值班 programme through
the appeals' intake (channel ``visit``, the resident as its contact), and then follows the
appeal's flow — dispatch, reply, follow-up — to its answer (and, like the 老规划馆, may
become a project of the department that answers it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.appeals.selectors import categories_tree
from onething.appeals.services.intake import appeal_submit
from onething.core import clock
from onething.core.crypto import seal
from onething.core.errors import FieldProblem, PermissionDenied, ValidationFailed
from onething.core.identity import mask_phone, phone_problem
from onething.core.permissions import SYSTEM, Actor
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import number_next

from ..models import DutyNight, NightVisit, VisitDemand
from ..models.visits import PHONE_LABEL
from ..rules.nights import duty_date
from .common import PROGRAMME, clean, leader_town, locked, refuse_if, text_problem

DEMAND_TYPES = ("demand", "suggestion")  # 诉求, 建议: what residents raise on a visit
MAX_DEMANDS = 10
SERIES = "yf"  # 夜访: YF + the town's code + the day + a sequence


# ---------------------------------------------------------------- checks


def demand_problems(index: int | None, demand: Mapping[str, Any]) -> list[FieldProblem]:
    """Every problem of one demand's fields (``demands.<index>.<field>`` in a list)."""

    def name(field: str) -> str:
        return field if index is None else f"demands.{index}.{field}"

    problems: list[FieldProblem | None] = []
    kind = demand.get("type") or "demand"
    if kind not in DEMAND_TYPES:
        problems.append(
            FieldProblem(
                name("type"), "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(DEMAND_TYPES)}
            )
        )
    category = demand.get("category") or ""
    if not isinstance(category, str) or category not in _categories():
        problems.append(FieldProblem(name("category"), "unknown", _("Choose a category.")))
    problems.append(text_problem(name("title"), demand.get("title"), 100))
    problems.append(
        text_problem(
            name("text"), demand.get("text"), 2000, _("Write down what was raised."), minimum=5
        )
    )
    problems.append(
        text_problem(
            name("contact_name"),
            demand.get("contact_name"),
            50,
            _("Name the resident the answer goes to."),
        )
    )
    phone = demand.get("contact_phone")
    if not clean(phone):
        problems.append(
            FieldProblem(
                name("contact_phone"), "required", _("The resident's phone, for the answer.")
            )
        )
    else:
        problems.append(phone_problem(phone, name("contact_phone")))
    return [p for p in problems if p is not None]


def _categories() -> set[str]:
    return set(categories_tree(SYSTEM).values_list("code", flat=True))


def visit_problems(
    *, at, place, address, met_names, met_count, summary, demands
) -> list[FieldProblem | None]:
    """Every problem of a visit and of each of its demands (``demands.<n>.<field>``), as
    :func:`visit_record` refuses them: a page checks what was typed with them when its own
    checks failed already, so that every problem shows at once."""
    problems: list[FieldProblem | None] = []
    if not isinstance(at, dt.datetime) or at.tzinfo is None:
        problems.append(FieldProblem("at", "format", _("When was the visit? Date and time.")))
    elif at > clock.now() + dt.timedelta(minutes=5):
        problems.append(FieldProblem("at", "future", _("A visit is recorded once it was made.")))
    problems += [
        text_problem("place", place, 60, _("Name the village or community visited.")),
        text_problem("address", address, 200),
        text_problem("met_names", met_names, 200),
        text_problem("summary", summary, 2000, _("Say what was raised on the visit.")),
    ]
    if not isinstance(met_count, int) or isinstance(met_count, bool) or not 0 <= met_count <= 9999:
        problems.append(
            FieldProblem("met_count", "range", _("How many residents: a number from 0 to 9999."))
        )
    if len(demands) > MAX_DEMANDS:
        problems.append(
            FieldProblem(
                "demands", "max_items", _("At most %(n)s demands a visit.") % {"n": MAX_DEMANDS}
            )
        )
    else:
        for i, demand in enumerate(demands):
            problems += demand_problems(i, demand)
    return problems


# ---------------------------------------------------------------- writes


def _raise(actor: Actor, visit: NightVisit, position: int, demand: Mapping[str, Any], field: str):
    """One demand as an appeal of the programme, and its record on the visit. A refusal of
    the intake names the demand's own fields (``field``: their prefix)."""
    text = clean(demand.get("text"))
    title = clean(demand.get("title")) or text[:30]
    phone = clean(demand.get("contact_phone"))
    place = " ".join(p for p in (visit.place, visit.address) if p)
    try:
        appeal = appeal_submit(
            actor=actor,
            type=demand.get("type") or "demand",
            category_code=demand.get("category") or "",
            title=title,
            text=text,
            channel="visit",
            programme_code=PROGRAMME,
            region_code=visit.town.code,
            address=place[:200],
            contact_name=clean(demand.get("contact_name")),
            contact_phone=phone,
        )
    except ValidationFailed as error:
        raise ValidationFailed(
            [FieldProblem(f"{field}{p.field}", p.rule, p.message) for p in error.problems]
        ) from None
    digits = phone.replace(" ", "").replace("-", "").removeprefix("+86")
    sealed = seal(digits, PHONE_LABEL, mask_phone(digits))
    return VisitDemand.objects.create(
        visit=visit,
        position=position,
        type=demand.get("type") or "demand",
        category_code=demand.get("category") or "",
        title=title,
        text=text,
        contact_name=clean(demand.get("contact_name")),
        contact_phone_cipher=sealed.cipher,
        contact_phone_digest=sealed.digest,
        contact_phone_masked=sealed.masked,
        appeal_number=appeal.number,
        raised_at=clock.now(),
    )


def _night_of(leader_id: int, at: dt.datetime) -> DutyNight | None:
    day = duty_date(at)
    if day is None:
        return None
    return DutyNight.objects.filter(leader_id=leader_id, date=day).first()


@transaction.atomic
def visit_record(
    *,
    actor: Actor,
    at: dt.datetime,
    place: str,
    summary: str,
    address: str = "",
    met_names: str = "",
    met_count: int = 0,
    demands: Iterable[Mapping[str, Any]] = (),
    idempotency_key: str | None = None,
) -> NightVisit:
    """Record a night visit of the leader acting, in their town, with the demands raised
    (each an appeal of 带班值班, see :func:`demand_raise`). Every problem of the visit and of
    each demand at once (422, ``demands.<n>.<field>``). It joins the leader's duty night
    when it was made on one. A retry with the same idempotency key gets the first visit."""
    town = leader_town(actor)
    demands = list(demands or [])
    refuse_if(
        visit_problems(
            at=at,
            place=place,
            address=address,
            met_names=met_names,
            met_count=met_count,
            summary=summary,
            demands=demands,
        )
    )

    def create() -> NightVisit:
        visit = NightVisit.objects.create(
            number=number_next(series=SERIES, region_code=town.code, on=timezone.localdate(at)),
            leader_id=actor.user_id,
            town=town,
            night=_night_of(actor.user_id, at),
            at=at,
            place=clean(place),
            address=clean(address),
            met_names=clean(met_names),
            met_count=met_count,
            summary=clean(summary),
            recorded_at=clock.now(),
        )
        for position, demand in enumerate(demands, start=1):
            _raise(actor, visit, position, demand, f"demands.{position - 1}.")
        audit_record(
            actor=actor,
            action="duty.visit.record",
            subject=visit,
            after={
                "number": visit.number,
                "at": at,
                "place": visit.place,
                "met_count": met_count,
                "night": visit.night_id,
                "appeals": list(visit.demands.values_list("appeal_number", flat=True)),
            },
        )
        return visit

    payload = {
        "at": at,
        "place": place,
        "summary": summary,
        "met_count": met_count,
        "demands": [dict(d) for d in demands],
    }
    visit, _created = idempotent_create(
        actor=actor,
        operation="duty.visit.record",
        key=idempotency_key,
        payload=payload,
        model=NightVisit,
        create=create,
    )
    return visit


@transaction.atomic
def demand_raise(
    *,
    actor: Actor,
    visit_number: str,
    type: str = "demand",
    category: str = "",
    title: str = "",
    text: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    idempotency_key: str | None = None,
) -> VisitDemand:
    """Raise one more demand of a visit (the leader's own): it becomes an appeal of 带班值班
    through the appeals' intake (channel ``visit``, the resident as its contact), and
    follows the appeal's flow to its answer. A retry with the same key gets the first."""
    leader_town(actor)
    visit = locked(
        actor,
        NightVisit.objects.select_related("town"),
        _("No night visit with that number is visible to you."),
        number=visit_number,
    )
    if visit.leader_id != actor.user_id:
        raise PermissionDenied(_("Demands are raised on your own night visits."))
    demand = {
        "type": type,
        "category": category,
        "title": title,
        "text": text,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
    }
    refuse_if(demand_problems(None, demand))
    if visit.demands.count() >= MAX_DEMANDS:
        raise ValidationFailed.one(
            "demands", "max_items", _("At most %(n)s demands a visit.") % {"n": MAX_DEMANDS}
        )

    def create() -> VisitDemand:
        position = visit.demands.count() + 1
        raised = _raise(actor, visit, position, demand, "")
        audit_record(
            actor=actor,
            action="duty.demand.raise",
            subject=raised,
            after={"visit": visit.number, "appeal": raised.appeal_number},
        )
        return raised

    raised, _created = idempotent_create(
        actor=actor,
        operation="duty.demand.raise",
        key=idempotency_key,
        payload={"visit": visit_number, **demand},
        model=VisitDemand,
        create=create,
    )
    return raised
