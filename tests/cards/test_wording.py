"""The honour cards' pages say what they show, in Chinese, with money in yuan: the
certificate's 姓名 and 有效期, the scan page's verdict 有效, a statement's total and the
figures' counts with thousands separators, and no operator, venue or figure code on a page
(the exports keep them)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from onething.cards.services.certificates import certificate_issue
from onething.cards.services.settlement import settlement_prepare

from .test_pages_finance_settlement import the_settlement
from .world import Place, at, make_honoree


@pytest.fixture
def holder(city):
    honoree, _number = make_honoree(name="欧阳明辉", username="honoree.words")
    return honoree


def test_the_certificate_names_its_holder_under_name_and_shows_its_period(city, holder):
    page = city.client("honoree.words").get("/honour/certificate/").content.decode()
    assert "<dt>姓名</dt>" in page and "<dt>名称</dt>" not in page
    certificate = holder.certificates.order_by("-issued_at").first()
    start = timezone.localtime(certificate.issued_at).date().isoformat()
    end = timezone.localtime(certificate.expires_at).date().isoformat()
    validity = page.split('data-testid="certificate-validity">', 1)[1].split("</dd>", 1)[0]
    assert "<dt>有效期</dt>" in page and start in validity and end in validity


def test_the_scan_page_says_valid_not_period_of_validity(city, holder):
    _certificate, code = certificate_issue(actor=city.actor("union"), honoree_id=holder.pk)
    page = city.client().get("/honour/verify/", {"code": code}).content.decode()
    verdict = page.split('data-testid="verdict"', 1)[1].split("</mark>", 1)[0]
    assert verdict.endswith(">有效") and "有效期" not in verdict


def test_a_statement_total_reads_in_yuan_with_separators(city, union, march):
    place = Place(union, a=61725)  # 617.25 yuan a visit
    place.swipe("a", at(2026, 2, 3, 9), swipe_id="s1")
    place.swipe("a", at(2026, 2, 4, 9), swipe_id="s2")
    settlement_prepare(actor=union, operator_code=place.code, month="2026-02")
    settlement = the_settlement(place)
    assert settlement.amount_fen == 123450
    page = city.client("union").get(f"/honour/settlements/{settlement.pk}/").content.decode()
    assert 'data-testid="settlement-amount" data-fen="123450">¥1,234.50<' in page
    assert "1234.50" not in page.replace("data-fen", "")
    assert place.code not in page.split('data-testid="facts"', 1)[1].split("</dl>", 1)[0]
    listing = city.client("union").get("/honour/settlements/").content.decode()
    assert "1,234.50" in listing


def test_the_figures_page_shows_names_not_codes(city, union):
    place = Place(union, a=1500)
    page = city.client("union").get("/honour/figures/").content.decode()
    table = page.split('data-testid="table-venue"', 1)[1].split("</article>", 1)[0]
    assert place.venues["a"].name in table and place.operator.name in table
    assert place.code not in table  # neither the venue's code nor the operator's
    totals = page.split('data-testid="table-totals"', 1)[1].split("</article>", 1)[0]
    assert "cards_issued" not in totals and "pool_balance" not in totals
    # the export keeps the codes, for machines
    export = city.client("union").get("/honour/figures/", {"table": "venue", "export": "csv"})
    assert place.venues["a"].code in export.content.decode("utf-8-sig")
