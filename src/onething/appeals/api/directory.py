"""The directory (categories and programmes, public; routing rules and time limits, for
staff) and the policy service."""

from django.http import HttpResponse
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from .. import selectors
from ..schemas import (
    AppealOut,
    AskIn,
    CategoryOut,
    PolicyDetailOut,
    PolicyIn,
    PolicyOut,
    ProgrammeOut,
    RoutingRuleOut,
    TimeLimitOut,
)
from ..schemas.common import Id
from ..services import policies
from .common import IdempotencyKey

router = Router(tags=["appeals"])


@router.get("/appeal-categories", response=list[CategoryOut], auth=None)
def categories(request, open311: bool = False):
    """The category tree in order, parents before children (`open311=true`: only those
    offered to Open311 clients). Public."""
    return selectors.categories_tree(actor(request), open311_only=open311)


@router.get("/appeal-programmes", response=list[ProgrammeOut], auth=None)
def programmes(request):
    """The programmes in service: 无难事、悉心办 (enterprises) and 微幸福 (citizens). Public."""
    return selectors.programmes_list(actor(request))


@router.get("/routing-rules", response=list[RoutingRuleOut])
def routing_rules(request):
    """The routing table in the order it is tried; the first rule whose every condition
    matches names the department (dispatchers and supervisors)."""
    return selectors.routing_rules_list(actor(request))


@router.get("/appeal-time-limits", response=list[TimeLimitOut])
def time_limits(request):
    """Working days to reply by type and urgency, and the warning days before."""
    return selectors.time_limits()


@router.get("/policies", response=list[PolicyOut])
@paginate(CityPagination)
def list_policies(request, all: bool = False):
    """The policies in force. Enterprise staff see the ones that fit their enterprise
    (industry, size, region) unless `all=true`; everyone else sees them all."""
    return selectors.policies_for(actor(request), matching=not all)


@router.get("/policies/{policy_id}", response=PolicyDetailOut)
def get_policy(request, policy_id: Id):
    return selectors.policy_get(actor(request), policy_id)


@router.post("/policies", response={201: PolicyDetailOut})
def publish_policy(request, response: HttpResponse, payload: PolicyIn):
    """Publish a policy, tagged by industry, size and region (supervisors, administrators)."""
    policy = policies.policy_publish(
        actor=actor(request),
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        department_code=payload.department,
        industries=payload.industries,
        sizes=list(payload.sizes),
        region_code=payload.region,
        published_on=payload.published_on,
        valid_until=payload.valid_until,
    )
    response["Location"] = f"/api/policies/{policy.pk}"
    return Status(201, policy)


@router.post("/policies/{policy_id}/ask", response={201: AppealOut})
def ask_about_policy(
    request,
    response: HttpResponse,
    policy_id: Id,
    payload: AskIn,
    idempotency_key=IdempotencyKey,
):
    """An enterprise's inquiry (咨询) about a policy: an appeal sent straight to the
    department that issued it."""
    appeal = policies.policy_ask(
        actor=actor(request),
        policy_id=policy_id,
        text=payload.text,
        title=payload.title,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/appeals/{appeal.number}"
    return Status(201, appeal)
