"""Masking whatever the separators: identity and phone numbers written with spaces,
dashes, dots, slashes, brackets or in full-width digits are masked in place on the public
board and in Open311, and dates, amounts and case numbers stay as written."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onething.appeals.models import Appeal
from onething.appeals.rules import board_search_text, mask_text
from onething.appeals.services.flow import appeal_reply
from onething.appeals.services.intake import appeal_submit
from onething.core.permissions import SYSTEM
from tests.appeals.test_pages_public import answered

SEPARATORS = [" ", "\u3000", "-", "–", "—", ".", "·", "/", "_", "－", " - ", ") ", "\t"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("320211 199001011234", "3202** ********1234"),
        ("320211\u3000199001011234", "3202**\u3000********1234"),
        ("3202 1119 9001 0112 3X", "3202 **** **** **12 3X"),
        ("身份证：320211-19900101-123x。", "身份证：3202**-********-123x。"),
        ("320211900101123", "3202*******1123"),
        ("1 3 8 0 0 0 0 1 1 1 1", "1 3 8 * * * * 1 1 1 1"),
        ("138-0000-1111", "138-****-1111"),
        ("138 0000 1111", "138 **** 1111"),
        ("138.0000.1111", "138.****.1111"),
        ("138/0000/1111", "138/****/1111"),
        ("138_0000_1111", "138_****_1111"),
        ("138—0000—1111", "138—****—1111"),
        ("【138】0000 1111", "【138】**** 1111"),
        ("１３８００００１１１１", "１３８****１１１１"),
        ("１３８－００００－１１１１", "１３８－****－１１１１"),
        ("+86 138 0000 1111", "+86 138 **** 1111"),
        ("(0510) 8234 5678", "(0510) **** 5678"),
        ("0510 - 8234 5678", "0510 - **** 5678"),
        ("010-6234-5678", "010-****-5678"),
        # two numbers side by side are two numbers, not one long one
        ("13912345678 0510-8123 4567", "139****5678 0510-**** 4567"),
        ("2025-12-05 13800001111", "2025-12-05 138****1111"),
        (
            "办件320211-20261124-000017，电话138 0000 1111",
            "办件320211-20261124-000017，电话138 **** 1111",
        ),
    ],
)
def test_separated_numbers_are_masked_in_place(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "2025-12-05",
        "2025/12/05 08:30",
        "2025.12.05",
        "2025年12月5日至2026年1月5日",
        "1,234.56元",
        "金额12345.67元，共 3 人",
        "320211-20261124-000017",  # a case number
        "SQ320211-20261124-000017",  # an appeal number
        "ZZ320211-20261124-000017",  # a licence number
        "2025-12-05 2025-12-06",
        "第 12 号楼 3 单元 502 室",
        "请拨打 12345 热线",
    ],
)
def test_dates_amounts_and_case_numbers_stay(text):
    assert mask_text(text) == text


def digits_of(text: str) -> str:
    return "".join(
        c
        for c in text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        if c.isdigit()
    )


def spread(number: str, gaps: list[str]) -> str:
    """``number`` with the separators of ``gaps`` between its digits (cycled)."""
    out = number[0]
    for i, c in enumerate(number[1:]):
        out += gaps[i % len(gaps)] + c
    return out


@settings(max_examples=300, deadline=None)
@given(
    phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    gaps=st.lists(st.sampled_from(["", *SEPARATORS]), min_size=1, max_size=10),
    wide=st.booleans(),
    words=st.sampled_from(["", "电话", "联系我：", "手机号 "]),
)
def test_any_separated_mobile_is_masked(phone, gaps, wide, words):
    text = spread(phone.translate(FULL_WIDTH) if wide else phone, gaps)
    masked = mask_text(words + text + "，谢谢")
    left = digits_of(masked)
    assert phone not in left and left == phone[:3] + phone[-4:]
    assert masked.count("*") == 4
    assert mask_text(masked) == masked


@settings(max_examples=200, deadline=None)
@given(
    region=st.sampled_from(["320211", "110101", "440305"]),
    born=st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2026, 12, 31)),
    tail=st.from_regex(r"[0-9]{3}[0-9X]", fullmatch=True),
    gaps=st.lists(st.sampled_from(["", *SEPARATORS]), min_size=1, max_size=6),
)
def test_any_separated_identity_number_is_masked(region, born, tail, gaps):
    number = f"{region}{born:%Y%m%d}{tail}"
    masked = mask_text("身份证 " + spread(number, gaps))
    assert re.sub(r"[^0-9X*]", "", masked) == number[:4] + "*" * 10 + number[-4:]


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(),
    sep=st.sampled_from(["-", "/", ".", " "]),
    amount=st.decimals(0, 10**7, places=2),
)
def test_dates_and_amounts_never_change(day, sep, amount):
    text = f"{day.year:04d}{sep}{day.month:02d}{sep}{day.day:02d} 金额{amount:,}元"
    assert mask_text(text) == text


# --- on the public board and in Open311 --------------------------------------------------

SEPARATED = (
    "身份证 320211 199001011234，手机 1 3 8 0 0 0 0 1 1 1 1，"
    "座机 0510-8234 5678，备用 １３９－１２３４－５６７８"
)
IN_CLEAR = [
    "320211 199001011234",
    "1 3 8 0 0 0 0 1 1 1 1",
    "8234 5678",
    "１３９－１２３４－５６７８",
]
SHOWN = ["3202** ********1234", "1 3 8 * * * * 1 1 1 1", "0510-**** 5678", "１３９－****－５６７８"]


@pytest.fixture
def published(city) -> Appeal:
    word = "w" + uuid.uuid4().hex[:8]  # never all digits: a number beside 138 0000 1111
    return answered(
        word=word,
        title=f"路灯不亮 138 0000 1111 {word}",
        text=f"{SEPARATED}。{word}",
        reply=f"已回电 {SEPARATED}",
    )


def test_the_board_shows_separated_numbers_masked(city, published):
    anonymous = city.client()
    word = published.title.split()[-1]
    for url in ("/appeals/board/", f"/appeals/board/{published.number}/"):
        html = anonymous.get(url, {"q": word} if url.endswith("board/") else {}).content.decode()
        assert published.number in html
        for clear in [*IN_CLEAR, "138 0000 1111"]:
            assert clear not in html, (url, clear)
        for shown in [*SHOWN, "138 **** 1111"]:
            assert shown in html, (url, shown)


def test_open311_shows_separated_numbers_masked(city, published):
    client = city.client(language="en")
    for url in ("/open311/v2/requests.json", f"/open311/v2/requests/{published.number}.json"):
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        row = next(r for r in answer.json() if r["service_request_id"] == published.number)
        for key in ("description", "status_notes"):
            for clear in IN_CLEAR:
                assert clear not in row[key], (url, key, clear)
            assert all(shown in row[key] for shown in SHOWN), (url, key, row[key])


def test_the_board_search_does_not_confirm_a_hidden_number(city, published):
    anonymous = city.client()
    for probe in ("13800001111", "320211199001011234", "1 3 8 0 0 0 0 1 1 1 1"):
        assert (
            published.number not in anonymous.get("/appeals/board/", {"q": probe}).content.decode()
        )
    found = anonymous.get("/appeals/board/", {"q": published.number}).content.decode()
    assert published.number in found


@pytest.fixture
def on_board(city) -> Appeal:
    """A published, publicly answered appeal with a mobile, an identity number and a street
    number in its texts."""
    word = "w" + uuid.uuid4().hex[:8]  # never all digits: a number beside 138 0000 1111
    appeal = appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        type="demand",
        category_code="streetlight",
        title=f"路灯不亮 {word}",
        text=f"惠山路 7305 号门口路灯不亮，电话13800001111，身份证320211199001011234。{word}",
        region_code="320213006",
        contact_name="李娜",
        contact_phone="13912345678",
        publish=True,
    )
    appeal_reply(actor=SYSTEM, number=appeal.number, text="已修复。", public=True)
    return Appeal.objects.get(pk=appeal.pk)


def board_numbers(client, q: str) -> list[str]:
    answer = client.get("/api/appeal-board", {"q": q, "page_size": 100})
    assert answer.status_code == 200, answer.content
    return [entry["number"] for entry in answer.json()["items"]]


@pytest.mark.parametrize(
    "hidden",
    ["0000", "800001", "00001111", "1199001011", "19900101", "9001", "13800001111", "8000"],
)
def test_the_board_search_never_matches_a_hidden_digit(city, on_board, hidden):
    anonymous = city.client()
    assert on_board.number not in board_numbers(anonymous, hidden)
    page = anonymous.get("/appeals/board/", {"q": hidden}).content.decode()
    assert on_board.number not in page


@pytest.mark.parametrize(
    "shown", ["1111", "138****1111", "3202", "1234", "惠山路 7305 号", "7305", "路灯不亮"]
)
def test_the_board_search_finds_what_the_board_shows(city, on_board, shown):
    anonymous = city.client()
    assert on_board.number in board_numbers(anonymous, shown)
    assert on_board.number in anonymous.get("/appeals/board/", {"q": shown}).content.decode()
    assert board_numbers(anonymous, on_board.number) == [on_board.number]


def test_the_staff_search_still_finds_hidden_digits(city, on_board):
    dispatcher = city.client("dispatcher")
    for q in ("0000", "13800001111", "19900101"):
        page = dispatcher.get("/appeals/dispatch/", {"view": "all", "q": q}).content.decode()
        assert on_board.number in page, q


def test_the_board_search_copy_is_the_masked_text(city, on_board):
    assert "13800001111" not in on_board.board_text
    assert "138****1111" in on_board.board_text and "3202**********1234" in on_board.board_text
    assert "惠山路 7305 号" in on_board.board_text


def test_the_migration_fills_the_copy_of_appeals_already_on_the_board(city, on_board):
    from django.apps import apps

    migration = importlib.import_module("onething.appeals.migrations.0006_board_text")
    Appeal.objects.filter(pk=on_board.pk).update(board_text="")
    migration.board_text_filled(apps, None)
    on_board.refresh_from_db()
    assert on_board.board_text == board_search_text(on_board.title, on_board.text)
    assert "138****1111" in on_board.board_text
