"""The screen's state over HTTP (api/screen.py) and its pages (views/screen.py): the public
state for anyone, with no personal data and no security device's place, kept a few
seconds; the centre's for the centre's roles only (401 for nobody, 403 for other roles);
an entity tag that makes an unchanged state a 304 with no body and changes when a reading
opens an event; pages in Chinese with no inline script."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from onething.core import clock
from tests.web.test_wording import latin_words

from .test_screen import NOW, REPORT, SECRET_LAT, SECRET_LON, ingest, screen_world
from .world import item

PUBLIC = "/api/cityops/screen/public"
CENTRE = "/api/cityops/screen/state"
PRIVATE = ("王小明", "13912345678", REPORT["description"], "清名桥安防烟感", "SEC-LX-001")
SECRET_PLACE = (str(SECRET_LAT)[:6], str(SECRET_LON)[:7])  # 31.571, 120.298


@pytest.fixture
def world(city):
    return screen_world(city)


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def test_anyone_reads_the_public_state_without_personal_data_or_a_security_place(world):
    client = world.city.client()
    answer = client.get(PUBLIC)
    assert answer.status_code == 200, answer.content
    assert answer["Cache-Control"] == "public, max-age=5"
    body = answer.content.decode()
    for secret in (*PRIVATE, *SECRET_PLACE):
        assert secret not in body, secret
    state = json.loads(body)
    assert state["public"] is True
    assert {row[0] for row in state["devices"]["rows"]} == {"WL-HD-001", "SM-BH-001"}
    assert [(c["name"], c["devices"]) for c in state["clusters"]] == [("梁溪区", 1)]
    assert state["totals"]["events"] == 3
    for event in state["events"]["rows"]:
        assert set(event) >= {"number", "title", "level", "place", "status", "deadline"}
        assert not {"description", "reported_by", "reporter", "appeal_number"} & set(event)


def test_an_unchanged_state_is_a_304_without_a_body(world):
    client = world.city.client()
    first = client.get(PUBLIC)
    tag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag)
    again = client.get(PUBLIC, HTTP_IF_NONE_MATCH=tag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", tag)
    other = client.get(PUBLIC, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other.content


def test_the_centres_state_needs_a_sign_in(world):
    answer = world.city.client().get(CENTRE)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"]


@pytest.mark.parametrize("username", ["zhangwei", "clerk.hudai", "inspector", "union"])
def test_the_centres_state_refuses_other_roles(world, username):
    answer = world.city.client(username).get(CENTRE)
    assert answer.status_code == 403, answer.content
    assert answer.json()["error"]["details"]["your_role"]


def test_the_centre_sees_the_security_place_and_an_alarm_changes_the_state(world):
    client = world.city.client("dispatcher")
    first = client.get(CENTRE)
    assert first.status_code == 200, first.content
    assert first["Cache-Control"] == "no-store, private"  # signed in: no cache keeps it
    rows = {row[0]: row for row in first.json()["devices"]["rows"]}
    assert rows["SEC-LX-001"][2:4] == [float(SECRET_LON), float(SECRET_LAT)]
    tag = first["ETag"]
    assert client.get(CENTRE, HTTP_IF_NONE_MATCH=tag).status_code == 304

    # the other device crosses its warning threshold: a new event, a new state
    later = NOW + dt.timedelta(seconds=5)
    Device = type(world.other)
    Device.objects.filter(pk=world.other.pk).update(state="online")
    ingest(world.other, [item("smoke", 7.5, later - dt.timedelta(seconds=1))], now=later)
    with clock.frozen(later):
        changed = client.get(CENTRE, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    state = changed.json()
    assert state["totals"]["events"] == 4
    assert "滨湖烟感：烟雾浓度预警" in [e["title"] for e in state["events"]["rows"]]
    assert {row[0]: row for row in state["devices"]["rows"]}["SM-BH-001"][4:6] == [
        "online",
        "warning",
    ]


def test_an_officer_reads_their_departments_state(world):
    answer = world.city.client("officer.binhu").get(CENTRE)
    assert answer.status_code == 200, answer.content
    assert [row[0] for row in answer.json()["devices"]["rows"]] == ["SM-BH-001"]


# --- the pages --------------------------------------------------------------------------------


def scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def screen_words(html: str) -> list[str]:
    """The Latin words of the screen itself (the page's menu is the page shell's)."""
    start = html.index('<section class="screen"')
    return latin_words(html[start : html.rindex("</section>")])[0]


def test_the_centres_page_asks_for_a_sign_in_and_refuses_other_roles(world):
    anonymous = world.city.client().get("/ops/screen/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert world.city.client("zhangwei").get("/ops/screen/").status_code == 403


def test_the_centres_page_draws_from_json_blocks_in_chinese(world):
    answer = world.city.client("dispatcher").get("/ops/screen/")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "城运中心大屏" in html
    for tag in scripts(html):  # no inline script: a file, or a JSON block
        assert "src=" in tag or 'type="application/json"' in tag, tag
    config = json.loads(re.search(r'id="screen-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert config["state_url"] == CENTRE
    assert config["geo_url"].endswith("vendor/geo/wuxi.geojson")
    assert config["labels"]["states"]["online"] == "在线"
    assert config["etag"] == world.city.client("dispatcher").get(CENTRE)["ETag"]
    assert 'data-event="' in html and "胡埭河水位计：水位告警" in html
    assert screen_words(html) == []


def test_the_public_page_shows_nothing_personal_and_no_security_place(world):
    answer = world.city.client().get("/ops/screen/public/")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "城市运行实况" in html
    for secret in (*PRIVATE, *SECRET_PLACE):
        assert secret not in html, secret
    config = json.loads(re.search(r'id="screen-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert (config["state_url"], config["public"]) == (PUBLIC, True)
    assert screen_words(html) == []
    english = world.city.client(language="en").get("/ops/screen/public/").content.decode()
    assert "The city live" in english
