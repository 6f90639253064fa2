"""What every part's pages share: the decorators of a page (signed in, a refusal shown as
its page), of a form's page and of a move's post; the address of a page of another part,
drawn only when that page is installed; and the one way a form that makes or changes a
record is answered (``form_page``): done — on to a page with a message —, or the form
again with every problem beside its input (422), the form's own and the service's at
once; a conflict (409) above the form."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import Conflict, DomainError, FieldProblem, ValidationFailed
from onething.core.forms import problems_on
from onething.web.views.base import domain_errors_as_pages


def signed_in(view):
    """A page for a signed-in person; a refusal (403, 404, 409) shown as its page."""
    return login_required(domain_errors_as_pages(view))


def form_view(view):
    """A page with a form (shown, then posted): signed in, never cached."""
    return never_cache(signed_in(view))


def posted(view):
    """A move's post from a record's page: signed in, POST only, never cached."""
    return never_cache(login_required(require_POST(domain_errors_as_pages(view))))


def url_or_blank(name: str, *args) -> str:
    """The page's address, or '' when that page is not installed (another part's)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


SENT_ALREADY = gettext_lazy(
    "This form was sent already, with other content (after going back?). Check it and send "
    "it again."
)


class _DryRun(Exception):
    pass


def service_problems(call: Callable[[], Any]) -> list[FieldProblem]:
    """The field problems the service finds in what a refused form holds, without writing
    anything (the call runs in a transaction undone at its end)."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except ValidationFailed as error:
        return error.problems
    except (_DryRun, DomainError, TypeError, ValueError):
        return []


def form_page(
    request,
    *,
    form: forms.Form,
    title: str,
    call: Callable[[], Any],
    done: Callable[[Any], tuple[str, str]],
    renames: dict[str, str] | None = None,
    template: str = "training/catalogue/form.html",
    context: dict[str, Any] | None = None,
) -> Any:
    """Show ``form``; on a POST run ``call`` (the service with the form's arguments):
    ``done(result)`` gives the message and the address to go to. The form's own problems
    and the service's are shown together, beside their inputs (422); a conflict (409) above
    the form."""
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                result = call()
            except ValidationFailed as error:
                problems_on(form, error, renames, one_per_input=True)
            except Conflict as error:
                status = 409
                if error.code == "idempotency_key_reused":
                    form.add_error(None, str(SENT_ALREADY))
                    form.data = form.data.copy()
                    form.data["idempotency_key"] = uuid.uuid4().hex
                else:
                    form.add_error(None, error.message)
            else:
                message, url = done(result)
                messages.success(request, message)
                return redirect(url)
        else:
            problems_on(form, service_problems(call), renames, one_per_input=True)
    return render(
        request,
        template,
        {"title": title, "form": form, **(context or {})},
        status=status,
    )


def saved(message: str, url: str) -> Callable[[Any], tuple[str, str]]:
    return lambda _result: (message, url)
