"""Per-request context: the request id that ties log lines and audit entries together."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
