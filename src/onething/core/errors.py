"""Domain errors. Services raise these; the API and the pages turn them into answers.

Every error has a stable ``code`` (for clients), a ``message`` in the request's language and
``details`` (an object). The API answers ``{"error": {"code", "message", "details"}}`` with
``status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    status: int = 400
    code: str = "bad_request"

    def __init__(
        self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


@dataclass(frozen=True)
class FieldProblem:
    """One rule one field broke: ``field`` (input name), ``rule`` (stable id), ``message``."""

    field: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "message": self.message}


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"

    def __init__(self, problems: list[FieldProblem], message: str | None = None) -> None:
        self.problems = problems
        if message is None:
            message = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(message, details={"fields": [p.as_dict() for p in problems]})

    @classmethod
    def one(cls, field: str, rule: str, message: str) -> ValidationFailed:
        return cls([FieldProblem(field, rule, message)])


class PayloadTooLarge(ValidationFailed):
    """A request body over the size the API reads: 413, naming ``body``."""

    status = 413
    code = "payload_too_large"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"

    def __init__(self, message: str | None = None, **kw: Any) -> None:
        super().__init__(message or _("Please sign in first."), **kw)


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class InvalidTransition(Conflict):
    """A state change not allowed from the current state."""

    code = "invalid_transition"


class TooManyRequests(DomainError):
    """Over a rate limit: 429, with ``Retry-After`` (seconds) on the answer."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after
        self.details.setdefault("retry_after_seconds", retry_after)
