"""What the role home pages show, read through core's selectors."""

from __future__ import annotations

from typing import Any

from onething.appeals.selectors import appeals_list
from onething.core.models import Role
from onething.core.pagination import capped_count, count_label
from onething.core.permissions import Actor
from onething.core.selectors.parties import agencies_list, enterprises_list, people_list
from onething.core.selectors.regions import departments_list, service_centers_list


def home_context(actor: Actor, user) -> dict[str, Any]:
    if user is None:
        return {"center_count": service_centers_list(actor).count()}
    context: dict[str, Any] = {"account": user, "actor": actor}
    if actor.role == Role.CLERK:
        center = user.service_center
        context |= {
            "center": center,
            "windows": center.windows.all(),
            "people_count": people_list(actor).count(),
            "enterprise_count": enterprises_list(actor).count(),
        }
    elif actor.role in (Role.OFFICER, Role.UNION_STAFF):
        context |= {
            "department": user.department,
            "people_count": people_list(actor).count(),
            "enterprise_count": enterprises_list(actor).count(),
        }
    elif actor.role == Role.SUPERVISOR:
        region_code = user.region.code
        context |= {
            "region": user.region,
            "center_count": service_centers_list(actor, region_code=region_code).count(),
            "department_count": departments_list(actor, region_code=region_code).count(),
            "people_count": people_list(actor).count(),
            "enterprise_count": enterprises_list(actor).count(),
        }
    elif actor.role == Role.DISPATCHER:
        context |= {
            "region": user.region,
            "to_dispatch": count_label(*capped_count(appeals_list(actor, queue="dispatch"))),
            "overdue": count_label(*capped_count(appeals_list(actor, deadline="overdue"))),
        }
    elif actor.role == Role.APPLICANT:
        context |= {"person": user.person, "enterprise": user.enterprise}
    elif actor.role == Role.AGENT:
        context |= {"agency": agencies_list(actor).first(), "person": user.person}
    elif actor.role == Role.GATE:
        context |= {"tokens": user.api_tokens.filter(revoked_at__isnull=True)}
    return context
