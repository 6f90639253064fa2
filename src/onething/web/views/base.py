from __future__ import annotations

from functools import wraps

from django.shortcuts import render

from onething.core.errors import DomainError
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
            return render(
                request,
                "web/error.html",
                {"status": exc.status, "code": exc.code, "message": exc.message},
                status=exc.status,
            )

    return wrapper
