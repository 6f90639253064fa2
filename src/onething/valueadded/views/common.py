"""What the pages share: the marks of a request's status and deadline, its links, and the
decorators of a page for signed-in accounts."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from onething.core import deadlines
from onething.web.display import Mark
from onething.web.views.base import domain_errors_as_pages

from ..rules.requests import CONCLUDED, DECLINED, WITHDRAWN, status_label
from ..selectors import request_deadline

STATUS_KIND = {CONCLUDED: "done", DECLINED: "overdue", WITHDRAWN: "muted"}


def status_mark(request) -> Mark:
    return Mark(status_label(request.status), STATUS_KIND.get(request.status, "on_time"))


def deadline_mark(request) -> Mark | str:
    state = request_deadline(request).state
    if state == deadlines.ANSWERED:
        return ""
    return Mark(deadlines.label(state), state)


def due_text(request) -> str:
    text = f"{request.due_date:%Y-%m-%d}"
    return text + "*" if request.due_provisional else text


def request_link(request) -> str:
    return reverse("valueadded-request", args=[request.number])


def service_link(service) -> str:
    return reverse("valueadded-service", args=[service.code])


def signed_in(view):
    """A page for a signed-in account, its refusals shown as pages."""

    @login_required
    @domain_errors_as_pages
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return wrapper
