"""The API of one-thing bundles, runs, agency declarations and batch pickup."""

import datetime as dt

from django.http import HttpResponse
from ninja import Header, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.cases.schemas import MessageOut
from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import SYSTEM
from onething.core.services.declarations import declaration_file

from . import selectors
from .schemas import (
    BundleDetailOut,
    BundleIn,
    BundleOut,
    DeclarationIn,
    DeclarationOut,
    HandledOut,
    OutputsIn,
    PickedOut,
    PickupConfirmIn,
    PickupIn,
    PickupOut,
    PickupRefuseIn,
    ProjectDays,
    RunIn,
    RunMilestoneIn,
    RunOut,
    RunReasonIn,
    RunStepOut,
    RunSummary,
    SavingOut,
)
from .selectors import figures
from .services import definitions, pickup, runs, steps

router = Router(tags=["one-thing"])
IdempotencyKey = Header(None, alias="Idempotency-Key")


@router.get("/bundles", response=list[BundleOut], auth=None)
def list_bundles(request, audience: str = "", level: str = ""):
    """The one-things (一件事) in service. Public. ``audience`` enterprise or person;
    ``level`` national, provincial (the key items, 重点事项) or city."""
    return selectors.bundles_list(actor(request), audience=audience, level=level)


@router.get("/bundles/{code}", response=BundleDetailOut, auth=None)
def get_bundle(request, code: str):
    """A one-thing with its steps, its one form and its one set of materials. Public."""
    bundle = selectors.bundle_get(actor(request), code)
    bundle.form_schema = selectors.one_form(bundle)
    bundle.materials = selectors.one_set_of_materials(bundle)
    return bundle


@router.put("/bundles/{code}", response=BundleOut)
def save_bundle(request, code: str, payload: BundleIn):
    """Create or replace a one-thing (administrators): the coding rule, the step graph (no
    cycle, no unknown item, no output read from a step it does not depend on) and the one
    form are checked first."""
    data = payload.dict()
    data["code"] = code
    return definitions.bundle_save(actor=actor(request), data=data)


@router.post("/runs", response={201: RunOut})
def submit_run(
    request, response: HttpResponse, payload: RunIn, idempotency_key: str | None = IdempotencyKey
):
    """Apply for a one-thing with one form and one set of materials."""
    data = payload.dict()
    data["material_ids"] = data.pop("materials")
    run = runs.run_submit(actor=actor(request), idempotency_key=idempotency_key, **data)
    response["Location"] = f"/api/runs/{run.number}"
    return Status(201, run)


@router.get("/runs", response=list[RunSummary])
@paginate(CityPagination)
def list_runs(request, status: str = "", bundle_code: str = ""):
    return selectors.runs_list(actor(request), status=status, bundle_code=bundle_code)


@router.get("/runs/{number}", response=RunOut)
def get_run(request, number: str):
    """One status, every step with its case and licence, elapsed time next to relay time."""
    return selectors.run_get(actor(request), number)


@router.get("/runs/{number}/messages", response=list[MessageOut])
def run_messages(request, number: str):
    """One message stream for the run and all its steps."""
    who = actor(request)
    return selectors.run_messages(who, selectors.run_get(who, number))


@router.post("/runs/{number}/withdraw", response=RunOut)
def withdraw_run(request, number: str, payload: RunReasonIn):
    return steps.run_withdraw(actor=actor(request), number=number, reason=payload.reason)


@router.post("/runs/{number}/milestone", response=RunOut)
def record_milestone(request, number: str, payload: RunMilestoneIn):
    """The milestone (e.g. the land contract) is reached: pre-reviewed steps may conclude."""
    return steps.run_milestone(actor=actor(request), number=number, reached_at=payload.reached_at)


@router.post("/cases/{number}/step-outputs", response=RunStepOut)
def enter_outputs(request, number: str, payload: OutputsIn):
    """The handling officer enters a step's outputs (e.g. the verification number)."""
    return steps.step_outputs_enter(actor=actor(request), case_number=number, values=payload.values)


@router.post("/declarations", response={201: DeclarationOut})
def file_declaration(request, payload: DeclarationIn, idempotency_key: str | None = IdempotencyKey):
    """代领声明: an agent names the enterprises the agency acts for, by credit code."""
    declaration = declaration_file(
        actor=actor(request),
        credit_codes=payload.credit_codes,
        valid_until=payload.valid_until,
        idempotency_key=idempotency_key,
    )
    return Status(201, declaration)


@router.get("/pickups/ready", response=list[PickedOut])
def ready(request):
    """The results waiting at a window for the agency's declared enterprises."""
    return selectors.ready_results(actor(request))


@router.post("/pickups", response={201: PickupOut})
def collect(request, payload: PickupIn, idempotency_key: str | None = IdempotencyKey):
    """批量代领: collect every ready result of the declared enterprises (or those named), in
    one recorded pickup."""
    done = pickup.batch_pickup(
        actor=actor(request),
        case_numbers=payload.case_numbers,
        center_code=payload.center_code,
        idempotency_key=idempotency_key,
    )
    return Status(201, done)


@router.get("/pickups", response=list[PickupOut])
@paginate(CityPagination)
def pickups(request, status: str = ""):
    """The pickups you may see, newest first (paginated): the agency's (agents), those at
    your centre (window clerks), your region's (supervisors); ``status`` waiting,
    confirmed or refused."""
    return selectors.pickups_with_cases(selectors.pickups_list(actor(request), status=status))


@router.post("/pickups/{number}/confirm", response=PickupOut)
def confirm_pickup(request, number: str, payload: PickupConfirmIn):
    """A window clerk of the pickup's centre checked the agent's identity and hands the
    results over: only now are they collected. A retry answers the confirmed pickup."""
    return pickup.pickup_confirm(
        actor=actor(request), number=number, identity_checked=payload.identity_checked
    )


@router.post("/pickups/{number}/refuse", response=PickupOut)
def refuse_pickup(request, number: str, payload: PickupRefuseIn):
    """A window clerk of the pickup's centre refuses it, with the reason the agent reads."""
    return pickup.pickup_refuse(actor=actor(request), number=number, reason=payload.reason)


@router.get("/figures/bundles/saving", response=SavingOut, tags=["figures"], auth=None)
def saving(request, bundle_code: str = ""):
    """Over the concluded runs: mean elapsed and relay hours and the mean saving. Public."""
    return selectors.average_saving(SYSTEM, bundle_code)  # an aggregate: no run is shown


@router.get(
    "/figures/bundles/handled",
    response=HandledOut,
    tags=["figures"],
    auth=None,
    url_name="bundles-handled",
)
def handled(
    request,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str = "",
    level: str = "",
):
    """The one-things handled in a period (高效办成一件事): per level (国家级, 省级, 市级) how
    many one-things it lists and how many runs were taken in (办理) and concluded, the key
    items' total (also in 万), and per one-thing. From the daily roll-up; ``region`` a
    region code (its subtree), ``level`` national, provincial or city. Public."""
    flt = figures.handled_filter(date_from=date_from, date_to=date_to, region=region, level=level)
    return figures.handled(flt)


@router.get(
    "/figures/bundles/project-days", response=list[ProjectDays], tags=["figures"], auth=None
)
def days(request, bundle_code: str, final_step: str = "construction-permit"):
    """Per project: calendar days from the land contract to the construction permit. Public."""
    return selectors.project_days(SYSTEM, bundle_code, final_step)
