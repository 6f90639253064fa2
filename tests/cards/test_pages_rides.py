"""The honoree's own rides (我的刷卡记录): allowed and denied swipes with where, when and
why, filtered by month and outcome, paginated and exported; never another honoree's; a
person not in the registry gets a clear 404; staff roles 403. And the applicant's home
page links to the certificate and the rides only for an honoree."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from onething.cards.services.cards import card_report_lost
from onething.cards.services.gates import swipe_authorize
from onething.core import clock
from onething.core.models import Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from tests.cards.test_certificates import make_citizen
from tests.cards.test_settlement import Place, at

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def with_account(place: Place, username: str) -> Place:
    account_create(
        actor=SYSTEM,
        username=username,
        password=None,
        role=Role.APPLICANT,
        person=place.honoree.person,
    )
    return place


@pytest.fixture
def mine(city):
    """欧阳明辉's rides: two allowed in February at venue A, one in March at B; then the
    card reported lost and a swipe at A denied."""
    place = with_account(Place(city.actor("union"), a=1500, b=200), "honoree.rides")
    place.swipe("a", at(2026, 2, 3, 9), swipe_id="r1")
    place.swipe("a", at(2026, 2, 20, 15), swipe_id="r2")
    place.swipe("b", at(2026, 3, 2, 8), swipe_id="r3")
    with clock.frozen(at(2026, 3, 5, 12)):
        card_report_lost(actor=city.actor("union"), card_number=place.card.number)
        denied = swipe_authorize(
            gate_actor=place.gate_actors["a"],
            swipe_id="r4",
            card_number=place.card.transit_number,
            at=at(2026, 3, 5, 12),
        )
    assert not denied.allowed and denied.reason == "card_blocked"
    return place


@pytest.fixture
def theirs(city):
    """Another honoree, with rides of their own at their own venue."""
    place = with_account(Place(city.actor("union"), z=900), "honoree.other")
    place.swipe("z", at(2026, 2, 4, 9), swipe_id="o1")
    return place


def rides(client, **params):
    return client.get("/honour/rides/", params)


def test_the_honoree_sees_their_rides_allowed_and_denied(city, mine, theirs):
    client = city.client("honoree.rides", "en")
    answer = rides(client)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "4 records" in page
    a, b = mine.venues["a"].name, mine.venues["b"].name
    assert a in page and b in page
    assert "Allowed: enjoy your ride or visit." in page
    assert "Denied: this card was reported lost and is blocked." in page
    assert theirs.venues["z"].name not in page  # never another honoree's


def test_filtered_by_month_and_outcome_and_exported(city, mine, theirs):
    client = city.client("honoree.rides", "en")
    february = rides(client, month="2026-02").content.decode()
    assert "2 records" in february and mine.venues["b"].name not in february
    denied = rides(client, outcome="denied").content.decode()
    assert "1 record" in denied and "reported lost" in denied
    answer = rides(client, month="2026-03", export="xlsx")
    assert answer.status_code == 200 and answer["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "When",
        "Venue",
        "Operator",
        "Outcome",
        "Reason",
        "Presented",
        "Service",
        "Bill (yuan)",
        "Discount (yuan)",
    ]
    assert [(r[1], r[3]) for r in rows[1:]] == [
        (mine.venues["a"].name, "Denied"),
        (mine.venues["b"].name, "Allowed"),
    ]
    assert all(r[2] == mine.operator.name for r in rows[1:])
    csv_text = rides(client, export="csv").content.decode("utf-8-sig")
    assert csv_text.count("\n") == 5 and theirs.venues["z"].name not in csv_text
    bad = rides(client, month="March")
    assert bad.status_code == 422 and 'data-field="month"' in bad.content.decode()


def test_the_other_honoree_sees_only_theirs(city, mine, theirs):
    page = rides(city.client("honoree.other", "en")).content.decode()
    assert "1 record" in page and theirs.venues["z"].name in page
    for venue in mine.venues.values():
        assert venue.name not in page
    exported = rides(city.client("honoree.other", "en"), export="csv").content.decode("utf-8-sig")
    assert mine.venues["a"].name not in exported


def test_someone_not_in_the_registry_gets_a_404(city):
    username = make_citizen("citizen.rides")
    answer = rides(city.client(username, "en"))
    assert answer.status_code == 404
    assert 'data-testid="not-an-honoree"' in answer.content.decode()
    assert "You are not in the registry" in answer.content.decode()
    assert rides(city.client(username, "en"), export="csv").status_code == 404
    assert rides(city.client("zhangwei", "en")).status_code == 404


@pytest.mark.parametrize("username", ["union", "clerk.hudai", "officer.binhu"])
def test_staff_roles_are_refused(city, mine, username):
    assert rides(city.client(username, "en")).status_code == 403


def test_signed_out_goes_to_the_login(city):
    answer = rides(city.client(None, "en"))
    assert answer.status_code == 302 and "/login" in answer["Location"]


def test_the_home_page_links_only_for_an_honoree(city, mine):
    page = city.client("honoree.rides", "en").get("/").content.decode()
    assert 'data-testid="link-honour-certificate"' in page
    assert 'href="/honour/rides/"' in page and 'href="/honour/certificate/"' in page
    plain = city.client(make_citizen("citizen.home"), "en").get("/").content.decode()
    assert 'data-testid="honour-card"' not in plain
    assert 'href="/honour/rides/"' not in plain
    assert 'data-testid="my-cases-card"' in plain  # the rest of the home page is there
