"""The honour card in a real browser, end to end: union staff import honorees from .xlsx and
issue one of them a card; the honoree opens their certificate and its QR code; gates (the
API, as a terminal calls it) allow a metro ride and a scenic-spot entry and deny the card once
it is reported lost; union finance prepares, approves and pays the metro operator's statement
of last month and the reconciliation with the operator's export shows the planted
discrepancies (a swipe missing from their side, an amount that differs)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import urllib.request
import uuid

import openpyxl
import pytest

from onething.cards.models import Honoree, HonourCard, LedgerEntry, Settlement
from onething.cards.services.gates import swipe_authorize
from onething.core import clock
from onething.core.models import User
from onething.demo.base import DEMO_GATE_TOKEN
from onething.demo.cards.data.directory import DEMO_SCENIC_TOKEN
from tests.browser import shot, sign_in
from tests.cards.world import full_id, new_id_number

pytestmark = pytest.mark.browser

CARD = "320200990001"
TRANSIT = "3102990000000001"


def sign_out(page):
    page.context.clear_cookies()


def unfold(form):
    """Open the <details> a form sits in (the pages fold their action forms)."""
    form.locator("xpath=ancestor::details[1]/summary").click()
    return form


def honorees_xlsx(applicant_id: str) -> bytes:
    """The union's import file: an applicant of the demo city (who has an account) and one
    more model worker."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["姓名", "身份证号", "所在区划代码", "荣誉级别", "荣誉称号", "授予年份", "工作单位"]
    )
    sheet.append(
        ["张伟", applicant_id, "320211102", "市级", "无锡市劳动模范", 2021, "胡埭镇农机站"]
    )
    sheet.append(
        ["王秀英", new_id_number(), "320213", "省部级", "江苏省劳动模范", 2018, "无锡一棉"]
    )
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def gate_swipe(base: str, token: str, card_number: str) -> dict:
    """A swipe as a terminal sends it: bearer token, the gate's own swipe id, now."""
    body = {
        "swipe_id": f"b-{uuid.uuid4().hex[:12]}",
        "card_number": card_number,
        "at": clock.now().isoformat(),
    }
    request = urllib.request.Request(
        f"{base}/api/gate/swipes",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as answer:
        assert answer.status == 200
        return json.loads(answer.read())


def last_month() -> dt.date:
    return (clock.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def metro_rides_last_month(city, card_number: str, count: int) -> list[str]:
    """Rides of an earlier month at the demo's metro gate, through the gate service as of
    their day (the server's clock cannot be turned back): the month union finance settles."""
    gate = city.actor("gate.metro01")
    month = last_month()
    ids = []
    for n in range(count):
        at = dt.datetime.combine(
            month + dt.timedelta(days=n), dt.time(8, 30), tzinfo=clock.now().tzinfo
        )
        with clock.frozen(at):
            swipe = swipe_authorize(
                gate_actor=gate, swipe_id=f"m-{n:04d}", card_number=card_number, at=at
            )
        assert swipe.allowed, swipe.reason
        ids.append(swipe.swipe_id)
    return ids


def operator_export(month: dt.date, missing: str, differs: str) -> bytes:
    """The metro operator's own list of the month: every swipe our ledger booked for it,
    but ``missing`` left out and ``differs`` at one yuan more."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["闸机编号", "刷卡流水号", "金额（分）"])
    rows = LedgerEntry.objects.filter(
        operator__code="wx-metro", booked_on__year=month.year, booked_on__month=month.month
    ).select_related("swipe__gate")
    for row in rows:
        swipe = row.swipe
        if swipe.swipe_id == missing:
            continue
        amount = row.amount_fen + 100 if swipe.swipe_id == differs else row.amount_fen
        writer.writerow([swipe.gate.code, swipe.swipe_id, amount])
    return out.getvalue().encode("utf-8")


def test_union_cards_gates_and_settlement(page, transactional_city, tmp_path):
    applicant = User.objects.get(username="zhangwei")
    xlsx = tmp_path / "honorees.xlsx"
    xlsx.write_bytes(honorees_xlsx(full_id(applicant.person)))

    # Union staff import the registry file and issue a card to the applicant.
    sign_in(page, "union")
    page.goto(f"{page.base}/honour/registry/import/")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(xlsx))
    page.locator("[data-testid=import-form] button[type=submit]").click()
    page.wait_for_selector("[data-testid=report]")
    assert page.locator("[data-testid=created]").inner_text().strip() == "2"
    shot(page, "cards-import")
    honoree = Honoree.objects.get(person=applicant.person)

    page.goto(f"{page.base}/honour/registry/{honoree.pk}/")
    issue = unfold(page.locator("[data-testid=issue-form]"))
    issue.locator("select[name=batch_id]").select_option(index=1)
    issue.locator("input[name=number]").fill(CARD)
    issue.locator("input[name=transit_number]").fill(TRANSIT)
    issue.locator("button[type=submit]").click()
    page.wait_for_selector(f"[data-testid=active-card]:has-text('{CARD}')")
    assert HonourCard.objects.get(number=CARD).honoree == honoree
    shot(page, "cards-honoree")

    # The honoree opens their certificate: the QR code and the code it carries.
    sign_out(page)
    sign_in(page, "zhangwei")
    page.goto(f"{page.base}/honour/certificate/")
    page.wait_for_selector("[data-testid=certificate-qr] svg")
    code = page.locator("[data-testid=certificate-code]").text_content().strip()
    assert code.startswith("LM1.")
    assert page.locator("[data-testid=honoree-id]").inner_text().count("*") >= 10
    shot(page, "cards-certificate")

    # Gates: a metro ride and a scenic-spot entry are allowed, with the voice prompt.
    ride = gate_swipe(page.base, DEMO_GATE_TOKEN, CARD)
    assert (ride["allowed"], ride["voice"]) == (True, "关爱卡")
    assert ride["amount_fen"] > 0
    entry = gate_swipe(page.base, DEMO_SCENIC_TOKEN, TRANSIT)  # the transit card's number
    assert entry["allowed"] is True, entry
    assert LedgerEntry.objects.filter(swipe__card__number=CARD).count() == 2

    # The card is reported lost on the union's page: the next swipe is denied.
    sign_out(page)
    sign_in(page, "union")
    page.goto(f"{page.base}/honour/registry/{honoree.pk}/")
    lost = unfold(page.locator("[data-testid=lost-form]"))
    lost.locator("input[name=confirm]").check()
    lost.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=cards]:has-text('blocked'), .flash")
    assert HonourCard.objects.get(number=CARD).status == "blocked"
    denied = gate_swipe(page.base, DEMO_GATE_TOKEN, CARD)
    assert (denied["allowed"], denied["reason"]) == (False, "card_blocked")

    # Union finance settles last month's metro statement and reconciles it.
    chen_card = HonourCard.objects.get(
        honoree__person__accounts__username="laomo.chen", status="active"
    )
    swipe_ids = metro_rides_last_month(transactional_city, chen_card.number, 3)
    month = last_month()
    page.goto(f"{page.base}/honour/settlements/")
    prepare = unfold(page.locator("[data-testid=prepare-form]"))
    prepare.locator("select[name=operator]").select_option("wx-metro")
    prepare.locator("input[name=month]").fill(month.strftime("%Y-%m"))
    prepare.locator("[data-testid=submit-prepare]").click()
    page.wait_for_selector("[data-testid=settlement-status][data-status=draft]")
    statement = Settlement.objects.get(operator__code="wx-metro", month=month)
    assert statement.swipes >= 3  # ours, and the demo's rides of that month if any
    shown = page.locator("[data-testid=settlement-swipes]").inner_text().strip()
    assert shown == str(statement.swipes)

    page.locator("[data-testid=approve-form] input[name=confirm]").check()
    page.locator("[data-testid=submit-approve]").click()
    page.wait_for_selector("[data-testid=settlement-status][data-status=approved]")
    page.locator("[data-testid=pay-form] input[name=payment_reference]").fill("GH2026-0001")
    page.locator("[data-testid=pay-form] input[name=confirm]").check()
    page.locator("[data-testid=submit-pay]").click()
    page.wait_for_selector("[data-testid=settlement-status][data-status=paid]")

    export = tmp_path / "metro.csv"
    export.write_bytes(operator_export(month, missing=swipe_ids[0], differs=swipe_ids[1]))
    page.set_input_files("[data-testid=reconcile-form] input[type=file]", str(export))
    page.locator("[data-testid=submit-reconcile]").click()
    page.wait_for_selector("[data-testid=findings]")
    only_ours = page.locator("[data-testid=finding-only_ours]")
    differs = page.locator("[data-testid=finding-amount_differs]")
    assert only_ours.get_attribute("data-count") == "1"
    assert swipe_ids[0] in only_ours.inner_text()
    assert differs.get_attribute("data-count") == "1"
    assert swipe_ids[1] in differs.inner_text()
    shot(page, "cards-reconciliation")
