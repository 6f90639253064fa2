"""按时办结率 through the services: replies, follow-ups that close and reopen, an approved
extension and an appeal nobody answers move the roll-ups' counters in their own
transactions, as a rebuild counts them; the figures (API, page, downloads) show the rate
under its own name beside the on-time reply rate and the completion rate."""

from __future__ import annotations

import csv
import datetime as dt
import io

from onething.appeals.selectors import appeal_figures
from onething.appeals.services.tallies import (
    appeal_tallies_differences,
    appeal_tallies_rebuild,
    tallies_stored,
)
from onething.core import clock

from .api_support import Api, at
from .test_api_flow import INQUIRY

MEASURES = ("concluded_on_time", "concluded_late")


def _flow(city) -> dict[str, str]:
    """Seven appeals received on 2025-09-30 (a demand is due 10-24, an inquiry 10-11)."""
    zhang, officer = Api(city, "zhangwei"), Api(city, "officer.wx-cg")
    supervisor = Api(city, "supervisor")
    with clock.frozen(at("2025-09-30")):
        n = {name: zhang.submit()["number"] for name in ("on_time", "late", "reopened")}
        n |= {name: zhang.submit()["number"] for name in ("extended", "waiting")}
        n["unanswered"] = zhang.submit(**INQUIRY)["number"]  # waits for the dispatcher
    with clock.frozen(at("2025-10-09")):
        for name in ("on_time", "reopened", "waiting"):
            officer.act(n[name], "reply", {"text": "已修复。"})
    with clock.frozen(at("2025-10-10")):
        zhang.act(n["on_time"], "follow-up", {"rating": 5})  # closed, on time
        zhang.act(n["reopened"], "follow-up", {"rating": 1})  # round 2, due 10-28
    with clock.frozen(at("2025-10-20")):
        asked = officer.post(
            f"/api/appeals/{n['extended']}/extensions", {"working_days": 5, "reason": "需采购灯具"}
        )
        assert asked.status_code == 201, asked.content
        decided = supervisor.post(
            f"/api/extensions/{asked.json()['id']}/decision", {"approve": True}
        )
        assert decided.status_code == 200, decided.content
    assert zhang.detail(n["extended"])["deadline"]["due"] == "2025-10-31"
    with clock.frozen(at("2025-10-27")):
        officer.act(n["late"], "reply", {"text": "已修复。"})  # after 10-24
    with clock.frozen(at("2025-10-28")):
        zhang.act(n["late"], "follow-up", {"rating": 4})
    with clock.frozen(at("2025-10-29")):
        officer.act(n["extended"], "reply", {"text": "已更换灯具。"})  # within the extension
    with clock.frozen(at("2025-10-30")):
        officer.act(n["reopened"], "reply", {"text": "复查后已解决。"})  # after 10-28
        zhang.act(n["extended"], "follow-up", {"rating": 5})
    with clock.frozen(at("2025-10-31")):
        zhang.act(n["reopened"], "follow-up", {"rating": 4})
    n["not_due"] = zhang.submit()["number"]  # today: not yet due
    return n


def test_the_counters_are_kept_as_a_rebuild_counts_them(city):
    before = appeal_figures(None)["overall"]
    _flow(city)
    assert appeal_tallies_differences() == []
    kept = tallies_stored()
    appeal_tallies_rebuild()
    assert tallies_stored() == kept
    after = appeal_figures(None)["overall"]
    # on time: the plain one and the extended one; late: closed late (one reopened and
    # answered late the second time), and the inquiry nobody answered
    assert after["concluded_on_time"] - before["concluded_on_time"] == 2
    assert after["concluded_late"] - before["concluded_late"] == 3
    assert after["total"] - before["total"] == 7


def test_the_requesters_own_figures_count_it_the_same_way(city):
    _flow(city)
    zhang = city.actor("zhangwei")
    mine = appeal_figures(zhang)["overall"]  # counted from the appeals, not the roll-ups
    assert (mine["concluded_on_time"], mine["concluded_late"]) == (2, 3)
    assert str(mine["on_time_conclusion_rate"]) == "40.0"
    # the on-time reply rate is another measure: the current rounds' replies, 3 on time
    # (the one waiting for its rating included), 2 late (the reopened one's second), and
    # the unanswered inquiry
    assert (mine["on_time"], str(mine["on_time_rate"])) == (3, "50.0")
    assert str(mine["completion_rate"]) == "57.1"  # 4 of 7 closed
    # as of 2025-10-20: the first closed on time, the inquiry past its due date (10-11)
    then = appeal_figures(zhang, date_to=dt.date(2025, 10, 20))
    overall = then["overall"]
    assert (overall["concluded_on_time"], overall["concluded_late"]) == (1, 1)
    assert str(overall["on_time_conclusion_rate"]) == "50.0"


def test_the_api_page_and_downloads_show_it_under_its_name(city):
    _flow(city)
    public = Api(city, None)
    body = public.get("/api/appeal-figures").json()
    overall = body["overall"]
    expected = appeal_figures(None)["overall"]
    for key in (*MEASURES, "on_time_conclusion_rate", "on_time_rate", "completion_rate"):
        got, want = overall[key], expected[key]
        assert got == (float(want) if want is not None and "rate" in key else want), key
    assert overall["concluded_late"] >= 3
    by_programme = {r["key"]: r for r in body["by_programme"]}
    assert set(by_programme[""]) >= {"on_time_conclusion_rate", *MEASURES}

    page = city.client().get("/appeals/figures/")  # Chinese by default
    text = page.content.decode()
    rate = f"{expected['on_time_conclusion_rate']}%"
    on_time = expected["concluded_on_time"]
    assert f'data-testid="on-time-conclusion-rate" data-on-time="{on_time}"' in text
    assert f">{rate}</strong>按时办结率<" in text
    assert "按时回复率" in text and "回访后办结率" in text  # the other two, named apart
    english = city.client(language="en").get("/appeals/figures/").content.decode()
    assert "concluded on time" in english and "On-time conclusion rate" in english

    answer = city.client().get("/appeals/figures/?export=csv")
    table = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    row = dict(zip(table[0], table[1], strict=True))
    assert row["dimension"] == "overall"
    assert int(row["concluded_late"]) == expected["concluded_late"]
    assert row["on_time_conclusion_rate"] == str(expected["on_time_conclusion_rate"])
