import logging
import re
import uuid

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from . import context
from .errors import FieldProblem, ValidationFailed

_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (the caller's ``X-Request-ID`` when it looks sane), put it
    in the response, in log lines and in every audit entry the request writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = context.request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get() or "-"
        return True


class PrivateAnswersMiddleware:
    """An answer to a signed-in caller (a session or a bearer token) may carry personal data
    — names, masked or revealed ID and phone numbers, cases, appeals: no cache may keep it
    (``Cache-Control: no-store, private``), neither a proxy's nor the browser's back button.
    Public answers (the catalogue, the figures, the board) keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or "Authorization" in request.headers:
            response["Cache-Control"] = "no-store, private"
        return response


class RefuseNulMiddleware:
    """A NUL character in the path (``%00``) is refused before any view: PostgreSQL can
    neither store nor compare one, so a path parameter holding it reached the database as a
    500. The API answers 422 in its error shape, naming the path parameter (its parser
    refuses NULs in query strings and bodies itself); a page answers 400 (Open311 refuses
    it itself, in the GeoReport error format)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            if request.path_info.startswith("/api/"):
                message = _("A NUL character is not allowed.")
                problems = [FieldProblem(f, "format", message) for f in _nul_params(request)]
                return JsonResponse({"error": ValidationFailed(problems).as_dict()}, status=422)
            if not request.path_info.startswith("/open311/"):  # answers in its own format
                raise BadRequest("A NUL character in the path.")
        return self.get_response(request)


def _nul_params(request) -> list[str]:
    """The path parameters holding a NUL (``["path"]`` when the path matches no route)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ["path"]
    return [k for k, v in match.kwargs.items() if "\x00" in str(v)] or ["path"]
