"""What the home pages show, read through the apps' selectors: the portal every visitor
sees (search, popular services, 个人办事 / 法人办事, life events, departments, notices, the
figures) and, for a signed-in user, their open items or the counts of their work first."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from onething.appeals.selectors import appeals_list, policies_for
from onething.appeals.selectors import deadline_info as appeal_deadline_info
from onething.bundles.selectors import runs_list
from onething.cases.selectors.cases import (
    acceptance_queue,
    case_deadline_state,
    cases_list,
    handover_queue,
    inbox,
)
from onething.cases.selectors.tallies import popular_items
from onething.cases.selectors.urges import urge_notice
from onething.catalog.selectors import departments_browse, life_events_browse
from onething.cityops.selectors import events_list
from onething.core import refdata
from onething.core.models import Role
from onething.core.pagination import capped_count, count_label
from onething.core.permissions import ANONYMOUS, Actor
from onething.core.selectors.parties import agencies_list, enterprises_list, people_list
from onething.core.selectors.regions import departments_list, service_centers_list
from onething.crossregion.selectors.checks import open_checks_count
from onething.dashboard.selectors.public import PublicFigures, percent, public_filter
from onething.duty.selectors.home import leader_home
from onething.training.selectors.home import registrar_home, staff_home
from onething.valueadded.selectors.home import enterprise_home


def home_context(actor: Actor, user) -> dict[str, Any]:
    if user is None:
        return {"center_count": service_centers_list(actor).count(), "portal": portal(actor)}
    context: dict[str, Any] = {"account": user, "actor": actor, "portal": portal(actor)}
    if actor.role == Role.CLERK:
        center = user.service_center
        context |= {
            "center": center,
            "windows": center.windows.all(),
            "people_count": people_list(actor).count(),
            "enterprise_count": enterprises_list(actor).count(),
            "to_accept": _count(acceptance_queue(actor)),
            "to_hand_over": _count(handover_queue(actor)),
        }
    elif actor.role in (Role.OFFICER, Role.UNION_STAFF):
        context |= {
            "department": user.department,
            "people_count": people_list(actor).count(),
            "enterprise_count": enterprises_list(actor).count(),
        }
        if actor.role == Role.OFFICER and actor.department_id:
            context |= {
                "inbox_count": _count(inbox(actor)),
                "overdue_count": _count(inbox(actor, deadline="overdue")),
                "appeals_inbox_count": _count(appeals_list(actor, queue="inbox")),
                "urge_notice": urge_notice(actor),  # 督办: notices awaiting an answer
                "checks_count": open_checks_count(actor),  # 高效协同核验 to answer
            }
    elif actor.role == Role.SUPERVISOR:
        region_code = user.region.code
        context |= {
            "region": user.region,
            "center_count": service_centers_list(actor, region_code=region_code).count(),
            "department_count": departments_list(actor, region_code=region_code).count(),
            "people_count": people_list(actor).count(),
            "enterprise_count": enterprises_list(actor).count(),
            "overdue_count": _count(cases_list(actor, deadline="overdue")),
            "urge_notice": urge_notice(actor),  # 督办: notices awaiting an answer
        }
    elif actor.role == Role.DISPATCHER:
        context |= {
            "region": user.region,
            "to_dispatch": count_label(*capped_count(appeals_list(actor, queue="dispatch"))),
            "overdue": count_label(*capped_count(appeals_list(actor, deadline="overdue"))),
        }
    elif actor.role == Role.APPLICANT:
        context |= {"person": user.person, "enterprise": user.enterprise, **open_items(actor)}
        if actor.enterprise_id:  # 锡企服务平台: the enterprise platform's four functions
            context["platform"] = enterprise_platform(actor)
    elif actor.role == Role.AGENT:
        context |= {
            "agency": agencies_list(actor).first(),
            "person": user.person,
            **open_items(actor),
        }
    elif actor.role == Role.GATE:
        context |= {"tokens": user.api_tokens.filter(revoked_at__isnull=True)}
    elif actor.role == Role.INSTITUTE_STAFF:
        context |= {"department": user.department, **staff_home(actor)}
    elif actor.role == Role.UNIVERSITY:
        context |= registrar_home(actor)
    elif actor.role == Role.INSPECTOR:
        context |= {
            "region": user.region,
            "reported": _count(events_list(actor, mine=True)),
            "reported_open": _count(events_list(actor, mine=True, open_only=True)),
            "to_check": _count(events_list(actor, status="handled")),
        }
    elif actor.role == Role.LEADER:  # 带班值班: tonight's night, this week's stays
        context |= leader_home(actor)
    return context


OPEN_SHOWN = 5  # open items of each kind listed on the home page (the rest: "all")
APPEAL_OPEN = ("received", "dispatched", "returned", "handling", "replied")  # not yet closed
PORTAL_TTL = 300  # seconds the portal's figures and popular services are kept


def _count(rows) -> str:
    return count_label(*capped_count(rows))


def open_items(actor: Actor) -> dict[str, Any]:
    """An applicant's (or agent's) open cases, appeals and one-things, each with its status
    and deadline (cases and appeals: the nearest due date first), and how many there are."""
    cases = cases_list(actor, open_only=True).order_by("due_date", "-submitted_at", "-id")
    appeals = appeals_list(actor).filter(status__in=APPEAL_OPEN).order_by("due_date", "-id")
    runs = runs_list(actor, status="running").order_by("-started_at", "-id")
    rows: list[dict[str, Any]] = []
    for case in cases[:OPEN_SHOWN]:
        rows.append(
            {
                "kind": "case",
                "number": case.number,
                "title": case.item.name,
                "status": case.get_status_display(),
                "due": case.due_date,
                "provisional": case.due_provisional,
                "state": case_deadline_state(case),
            }
        )
    for appeal in appeals[:OPEN_SHOWN]:
        rows.append(
            {
                "kind": "appeal",
                "number": appeal.number,
                "title": appeal.title,
                "status": appeal.get_status_display(),
                "due": appeal.due_date,
                "provisional": appeal.due_provisional,
                "state": appeal_deadline_info(appeal).state if appeal.due_date else None,
            }
        )
    for run in runs[:OPEN_SHOWN]:
        rows.append(
            {
                "kind": "run",
                "number": run.number,
                "title": run.bundle.name,
                "status": run.get_status_display(),
                "due": None,
                "provisional": False,
                "state": None,
            }
        )
    return {
        "open_rows": rows,
        "open_counts": {
            "cases": _count(cases),
            "appeals": _count(appeals),
            "runs": _count(runs),
        },
    }


def enterprise_platform(actor: Actor) -> dict[str, Any]:
    """锡企服务平台 "无难事、悉心办" for an account acting for an enterprise: its four core
    functions (seed 000) — 政策服务 (the policies matched to the enterprise), 政务服务 (the
    services, one-things and its cases: ``open_items``), 增值服务 (the value-added
    catalogue and its open requests) and 互动服务 (its messages: ``open_items``)."""
    return {"policies": len(policies_for(actor)), "value_added": enterprise_home(actor)}


def portal(actor: Actor) -> dict[str, Any]:
    """The portal's sections, the same for everyone (the catalogue is public): popular
    services and the figures from the roll-ups (kept ``PORTAL_TTL`` seconds), the life
    events per audience and the departments (kept with the reference data), the current
    policy notices."""
    browse = refdata.cached(
        "home:browse",
        lambda: {
            "person_events": life_events_browse(ANONYMOUS, audience="person"),
            "enterprise_events": life_events_browse(ANONYMOUS, audience="enterprise"),
            "departments": departments_browse(ANONYMOUS),
        },
    )
    return {
        **browse,
        "popular": cache.get_or_set("home:popular", lambda: popular_items(limit=8), PORTAL_TTL),
        "figures": cache.get_or_set("home:figures", headline_figures, PORTAL_TTL),
        "notices": policies_for(ANONYMOUS, matching=False)[:5],
    }


def headline_figures() -> list[dict[str, Any]]:
    """A few of the figures page's headline numbers (every case so far), from the
    dashboard's roll-up selectors: (key, value, unit) with value None when there is none."""
    totals = PublicFigures(public_filter()).case_totals()
    return [
        {"key": "cases", "value": totals["cases"], "unit": ""},
        {
            "key": "online_share",
            "value": percent(totals["online_share"], fraction=True),
            "unit": "%",
        },
        {
            "key": "on_time_rate",
            "value": percent(totals["on_time_rate"], fraction=True),
            "unit": "%",
        },
        {
            "key": "satisfaction_rate",
            "value": percent(totals["satisfaction_rate"], fraction=True),
            "unit": "%",
        },
    ]
