"""The clerk's lists of forwarded cases go through indexes (PostgreSQL's EXPLAIN, as in
tests/core/test_query_plans.py): the handling town's acceptance queue, read part by part
(its centre's cases, and those forwarded to it), and the receiving town's 代收件 list."""

import pytest

from onething.cases.selectors.cases import acceptance_queue, cases_list, handover_queue
from onething.core.pagination import AnyOf
from onething.core.permissions import in_parts
from onething.crossregion.selectors.cases import taken_in_for_others
from tests.core.test_query_plans import plan_of, whole_table_reads

pytestmark = pytest.mark.postgres


def clerk_lists(city) -> dict:
    found = {}
    for username in ("clerk.hudai", "clerk.wanshi"):
        clerk = city.actor(username)
        for name, selector in (
            ("to accept", acceptance_queue),
            ("to hand over", handover_queue),
            ("cases", cases_list),
        ):
            listed = in_parts(clerk, lambda part, s=selector, a=clerk: s(a, part=part))
            assert isinstance(listed, AnyOf), name  # the centre's, and those forwarded to it
            for n, part in enumerate(listed.parts):
                found[f"{username} {name}, part {n + 1}"] = part
        found[f"{username} taken in for other towns"] = taken_in_for_others(clerk)
    return found


def test_the_clerks_lists_read_no_whole_big_table(city):
    found = {name: whole_table_reads(plan_of(qs)) for name, qs in clerk_lists(city).items()}
    assert {name: tables for name, tables in found.items() if tables} == {}
