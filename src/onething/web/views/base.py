from __future__ import annotations

from functools import wraps

from django.shortcuts import render

from onething.core.errors import DomainError, ValidationFailed
from onething.core.forms import problems_on
from onething.core.permissions import Actor, actor_for


def page_actor(request) -> Actor:
    cached = getattr(request, "_onething_actor", None)
    if cached is None:
        cached = actor_for(request.user)
        request._onething_actor = cached
    return cached


def domain_errors_as_pages(view):
    """A DomainError raised by a service or selector becomes an error page with its status
    (403, 404, 409, 422 …) and its message, never a 500."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            response = render(
                request,
                "web/error.html",
                {"status": exc.status, "code": exc.code, "message": exc.message},
                status=exc.status,
            )
            if getattr(exc, "retry_after", None):
                response["Retry-After"] = str(exc.retry_after)
            return response

    return wrapper


def service_form_page(request, *, form_class, title: str, save, done):
    """A page with one form whose valid data goes to one service call: ``save(**data)``
    returns the object, ``done(obj)`` the response after success. The service's field
    problems are shown beside the fields, with status 422; nothing is half-written."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(**form.cleaned_data)
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            return done(obj)
    status = 422 if request.method == "POST" else 200
    return render(request, "web/form.html", {"form": form, "title": title}, status=status)
