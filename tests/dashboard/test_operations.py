"""The supervisors' operations page: who may open it, that each figure is the number of rows
of the list it links to, that a case made overdue through the services moves the figures and
appears behind the link, and that a town's supervisor sees only their town."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.utils import timezone

from onething.appeals.services.flow import appeal_dispatch
from onething.appeals.services.intake import appeal_submit
from onething.cards.selectors.ledger import pool_status
from onething.cases.services.intake import case_submit
from onething.cases.services.lifecycle import case_accept
from onething.cases.services.materials import material_upload
from onething.core import clock
from onething.core.errors import PermissionDenied
from onething.core.models import Department, Region, Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.dashboard.selectors import operations as ops
from tests import files
from tests.cases.conftest import FORM, ITEM

URL = "/figures/operations/"
# ITEM: 个体工商户设立登记 (promised in 1 working day), handled in 胡埭镇 by HD-SCJG

MATERIALS = ("id-card", "application-form", "premises-proof")
HUDAI, WANSHI = "320211102", "320282107"


def overdue_case(city, days_ago: int = 20):
    """张伟 applies online and 胡埭's clerk accepts, both ``days_ago`` days back (the
    platform's clock moved back): due one working day later, the case is overdue today."""
    zhang = city.actor("zhangwei")
    with clock.frozen(timezone.now() - dt.timedelta(days=days_ago)):
        ids = [
            material_upload(actor=zhang, material_type_code=t, name="scan.pdf", data=files.pdf()).pk
            for t in MATERIALS
        ]
        case = case_submit(actor=zhang, item_code=ITEM, form=FORM, material_ids=ids)
        case = case_accept(actor=city.actor("clerk.hudai"), number=case.number)
    assert case.due_date < timezone.localdate()
    return case


def overdue_appeal(city, region_code: str, department_code: str = "", days_ago: int = 30):
    """A citizen's inquiry of category 其他 from ``region_code`` (no routing rule takes it
    outside 胡埭镇 and 堰桥街道), received ``days_ago`` days back (3 working days to answer),
    dispatched then to ``department_code`` — or left waiting for dispatch."""
    with clock.frozen(timezone.now() - dt.timedelta(days=days_ago)):
        appeal = appeal_submit(
            actor=SYSTEM,
            channel="web",
            type="inquiry",
            category_code="other",
            region_code=region_code,
            title="村口路牌缺失",
            text="请问村口路牌缺失该向哪个部门反映？",
        )
        assert appeal.status == "received" and appeal.department_id is None
        if department_code:
            appeal = appeal_dispatch(
                actor=city.actor("dispatcher"),
                number=appeal.number,
                department_code=department_code,
            )
    assert appeal.due_date < timezone.localdate()
    return appeal


def town_supervisor(city, username: str, region_code: str):
    """A supervisor of one town, made by the account service."""
    account_create(
        actor=city.actor("admin"),
        username=username,
        password="Demo#2026",
        role=Role.SUPERVISOR,
        region=Region.objects.get(code=region_code),
    )
    return username


def page(city, username: str, language: str = "en"):
    answer = city.client(username, language).get(URL)
    assert answer.status_code == 200, answer.content[:400]
    return answer


def listed(client, url: str):
    """The number of rows of the list page at ``url`` (all pages) and its first page."""
    answer = client.get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    return answer.context["page"].paginator.count, answer.content.decode()


def links_of(answer) -> list[tuple[int, str]]:
    """Every (figure, address) pair the page shows, checked to be on the page."""
    ctx = answer.context
    text = answer.content.decode()
    pairs = []
    for block in (ctx["cases"], ctx["appeals"]):
        for state in ops.STATES:
            pairs.append((block.totals[state], block.urls[state]))
            for row in block.rows:
                pairs.append((getattr(row, state), row.urls[state]))
    pairs.append((ctx["rectifications"]["open"], ctx["rectifications"]["url"]))
    pairs = [(count, url) for count, url in pairs if url]
    for _count, url in pairs:
        assert f'href="{html.escape(url)}"' in text, url
    return pairs


# ---------------------------------------------------------------- who may open it


def test_a_supervisor_sees_the_page(city):
    answer = page(city, "supervisor")
    text = answer.content.decode()
    today = timezone.localdate().isoformat()
    assert answer.context["today"] == timezone.localdate()
    assert f"Counted on {today}" in text
    for testid in ("cases-overdue", "appeals-overdue", "rectifications-open", "batches-count"):
        assert f'data-testid="{testid}"' in text
    assert page(city, "supervisor", "zh-hans").context["cases"].totals == (
        answer.context["cases"].totals
    )


@pytest.mark.parametrize(
    "username",
    ["zhangwei", "qiye.chengfeng", "clerk.hudai", "officer.hudai", "dispatcher", "union", "admin"],
)
def test_other_roles_are_refused(city, username):
    answer = city.client(username, "en").get(URL)
    assert answer.status_code == 403
    assert "Supervisor" in answer.content.decode()  # the message names the role needed


def test_signing_in_is_required(city):
    answer = city.client().get(URL)
    assert answer.status_code == 302
    assert "/login/" in answer["Location"]


# ---------------------------------------------------------------- figures and their lists


def test_every_figure_is_the_number_of_rows_of_its_list(city):
    overdue_case(city)
    answer = page(city, "supervisor")
    client = city.client("supervisor", "en")
    pairs = links_of(answer)
    assert len(pairs) > 6
    assert answer.context["cases"].totals["overdue"] >= 1
    for count, url in pairs:
        assert listed(client, url)[0] == count, url


def test_totals_are_the_sums_of_the_department_rows(city):
    overdue_case(city)
    ctx = page(city, "supervisor").context
    for block in (ctx["cases"], ctx["appeals"]):
        for state in ops.STATES:
            assert block.totals[state] == sum(getattr(r, state) for r in block.rows)
        # every row has something late, the most overdue first
        assert all(r.overdue or r.warning for r in block.rows)
        keys = [(-r.overdue, -r.warning) for r in block.rows]
        assert keys == sorted(keys)


def test_a_case_made_overdue_moves_the_figure_and_is_behind_the_link(city):
    before = page(city, "supervisor").context["cases"]
    before_row = next((r.overdue for r in before.rows if r.code == "HD-SCJG"), 0)
    case = overdue_case(city)
    answer = page(city, "supervisor")
    after = answer.context["cases"]
    assert after.totals["overdue"] == before.totals["overdue"] + 1
    row = next(r for r in after.rows if r.code == "HD-SCJG")
    assert row.overdue == before_row + 1
    assert row.urls["overdue"] == "/supervision/cases/?department_code=HD-SCJG&deadline=overdue"
    text = answer.content.decode()
    assert 'data-testid="case-overdue-HD-SCJG"' in text
    client = city.client("supervisor", "en")
    assert listed(client, row.urls["overdue"])[0] == row.overdue
    # the case is among those rows (and in the headline's list)
    for url in (row.urls["overdue"], after.urls["overdue"]):
        count, listing = listed(client, f"{url}&q={case.number}")
        assert count == 1 and case.number in listing


def test_appeals_are_counted_per_department_as_the_appeal_lists_filter(city):
    ctx = page(city, "supervisor").context
    appeals = ctx["appeals"]
    client = city.client("supervisor", "en")
    for row in appeals.rows:
        if row.code:
            assert (
                "view=all" in row.urls["overdue"]
                and f"department={row.code}" in row.urls["overdue"]
            )
        else:  # not dispatched yet: the dispatch queue
            assert "view=all" not in row.urls["overdue"]
    count, _text = listed(client, appeals.urls["overdue"])
    assert count == appeals.totals["overdue"]


@pytest.mark.demo_city
def test_rectifications_and_batches(city):
    ctx = page(city, "supervisor").context
    client = city.client("supervisor", "en")
    rect = ctx["rectifications"]
    assert rect["url"] == "/supervision/rectifications/?status=open"
    assert listed(client, rect["url"])[0] == rect["open"]
    batches = ctx["batches"]
    desk = client.get("/appeals/supervision/")
    assert desk.context["batches"].paginator.count == batches["count"] >= 1
    for shown in batches["batches"]:
        batch = client.get(shown["url"])
        assert batch.status_code == 200
        assert (batch.context["total"], batch.context["done"], batch.context["late"]) == (
            shown["total"],
            shown["done"],
            shown["late"],
        )


# ---------------------------------------------------------------- scope


@pytest.mark.demo_city
def test_a_town_supervisor_sees_only_their_town(city):
    case = overdue_case(city)
    hudai = town_supervisor(city, "supervisor.hudai", HUDAI)
    wanshi = town_supervisor(city, "supervisor.wanshi", WANSHI)
    city_rows = page(city, "supervisor").context["cases"].rows
    assert {r.code for r in city_rows} - {"HD-SCJG"}  # the city sees other departments too

    for username, town in ((hudai, HUDAI), (wanshi, WANSHI)):
        answer = page(city, username)
        ctx = answer.context
        path = Region.objects.get(code=town).path
        for row in ctx["cases"].rows:
            assert Department.objects.get(code=row.code).region.path.startswith(path), row.code
        client = city.client(username, "en")
        for count, url in links_of(answer):
            assert listed(client, url)[0] == count, url

    hudai_ctx = page(city, hudai).context
    assert any(r.code == "HD-SCJG" and r.overdue >= 1 for r in hudai_ctx["cases"].rows)
    wanshi_ctx = page(city, wanshi).context
    assert "HD-SCJG" not in {r.code for r in wanshi_ctx["cases"].rows}
    assert (
        case.number
        not in listed(city.client(wanshi, "en"), "/supervision/cases/?deadline=overdue")[1]
    )


# ---------------------------------------------------------------- the subsidy pool


def test_the_supervisor_sees_the_pool_balance_an_applicant_does_not(city):
    status = pool_status(city.actor("supervisor"))
    text = page(city, "supervisor").content.decode()
    assert 'data-testid="pool-available"' in text
    assert f"{Decimal(status['available_fen']) / 100:,.2f}" in text
    assert city.client("supervisor").get("/api/pool").status_code == 200
    with pytest.raises(PermissionDenied):
        pool_status(city.actor("zhangwei"))


POOL = {
    "name": "劳模礼遇补贴资金池",
    "topped_up_fen": 100_000_00,
    "accrued_fen": 99_000_00,
    "available_fen": 1_234_567_89,
    "warning_below_fen": 2_000_000_00,
}


def pool_page(city, monkeypatch, *, warning: bool, language: str = "en") -> str:
    """The supervisor's operations page with the pool's state replaced by POOL."""
    monkeypatch.setattr(ops, "pool_status", lambda actor: POOL | {"warning": warning})
    return page(city, "supervisor", language).content.decode()


def test_the_pool_balance_when_readable(city, monkeypatch):
    text = pool_page(city, monkeypatch, warning=True)
    assert "1,234,567.89" in text and "2,000,000.00" in text
    assert 'data-testid="pool-warning"' in text


def test_overdue_appeals_of_a_town_lead_to_their_lists(city):
    """An appeal of 万石镇 dispatched to a city department, and one waiting for dispatch:
    万石's supervisor sees both, each behind its link; 胡埭's sees neither."""
    dispatched = overdue_appeal(city, WANSHI, "WX-CG")
    waiting = overdue_appeal(city, WANSHI)
    wanshi = town_supervisor(city, "supervisor.wanshi", WANSHI)
    hudai = town_supervisor(city, "supervisor.hudai", HUDAI)
    answer = page(city, wanshi)
    appeals = answer.context["appeals"]
    rows = {r.code: r for r in appeals.rows}
    assert appeals.totals["overdue"] == 2
    assert set(rows) == {"WX-CG", ""}
    client = city.client(wanshi, "en")
    # the city bureau is outside 万石镇: the region's list, not the bureau's, holds its appeal
    assert rows["WX-CG"].overdue == 1 and rows["WX-CG"].urls["overdue"] == ""
    assert 'data-testid="appeals-unlinked"' in answer.content.decode()
    count, text = listed(client, appeals.urls["overdue"])
    assert count == 2 and dispatched.number in text and waiting.number in text
    assert rows[""].urls["overdue"] == "/appeals/dispatch/?deadline=overdue"
    count, text = listed(client, rows[""].urls["overdue"])
    assert count == 1 and waiting.number in text
    for count, url in links_of(answer):
        assert listed(client, url)[0] == count, url
    assert page(city, hudai).context["appeals"].totals["overdue"] == 0
