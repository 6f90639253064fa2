"""The pickups' lists go through indexes in their order (PostgreSQL's EXPLAIN, as in
tests/core/test_query_plans.py): an agency's, a window's centre's, a region's. With a
city's volume in the table (and its statistics), a page is read from an index walked
newest first — no table read whole, nothing sorted."""

import datetime as dt

import pytest
from django.db import connection

from onething.bundles.models import Pickup, PickupStatus
from onething.bundles.selectors import pickups_list, pickups_to_confirm
from onething.core import clock
from onething.core.models import ServiceCenter
from onething.core.permissions import actor_for
from onething.demo.bundles import window_clerk
from tests.core.test_query_plans import plan_of, whole_table_reads

pytestmark = pytest.mark.postgres


def _sorts(node: dict) -> list[str]:
    found = [node["Node Type"]] if "Sort" in node.get("Node Type", "") else []
    for child in node.get("Plans", []):
        found += _sorts(child)
    return found


@pytest.fixture
def busy(city):
    """5,000 pickups of the agency over two years, at 江阴's centre and another, mostly
    decided; the table's statistics then read as a city's."""
    agent = city.user("agent.chengxin")
    centres = list(ServiceCenter.objects.order_by("id")[:2])
    start = clock.now()
    statuses = [PickupStatus.CONFIRMED] * 8 + [PickupStatus.REFUSED, PickupStatus.WAITING]
    Pickup.objects.bulk_create(
        Pickup(
            number=f"DL-PLAN-{i:05d}",
            agency=agent.agent.agency,
            collected_by=agent,
            center=centres[i % 2],
            status=statuses[i % 10],
            requested_at=start - dt.timedelta(hours=3 * i),
        )
        for i in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bundles_pickup")
    return centres


def pickup_lists(city, centres) -> dict:
    agent = city.actor("agent.chengxin")
    clerk = actor_for(window_clerk(centres[0]))
    return {
        "agency's": pickups_list(agent),
        "agency's refused": pickups_list(agent, status="refused"),
        "centre's": pickups_list(clerk),
        "centre's confirmed": pickups_list(clerk, status="confirmed"),
        "centre's to confirm": pickups_to_confirm(clerk),
        "region's": pickups_list(city.actor("supervisor")),
    }


def test_the_pickups_lists_read_no_whole_table_and_sort_nothing(city, busy):
    plans = {name: plan_of(qs) for name, qs in pickup_lists(city, busy).items()}
    found = {name: (whole_table_reads(plan), _sorts(plan)) for name, plan in plans.items()}
    assert found == {name: (set(), []) for name in plans}
