"""The main lists' queries have an index to go through (PostgreSQL's EXPLAIN): none of them
has to read a whole big table — cases, appeals, swipes, the ledger, the audit log — to
answer a page. The plans are asked with sequential scans priced out (``enable_seqscan``
off, in this test's transaction only): the planner then takes an index wherever one
serves, and still scans the table where none does — which is what this test catches."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection

from onething.appeals.selectors import appeals_list
from onething.cards.selectors.ledger import ledger_list, swipes_list
from onething.cases.selectors.cases import cases_list
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


def plan_of(queryset, page_size: int = 20) -> str:
    keyset = Keyset.of(queryset)
    ordered = keyset.order(queryset) if keyset else queryset
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return ordered[:page_size].explain()


def seq_scans(plan: str) -> set[str]:
    return {t for t in re.findall(r"Seq Scan on (\w+)", plan) if t in BIG_TABLES}


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
        "dispatcher's queue": appeals_list(dispatcher, queue="dispatch"),
        "department's appeals inbox": appeals_list(city.actor("officer.wx-cg"), queue="inbox"),
        "appeals overdue": appeals_list(supervisor, deadline="overdue"),
        "gate swipes": swipes_list(union),
        "a venue's swipes this week": swipes_list(union, venue="metro-1", date_from=week),
        "ledger": ledger_list(union),
        "audit log": AuditEntry.objects.order_by("-at", "-id"),
    }


def test_no_main_list_reads_a_whole_big_table(city):
    found = {name: seq_scans(plan_of(qs)) for name, qs in lists(city).items()}
    assert {name: tables for name, tables in found.items() if tables} == {}


def test_the_next_page_by_cursor_goes_through_the_index(city):
    cases = cases_list(city.actor("supervisor"))
    keyset = Keyset.of(cases)
    cursor = keyset.encode(
        type("Row", (), {"submitted_at": clock.now(), "id": 10**9, "pk": 10**9})()
    )
    after = keyset.after(cases, cursor)
    assert seq_scans(plan_of(after)) == set()
