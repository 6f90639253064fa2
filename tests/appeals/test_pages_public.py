"""The public appeals board: anyone (no sign-in) searches the published answers; numbers in
the texts are masked; an appeal its requester did not let be published stays off it; and
in a real browser an anonymous visitor searches the board."""

from __future__ import annotations

import uuid

import pytest

from onething.appeals.models import Appeal
from onething.appeals.services.flow import appeal_reply
from onething.appeals.services.intake import appeal_submit
from onething.core.permissions import SYSTEM
from tests.browser import shot


def answered(
    *,
    publish: bool = True,
    word: str = "",
    public_reply: bool = True,
    title: str = "",
    text: str = "",
    reply: str = "已更换两盏路灯。",
) -> Appeal:
    """A 微幸福 item from the hotline, routed to 清名桥街道 and answered (``title`` and
    ``text`` name a street light of 南长街 and a mobile number unless told)."""
    word = word or uuid.uuid4().hex[:8]
    appeal = appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        programme_code="weixingfu",
        type="demand",
        category_code="streetlight",
        title=title or f"南长街路灯不亮{word}",
        text=text or f"南长街口两盏路灯不亮，请联系我 13812345678。{word}",
        region_code="320213006",
        contact_name="李娜",
        contact_phone="13912345678",
        publish=publish,
    )
    appeal_reply(actor=SYSTEM, number=appeal.number, text=reply, public=public_reply)
    return Appeal.objects.get(pk=appeal.pk)


def test_the_board_lists_a_published_answer_masked_and_hides_an_unpublished_one(city):
    word = uuid.uuid4().hex[:8]
    shown = answered(word=word)
    hidden = answered(word=word, publish=False)
    anonymous = city.client()
    page = anonymous.get("/appeals/board/", {"q": word})
    assert page.status_code == 200
    html = page.content.decode()
    assert shown.number in html and hidden.number not in html
    assert "138****5678" in html and "13812345678" not in html
    assert shown.department.name in html

    entry = anonymous.get(f"/appeals/board/{shown.number}/")
    assert entry.status_code == 200
    html = entry.content.decode()
    assert "138****5678" in html and "13812345678" not in html and "13912345678" not in html
    assert "已更换两盏路灯" in html
    assert "李娜" not in html  # the caller's name is masked too
    assert anonymous.get(f"/appeals/board/{hidden.number}/").status_code == 404


def test_the_board_filters_and_exports(city):
    word = uuid.uuid4().hex[:8]
    appeal = answered(word=word)
    client = city.client(language="en")
    assert (
        appeal.number
        in client.get(
            "/appeals/board/", {"q": word, "programme": "weixingfu", "type": "demand"}
        ).content.decode()
    )
    assert (
        appeal.number
        not in client.get("/appeals/board/", {"q": word, "type": "complaint"}).content.decode()
    )
    assert (
        appeal.number
        not in client.get("/appeals/board/", {"q": word, "programme": "wunanshi"}).content.decode()
    )
    assert client.get("/appeals/board/", {"type": "nonsense"}).status_code == 422
    export = client.get("/appeals/board/", {"q": word, "export": "csv"})
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Appeal number,Subject")
    assert appeal.number in text and "13812345678" not in text


@pytest.mark.demo_city
def test_the_demo_board_is_paginated_for_anyone(city):
    page = city.client().get("/appeals/board/")
    assert page.status_code == 200
    assert page.context["page"].paginator.count > 20  # the demo's published answers
    assert page.content.decode().count('data-testid="board-entry"') == 20
    assert city.client().get("/appeals/board/", {"page": 2}).status_code == 200


def test_an_appeal_without_a_public_reply_is_not_on_the_board(city):
    appeal = answered(public_reply=False)
    assert city.client().get(f"/appeals/board/{appeal.number}/").status_code == 404


def test_an_unknown_board_number_is_404(city):
    assert city.client().get("/appeals/board/SQ320200-20260101-999999/").status_code == 404


@pytest.mark.browser
def test_an_anonymous_visitor_searches_the_board(page):
    word = uuid.uuid4().hex[:8]
    appeal = answered(word=word)
    other = answered()
    page.goto(f"{page.base}/appeals/board/")
    page.wait_for_selector("[data-testid=board]")
    assert page.locator("[data-testid=who]").count() == 0  # nobody signed in
    page.fill("input[name=q]", word)
    page.click("[data-testid=filter]")
    page.wait_for_url(f"**q={word}**")
    entries = page.locator("[data-testid=board-entry]")
    assert entries.count() == 1
    assert entries.first.get_attribute("data-number") == appeal.number
    assert other.number not in page.content()
    assert "138****5678" in entries.first.inner_text()
    shot(page, "appeals-board-search")
    entries.first.locator("h2 a").click()
    page.wait_for_selector("[data-testid=entry-reply]")
    assert page.locator("[data-testid=entry-number]").inner_text() == appeal.number
    shot(page, "appeals-board-entry")
