"""What an audited action is called on a page (``受理``), never its code (``case.accept``).
Each app registers the names of the audit actions it writes (:func:`action_labels`, at
import); the case and appeal histories and the back office's audit log read them here.
The stored code stays as it is (it is part of the audit chain); only its reading changes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_labels: dict[str, Any] = {}


def action_labels(mapping: dict[str, Any] | None = None) -> dict[str, Any]:
    """Register names of audit actions (``{"case.accept": _("Accepted")}``); return all."""
    if mapping:
        _labels.update(mapping)
    return _labels


def action_label(action: str) -> str:
    """The registered name of ``action`` in the reader's language, or '' for one no app
    has named."""
    label = _labels.get(action)
    return str(label) if label else ""


def action_text(action: str) -> str:
    """The name of ``action``; one no app has named reads as an action recorded, never as
    its code."""
    return action_label(action) or _("Other recorded action")


# core's own actions
action_labels(
    {
        "account.create": gettext_lazy("Account created"),
        "agency.register": gettext_lazy("Agency registered"),
        "agent.add": gettext_lazy("Agent added to an agency"),
        "calendar.schedule_enter": gettext_lazy("Holiday schedule entered"),
        "declaration.file": gettext_lazy("Client declaration filed"),
        "department.create": gettext_lazy("Department created"),
        "directory.units_add": gettext_lazy("Directory units added"),
        "directory.unit_join": gettext_lazy("Unit joined the collaborative office"),
        "directory.unit_leave": gettext_lazy("Unit left the collaborative office"),
        "enterprise.register": gettext_lazy("Enterprise registered"),
        "person.lookup": gettext_lazy("Person looked up by ID number"),
        "person.lookup_miss": gettext_lazy("Person looked up by ID number, not found"),
        "person.lookup_refused": gettext_lazy("Look-up of a person refused (too many)"),
        "person.register": gettext_lazy("Person registered"),
        "pii.read": gettext_lazy("Full personal data read (audited)"),
        "region.create": gettext_lazy("Region created"),
        "service_center.create": gettext_lazy("Service centre created"),
        "signing_key.create": gettext_lazy("Signing key created"),
        "signing_key.retire": gettext_lazy("Signing key retired"),
        "token.issue": gettext_lazy("API token issued"),
        "token.revoke": gettext_lazy("API token revoked"),
        "window.open": gettext_lazy("Window opened"),
    }
)
