"""高效协同 through the API and the services: the case taken in and decided in the
applicant's town, the partner town's department checking its records inside the case
(asked, answered, timed in working days), the conclusion waiting for the answers, no
paper hand-off — and who may see and answer a check (nobody else in either town)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from onething.cases.models import Case
from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.models import AuditEntry
from onething.core.permissions import SYSTEM
from onething.crossregion.models import Alliance, CrossRegionCase, DataCheck, Handoff
from onething.crossregion.selectors import figures
from onething.crossregion.services.alliances import item_add

from .conftest import (
    CHECK,
    FOOD,
    FOOD_FORM,
    FOOD_MATERIALS,
    HUDAI,
    REGISTRATION,
    XUEYAN,
    ask,
    collaborative_intake,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def fields(answer) -> set[tuple[str, str]]:
    assert answer.status_code == 422, answer.content
    return {(f["field"], f["rule"]) for f in answer.json()["error"]["details"]["fields"]}


def test_taken_in_and_decided_here_with_the_partner_town_named(api, collaborative_case):
    record = collaborative_case
    assert record["mode"] == "collaborative"
    assert record["receiving_town"]["code"] == record["handling_town"]["code"] == HUDAI
    assert record["partner_town"]["code"] == XUEYAN
    assert record["handling_department"]["code"] == "HD-SCJG"  # decided in 胡埭
    assert record["receiving_center"]["code"] == "SC-HD"
    assert record["needs_originals"] is False and record["checks"] == []
    # the window's own town takes it in and decides it: no "taken in for others" entry
    taken = api("clerk.hudai").get("/api/crossregion/taken-in").json()["items"]
    assert record["case_number"] not in {t["case_number"] for t in taken}
    # the figures count it in its own mode
    modes = {m["key"]: m["cases"] for m in figures.by_mode()}
    assert modes["collaborative"] == 1
    pairs = {(p["receiving_code"], p["handling_code"]) for p in figures.by_pair()}
    assert (HUDAI, XUEYAN) in pairs and (HUDAI, HUDAI) not in pairs


def test_intake_refusals_name_every_field(api):
    before = (Case.objects.count(), CrossRegionCase.objects.count())
    both = collaborative_intake(api, 52, partner_region_code="", handling_region_code=XUEYAN)
    assert fields(both) == {
        ("partner_region_code", "required"),
        ("handling_region_code", "decided_here"),
    }
    same = collaborative_intake(api, 53, partner_region_code=HUDAI)
    assert ("partner_region_code", "same_town") in fields(same)
    outsider = collaborative_intake(api, 54, partner_region_code="320213006")
    assert ("partner_region_code", "not_member") in fields(outsider)
    # 灵活就业人员参保登记: not agreed for 高效协同
    unlisted = collaborative_intake(
        api, 55, item_code="320200-SB-002", form={"phone": "13900001111", "start_month": "2026-01"}
    )
    assert ("mode", "mode_not_allowed") in fields(unlisted)
    proxy = collaborative_intake(api, 56, mode="proxy")
    assert fields(proxy) == {
        ("handling_region_code", "required"),
        ("partner_region_code", "only_collaborative"),
    }
    assert (Case.objects.count(), CrossRegionCase.objects.count()) == before


def test_the_partner_checks_inside_the_case_and_the_approval_waits(api, collaborative_case):
    number = collaborative_case["case_number"]
    hudai, xueyan = api("officer.hudai"), api("officer.xueyan")
    first = ask(api, number, key="check-1")
    assert first.status_code == 201, first.content
    check = first.json()
    assert first["Location"] == f"/api/crossregion/checks/{check['number']}"
    assert check["status"] == "requested" and check["questions"] == CHECK
    assert check["answering_department"]["code"] == "XY-SCJG"
    assert check["asking_department"]["code"] == "HD-SCJG"
    assert check["applicant_id_number"].count("*") == 10  # masked
    # a retry with the same key: the first check; another while it is open: 409
    assert ask(api, number, key="check-1").json()["number"] == check["number"]
    assert DataCheck.objects.filter(case__number=number).count() == 1
    again = ask(api, number, key="check-2", questions=["另一项"])
    assert again.status_code == 409 and again.json()["error"]["code"] == "check_open"
    # the approval waits for the answer, naming the open check; a 409 changes nothing
    waiting = hudai.post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert waiting.status_code == 409
    assert waiting.json()["error"]["code"] == "checks_open"
    assert check["number"] in waiting.json()["error"]["message"]
    assert waiting.json()["error"]["details"]["checks"] == [check["number"]]
    # 雪堰's market regulator sees it in its queue, not the case
    queue = xueyan.get("/api/crossregion/checks", side="answer", status="requested").json()
    assert [c["number"] for c in queue["items"]] == [check["number"]]
    assert xueyan.get(f"/api/cases/{number}").status_code == 404
    assert xueyan.get(f"/api/crossregion/cases/{number}").status_code == 404
    # the asking department does not answer its own check
    url = f"/api/crossregion/checks/{check['number']}/answer"
    assert hudai.post(url, {"result": "confirmed"}).status_code == 403
    assert fields(xueyan.post(url, {"result": "mismatch"})) == {("note", "required")}
    answered = xueyan.post(url, {"result": "confirmed"})
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "answered" and answered.json()["working_days"] == 0
    assert xueyan.post(url, {"result": "confirmed"}).status_code == 409  # once
    done = hudai.post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert done.status_code == 200 and done.json()["licence"]
    shown = api("clerk.hudai").get(f"/api/crossregion/cases/{number}").json()
    assert [(c["number"], c["result"]) for c in shown["checks"]] == [(check["number"], "confirmed")]
    # the case's history names the steps
    actions = set(
        AuditEntry.objects.filter(subject_id=str(Case.objects.get(number=number).pk))
        .filter(action__startswith="crossregion.check")
        .values_list("action", flat=True)
    )
    assert actions == {"crossregion.check_request", "crossregion.check_answer"}


def test_no_paper_hand_off(api, collaborative_case):
    number = collaborative_case["case_number"]
    refused = api("clerk.hudai", "zh-hans").post(f"/api/crossregion/cases/{number}/handoffs", {})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "collaborative_no_paper"
    assert refused.json()["error"]["message"].startswith("高效协同不寄递纸质材料")
    assert not Handoff.objects.filter(case__number=number).exists()


def test_a_denial_does_not_wait_and_withdraws_the_open_checks(api, collaborative_case):
    number = collaborative_case["case_number"]
    check = ask(api, number).json()
    denied = api("officer.hudai").post(
        f"/api/cases/{number}/conclude", {"outcome": "denied", "reason": "经营场所不符合要求。"}
    )
    assert denied.status_code == 200 and denied.json()["outcome"] == "denied"
    assert DataCheck.objects.get(number=check["number"]).status == "withdrawn"
    xueyan = api("officer.xueyan")
    late = xueyan.post(f"/api/crossregion/checks/{check['number']}/answer", {"result": "confirmed"})
    assert late.status_code == 409
    queue = xueyan.get("/api/crossregion/checks", side="answer", status="requested").json()
    assert queue["items"] == []


def test_a_mismatch_blocks_the_approval_until_the_check_is_asked_again(api, collaborative_case):
    number = collaborative_case["case_number"]
    hudai, xueyan = api("officer.hudai"), api("officer.xueyan")
    first = ask(api, number).json()["number"]
    xueyan.post(
        f"/api/crossregion/checks/{first}/answer",
        {"result": "mismatch", "note": "经营者名下尚有一户未注销的个体工商户。"},
    )
    blocked = hudai.post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "check_mismatch"
    # a confirmed check cannot be asked again; the mismatched one can, after a correction
    second = ask(api, number, repeats=first, questions=["原个体工商户是否已注销"])
    assert second.status_code == 201, second.content
    assert second.json()["repeats"] == first
    assert DataCheck.objects.get(number=first).status == "superseded"
    xueyan.post(
        f"/api/crossregion/checks/{second.json()['number']}/answer", {"result": "confirmed"}
    )
    assert hudai.post(f"/api/cases/{number}/conclude", {"outcome": "approved"}).status_code == 200
    twice = ask(api, number, repeats=second.json()["number"])
    assert twice.status_code == 409  # the case is concluded


def test_cannot_verify_does_not_block(api, collaborative_case):
    number = collaborative_case["case_number"]
    check = ask(api, number).json()["number"]
    api("officer.xueyan").post(
        f"/api/crossregion/checks/{check}/answer",
        {"result": "cannot_verify", "note": "本局无该经营者的登记记录。"},
    )
    done = api("officer.hudai").post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert done.status_code == 200


def test_what_a_request_must_say(api, collaborative_case, officer):
    number = collaborative_case["case_number"]
    wrong = ask(api, number, answering_department_code="WS-SCJG", questions=[], due_days=0)
    assert fields(wrong) == {
        ("answering_department_code", "not_in_partner_town"),
        ("questions", "required"),
        ("due_days", "range"),
    }
    assert ask(api, number, username="clerk.hudai").status_code == 403  # an officer asks
    assert ask(api, number, username="officer.xueyan").status_code == 404  # cannot see it
    assert not DataCheck.objects.exists()


def test_a_check_is_asked_once_the_case_is_accepted_and_only_in_the_fifth_mode(api, proxy_case):
    submitted = collaborative_intake(api, 57).json()["case_number"]
    early = ask(api, submitted)
    assert early.status_code == 409 and early.json()["error"]["code"] == "invalid_transition"
    other = ask(api, proxy_case["case_number"], username="officer.xueyan")
    assert other.status_code == 409 and other.json()["error"]["code"] == "not_collaborative"


def test_nobody_else_in_either_town_reads_or_answers_a_check(api, collaborative_case, officer):
    number = collaborative_case["case_number"]
    check = ask(api, number).json()["number"]
    url = f"/api/crossregion/checks/{check}"
    for outsider in ("XY-RS", "WS-SCJG", "HD-RS"):  # 雪堰's other office, 万石, 胡埭's other
        who = officer(outsider)
        assert who.get(url).status_code == 404, outsider
        assert who.post(f"{url}/answer", {"result": "confirmed"}).status_code == 404, outsider
        assert who.post(f"{url}/reveal", {"purpose": "核对户籍信息"}).status_code == 404
        assert who.get("/api/crossregion/checks").json()["items"] == [], outsider
    for outsider in ("clerk.xueyan", "clerk.wanshi", "officer.binhu"):
        assert api(outsider).get(url).status_code == 404, outsider
    assert api(None).get(url).status_code == 401
    # who may: the two departments, and the receiving window sees its case's checks
    for insider in ("officer.hudai", "officer.xueyan", "clerk.hudai"):
        assert api(insider).get(url).status_code == 200, insider
    assert DataCheck.objects.get(number=check).status == "requested"


def test_the_full_id_number_is_read_on_purpose_and_audited(api, collaborative_case):
    number = collaborative_case["case_number"]
    check = ask(api, number).json()["number"]
    url = f"/api/crossregion/checks/{check}/reveal"
    xueyan = api("officer.xueyan")
    assert fields(xueyan.post(url, {"purpose": ""})) == {("purpose", "required")}
    assert api("officer.hudai").post(url, {"purpose": "核对经营者登记"}).status_code == 403
    read = xueyan.post(url, {"purpose": "核对经营者登记记录"})
    assert read.status_code == 200
    full = Case.objects.select_related("applicant").get(number=number).applicant
    assert read.json()["value"].endswith(full.id_number_masked[-4:])
    assert "*" not in read.json()["value"] and len(read.json()["value"]) == 18
    entry = AuditEntry.objects.filter(action="pii.read").latest("id")
    assert entry.note == "核对经营者登记记录" and entry.after["check"] == check
    xueyan.post(f"/api/crossregion/checks/{check}/answer", {"result": "confirmed"})
    assert xueyan.post(url, {"purpose": "核对经营者登记记录"}).status_code == 409


def test_the_time_to_answer_is_measured_in_working_days(api, city, restaurant):
    """Asked on Friday 26 September 2025, answered on Thursday 9 October: four working
    days (the make-up Sunday, two days, the holiday skipped), two past its day."""
    from onething.crossregion.services.checks import data_check_answer, data_check_request

    at = lambda *a: dt.datetime(*a, tzinfo=SHANGHAI)  # noqa: E731
    clerk = api("clerk.hudai")
    with clock.frozen(at(2025, 9, 26, 9, 30)):
        materials = clerk.uploads(*FOOD_MATERIALS)
        number = clerk.post(
            "/api/crossregion/cases/window",
            {
                "mode": "collaborative",
                "partner_region_code": XUEYAN,
                "id_number": "11010519491231002X",
                "name": "吴国强",
                "item_code": FOOD,
                "form": FOOD_FORM,
                "materials": materials,
                "enterprise_credit_code": restaurant.credit_code,
            },
        ).json()["case_number"]
        api("officer.hudai").post(f"/api/cases/{number}/accept")
        check = data_check_request(
            actor=city.actor("officer.hudai"),
            number=number,
            answering_department_code="XY-SCJG",
            questions=["营业执照登记信息是否一致"],
        )
    assert check.due_date == dt.date(2025, 9, 29)
    with clock.frozen(at(2025, 10, 9, 10, 0)):
        answered = data_check_answer(
            actor=city.actor("officer.xueyan"), check_number=check.number, result="confirmed"
        )
    assert answered.working_days == 4
    row = next(r for r in figures.checks_by_town() if r["town_code"] == XUEYAN)
    assert (row["asked"], row["answered"], row["on_time"], row["open"]) == (1, 1, 0, 0)
    assert row["mean_working_days"] == 4.0
    # the food licence's paper original stays where it is decided: nothing is posted
    assert CrossRegionCase.objects.get(case__number=number).needs_originals is False


def test_the_item_list_is_unchanged_for_the_other_modes(api):
    assert REGISTRATION  # 个体工商户设立登记 keeps its proxy and online routes
    listed = api(None).get("/api/crossregion/alliances").json()[0]["items"]
    modes = {i["item"]["code"]: i["modes"] for i in listed}
    assert modes[REGISTRATION] == ["online", "proxy", "collaborative"]
    assert modes["320200-SSDJ-003"] == ["online", "proxy", "joint"]


def test_an_administrator_lists_an_item_for_the_fifth_mode(city):
    alliance = Alliance.objects.get()
    listed = item_add(
        actor=SYSTEM,
        alliance=alliance,
        item_code="320200-SW-101",
        modes=["collaborative"],
        added_on=dt.date(2026, 1, 5),
    )
    assert listed.collaborative and listed.modes == ["collaborative"]
    with pytest.raises(ValidationFailed) as refused:
        item_add(
            actor=SYSTEM,
            alliance=alliance,
            item_code="320200-SW-102",
            modes=["paper"],
            added_on=dt.date(2026, 1, 5),
        )
    assert refused.value.problems[0].field == "modes"
