import logging
import re
import uuid

from . import context

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
