"""Every read of value-added services, already scoped to the caller: the catalogue
(:mod:`.catalogue`), requests and queues (:mod:`.requests`), the figures (:mod:`.figures`)
and the enterprise home's part (:mod:`.home`)."""

from .catalogue import (
    acts_for,
    category_counts,
    eligible,
    manages,
    provider_get,
    providers_list,
    providers_of,
    requester_enterprise,
    service_get,
    services_list,
)
from .figures import request_figures
from .home import enterprise_home
from .requests import (
    Deadline,
    may_rate,
    my_requests,
    provider_queue,
    request_actions,
    request_contact_reveal,
    request_deadline,
    request_get,
    side_of,
    to_rate,
)

__all__ = [
    "Deadline",
    "acts_for",
    "category_counts",
    "eligible",
    "enterprise_home",
    "manages",
    "may_rate",
    "my_requests",
    "provider_get",
    "provider_queue",
    "providers_list",
    "providers_of",
    "request_actions",
    "request_contact_reveal",
    "request_deadline",
    "request_figures",
    "request_get",
    "requester_enterprise",
    "service_get",
    "services_list",
    "side_of",
    "to_rate",
]
