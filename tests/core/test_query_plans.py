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
from onething.appeals.selectors.board import board_list
from onething.cards.selectors.ledger import ledger_list, my_rides, swipes_list
from onething.cases.selectors.cases import acceptance_queue, cases_list, handover_queue
from onething.core import clock
from onething.core.models import AuditEntry
from onething.core.pagination import AnyOf, Keyset
from onething.core.permissions import in_parts

pytestmark = pytest.mark.postgres

BIG_TABLES = (
    "cases_case",
    "appeals_appeal",
    "cards_swipe",
    "cards_ledgerentry",
    "core_auditentry",
    "bundles_pickup",
)


def plan_of(queryset, page_size: int = 20) -> dict:
    keyset = Keyset.of(queryset)
    ordered = keyset.order(queryset) if keyset else queryset
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    explained = ordered[:page_size].explain(format="json")
    if not explained:  # a filter that can match nothing: Django asks no query at all
        return {}
    return json.loads(explained)[0]["Plan"]


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
        "an honoree's rides": my_rides(city.actor("laomo.chen")),
        "audit log": AuditEntry.objects.order_by("-at", "-id"),
        "the public board": board_list(),
    }


def parts_of_lists(city) -> dict[str, object]:
    """The lists whose scope is an OR ("my department's, or those it worked on") are read
    part by part (``AnyOf``): each part's page must go through an index of its own."""
    found = {}
    for name, username, selector in (
        ("officer's cases", "officer.hudai", cases_list),
        ("department's appeals", "officer.wx-cg", appeals_list),
        ("enterprise's cases", "qiye.chengfeng", cases_list),
        ("enterprise's appeals", "qiye.chengfeng", appeals_list),
        ("agent's cases", "agent.chengxin", cases_list),
    ):
        actor = city.actor(username)
        listed = in_parts(actor, lambda part: selector(actor, part=part))  # noqa: B023
        assert isinstance(listed, AnyOf), name  # else the plain list is planned above
        for n, part in enumerate(listed.parts):
            found[f"{name}, part {n + 1}"] = part
    return found


def test_no_main_list_reads_a_whole_big_table(city):
    every = {**lists(city), **parts_of_lists(city)}
    found = {name: whole_table_reads(plan_of(qs)) for name, qs in every.items()}
    assert {name: tables for name, tables in found.items() if tables} == {}


def test_the_next_page_by_cursor_goes_through_the_index(city):
    cases = cases_list(city.actor("supervisor"))
    keyset = Keyset.of(cases)
    cursor = keyset.encode(
        type("Row", (), {"submitted_at": clock.now(), "id": 10**9, "pk": 10**9})()
    )
    after = keyset.after(cases, cursor)
    assert whole_table_reads(plan_of(after)) == set()


def _conditions(node: dict) -> list[str]:
    """The index and recheck conditions anywhere in the plan."""
    found = [node[k] for k in ("Index Cond", "Recheck Cond") if k in node]
    for child in node.get("Plans", []):
        found += _conditions(child)
    return found


def test_one_persons_list_is_found_by_that_person_not_walked_to(city):
    """A person's own rows are a few among millions: the plan looks them up by the person
    (an index condition), rather than walking the newest rows of everybody until it has
    a page of theirs — which at a city's volume means millions of rows for someone whose
    last ride was a year ago."""
    plan = plan_of(my_rides(city.actor("laomo.chen")))
    assert any("honoree_id" in cond for cond in _conditions(plan)), plan
