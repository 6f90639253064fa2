"""Union finance's pages: the subsidy pool (balance, warning, top-ups typed in yuan and
stored in whole fen, the threshold), the swipe ledger and the figures; every list
paginated, filtered and exported; other roles refused."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from onething.cards.models import PoolTopUp, SubsidyPool
from onething.cards.selectors.ledger import pool_status
from onething.core import clock
from onething.core.models import AuditEntry
from tests.cards.test_settlement import Place, at

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(answer) -> list[list]:
    assert answer.status_code == 200, answer.content[:500]
    assert answer["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def csv_rows(answer) -> list[list[str]]:
    assert answer.status_code == 200, answer.content[:500]
    assert answer["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


def top_up(client, amount: str, note: str = "", key: str = ""):
    return client.post(
        "/honour/pool/top-up/", {"amount": amount, "note": note, "idempotency_key": key}
    )


# ---------------------------------------------------------------- the pool


class TestTopUp:
    def test_yuan_are_stored_as_whole_fen_and_audited(self, city, staff):
        before = pool_status(city.actor("union"))["topped_up_fen"]
        answer = top_up(staff, "1200.5", "2026年第一季度拨款")
        assert answer.status_code == 302 and answer["Location"] == "/honour/pool/"
        made = PoolTopUp.objects.get(note="2026年第一季度拨款")
        assert made.amount_fen == 120050 and made.by == city.user("union")
        assert AuditEntry.objects.filter(action="pool.top_up", subject_id=str(made.pk)).exists()
        assert pool_status(city.actor("union"))["topped_up_fen"] == before + 120050
        page = staff.get("/honour/pool/").content.decode()
        assert "¥1,200.50 added to the pool." in page
        assert "2026年第一季度拨款" in page and "1,200.50" in page  # the list, in yuan

    def test_a_large_amount_is_exact(self, staff):
        assert top_up(staff, "12345678.99", "大额").status_code == 302
        assert PoolTopUp.objects.get(note="大额").amount_fen == 1234567899

    @pytest.mark.parametrize(
        ("typed", "says"),
        [
            ("12.345", "At most two decimals"),
            ("0.001", "At most two decimals"),
            ("-1", "The amount must be more than 0."),
            ("0", "The amount must be more than 0."),
            ("0.00", "The amount must be more than 0."),
            ("abc", "Enter an amount in yuan"),
            ("1e3", "Enter an amount in yuan"),
            ("NaN", "Enter an amount in yuan"),
            ("", "This field is required."),
            ("99999999999999", "at most"),  # past the service's bound: its message
        ],
    )
    def test_a_bad_amount_is_refused_beside_the_field_and_nothing_is_written(
        self, staff, typed, says
    ):
        count = PoolTopUp.objects.count()
        answer = top_up(staff, typed, "不应写入")
        assert answer.status_code == 422
        page = answer.content.decode()
        error = page.split('data-field="amount"', 1)
        assert len(error) == 2, "no error beside the amount"
        assert says.lower() in error[1].split("</small>", 1)[0].lower()
        assert PoolTopUp.objects.count() == count
        assert 'value="不应写入"' in page  # what was typed is kept

    def test_a_double_submit_adds_the_money_once(self, staff):
        for _n in range(2):
            assert top_up(staff, "50", "双击", key="k-double-1").status_code == 302
        assert PoolTopUp.objects.filter(note="双击").count() == 1


class TestWarning:
    def test_the_warning_shows_below_the_threshold_only(self, city, staff):
        top_up(staff, "100000", "充足")
        assert staff.post("/honour/pool/threshold/", {"warning_below": "0"}).status_code == 302
        available = pool_status(city.actor("union"))["available_fen"]
        assert available > 0
        page = staff.get("/honour/pool/").content.decode()
        assert 'data-testid="pool-warning"' not in page
        assert f'data-testid="pool-available" data-fen="{available}"' in page
        above = available // 100 + 1  # whole yuan just above what is available
        answer = staff.post("/honour/pool/threshold/", {"warning_below": f"{above}.00"})
        assert answer.status_code == 302
        assert SubsidyPool.objects.order_by("pk").first().warning_below_fen == above * 100
        page = staff.get("/honour/pool/").content.decode()
        assert 'data-testid="pool-warning"' in page
        assert "is below the warning threshold" in page
        assert 'data-testid="pool-warning"' in staff.get("/honour/figures/").content.decode()
        # back to 0: no warning
        assert staff.post("/honour/pool/threshold/", {"warning_below": "0"}).status_code == 302
        assert 'data-testid="pool-warning"' not in staff.get("/honour/pool/").content.decode()

    def test_a_bad_threshold_is_refused(self, staff):
        for typed in ("-5", "1.234", "x"):
            answer = staff.post("/honour/pool/threshold/", {"warning_below": typed})
            assert answer.status_code == 422
            assert 'data-field="warning_below"' in answer.content.decode()


class TestTopUpsList:
    def test_filtered_by_month_paginated_and_exported(self, city, staff):
        with clock.frozen(at(2026, 1, 15)):
            top_up(staff, "10", "一月拨款")
        with clock.frozen(at(2026, 2, 15)):
            top_up(staff, "20", "二月拨款")
        page = staff.get("/honour/pool/", {"month": "2026-01"}).content.decode()
        assert "一月拨款" in page and "二月拨款" not in page
        rows = sheet(staff.get("/honour/pool/", {"month": "2026-02", "export": "xlsx"}))
        assert rows[0] == ["When", "Amount (yuan)", "By", "Note"]
        mine = [(r[1], r[2], r[3]) for r in rows[1:] if r[3] in ("一月拨款", "二月拨款")]
        # a number in .xlsx; who by name, never the account's username
        assert mine == [(Decimal("20.00"), city.user("union").display_name, "二月拨款")]
        assert csv_rows(staff.get("/honour/pool/", {"export": "csv"}))[0][1] == "Amount (yuan)"
        assert staff.get("/honour/pool/", {"month": "2026-13"}).status_code == 422

    def test_pages_of_twenty(self, staff):
        for n in range(21):
            top_up(staff, "1", f"批{n}")
        assert "Page 1 of" in staff.get("/honour/pool/").content.decode()


# ---------------------------------------------------------------- the ledger


class TestLedger:
    def test_filtered_by_operator_venue_and_month_and_exported(self, city, union, staff):
        place = Place(union, a=1500, b=200)
        place.swipe("a", at(2026, 2, 3, 9))
        place.swipe("b", at(2026, 2, 14))
        place.swipe("a", at(2026, 3, 2))
        a, b = place.venues["a"], place.venues["b"]
        page = staff.get("/honour/ledger/", {"operator": place.code, "month": "2026-02"})
        assert page.status_code == 200
        text = page.content.decode()
        assert "2 records" in text and a.name in text and b.name in text
        rows = sheet(
            staff.get(
                "/honour/ledger/",
                {"operator": place.code, "venue": a.code, "export": "xlsx"},
            )
        )
        assert rows[0][:6] == [
            "Booked on",
            "Operator",
            "Venue",
            "Swiped at",
            "Swipe",
            "Amount (yuan)",
        ]
        amounts = sorted((r[2], r[5]) for r in rows[1:])  # numbers in .xlsx
        assert amounts == [(a.name, Decimal("15.00"))] * 2
        gate = place.gates["a"].code
        assert {r[4].split(":")[0] for r in rows[1:]} == {gate}
        # a correction is its own row, naming the row it corrects
        entry = place.swipe("a", at(2026, 3, 5)).ledger_entry
        place.correct(entry, 1000, entry.booked_on)
        rows = sheet(
            staff.get(
                "/honour/ledger/",
                {"operator": place.code, "kind": "corrections", "export": "xlsx"},
            )
        )
        assert [(r[5], r[6]) for r in rows[1:]] == [(Decimal("-5.00"), f"#{entry.pk}")]

    def test_a_bad_filter_is_422(self, staff):
        answer = staff.get("/honour/ledger/", {"month": "02-2026"})
        assert answer.status_code == 422
        assert 'data-field="month"' in answer.content.decode()
        assert staff.get("/honour/ledger/", {"operator": "nope"}).status_code == 422


# ---------------------------------------------------------------- figures


class TestFigures:
    def test_tables_and_their_exports(self, city, union, staff):
        place = Place(union, a=1500)
        place.swipe("a", at(2026, 2, 3, 9))
        place.swipe("a", at(2026, 2, 4, 9))
        answer = staff.get("/honour/figures/")
        assert answer.status_code == 200
        page = answer.content.decode()
        for table in ("totals", "venue", "operator", "month"):
            assert f'data-testid="table-{table}"' in page
        assert place.venues["a"].name in page and "¥30.00" in page
        venue_rows = sheet(staff.get("/honour/figures/", {"table": "venue", "export": "xlsx"}))
        assert venue_rows[0] == ["Venue code", "Venue", "Operator", "Swipes", "Owed (fen)"]
        mine = [r for r in venue_rows if r[0] == place.venues["a"].code]
        assert mine == [[place.venues["a"].code, place.venues["a"].name, place.code, 2, 3000]]
        operators = csv_rows(staff.get("/honour/figures/", {"table": "operator", "export": "csv"}))
        assert [place.code, place.operator.name, "2", "3000", "0"] in operators
        months = sheet(staff.get("/honour/figures/", {"table": "month", "export": "xlsx"}))
        assert any(r[0] == "2026-02" and r[1] >= 2 for r in months[1:])
        everything = sheet(staff.get("/honour/figures/", {"export": "xlsx"}))
        assert everything[0] == ["Figure", "Code", "Name", "Count", "Amount (fen)"]
        assert staff.get("/honour/figures/", {"table": "nope", "export": "csv"}).status_code == 422


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("username", ["zhangwei", "clerk.hudai", "officer.binhu", "supervisor"])
@pytest.mark.parametrize(
    "url", ["/honour/pool/", "/honour/ledger/", "/honour/figures/", "/honour/settlements/"]
)
def test_other_roles_are_refused(city, username, url):
    answer = city.client(username, "en").get(url)
    assert answer.status_code == 403
    assert "This needs one of these roles: Union staff." in answer.content.decode()
    assert city.client(username, "en").get(url, {"export": "csv"}).status_code == 403


def test_other_roles_cannot_top_up_and_nobody_signed_out_sees_anything(city):
    count = PoolTopUp.objects.count()
    assert top_up(city.client("clerk.hudai", "en"), "100").status_code == 403
    answer = city.client("zhangwei", "en").post("/honour/pool/threshold/", {"warning_below": "5"})
    assert answer.status_code == 403
    assert PoolTopUp.objects.count() == count
    anonymous = city.client(None, "en")
    for url in ("/honour/pool/", "/honour/figures/", "/honour/settlements/"):
        answer = anonymous.get(url)
        assert answer.status_code == 302 and "/login" in answer["Location"]
    assert top_up(anonymous, "100").status_code == 302
    assert PoolTopUp.objects.count() == count
