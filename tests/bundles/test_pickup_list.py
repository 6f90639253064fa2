"""The pickups' list a page at a time, as every list of the API: ``GET /api/pickups``
answers ``{items, count, count_capped, next_cursor}``, newest first, goes on by cursor,
caps its count and refuses a parameter it does not have; an agent sees their agency's, a
window clerk their centre's. The pages list them a page at a time too."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onething.bundles.models import Pickup, PickupStatus
from onething.core import clock, pagination
from onething.core.models import Agency, ServiceCenter
from onething.demo.bundles import window_clerk

AGENT = "agent.chengxin"


@pytest.fixture
def many(city):
    """25 pickups of agent.chengxin's agency at 江阴's centre (two a minute: ties broken by
    id), 5 of another agency at the same centre; returns (ours newest first, theirs)."""
    agent = city.user(AGENT)
    centre = ServiceCenter.objects.get(code="SC-JY")
    other = Agency.objects.create(
        name="别家代办有限公司", credit_code="91320200MA0000000X", region=agent.agent.agency.region
    )
    start = clock.now() - dt.timedelta(days=1)

    def make(agency, prefix, n, status=PickupStatus.WAITING):
        return Pickup.objects.bulk_create(
            Pickup(
                number=f"{prefix}{i:03d}",
                agency=agency,
                collected_by=agent,
                center=centre,
                status=status,
                requested_at=start - dt.timedelta(minutes=i // 2),
            )
            for i in range(n)
        )

    Pickup.objects.all().delete()  # the lists are these only
    make(agent.agent.agency, "DL-OURS-", 25)
    make(other, "DL-THEIRS-", 5)
    ours = Pickup.objects.filter(agency=agent.agent.agency).order_by("-requested_at", "-id")
    assert [p.number for p in ours][:3] == ["DL-OURS-001", "DL-OURS-000", "DL-OURS-003"]
    return [p.number for p in ours], [f"DL-THEIRS-{i:03d}" for i in range(5)]


def _walk(client, **params):
    """Every page of the list by its cursors: (numbers in order, the pages' bodies)."""
    numbers, bodies, cursor = [], [], None
    while True:
        answer = client.get("/api/pickups", {**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.content
        body = answer.json()
        bodies.append(body)
        numbers += [p["number"] for p in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return numbers, bodies
        assert len(bodies) < 20


def test_the_agent_reads_their_agencys_pickups_a_page_at_a_time(city, many):
    ours, _theirs = many
    numbers, bodies = _walk(city.client(AGENT, "en"), page_size=10)
    assert numbers == ours  # newest first, every one once, none of the other agency's
    assert [len(b["items"]) for b in bodies] == [10, 10, 5]
    assert {(b["count"], b["count_capped"]) for b in bodies} == {(25, False)}
    assert bodies[-1]["next_cursor"] is None
    first = bodies[0]["items"][0]
    assert set(first) >= {"number", "agency", "status", "center", "requested_at", "cases"}
    # page numbers reach the same rows
    second = city.client(AGENT, "en").get("/api/pickups", {"page": 2, "page_size": 10}).json()
    assert [p["number"] for p in second["items"]] == ours[10:20]


def test_a_page_costs_the_same_queries_however_many_rows(city, many):
    client = city.client(AGENT, "en")
    counts = []
    for size in (2, 20):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/pickups", {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]  # the cases of a page in one query, not one per pickup


def test_the_window_clerk_reads_their_centres_and_no_one_else_reads_any(city, many):
    ours, theirs = many
    clerk = city.client(window_clerk(ServiceCenter.objects.get(code="SC-JY")).username, "en")
    numbers, bodies = _walk(clerk, page_size=20, status="waiting")
    assert set(numbers) == set(ours) | set(theirs) and bodies[0]["count"] == 30
    for username in ("clerk.hudai", "qiye.chengfeng", "officer.hudai"):  # another centre
        answer = city.client(username, "en").get("/api/pickups")
        assert answer.status_code == 200
        assert answer.json() == {
            "items": [],
            "count": 0,
            "count_capped": False,
            "next_cursor": None,
        }, username
    assert city.client(None, "en").get("/api/pickups").status_code == 401
    # a cursor of the agent's list does not open other rows to another clerk
    cursor = city.client(AGENT, "en").get("/api/pickups", {"page_size": 5}).json()["next_cursor"]
    other = city.client("clerk.hudai", "en").get("/api/pickups", {"cursor": cursor})
    assert other.status_code == 200 and other.json()["items"] == []


def test_the_count_is_capped_and_the_list_goes_on_by_cursor(city, many, monkeypatch):
    ours, _theirs = many
    monkeypatch.setattr(pagination, "COUNT_CAP", 7)
    client = city.client(AGENT, "en")
    body = client.get("/api/pickups", {"page_size": 5}).json()
    assert (body["count"], body["count_capped"]) == (7, True)
    deep = client.get("/api/pickups", {"page": 3, "page_size": 5})
    assert deep.status_code == 422
    assert deep.json()["error"]["details"]["fields"][0] == {
        "field": "page",
        "rule": "too_deep",
        "message": deep.json()["error"]["details"]["fields"][0]["message"],
    }
    numbers, _bodies = _walk(client, page_size=5)
    assert numbers == ours  # past the cap by cursor


@pytest.mark.parametrize(
    ("query", "field", "rule"),
    [
        ({"stauts": "waiting"}, "stauts", "unknown"),
        ({"q": "DL"}, "q", "unknown"),
        ({"status": "lost"}, "status", "choice"),
        ({"cursor": "not-a-cursor"}, "cursor", "format"),
        ({"page": "0"}, "page", None),
        ({"page_size": "1000"}, "page_size", None),
    ],
)
def test_a_bad_or_unknown_parameter_is_a_422_naming_it(city, query, field, rule):
    answer = city.client(AGENT, "en").get("/api/pickups", query)
    assert answer.status_code == 422, answer.content
    fields = answer.json()["error"]["details"]["fields"]
    assert [f["field"] for f in fields] == [field]
    if rule:
        assert fields[0]["rule"] == rule


def test_the_pages_list_them_a_page_at_a_time(city, many):
    ours, theirs = many
    agent = city.client(AGENT)
    page = agent.get("/agency/pickup/").content.decode()
    shown = [n for n in ours if f'data-pickup="{n}"' in page]
    assert shown == ours[:10]  # the latest ten, and a link to every one
    assert 'data-testid="all-pickups"' in page and 'href="/agency/pickups/"' in page
    assert "全部代领申请" in page
    listed = [
        [
            n
            for n in ours + theirs
            if f">{n}<" in agent.get(f"/agency/pickups/?page={k}").content.decode()
        ]
        for k in (1, 2)
    ]
    assert listed == [ours[:20], ours[20:]]
    assert agent.get("/agency/pickups/?page=3").status_code == 422
    assert agent.get("/agency/pickups/?status=confirmed").content.decode().count("DL-OURS-") == 0
    assert city.client("clerk.hudai").get("/agency/pickups/").status_code == 403
    # the window's list of the centre's pickups pages too
    clerk = city.client(window_clerk(ServiceCenter.objects.get(code="SC-JY")).username)
    first, second = (
        clerk.get(f"/workbench/pickups/?status=waiting&page={k}").content.decode() for k in (1, 2)
    )
    on_first = {n for n in ours + theirs if f">{n}<" in first}
    on_second = {n for n in ours + theirs if f">{n}<" in second}
    assert len(on_first) == 20 and len(on_second) == 10 and not on_first & on_second
