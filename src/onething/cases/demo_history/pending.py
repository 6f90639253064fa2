"""What a demo history has still to do, shared by the histories made of cases (this one
and the cross-region history): the cases of the plan not made yet (found by their
idempotency keys) and their steps up to the cutoff, in time order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from onething.core import clock
from onething.core.models import IdempotencyRecord


def pending_steps(
    specs: Iterable[Any], key_prefix: str, operations: Iterable[str], cutoff: dt.datetime
) -> tuple[list[tuple[dt.datetime, int, Any]], set[str]]:
    """The steps ``(when, seq, step)`` of the specs whose case is not made yet, taken up to
    ``cutoff`` (now at the latest) in time order; and the keys already made. A spec has
    ``seq``, ``key`` and ``taken(cutoff)`` → [(when, step)]."""
    done = set(
        IdempotencyRecord.objects.filter(
            key__startswith=key_prefix, operation__in=tuple(operations)
        ).values_list("key", flat=True)
    )
    until = min(cutoff, clock.now())
    events = sorted(
        (when, spec.seq, n, step)
        for spec in specs
        if spec.key not in done
        for n, (when, step) in enumerate(spec.taken(until))
    )
    return [(when, seq, step) for when, seq, _n, step in events], done
