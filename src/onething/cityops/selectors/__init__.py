"""Every read of the operations centre, scoped by the permission layer."""

from .devices import device_by_token, device_get, device_token_digest, devices_list
from .events import event_deadline, event_get, events_list, step_label

__all__ = [
    "device_by_token",
    "device_get",
    "device_token_digest",
    "devices_list",
    "event_deadline",
    "event_get",
    "events_list",
    "step_label",
]
