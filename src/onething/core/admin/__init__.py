"""Back-office configuration. Writes of important objects go through core's services (and
so into the audit log); simple configuration rows are audited by AuditedAdmin.

- ``audited``: ``AuditedAdmin`` and ``ServiceSavedAdmin``, the two ways a page writes;
- ``organisations``: regions, departments, service centres and windows;
- ``directory``: the organisation directory's units (锡心办 coverage);
- ``parties``: people and enterprises;
- ``accounts``: accounts and API tokens;
- ``records``: the working-day schedule, the audit log, the outbox, the task queue;
- ``signing``: the signing keys of every purpose (read-only, public halves only).

Importing the package registers them all, and puts every name the back office shows through
our catalogue (``adminbase.translate_names``)."""

from django.contrib import admin
from django.contrib.auth.models import Group

from ..adminbase import translate_names
from .accounts import AccountAdmin, ApiTokenAdmin
from .audited import AuditedAdmin, ServiceSavedAdmin, field_values
from .directory import DirectoryUnitAdmin
from .organisations import DepartmentAdmin, RegionAdmin, ServiceCenterAdmin
from .parties import EnterpriseAdmin, PersonAdmin
from .records import AuditEntryAdmin, MessageAdmin, WorkdayScheduleAdmin
from .signing import SigningKeyAdmin

# Access follows an account's role and scope, not Django's groups: no page for them.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

translate_names()

__all__ = [
    "AccountAdmin",
    "ApiTokenAdmin",
    "AuditEntryAdmin",
    "AuditedAdmin",
    "DepartmentAdmin",
    "DirectoryUnitAdmin",
    "EnterpriseAdmin",
    "MessageAdmin",
    "PersonAdmin",
    "RegionAdmin",
    "ServiceCenterAdmin",
    "ServiceSavedAdmin",
    "SigningKeyAdmin",
    "WorkdayScheduleAdmin",
    "field_values",
]
