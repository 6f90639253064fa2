"""The one runner of the demo's histories made of steps: every step of every planned case
(or appeal, or swipe) made by the real services "as of" its moment (``core.clock.frozen``),
in time order across all of them; a plan's items already made (found by their idempotency
keys) are skipped, and no step after now is taken — so loading twice changes nothing, and
nothing is ever dated in the future.

``HistoryRunner`` is what the case histories (the towns' cases and the cross-region cases)
share: the clerks of the three towns, the handling departments' officers (an account made
for a department that has none), the items, the uploads, the loop over the steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache, cached_property
from typing import Any

from fpdf import FPDF

from onething.cases.services.materials import material_upload
from onething.catalog.models import Requirement, ServiceItem
from onething.core import clock
from onething.core.models import Department, IdempotencyRecord, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create

HUDAI, XUEYAN, WANSHI = "320211102", "320412114", "320282107"
CLERKS = {HUDAI: "clerk.hudai", XUEYAN: "clerk.xueyan", WANSHI: "clerk.wanshi"}
STREETS = {HUDAI: "滨湖区胡埭镇鸿翔路", XUEYAN: "武进区雪堰镇太湖路", WANSHI: "宜兴市万石镇万石路"}


@cache
def scan() -> bytes:
    """A one-page PDF standing in for a scanned material."""
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=14)
    doc.cell(text="scanned material (demo)")
    return bytes(doc.output())


def pending_steps(
    specs: Iterable[Any], key_prefix: str, operations: Iterable[str], cutoff: dt.datetime
) -> tuple[list[tuple[dt.datetime, int, Any]], set[str]]:
    """The steps ``(when, seq, step)`` of the specs whose record is not made yet, taken up
    to ``cutoff`` (now at the latest) in time order; and the keys already made. A spec has
    ``seq``, ``key`` and ``taken(cutoff)`` → [(when, step)]."""
    done = set(
        IdempotencyRecord.objects.filter(
            key__startswith=key_prefix, operation__in=tuple(operations)
        ).values_list("key", flat=True)
    )
    until = min(cutoff, clock.now())
    events = sorted(
        (when, spec.seq, n, step)
        for spec in specs
        if spec.key not in done
        for n, (when, step) in enumerate(spec.taken(until))
    )
    return [(when, seq, step) for when, seq, _n, step in events], done


def made_once(user: User, key: str, operation: str) -> bool:
    """Whether ``user`` made the write keyed ``key`` already (a story made once)."""
    return IdempotencyRecord.objects.filter(
        owner=f"user:{user.pk}", operation=operation, key=key
    ).exists()


class HistoryRunner:
    """Runs planned steps through the services: ``step_<name>(spec)`` for each step."""

    def __init__(self, specs: Iterable[Any], seed: int, password: str | None):
        self.specs = {s.seq: s for s in specs}
        self.seed, self.password = seed, password
        self.numbers: dict[int, str] = {}
        self.departments: dict[int, int] = {}
        self._officers: dict[int, Actor] = {}

    @cached_property
    def clerks(self) -> dict[str, Actor]:
        users = User.objects.select_related("service_center").filter(username__in=CLERKS.values())
        by_name = {u.username: actor_for(u) for u in users}
        return {town: by_name[name] for town, name in CLERKS.items()}

    @cached_property
    def supervisor(self) -> Actor:
        return actor_for(User.objects.get(username="supervisor"))

    @cached_property
    def items(self) -> dict[str, ServiceItem]:
        return {
            i.code: i
            for i in ServiceItem.objects.prefetch_related("materials__material_type").filter(
                code__in={s.item for s in self.specs.values()}
            )
        }

    def officer(self, department_id: int) -> Actor:
        """The handling department's officer (an account is made when it has none)."""
        if department_id not in self._officers:
            user = (
                User.objects.filter(role=Role.OFFICER, department_id=department_id)
                .order_by("id")
                .first()
            )
            if user is None:
                department = Department.objects.get(pk=department_id)
                user = account_create(
                    actor=SYSTEM,
                    username=f"officer.{department.code.lower()}",
                    password=self.password,
                    role=Role.OFFICER,
                    department=department,
                )
            self._officers[department_id] = actor_for(user)
        return self._officers[department_id]

    def handler(self, spec: Any) -> Actor:
        return self.officer(self.departments[spec.seq])

    def uploads(self, actor: Actor, item: ServiceItem, only_first: bool = False) -> list[int]:
        required = [r for r in item.materials.all() if r.requirement == Requirement.REQUIRED]
        return [
            material_upload(
                actor=actor,
                material_type_code=r.material_type.code,
                name=f"{r.material_type.code}.pdf",
                data=scan(),
            ).pk
            for r in required[: 1 if only_first else None]
        ]

    def run(self, events: list[tuple[dt.datetime, int, str]]) -> int:
        """Take the steps in order, each as of its moment; how many records were begun."""
        made = 0
        for when, seq, step in events:
            with clock.frozen(when):
                getattr(self, f"step_{step}")(self.specs[seq])
            made += step in self.first_steps
        return made

    first_steps: tuple[str, ...] = ("submit", "walk_in")
