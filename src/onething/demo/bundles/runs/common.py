"""What the demo stories share: the seeds' enterprises, the idempotency keys that mark each
story as made, the time of day in Wuxi, the departments' officers, and the applying for a
bundle with one scan of each material its steps require."""

from __future__ import annotations

import datetime as dt

from onething.bundles.models import Bundle, BundleRun, RunStep
from onething.bundles.services.runs import run_submit
from onething.cases.models import Case
from onething.cases.services.materials import material_upload
from onething.catalog.models import Requirement, ServiceItem
from onething.core import clock
from onething.core.models import Department, IdempotencyRecord, Role, User
from onething.core.permissions import Actor, actor_for
from onething.demo import timeline
from onething.demo.bundles import officer
from onething.demo.runner import scan

SHANGHAI = timeline.SHANGHAI
CHENGFENG = "江阴澄丰化纤有限公司"

# The idempotency keys that mark each scenario as made (on the account of its first write).
EQUITY_2025 = "demo-run-equity-2025"
DECLARATION = "demo-declaration-2025"
QMQ_CHANGE = "demo-case-qingmingqiao-2025"
PICKUP = "demo-pickup-2025"
PROJECT_2025 = "demo-run-project-2025"
EQUITY_LIVE = "demo-run-equity-live"
RESTAURANT_LIVE = "demo-run-restaurant-live"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timeline.at(day, hour, minute)


class Scenarios:
    """The demo's accounts, by username, for the stories to act as."""

    def __init__(self) -> None:
        self.users = {u.username: u for u in User.objects.select_related("agent")}

    def actor(self, username: str) -> Actor:
        return actor_for(self.users[username])


def done(user: User, key: str, operation: str) -> bool:
    return IdempotencyRecord.objects.filter(
        owner=f"user:{user.pk}", operation=operation, key=key
    ).exists()


def handler(department: Department) -> Actor:
    """The department's demo officer (the town's own account where the base city has one,
    else officer.<code>)."""
    user = (
        User.objects.filter(role=Role.OFFICER, department=department, is_active=True)
        .order_by("username")
        .first()
    ) or officer(department)
    return actor_for(user)


def uploads(actor: Actor, bundle_or_item_codes: list[str]) -> list[int]:
    """One scan for each material type the items require (each type once)."""
    types: list[str] = []
    for item in ServiceItem.objects.filter(code__in=bundle_or_item_codes).prefetch_related(
        "materials__material_type"
    ):
        for req in item.materials.all():
            if req.requirement == Requirement.REQUIRED and req.material_type.code not in types:
                types.append(req.material_type.code)
    return [
        material_upload(actor=actor, material_type_code=code, name=f"{code}.pdf", data=scan()).pk
        for code in sorted(types)
    ]


def step_items(bundle_code: str) -> list[str]:
    return list(Bundle.objects.get(code=bundle_code).steps.values_list("item__code", flat=True))


def cases(run: BundleRun) -> dict[str, Case]:
    """The run's step cases by step key (fresh from the database)."""
    return {
        rs.step.key: rs.case
        for rs in RunStep.objects.filter(run=run).select_related("step", "case__department")
        if rs.case is not None
    }


def submit(
    actor: Actor,
    bundle_code: str,
    form: dict,
    *,
    when: dt.datetime,
    region_code: str,
    delivery: str,
    key: str,
    enterprise_id: int | None = None,
) -> tuple[BundleRun, dict[str, Case]]:
    """Apply for the bundle as of ``when``, with one scan of each material its steps'
    items require: the run, and its step cases by step key."""
    with clock.frozen(when):
        run = run_submit(
            actor=actor,
            bundle_code=bundle_code,
            form=form,
            material_ids=uploads(actor, step_items(bundle_code)),
            enterprise_id=enterprise_id,
            region_code=region_code,
            delivery=delivery,
            idempotency_key=key,
        )
    return run, cases(run)
