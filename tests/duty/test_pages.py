"""Night duty's pages: the leader's duty page and its check-in (confirmed), the roster
planner (a grid, warnings) and publishing (confirmed), recording a night visit with its
demands (every problem at once; each demand an appeal, its number shown), the visit's page
with each demand's answer, the lists, the public figures, and who is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.appeals.services.flow import appeal_dispatch, appeal_reply
from onething.core import clock
from onething.duty.models import DutyNight, DutyRoster, NightVisit

from .support import BEFORE, DEMAND, QIAN, TAO, ZHOU, at, published_roster

TUESDAY = dt.date(2025, 12, 9)


def test_the_leader_checks_in_on_the_night_after_confirming(city):
    published_roster(city)
    client = city.client(TAO, "en")
    with clock.frozen(at(TUESDAY, 19)):
        page = client.get("/duty/")
        html = page.content.decode()
        assert page.status_code == 200 and 'data-testid="check-in-form"' in html
        assert 'data-testid="week-stays">0 / 2<' in html
        refused = client.post("/duty/check-in/", {"place_note": "驻地"})
        assert refused.status_code == 422 and "Tick the box" in refused.content.decode()
        night = DutyNight.objects.get(leader=city.user(TAO), date=TUESDAY)
        assert night.status == "planned"
        done = client.post("/duty/check-in/", {"night": night.pk, "confirm": "on"}, follow=True)
    night.refresh_from_db()
    assert night.status == "kept"
    html = done.content.decode()
    assert "Checked in" in html and 'data-testid="week-stays">1 / 2<' in html
    assert 'data-testid="check-in-form"' not in html
    with clock.frozen(at(TUESDAY, 12)):
        daytime = client.get("/duty/").content.decode()
    assert 'data-testid="check-in-form"' not in daytime and "opens at 17:00" in daytime


def test_the_roster_planner_and_publishing(city):
    client = city.client(TAO, "en")
    tao, zhou = city.user(TAO).pk, city.user(ZHOU).pk
    with clock.frozen(BEFORE):
        grid = client.get("/duty/rosters/plan/", {"month": "2025-12"})
        assert grid.status_code == 200
        html = grid.content.decode()
        assert f'name="n-{tao}-2025-12-09"' in html and f'name="n-{zhou}-2025-12-31"' in html
        ticked = {f"n-{tao}-2025-12-{d:02d}": "on" for d in (2, 4, 9, 11, 16, 18, 23, 25, 30)}
        saved = client.post("/duty/rosters/plan/", {"month": "2025-12", **ticked}, follow=True)
        html = saved.content.decode()
        roster = DutyRoster.objects.get(town__code="320281009", month=dt.date(2025, 12, 1))
        assert roster.nights.count() == 9 and roster.status == "draft"
        assert 'data-testid="warnings"' in html and "周文斌" in html
        refused = client.post(f"/duty/rosters/{roster.pk}/publish/", {})
        assert refused.status_code == 422 and "Tick the box" in refused.content.decode()
        client.post(f"/duty/rosters/{roster.pk}/publish/", {"confirm": "on"})
    roster.refresh_from_db()
    assert roster.status == "published"
    with clock.frozen(BEFORE):
        again = client.get("/duty/rosters/plan/", {"month": "2025-12"})
    assert again.status_code == 302 and again["Location"] == f"/duty/rosters/{roster.pk}/"
    listed = client.get("/duty/rosters/").content.decode()
    assert f"/duty/rosters/{roster.pk}/" in listed
    export = client.get("/duty/rosters/", {"export": "csv"})
    assert export.status_code == 200 and "2025-12" in export.content.decode("utf-8-sig")


def _visit_post(**changes) -> dict:
    data = {
        "at": "2025-12-09T19:40",
        "place": "申浦村",
        "address": "",
        "met_names": "韩师傅等村民代表",
        "met_count": "6",
        "summary": "与村民代表座谈，听取对闲置房屋利用的建议。",
        "demands-TOTAL_FORMS": "3",
        "demands-INITIAL_FORMS": "0",
        "demands-MIN_NUM_FORMS": "0",
        "demands-MAX_NUM_FORMS": "10",
    }
    for field, value in DEMAND.items():
        data[f"demands-0-{field}"] = value
    data.update(changes)
    return data


def test_recording_a_visit_shows_every_problem_then_the_appeal(city):
    client = city.client(TAO, "en")
    with clock.frozen(at(TUESDAY, 21)):
        assert client.get("/duty/visits/new/").status_code == 200
        refused = client.post(
            "/duty/visits/new/",
            _visit_post(
                place="",
                **{
                    "demands-1-text": "第二件事的内容写在这里。",
                    "demands-1-contact_name": "李师傅",
                    "demands-1-contact_phone": "123",
                    "demands-1-category": "",
                },
            ),
        )
        html = refused.content.decode()
        assert refused.status_code == 422
        assert 'data-field="place"' in html  # the visit's own problem
        assert 'id="id_demands-1-category_error"' in html  # the second row's problems
        assert 'id="id_demands-1-contact_phone_error"' in html
        assert not NightVisit.objects.exists()
        done = client.post("/duty/visits/new/", _visit_post(), follow=True)
    visit = NightVisit.objects.get()
    number = visit.demands.get().appeal_number
    html = done.content.decode()
    assert done.redirect_chain[-1][0] == f"/duty/visits/{visit.number}/"
    assert number in html and 'data-testid="appeal-status"' in html
    assert "Not answered yet." in html

    with clock.frozen(at(dt.date(2025, 12, 10), 9)):
        appeal_dispatch(actor=city.actor("dispatcher"), number=number, department_code="SG-JB")
        appeal_reply(actor=city.actor("officer.sg-jb"), number=number, text="已列入村级实事。")
    answered = client.get(f"/duty/visits/{visit.number}/").content.decode()
    assert "已列入村级实事。" in answered and "申港街道办事处" in answered
    listed = client.get("/duty/visits/").content.decode()
    assert visit.number in listed


REFUSED = [(QIAN, 404), ("zhangwei", 403), ("officer.binhu", 403)]


@pytest.mark.parametrize(("username", "status"), REFUSED)
def test_who_is_refused_on_the_pages(city, username, status):
    roster = published_roster(city).roster
    with clock.frozen(at(TUESDAY, 21)):
        city.client(TAO).post("/duty/visits/new/", _visit_post())
    visit = NightVisit.objects.get()
    other = city.client(username, "en")
    assert other.get(f"/duty/rosters/{roster.pk}/").status_code == status
    assert other.get(f"/duty/visits/{visit.number}/").status_code == status
    if username != QIAN:
        assert other.get("/duty/").status_code == 403
        assert other.get("/duty/visits/").status_code == 403


def test_a_supervisor_overviews_the_towns(city):
    published_roster(city)
    with clock.frozen(at(dt.date(2025, 12, 15), 10)):
        html = city.client("supervisor", "en").get("/duty/").content.decode()
    assert 'data-testid="towns"' in html and "申港街道" in html


def test_the_public_figures_page(city):
    published_roster(city)
    with clock.frozen(at(dt.date(2025, 12, 20), 10)):
        page = city.client(None).get("/duty/figures/")
        bad = city.client(None).get("/duty/figures/", {"date_from": "x"})
    html = page.content.decode()
    assert page.status_code == 200
    for term in ("带班值班", "住下来", "夜访", "群众诉求", "已答复"):
        assert term in html
    assert 'data-month="2025-12"' in html and "duty-chart-data" in html
    assert "陶郁峻" not in html
    assert bad.status_code == 422


def test_the_leaders_home(city):
    html = city.client(TAO).get("/").content.decode()
    assert 'data-testid="duty-card"' in html and "申港街道" in html


def test_the_pages_read_in_chinese(city):
    from tests.web.test_wording import crawl, latin_words

    published_roster(city)
    with clock.frozen(at(TUESDAY, 21)):
        city.client(TAO).post("/duty/visits/new/", _visit_post())
        found, read = crawl(city.client(TAO), "/duty/")
        new_visit = city.client(TAO).get("/duty/visits/new/").content.decode()
        plan = city.client(TAO).get("/duty/rosters/plan/").content.decode()
        supervisor, _ = crawl(city.client("supervisor"), "/duty/", per_kind=1)
    ours = {url: words for url, words in found.items() if url.startswith("/duty/") or url == "/"}
    assert read >= 6 and ours == {}, ours
    assert {u: w for u, w in supervisor.items() if u.startswith("/duty/")} == {}, supervisor
    for html in (new_visit, plan, city.client(None).get("/duty/figures/").content.decode()):
        assert latin_words(html)[0] == []
    assert "带班值班" in plan or "值班表" in plan
