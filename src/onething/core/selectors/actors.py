"""Who did something, as a page names them: the account's name and its role in words
(``张三（窗口工作人员）``), never the username or the role's code that an audit entry or a
timeline line records (``clerk.wanshi (clerk)``). The stored label stays as it is (it is
part of the audit chain); only its reading changes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from ..models import Role, User

# how Actor.label reads: "<username> (<role>)", "system", "system (…)", "anonymous"
LABEL = re.compile(r"^(?P<username>\S+) \((?P<role>[a-z_]*|None)\)$")


def actor_text(user: User | None, label: str) -> str:
    """One actor for a page: a known account's name and role, the system, or the role alone
    (an account since removed); '' for nothing recorded."""
    if user is not None:
        role = Role(user.role).label if user.role in Role.values else ""
        name = user.display_name
        return f"{name}（{role}）" if role and str(role) != name else name
    if not label:
        return ""
    if label == "system" or label.startswith("system ("):
        return _("The platform")
    if label == "anonymous":
        return _("Not signed in")
    match = LABEL.match(label)
    if match and match["role"] in Role.values:
        return str(Role(match["role"]).label)
    return _("A staff member")


def actor_names(labels: Iterable[str]) -> dict[str, str]:
    """Each recorded actor label (``clerk.wanshi (clerk)``) with the text a page shows for
    it, loading the accounts named in one query."""
    labels = {label for label in labels if label is not None}
    usernames = {m["username"] for m in map(LABEL.match, labels) if m}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=usernames).select_related(
            "person", "enterprise", "service_center", "department", "region"
        )
    }
    out = {}
    for label in labels:
        match = LABEL.match(label)
        out[label] = actor_text(users.get(match["username"]) if match else None, label)
    return out
