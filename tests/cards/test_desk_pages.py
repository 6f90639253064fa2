"""The desk's pages (服务台): identify the honoree, enter the bill or choose the service,
see what will be recorded, confirm — in Chinese, every refusal beside its input or with
its status, a double submit recorded once; the desk's visits listed and exported; the
honoree's "my card" page with the places the card works at (the green channel and the
dining offers: merchant, discount, who pays) and their visits; the union's figures with the
seed's terms."""

from __future__ import annotations

import re

import pytest

from onething.cards.models import Swipe
from onething.core.identity import mask_name

from .world import account_of
from .world.scenes import DESKS, HOSPITAL, OWN, POOL

DESK = "/honour/desk/"


@pytest.fixture
def till(scenes, city):
    """The restaurant's cashier, signed in with the desk's account (Chinese pages)."""
    return city.client(DESKS[POOL])


def visit_id(html: str) -> str:
    return re.search(r'name="visit_id" value="([0-9a-f]+)"', html).group(1)


def test_the_desk_in_chinese_identifies_previews_and_records(scenes, till):
    page = till.get(DESK)
    html = page.content.decode()
    assert page.status_code == 200
    assert "锡帮菜馆" in html and "餐饮商圈优惠" in html and "南长街" in html
    assert "Identify" not in html and "识别" in html
    shown = till.post(DESK, {"step": "identify", "card": scenes.card.number})
    html = shown.content.decode()
    assert shown.status_code == 200
    assert mask_name("欧阳明辉") in html and "欧阳明辉" not in html
    assert "账单立减 10%" in html and "工会补贴资金池" in html and 'name="bill"' in html
    key = visit_id(html)
    preview = till.post(
        DESK, {"step": "preview", "card": scenes.card.number, "visit_id": key, "bill": "128.50"}
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-testid="desk-discount" data-fen="1285"' in html and "¥12.85" in html
    assert "¥115.65" in html  # what the honoree pays
    assert not Swipe.objects.filter(venue__code=POOL).exists()  # nothing yet: a preview
    record = {"step": "record", "card": scenes.card.number, "visit_id": key, "bill": "128.50"}
    done = till.post(DESK, record)
    assert done.status_code == 302
    swipe = Swipe.objects.get(venue__code=POOL)
    assert (swipe.bill_fen, swipe.discount_fen, swipe.amount_fen) == (12850, 1285, 1285)
    assert done["Location"] == f"{DESK}?visit={swipe.pk}"
    again = till.post(DESK, record)  # a double submit: the same visit
    assert again.status_code == 302 and Swipe.objects.filter(venue__code=POOL).count() == 1
    after = till.get(done["Location"]).content.decode()
    assert 'data-testid="desk-recorded"' in after and "¥12.85" in after
    assert "已登记" in after


def test_refusals_show_on_the_page(scenes, till):
    bad = till.post(DESK, {"step": "identify", "card": "12"})
    assert bad.status_code == 422 and 'data-field="card"' in bad.content.decode()
    unknown = till.post(DESK, {"step": "identify", "card": "320299999999"})
    assert unknown.status_code == 404 and "没有此卡号的劳模卡" in unknown.content.decode()
    html = till.post(DESK, {"step": "identify", "card": scenes.card.number}).content.decode()
    key = visit_id(html)
    no_bill = till.post(DESK, {"step": "preview", "card": scenes.card.number, "visit_id": key})
    assert no_bill.status_code == 422 and 'data-field="bill"' in no_bill.content.decode()
    scenes.visit(POOL, bill_fen=5000)  # today's visit, made at the till meanwhile
    late = till.post(
        DESK, {"step": "record", "card": scenes.card.number, "visit_id": key, "bill": "50"}
    )
    assert late.status_code == 409 and "今日" in late.content.decode()
    identified = till.post(DESK, {"step": "identify", "card": scenes.card.number})
    html = identified.content.decode()
    assert 'data-testid="desk-refusal"' in html and 'data-testid="desk-visit-form"' not in html


def test_the_green_channel_desk_records_the_service(scenes, city):
    desk = city.client(DESKS[HOSPITAL])
    html = desk.post(DESK, {"step": "identify", "card": scenes.card.number}).content.decode()
    assert "医院就诊绿色通道" in html and "优先挂号" in html and "陪同服务" in html
    key = visit_id(html)
    missing = desk.post(DESK, {"step": "preview", "card": scenes.card.number, "visit_id": key})
    assert missing.status_code == 422 and 'data-field="service"' in missing.content.decode()
    preview = desk.post(
        DESK,
        {"step": "preview", "card": scenes.card.number, "visit_id": key, "service": "escort"},
    )
    assert 'data-testid="desk-service">陪同服务<' in preview.content.decode()
    done = desk.post(
        DESK,
        {"step": "record", "card": scenes.card.number, "visit_id": key, "service": "escort"},
    )
    assert done.status_code == 302
    visit = Swipe.objects.get(venue__code=HOSPITAL)
    assert (visit.service, visit.amount_fen) == ("escort", 0)


def test_only_a_desk_account_has_the_desk(scenes, city):
    assert city.client("union").get(DESK).status_code == 403
    assert city.client("zhangwei").get(DESK).status_code == 403
    assert city.client().get(DESK).status_code == 302  # to sign in
    home = city.client(DESKS[POOL]).get("/").content.decode()
    assert 'href="/honour/desk/"' in home


def test_the_desks_visits_listed_and_exported(scenes, city):
    scenes.visit(POOL, bill_fen=12850)
    scenes.visit(OWN, bill_fen=10_000)
    client = city.client(DESKS[POOL], "en")
    page = client.get("/honour/desk/visits/").content.decode()
    assert "1 record" in page and "128.50" in page and "subsidy pool" in page
    csv_text = client.get("/honour/desk/visits/", {"export": "csv"}).content.decode("utf-8-sig")
    assert csv_text.count("\n") == 2 and "12.85" in csv_text


def test_the_honorees_card_page_lists_the_places_and_the_visits(scenes, city):
    account_of(scenes.honoree, "honoree.scenes")
    scenes.visit(HOSPITAL, service="registration")
    scenes.visit(OWN, bill_fen=10_000)
    html = city.client("honoree.scenes").get("/honour/certificate/").content.decode()
    places = html[html.index('data-testid="my-card-places"') :]
    hospital = places[places.index('data-testid="scene-hospital"') :]
    assert "医院就诊绿色通道" in hospital and "人民医院 绿色通道" in hospital
    dining = places[places.index('data-testid="scene-restaurant"') :]
    assert "餐饮商圈优惠" in dining and "锡帮菜馆" in dining and "南长街" in dining
    assert "账单立减 10%" in dining and "工会补贴资金池" in dining
    assert "老面馆" in dining and "商户让利" in dining
    visits = html[html.index('data-testid="my-card-visits"') :]
    assert "优先挂号" in visits and "¥100.00" in visits and "¥15.00" in visits
    rides = city.client("honoree.scenes", "en").get("/honour/rides/").content.decode()
    assert "Priority registration" in rides and "15.00" in rides


def test_the_figures_page_shows_the_seeds_scenes(scenes, city):
    scenes.visit(HOSPITAL, service="registration")
    scenes.visit(POOL, bill_fen=12850)
    scenes.visit(OWN, bill_fen=10_000)
    client = city.client("union")
    html = client.get("/honour/figures/").content.decode()
    assert "医院就诊绿色通道" in html and "餐饮商圈优惠" in html
    assert 'data-testid="dining-pool" data-fen="' in html
    table = html[html.index('data-testid="table-dining"') :]
    assert "锡帮菜馆" in table and "商户让利" in table and "¥12.85" in table
    exported = client.get("/honour/figures/", {"table": "dining", "export": "csv"})
    text = exported.content.decode("utf-8-sig")
    assert exported.status_code == 200 and f"{POOL},锡帮菜馆,南长街" in text and "1285" in text
