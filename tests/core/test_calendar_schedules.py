"""Entering a year's holiday schedule: through the API (JSON and .xlsx), the calendar page
and the admin; bad days refused with 422 naming the date and nothing written; every open
provisional deadline (cases, rectifications, appeals) counted again in the same call, with
one audit entry saying how many changed; the operations page warns from 1 November."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from onething.core import clock
from onething.core.models import AuditEntry, WorkdayScheduleYear
from onething.core.workdays import package_years
from tests.appeals.api_support import Api as AppealApi
from tests.cases.conftest import FORM, ITEM, Api

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
LAST = package_years()[-1]  # the last year the package publishes
NEXT = LAST + 1  # a year with no schedule


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weekend_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() < 5:
        day += dt.timedelta(days=1)
    return day


def last_workday_of(year: int) -> dt.date:
    import chinese_calendar

    day = dt.date(year, 12, 31)
    while not chinese_calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


FIRST_WEEKDAY = weekday_on_or_after(dt.date(NEXT, 1, 1))
NEW_YEAR = [{"date": str(FIRST_WEEKDAY), "kind": "holiday", "name": "元旦"}]
NOTICE = "国务院办公厅关于部分节假日安排的通知"


def enter(city, days, year=NEXT, username="supervisor"):
    client = city.client(username, "en")
    return client.post(
        "/api/calendar/schedules",
        {"year": year, "source": NOTICE, "days": days},
        content_type="application/json",
    )


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind", "rule"),
    [
        (weekend_on_or_after(dt.date(NEXT, 3, 1)), "holiday", "weekend_holiday"),
        (weekday_on_or_after(dt.date(NEXT, 3, 1)), "workday", "weekday_workday"),
        (dt.date(NEXT + 1, 5, 3), "holiday", "year"),
    ],
)
def test_a_bad_day_is_refused_naming_the_date_and_nothing_is_written(city, day, kind, rule):
    answer = enter(city, [*NEW_YEAR, {"date": str(day), "kind": kind, "name": ""}])
    assert answer.status_code == 422
    fields = answer.json()["error"]["details"]["fields"]
    assert [f["rule"] for f in fields] == [rule]
    assert str(day) in fields[0]["message"]
    assert not WorkdayScheduleYear.objects.filter(year=NEXT).exists()


def test_the_same_date_twice_and_every_problem_at_once(city):
    saturday = weekend_on_or_after(dt.date(NEXT, 4, 1))
    answer = enter(
        city,
        [
            *NEW_YEAR,
            {"date": str(FIRST_WEEKDAY), "kind": "holiday", "name": "元旦"},
            {"date": str(saturday), "kind": "holiday", "name": "清明"},
        ],
    )
    assert answer.status_code == 422
    rules = sorted(f["rule"] for f in answer.json()["error"]["details"]["fields"])
    assert rules == ["unique", "weekend_holiday"]
    assert not WorkdayScheduleYear.objects.filter(year=NEXT).exists()


def test_an_impossible_date_or_kind_is_a_422_in_chinese(city):
    client = city.client("supervisor", "zh-hans")
    answer = client.post(
        "/api/calendar/schedules",
        {"year": NEXT, "source": NOTICE, "days": [{"date": f"{NEXT}-02-30", "kind": "休"}]},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "days" in answer.content.decode()


def test_only_supervisors_and_administrators_enter_schedules(city):
    assert enter(city, NEW_YEAR, username="clerk.hudai").status_code == 403
    assert enter(city, NEW_YEAR, username="zhangwei").status_code == 403
    assert city.client().post("/api/calendar/schedules", {}).status_code in (401, 403)
    assert not WorkdayScheduleYear.objects.filter(year=NEXT).exists()


# --- recounting open deadlines ---------------------------------------------------------


def test_entering_the_year_counts_open_provisional_deadlines_again(city):
    accepted_on = last_workday_of(LAST)
    with clock.frozen(moment(accepted_on, 9)):
        zhang, clerk = Api(city, "zhangwei"), Api(city, "clerk.hudai")
        ids = zhang.uploads("id-card", "application-form", "premises-proof")
        made = zhang.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
        number = made.json()["number"]
        case = clerk.post(f"/api/cases/{number}/accept").json()
        appeal = AppealApi(city, "zhangwei").submit()
    assert case["due_provisional"] is True and case["due_date"] == str(FIRST_WEEKDAY)
    assert appeal["deadline"]["provisional"] is True
    appeal_due = dt.date.fromisoformat(appeal["deadline"]["due"])

    answer = enter(city, NEW_YEAR)
    assert answer.status_code == 201, answer.content
    changed = answer.json()["deadlines_changed"]
    assert changed["cases"] >= 1 and changed["appeals"] >= 1

    after = Api(city, "zhangwei").get(f"/api/cases/{number}").json()
    assert after["due_provisional"] is False
    assert after["due_date"] == str(weekday_on_or_after(FIRST_WEEKDAY + dt.timedelta(days=1)))
    again = AppealApi(city, "zhangwei").detail(appeal["number"])
    assert again["deadline"]["provisional"] is False
    assert dt.date.fromisoformat(again["deadline"]["due"]) > appeal_due  # one holiday more

    entry = AuditEntry.objects.filter(action="calendar.schedule_enter").latest("id")
    assert entry.after["deadlines_changed"] == changed
    assert AuditEntry.objects.filter(action="case.due_recount").count() >= 1

    # entering the same again changes nothing more
    assert enter(city, NEW_YEAR).json()["deadlines_changed"] == {
        "cases": 0,
        "rectifications": 0,
        "appeals": 0,
    }


def test_the_calendar_api_says_provisional(city, django_capture_on_commit_callbacks):
    client = city.client()
    answer = client.get(f"/api/calendar/add-working-days?start={LAST}-12-28&n=10").json()
    assert answer["provisional"] is True
    published = client.get("/api/calendar/add-working-days?start=2025-09-26&n=5").json()
    assert published == {
        "start": "2025-09-26",
        "working_days": 5,
        "due": "2025-10-10",
        "provisional": False,
    }
    with django_capture_on_commit_callbacks(execute=True):  # the cache is cleared on commit
        assert enter(city, NEW_YEAR).status_code == 201
    again = client.get(f"/api/calendar/add-working-days?start={LAST}-12-28&n=10").json()
    assert again["provisional"] is False


# --- .xlsx -----------------------------------------------------------------------------


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "节日"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_is_imported_and_its_bad_rows_named(city):
    client = city.client("supervisor", "en")
    saturday = weekend_on_or_after(dt.date(NEXT, 2, 1))
    good = workbook([[FIRST_WEEKDAY, "休", "元旦"], [str(saturday), "班", "春节"]])
    answer = client.post(
        "/api/calendar/schedules/import",
        {"year": NEXT, "source": NOTICE, "file": SimpleUploadedFile("s.xlsx", good)},
    )
    assert answer.status_code == 201, answer.content
    assert (answer.json()["holidays"], answer.json()["workdays"]) == (1, 1)

    bad = workbook([["明天", "休", ""], [str(saturday), "放风筝", ""]])
    answer = client.post(
        "/api/calendar/schedules/import",
        {"year": NEXT, "source": NOTICE, "file": SimpleUploadedFile("s.xlsx", bad)},
    )
    assert answer.status_code == 422
    fields = {f["field"] for f in answer.json()["error"]["details"]["fields"]}
    assert fields == {"rows.2.date", "rows.3.kind"}
    not_xlsx = client.post(
        "/api/calendar/schedules/import",
        {"year": NEXT, "source": NOTICE, "file": SimpleUploadedFile("s.xlsx", b"hello")},
    )
    assert not_xlsx.status_code == 422


# --- pages -----------------------------------------------------------------------------


def test_the_operations_page_warns_from_the_first_of_november(
    city, django_capture_on_commit_callbacks
):
    client = city.client("supervisor", "zh-hans")
    with clock.frozen(moment(dt.date(LAST, 10, 31))):
        assert 'data-testid="calendar-missing"' not in client.get("/figures/operations/").text
    with clock.frozen(moment(dt.date(LAST, 11, 1))):
        page = client.get("/figures/operations/").text
        assert 'data-testid="calendar-missing"' in page and str(NEXT) in page
        with django_capture_on_commit_callbacks(execute=True):
            assert enter(city, NEW_YEAR).status_code == 201
        assert 'data-testid="calendar-missing"' not in client.get("/figures/operations/").text


def test_the_calendar_page_enters_typed_days_and_asks_before_replacing(city):
    client = city.client("supervisor", "zh-hans")
    with clock.frozen(moment(dt.date(LAST, 11, 20))):
        page = client.get("/calendar/")
        assert page.status_code == 200 and "工作日" in page.text
        assert f'value="{NEXT}"' in page.text  # the missing year, prefilled
        saturday = weekend_on_or_after(dt.date(NEXT, 2, 1))
        typed = f"{FIRST_WEEKDAY} 休 元旦\n{saturday}，班，春节\n明天 休\n"
        bad = client.post("/calendar/", {"year": NEXT, "source": NOTICE, "days": typed})
        assert bad.status_code == 422 and "第3行" in bad.text  # the bad line, named
        typed = f"{FIRST_WEEKDAY} 休 元旦\n{saturday}，班，春节\n"
        done = client.post("/calendar/", {"year": NEXT, "source": NOTICE, "days": typed})
        assert done.status_code == 302
        assert WorkdayScheduleYear.objects.get(year=NEXT).days.count() == 2
        again = client.post("/calendar/", {"year": NEXT, "source": NOTICE, "days": typed})
        assert again.status_code == 422  # replacing asks first
        replaced = client.post(
            "/calendar/", {"year": NEXT, "source": NOTICE, "days": typed, "replace": "on"}
        )
        assert replaced.status_code == 302
        assert client.get("/calendar/template.xlsx").status_code == 200
    assert city.client("clerk.hudai").get("/calendar/").status_code == 403


def test_the_admin_enters_through_the_service(city):
    client = city.client("admin", "en")
    answer = client.post(
        "/admin/core/workdayscheduleyear/add/",
        {
            "year": NEXT,
            "source": NOTICE,
            "days-TOTAL_FORMS": "1",
            "days-INITIAL_FORMS": "0",
            "days-0-date": str(FIRST_WEEKDAY),
            "days-0-kind": "holiday",
            "days-0-name": "元旦",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert AuditEntry.objects.filter(action="calendar.schedule_enter").exists()
