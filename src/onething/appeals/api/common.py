"""What the appeals' routers share."""

from ninja import Header

from onething.core.pagination import Mapped

IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry gets the first result")


__all__ = ["IdempotencyKey", "Mapped"]
