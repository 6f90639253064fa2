"""What the catalogue's pages share: the staff's gate (the institute's staff and
administrators; anyone else 403) and the marks of a cohort's state and of an agreement's.
A staff form is answered by every part's ``..common.form_page``."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from onething.core import clock
from onething.core.permissions import Actor
from onething.web.display import Mark
from onething.web.views.base import page_actor

from ...rules.catalogue import AGREEMENT_STATE_LABELS, TERMINATED, VALID, agreement_state
from ...rules.statuses import COHORT_STATUS_LABELS, FINISHED, OPEN, RUNNING, label
from ...services.catalogue import require_staff


def staff_actor(request) -> Actor:
    """The signed-in institute staff or administrator (anyone else: 403)."""
    actor = page_actor(request)
    require_staff(actor)
    return actor


def staff_record(request, get, *args, institute: str = "institute") -> tuple[Actor, Any]:
    """The signed-in staff and the record ``get(actor, *args)`` gives, which must be of
    their institute (``institute``: the path to it; another institute's: 403)."""
    actor = staff_actor(request)
    record = get(actor, *args)
    require_staff(actor, attrgetter(institute)(record))
    return actor, record


def cohort_mark(status: str) -> Mark:
    kind = {OPEN: "open", RUNNING: "open", FINISHED: "closed"}.get(status, "")
    return Mark(label(COHORT_STATUS_LABELS, status), kind or "pending")


def agreement_mark(agreement) -> Mark:
    state = agreement_state(
        clock.today(),
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        terminated_on=agreement.terminated_on,
    )
    kind = {VALID: "open", TERMINATED: "overdue"}.get(state, "closed")
    return Mark(label(AGREEMENT_STATE_LABELS, state), kind)
