"""What the appeals' routers share."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Header

IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry gets the first result")


class Mapped:
    """A queryset seen through ``shape`` one page at a time, for ``@paginate``: it counts
    in the database and shapes only the page asked for."""

    def __init__(self, queryset: QuerySet, shape: Callable[[Any], Any]) -> None:
        self.queryset = queryset
        self.shape = shape

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.shape(obj) for obj in self.queryset[index]]
