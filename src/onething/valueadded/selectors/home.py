"""What the enterprise's home page shows of value-added services (增值服务, one of the four
functions of the 锡企服务平台): the services it may ask for, its open requests and those
waiting for its rating. Read by the dashboard (it may import selectors only)."""

from __future__ import annotations

from typing import Any

from onething.core.pagination import capped_count, count_label
from onething.core.permissions import Actor

from .catalogue import eligible_count, providers_of, services_list
from .requests import my_requests, provider_queue, to_rate


def enterprise_home(actor: Actor) -> dict[str, Any]:
    """For an account acting for an enterprise: the catalogue's size, the services its
    enterprise may ask for, its open requests and those to rate; for a partner's staff,
    the requests waiting in its queue too."""
    if not actor.enterprise_id:
        return {}
    found = {
        "services": services_list(actor).filter(active=True).count(),
        "eligible": eligible_count(actor),
        "open": count_label(*capped_count(my_requests(actor, open_only=True))),
        "to_rate": count_label(*capped_count(to_rate(actor))),
        "provider_waiting": None,
    }
    if providers_of(actor).exists():
        found["provider_waiting"] = count_label(
            *capped_count(provider_queue(actor, status="submitted"))
        )
    return found
