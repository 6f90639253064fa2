"""The main lists' queries have an index to go through (PostgreSQL's EXPLAIN): none of them
has to read a whole big table — cases, appeals, swipes, the ledger, the audit log — to
answer a page. The plans are asked with sequential scans priced out (``enable_seqscan``
off, in this test's transaction only): the planner then takes an index wherever one
serves, and still scans the table where none does — which is what this test catches."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from onething.appeals.selectors import appeals_list
from onething.cards.selectors.ledger import ledger_list, swipes_list
from onething.cases.selectors.cases import acceptance_queue, cases_list, handover_queue
from onething.core import clock
from onething.core.models import AuditEntry
from onething.core.pagination import Keyset

pytestmark = pytest.mark.postgres

BIG_TABLES = (
    "cases_case",
    "appeals_appeal",
    "cards_swipe",
    "cards_ledgerentry",
    "core_auditentry",
)


def plan_of(queryset, page_size: int = 20) -> dict:
    keyset = Keyset.of(queryset)
    ordered = keyset.order(queryset) if keyset else queryset
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return json.loads(ordered[:page_size].explain(format="json"))[0]["Plan"]


def _scans(node: dict) -> list[dict]:
    found = [node] if node.get("Relation Name") in BIG_TABLES else []
    for child in node.get("Plans", []):
        found += _scans(child)
    return found


def whole_table_reads(node: dict, under_sort: bool = False) -> set[str]:
    """The big tables the plan reads whole: a sequential scan, or every row of an index
    fed to a sort (an index walked in the list's order, or narrowed by a condition, is
    what a page should cost)."""
    found = set()
    kind = node.get("Node Type", "")
    table = node.get("Relation Name")
    if table in BIG_TABLES:
        narrowed = "Index Cond" in node or "Recheck Cond" in node
        if kind == "Seq Scan" or (under_sort and not narrowed):
            found.add(table)
    for child in node.get("Plans", []):
        found |= whole_table_reads(child, under_sort or kind in ("Sort", "Incremental Sort"))
    return found


def lists(city):
    supervisor, officer = city.actor("supervisor"), city.actor("officer.hudai")
    clerk, union = city.actor("clerk.hudai"), city.actor("union")
    dispatcher = city.actor("dispatcher")
    week = clock.today() - dt.timedelta(days=7)
    return {
        "supervisor's cases": cases_list(supervisor),
        "supervisor's overdue cases": cases_list(supervisor, deadline="overdue"),
        "officer's waiting cases": cases_list(officer, status="submitted"),
        "officer's running cases": cases_list(officer, open_only=True),
        "clerk's centre": cases_list(clerk),
        "clerk's centre this week": cases_list(clerk, submitted_from=week),
        "clerk's results to hand over": handover_queue(clerk),
        "clerk's applications to accept": acceptance_queue(clerk),
        "dispatcher's queue": appeals_list(dispatcher, queue="dispatch"),
        "department's appeals inbox": appeals_list(city.actor("officer.wx-cg"), queue="inbox"),
        "appeals overdue": appeals_list(supervisor, deadline="overdue"),
        "gate swipes": swipes_list(union),
        "a venue's swipes this week": swipes_list(union, venue="metro-1", date_from=week),
        "ledger": ledger_list(union),
        "audit log": AuditEntry.objects.order_by("-at", "-id"),
    }


def test_no_main_list_reads_a_whole_big_table(city):
    found = {name: whole_table_reads(plan_of(qs)) for name, qs in lists(city).items()}
    assert {name: tables for name, tables in found.items() if tables} == {}


def test_the_next_page_by_cursor_goes_through_the_index(city):
    cases = cases_list(city.actor("supervisor"))
    keyset = Keyset.of(cases)
    cursor = keyset.encode(
        type("Row", (), {"submitted_at": clock.now(), "id": 10**9, "pk": 10**9})()
    )
    after = keyset.after(cases, cursor)
    assert whole_table_reads(plan_of(after)) == set()
