"""The answer to a sign-in refused by the throttle (``AXES_LOCKOUT_CALLABLE``;
onething.core.signin): 429 with ``Retry-After``, and the sign-in page saying how long to
wait, in the reader's language (JSON in the API's error shape for a script)."""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext


def _wait_seconds(request: HttpRequest, credentials: dict | None) -> int:
    handler = AxesProxyHandler.get_implementation()
    if hasattr(handler, "wait_seconds"):
        return handler.wait_seconds(request, credentials)
    return max(1, math.ceil(get_cool_off(request).total_seconds()))


def _wants_json(request: HttpRequest) -> bool:
    return (
        request.path_info.startswith("/api/")
        or request.headers.get("x-requested-with") == "XMLHttpRequest"
        or "application/json" in request.headers.get("accept", "")
    )


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    seconds = _wait_seconds(request, credentials)
    minutes = max(1, math.ceil(seconds / 60))
    message = ngettext(
        "Too many failed sign-ins. Try again in %(minutes)d minute.",
        "Too many failed sign-ins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    if _wants_json(request):
        response = JsonResponse(
            {
                "error": {
                    "code": "sign_in_throttled",
                    "message": message,
                    "details": {"retry_after_seconds": seconds},
                }
            },
            status=429,
        )
    else:
        next_url = request.POST.get("next") or request.GET.get("next", "")
        response = render(
            request,
            "registration/login.html",
            {"lockout_message": message, "next": next_url},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response
