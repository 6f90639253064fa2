"""What every app's API shares: authentication, the actor of a request, the one error
shape, and the translation of schema validation errors into field + rule + message."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from .errors import DomainError, FieldProblem, PayloadTooLarge, ValidationFailed
from .permissions import Actor, actor_for
from .services.accounts import token_user

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ot_…`` for terminals (gates) and machine clients."""

    def authenticate(self, request: HttpRequest, token: str):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


session_auth = SessionAuth()
token_auth = TokenAuth()
# The token first: a client sending a bearer token is not a browser session, and session
# auth would refuse its writes for a missing CSRF cookie before the token were looked at.
AUTH = [token_auth, session_auth]


def actor(request: HttpRequest) -> Actor:
    """The actor of this request (anonymous when nobody is signed in)."""
    cached = getattr(request, "_onething_actor", None)
    if cached is None:
        cached = actor_for(getattr(request, "auth", None) or getattr(request, "user", None))
        request._onething_actor = cached
    return cached


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


# pydantic error type → (our rule id, message)
def _pydantic_rule(err: dict[str, Any]) -> tuple[str, str]:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    table = {
        "missing": ("required", _("This field is required.")),
        "string_type": ("type", _("A text value is expected.")),
        "int_type": ("type", _("A whole number is expected.")),
        "int_parsing": ("type", _("A whole number is expected.")),
        "float_parsing": ("type", _("A number is expected.")),
        "bool_parsing": ("type", _("true or false is expected.")),
        "bool_type": ("type", _("true or false is expected.")),
        "date_from_datetime_parsing": ("type", _("A date (YYYY-MM-DD) is expected.")),
        "date_parsing": ("type", _("A date (YYYY-MM-DD) is expected.")),
        "date_type": ("type", _("A date (YYYY-MM-DD) is expected.")),
        "datetime_parsing": ("type", _("A date and time (ISO 8601) is expected.")),
        "datetime_from_date_parsing": ("type", _("A date and time (ISO 8601) is expected.")),
        "string_too_long": (
            "max_length",
            _("At most %(n)s characters.") % {"n": ctx.get("max_length")},
        ),
        "string_too_short": (
            "min_length",
            _("At least %(n)s characters.") % {"n": ctx.get("min_length")},
        ),
        "greater_than_equal": ("min", _("At least %(n)s.") % {"n": ctx.get("ge")}),
        "greater_than": ("min", _("More than %(n)s.") % {"n": ctx.get("gt")}),
        "less_than_equal": ("max", _("At most %(n)s.") % {"n": ctx.get("le")}),
        "less_than": ("max", _("Less than %(n)s.") % {"n": ctx.get("lt")}),
        "literal_error": (
            "choice",
            _("Choose one of: %(c)s.") % {"c": ctx.get("expected", "")},
        ),
        "enum": ("choice", _("Choose one of: %(c)s.") % {"c": ctx.get("expected", "")}),
        "json_invalid": ("json", _("The request body is not valid JSON.")),
        "model_attributes_type": ("type", _("An object is expected.")),
        "dict_type": ("type", _("An object is expected.")),
        "list_type": ("type", _("A list is expected.")),
        "string_pattern_mismatch": ("format", _("The value has the wrong format.")),
    }
    if kind in table:
        return table[kind]
    return kind or "invalid", _("Invalid value (%(detail)s).") % {"detail": err.get("msg", "")}


def _field_name(loc: list[Any]) -> str:
    # ninja locations look like ["body", "payload", "id_number"] or ["query", "page"].
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "cookie", "file"}:
        source, rest = parts[0], parts[1:]
        if source == "body" and len(rest) > 1:
            rest = rest[1:]  # drop the payload parameter's own name
        return ".".join(rest) or source
    return ".".join(parts)


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    fields = []
    for err in errors:
        rule, message = _pydantic_rule(err)
        fields.append(
            {"field": _field_name(list(err.get("loc", []))), "rule": rule, "message": message}
        )
    return fields


_SURROGATE = re.compile("[\ud800-\udfff]")
# No field of any operation takes a longer text (the longest, a policy's body, is a few
# pages): past it a text is refused whatever the field, before it reaches a service or a
# column (a megabyte in a field with no limit of its own was stored, or a 500 on PostgreSQL).
TEXT_MAX_CHARS = 100_000
# The largest body an operation takes (10,000 card rows) is about 1.5 MB.
JSON_BODY_MAX_BYTES = 4 * 1024 * 1024


def _text_rule(text: str) -> str | None:
    """Why a text cannot be taken: a NUL (PostgreSQL can neither store nor compare one), a
    lone UTF-16 surrogate (JSON's ``"\\ud800"`` without its pair: no UTF-8 encodes it, so
    no database stores it), a length past ``TEXT_MAX_CHARS``; else None."""
    if len(text) > TEXT_MAX_CHARS:
        return "max_length"
    if "\x00" in text:
        return "nul_character"
    if _SURROGATE.search(text):
        return "lone_surrogate"
    return None


def _bad_texts(value: Any, path: str) -> list[tuple[str, str]]:
    """(path, rule) for each key or text in a parsed body (dicts, lists, strings) that
    cannot be taken."""
    if isinstance(value, str):
        rule = _text_rule(value)
        return [(path, rule)] if rule else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            rule = _text_rule(str(key))
            found += (
                [(where.encode("utf-8", "backslashreplace").decode(), rule)]
                if rule
                else _bad_texts(item, where)
            )
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _bad_texts(item, f"{path}.{i}")]
    return []


def _messages() -> dict[str, str]:
    return {
        "max_length": _("At most %(n)s characters.") % {"n": TEXT_MAX_CHARS},
        "nul_character": _("A NUL character is not allowed."),
        "lone_surrogate": _(
            "A broken character (half of a UTF-16 surrogate pair) is not allowed: send the "
            "text as UTF-8."
        ),
    }


def refuse_bad_text(data: Any) -> Any:
    """``data`` as it is, unless a text in it cannot be stored (``_text_rule``): then 422
    naming each field and its rule (never a 500 from the database or the encoder)."""
    found = _bad_texts(data, "")
    if found:
        messages = _messages()
        raise ValidationFailed([FieldProblem(f, rule, messages[rule]) for f, rule in found])
    return data


class NulFreeParser(Parser):
    """The API's parser: JSON bodies, query strings and form fields are refused (422) when
    a text holds a NUL character or a lone surrogate or is longer than ``TEXT_MAX_CHARS``,
    and a JSON body over ``JSON_BODY_MAX_BYTES`` is refused (413) before it is parsed.
    Uploaded files are not texts and are not looked into."""

    def parse_body(self, request: HttpRequest):
        if len(request.body) > JSON_BODY_MAX_BYTES:
            raise PayloadTooLarge.one(
                "body",
                "max_size",
                _("The request body is over %(n)s MB.") % {"n": JSON_BODY_MAX_BYTES >> 20},
            )
        body = refuse_bad_text(super().parse_body(request))
        if not isinstance(body, dict):  # every operation's body is an object of named fields
            raise ValidationFailed.one(
                "body", "type", _("The body must be a JSON object of named fields.")
            )
        return body

    def parse_querydict(self, data, list_fields, request: HttpRequest):
        parsed = super().parse_querydict(data, list_fields, request)
        texts = {k: v for k, v in parsed.items() if isinstance(v, str | list)}
        refuse_bad_text(
            {
                k: [i for i in v if isinstance(i, str)] if isinstance(v, list) else v
                for k, v in texts.items()
            }
        )
        return parsed


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def _domain(request, exc: DomainError):
        response = api.create_response(request, {"error": exc.as_dict()}, status=exc.status)
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        fields = validation_details(exc.errors)
        message = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        return api.create_response(
            request, error_body("validation_failed", message, {"fields": fields}), status=422
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return api.create_response(
            request, error_body("unauthenticated", _("Please sign in first.")), status=401
        )

    @api.exception_handler(AuthorizationError)
    def _forbidden(request, exc):
        return api.create_response(
            request, error_body("permission_denied", _("You may not do this.")), status=403
        )

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return api.create_response(
            request, error_body("not_found", _("Nothing was found at this address.")), status=404
        )

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        if isinstance(exc.__cause__, DomainError):  # the parser's refusal (NulFreeParser)
            return _domain(request, exc.__cause__)
        if exc.status_code == 403:  # ninja raises this for a session write without CSRF token
            body = error_body(
                "csrf_failed",
                _("The CSRF token is missing or wrong: reload the page and try again."),
            )
        else:
            body = error_body("http_error", str(exc))
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(Exception)
    def _unexpected(request, exc: Exception):
        log.exception("Unexpected error in the API")
        return api.create_response(
            request,
            error_body(
                "internal_error",
                _("Something went wrong on our side. Quote request %(rid)s to support.")
                % {"rid": getattr(request, "request_id", "-")},
            ),
            status=500,
        )
