"""The GeoReport v2 endpoints (plain Django views: they answer in JSON and in XML, picked
by the extension). Every failure is an answer in the spec's error format with its HTTP
status: 403 for a missing or invalid api_key, 404 for what does not exist (an unknown
jurisdiction, service, request, format or endpoint), 405 for a wrong method and 400 for
any other bad input; never a 500 for what a client sent."""

from __future__ import annotations

import functools
import logging
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from onething.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from onething.core.permissions import actor_for

from ..selectors import categories_tree
from .formats import FORMATS, Open311Error, render_error, render_list, render_object
from .intake import problems_error, request_submit
from .present import request_row, service_notice, service_row
from .query import request_filters
from .selectors import request_get, requests_list

log = logging.getLogger(__name__)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
BAD_BODY = (MultiPartParserError, RequestDataTooBig, SuspiciousOperation, BadRequest)
TEXT_MAX_CHARS = 10_000  # no GeoReport field needs more (a description is cut at 2,000)


def _domain_error(exc: DomainError) -> Open311Error:
    """A service's refusal in the spec's terms (the spec answers 400 for what is neither
    a missing resource nor a key problem; a reused idempotency key keeps its 409)."""
    if hasattr(exc, "problems"):
        return problems_error(exc.problems)
    if isinstance(exc, NotFound):
        return Open311Error(404, exc.message)
    if isinstance(exc, PermissionDenied):
        return Open311Error(403, exc.message)
    if isinstance(exc, Conflict):
        return Open311Error(409, exc.message)
    return Open311Error(400, exc.message)


def _form(request: HttpRequest) -> QueryDict:
    """The POSTed form (form-encoded, as the spec says, or multipart)."""
    if request.content_type not in FORM_TYPES and request.body:
        raise Open311Error(
            400,
            _("The request body is sent as application/x-www-form-urlencoded (or multipart)."),
        )
    if request.content_type == FORM_TYPES[0]:
        _check_utf8(request.body)
    return request.POST


def _check_utf8(body: bytes) -> None:
    """Each name and value of a form-encoded body is UTF-8 once unquoted (Django would read
    ``%ED%A0%80``, half of a surrogate pair, as replacement characters and store them)."""
    for pair in body.split(b"&"):
        name, _sep, value = pair.partition(b"=")
        try:
            unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8")
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            field = unquote_to_bytes(name).decode("utf-8", "replace")[:40]
            raise Open311Error(
                400, _("%(f)s (format): the text is not UTF-8.") % {"f": field}
            ) from None


def _check_text(*sources) -> None:
    """No NUL character anywhere (PostgreSQL cannot store or compare one), and no text
    longer than ``TEXT_MAX_CHARS``."""
    for source in sources:
        items = source.lists() if isinstance(source, QueryDict) else source.items()
        for name, values in items:
            values = values if isinstance(values, list) else [values]
            if any("\x00" in str(v) for v in values) or "\x00" in name:
                raise Open311Error(
                    400, _("%(f)s (format): a NUL character is not allowed.") % {"f": name[:40]}
                )
            if any(len(str(v)) > TEXT_MAX_CHARS for v in values) or len(name) > 100:
                raise Open311Error(
                    400,
                    _("%(f)s (max_length): at most %(n)s characters.")
                    % {"f": name[:40], "n": TEXT_MAX_CHARS},
                )


def _check_jurisdiction(value: str | None) -> None:
    value = (value or "").strip()
    if value and value != settings.ONETHING_OPEN311_JURISDICTION:
        raise Open311Error(
            404,
            _("jurisdiction_id %(j)s was not found; this endpoint serves %(ours)s.")
            % {"j": value[:80], "ours": settings.ONETHING_OPEN311_JURISDICTION},
        )


def endpoint(*methods: str):
    """Answer only ``methods`` (HEAD with GET), check the format and the jurisdiction, and
    turn every refusal into the spec's error list in the request's format."""
    allowed = (*methods, "HEAD") if "GET" in methods else methods

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, fmt: str, **kwargs) -> HttpResponse:
            if fmt not in FORMATS:
                return render_error(
                    "json",
                    Open311Error(
                        404, _("Unknown format .%(f)s: use .json or .xml.") % {"f": fmt[:20]}
                    ),
                )
            try:
                if request.method not in allowed:
                    raise Open311Error(
                        405,
                        _("Method %(m)s is not allowed here; use %(a)s.")
                        % {"m": request.method, "a": ", ".join(methods)},
                    )
                form = _form(request) if request.method == "POST" else request.GET
                _check_text(form, request.GET, kwargs)
                _check_jurisdiction(
                    form.get("jurisdiction_id") or request.GET.get("jurisdiction_id")
                )
                return view(request, fmt, form, **kwargs)
            except BAD_BODY as exc:
                log.info("open311: unreadable body: %s", exc)
                error = Open311Error(400, _("The request body could not be read."))
            except Open311Error as exc:
                error = exc
            except DomainError as exc:
                error = _domain_error(exc)
            response = render_error(fmt, error)
            if error.status == 405:
                response["Allow"] = ", ".join(allowed)
            return response

        return wrapper

    return decorate


@endpoint("GET")
def services(request: HttpRequest, fmt: str, query: QueryDict) -> HttpResponse:
    """GET Service List: the categories offered through Open311."""
    rows = [service_row(c) for c in categories_tree(actor_for(request.user), open311_only=True)]
    return render_list(fmt, rows, root="services", item="service")


@endpoint("GET")
def service_definition(
    request: HttpRequest, fmt: str, query: QueryDict, service_code: str
) -> HttpResponse:
    """GET Service Definition: no extra attributes are asked for any service."""
    known = categories_tree(actor_for(request.user), open311_only=True)
    if not known.filter(code=service_code).exists():
        raise Open311Error(
            404,
            _("service_code %(c)s was not found (see services.json).") % {"c": service_code[:60]},
        )
    return render_object(
        fmt, {"service_code": service_code, "attributes": []}, root="service_definition"
    )


@csrf_exempt  # clients are not browsers: the api_key authenticates a POST
@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str, form: QueryDict) -> HttpResponse:
    """GET Service Requests (public, filtered) or POST Service Request (with an api_key)."""
    if request.method == "POST":
        appeal = request_submit(request, form)
        row = {
            "service_request_id": appeal.number,
            "service_notice": service_notice(appeal),
            "account_id": None,
        }
        return render_list(fmt, [row], root="service_requests", item="request", status=201)
    filters = request_filters(form)
    appeals = requests_list(
        numbers=filters.numbers,
        service_codes=filters.service_codes,
        statuses=filters.statuses,
        start=filters.start,
        end=filters.end,
    )
    rows = [request_row(request, a) for a in appeals]
    return render_list(fmt, rows, root="service_requests", item="request")


@endpoint("GET")
def request_detail(
    request: HttpRequest, fmt: str, query: QueryDict, service_request_id: str
) -> HttpResponse:
    """GET Service Request: one request, as a list of one."""
    appeal = request_get(service_request_id)
    if appeal is None:
        raise Open311Error(
            404,
            _("service_request_id %(n)s was not found.") % {"n": service_request_id[:60]},
        )
    return render_list(fmt, [request_row(request, appeal)], root="service_requests", item="request")


def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Anything else under the endpoint: 404 in the error format."""
    fmt = "xml" if path.endswith(".xml") else "json"
    return render_error(
        fmt,
        Open311Error(
            404,
            _("No such endpoint: use services, services/<code>, requests or requests/<id>."),
        ),
    )
