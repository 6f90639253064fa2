"""The department's inbox for officers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy

from onething.core.models import Role
from onething.core.permissions import in_parts, require_role
from onething.web.listing import list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..selectors.cases import inbox
from ..selectors.urges import urge_notice
from . import common as c
from .filters import InboxFilter

COLUMNS = [
    c.NUMBER,
    c.ITEM,
    c.APPLICANT,
    c.STATUS,
    c.DUE,
    c.DEADLINE,
    c.SUBMITTED,
    c.CENTRE,
    c.CHANNEL,
    c.MARKS,
]


@login_required
@domain_errors_as_pages
def inbox_page(request):
    """The department's open cases, the nearest deadline first."""
    actor = page_actor(request)
    require_role(actor, Role.OFFICER)
    return list_page(
        request,
        title=gettext_lazy("Department inbox"),
        form_class=InboxFilter,
        rows=lambda f: in_parts(actor, lambda part: inbox(actor, part=part, **f)),
        columns=COLUMNS,
        export_name="inbox",
        template="cases/list.html",
        prepare=c.prepare_marks,
        # 督办: the supervision notices awaiting the department's answer, above its cases
        extra={"intro": "cases/_urge_notice.html", "urge_notice": urge_notice(actor)},
    )
