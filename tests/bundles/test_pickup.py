"""批量代领: an agency's declaration names its enterprises by credit code; its agent asks
for every ready licence of those enterprises in one request, which a window clerk of the
centre confirms (only then are they collected) or refuses with the reason; refusals name
the case and the reason; a retry gets the same pickup."""

import pytest
from django.utils import timezone

from onething.bundles.models import Pickup
from onething.cases.models import Case
from onething.core.models import AgencyDeclaration, AuditEntry

pytestmark = pytest.mark.django_db


def error(response):
    return response.json()["error"]


def test_a_declaration_with_a_bad_credit_code_is_refused_whole(api, chengfeng):
    agent = api("agent.chengxin")
    before = AgencyDeclaration.objects.count()
    answer = agent.post(
        "/api/declarations", {"credit_codes": [chengfeng.credit_code, "91320281MA1XYZ1230"]}
    )
    assert answer.status_code == 422
    assert error(answer)["details"]["fields"][0]["field"] == "credit_codes[1]"
    assert AgencyDeclaration.objects.count() == before


def test_the_agent_asks_and_the_window_confirms_the_handover(
    concluded_at_window, declared, window_clerks, api
):
    ready = {r["case_number"] for r in declared.get("/api/pickups/ready").json()}
    assert set(concluded_at_window.values()) <= ready
    pickups = Pickup.objects.count()
    asked = declared.post("/api/pickups", {}, HTTP_IDEMPOTENCY_KEY="pick-1")
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert body["status"] == "waiting" and body["center_code"] == "SC-JY"
    assert body["collected_at"] is None
    assert {c["case_number"] for c in body["cases"]} == ready
    numbers = concluded_at_window.values()
    # asked for, not handed over: the results are not collected yet
    assert all(c.handed_over_at is None for c in Case.objects.filter(number__in=numbers))
    assert not AuditEntry.objects.filter(action="case.batch_pickup", after__pickup=body["number"])
    assert AuditEntry.objects.filter(action="pickup.request").exists()
    # nor asked for twice: they are with the window now
    assert declared.get("/api/pickups/ready").json() == []
    twice = declared.post("/api/pickups", {"case_numbers": [concluded_at_window["register"]]})
    assert twice.status_code == 409 and error(twice)["details"]["fields"][0]["rule"] == "requested"
    # a retry with the same key is the same request
    again = declared.post("/api/pickups", {}, HTTP_IDEMPOTENCY_KEY="pick-1")
    assert again.json()["number"] == body["number"]
    assert Pickup.objects.count() == pickups + 1
    # the window of 江阴 sees it waiting, and confirms it with the identity checked
    clerk = window_clerks("SC-JY")
    waiting = clerk.get("/api/pickups", status="waiting").json()["items"]
    assert body["number"] in {p["number"] for p in waiting}
    unchecked = clerk.post(f"/api/pickups/{body['number']}/confirm", {"identity_checked": False})
    assert unchecked.status_code == 422
    assert error(unchecked)["details"]["fields"][0]["field"] == "identity_checked"
    wrong_type = clerk.post(f"/api/pickups/{body['number']}/confirm", {"identity_checked": 1})
    assert wrong_type.status_code == 422
    confirmed = clerk.post(f"/api/pickups/{body['number']}/confirm", {"identity_checked": True})
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["collected_at"]
    assert all(c.handed_over_at is not None for c in Case.objects.filter(number__in=numbers))
    assert AuditEntry.objects.filter(
        action="case.batch_pickup", after__pickup=body["number"]
    ).count() == len(ready)
    assert AuditEntry.objects.filter(action="pickup.confirm").exists()
    pickup = Pickup.objects.get(number=body["number"])
    assert pickup.decided_by.service_center.code == "SC-JY"
    # a retry of the confirmation is answered as it is; a refusal now is refused
    retry = clerk.post(f"/api/pickups/{body['number']}/confirm", {"identity_checked": True})
    assert (
        retry.status_code == 200
        and retry.json()["collected_at"] == confirmed.json()["collected_at"]
    )
    late = clerk.post(f"/api/pickups/{body['number']}/refuse", {"reason": "身份不符"})
    assert late.status_code == 409 and error(late)["code"] == "invalid_transition"
    # the agent sees the status; nothing is left to collect
    assert declared.get("/api/pickups").json()["items"][0]["status"] == "confirmed"
    empty = declared.post("/api/pickups", {})
    assert empty.status_code == 409 and error(empty)["code"] == "nothing_ready"


def test_the_window_refuses_with_the_reason_and_the_results_wait_again(
    concluded_at_window, declared, window_clerks
):
    number = declared.post("/api/pickups", {}).json()["number"]
    clerk = window_clerks("SC-JY")
    blank = clerk.post(f"/api/pickups/{number}/refuse", {"reason": ""})
    assert blank.status_code == 422
    refused = clerk.post(f"/api/pickups/{number}/refuse", {"reason": "代办人身份证与声明不符"})
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    assert refused.json()["refusal_reason"] == "代办人身份证与声明不符"
    assert AuditEntry.objects.filter(
        action="pickup.refuse", subject_id=str(Pickup.objects.get(number=number).pk)
    ).exists()
    assert clerk.post(f"/api/pickups/{number}/refuse", {"reason": "again"}).status_code == 200
    late = clerk.post(f"/api/pickups/{number}/confirm", {"identity_checked": True})
    assert late.status_code == 409 and "refused" in error(late)["message"]
    assert all(
        c.handed_over_at is None
        for c in Case.objects.filter(number__in=concluded_at_window.values())
    )
    mine = declared.get("/api/pickups").json()["items"][0]
    assert mine["status"] == "refused" and mine["refusal_reason"]
    # the results wait again: a new request may be made
    assert declared.post("/api/pickups", {}).status_code == 201


def test_a_clerk_of_another_centre_cannot_confirm(concluded_at_window, declared, api):
    number = declared.post("/api/pickups", {}).json()["number"]
    other = api("clerk.hudai")  # 胡埭镇's window: not where the results wait
    assert number not in {p["number"] for p in other.get("/api/pickups").json()["items"]}
    assert (
        other.post(f"/api/pickups/{number}/confirm", {"identity_checked": True}).status_code == 404
    )
    assert other.post(f"/api/pickups/{number}/refuse", {"reason": "x"}).status_code == 404
    assert (
        declared.post(f"/api/pickups/{number}/confirm", {"identity_checked": True}).status_code
        == 403
    )
    assert (
        api("officer.hudai")
        .post(f"/api/pickups/{number}/confirm", {"identity_checked": True})
        .status_code
        == 403
    )
    assert Pickup.objects.get(number=number).status == "waiting"


def test_the_transition_table():
    from onething.bundles.rules.pickup import pickup_next, repeated
    from onething.core.errors import InvalidTransition, PermissionDenied

    assert pickup_next("waiting", "confirm", "clerk") == "confirmed"
    assert pickup_next("waiting", "refuse", "clerk") == "refused"
    assert repeated("confirmed", "confirm") and not repeated("refused", "confirm")
    with pytest.raises(InvalidTransition):
        pickup_next("refused", "confirm", "clerk")
    with pytest.raises(InvalidTransition):
        pickup_next("confirmed", "refuse", "clerk")
    with pytest.raises(PermissionDenied):
        pickup_next("waiting", "confirm", "agent")


def test_a_case_of_an_undeclared_enterprise_refuses_the_pickup(concluded_at_window, api, chengfeng):
    agent = api("agent.chengxin")
    AgencyDeclaration.objects.update(revoked_at=timezone.now())  # none in force
    pickups = Pickup.objects.count()
    number = concluded_at_window["register"]
    answer = agent.post("/api/pickups", {"case_numbers": [number]})
    assert answer.status_code == 422
    problem = error(answer)["details"]["fields"][0]
    assert problem["field"] == "case_numbers[0]" and problem["rule"] == "not_declared"
    assert Case.objects.get(number=number).handed_over_at is None
    assert Pickup.objects.count() == pickups


def test_a_licence_not_yet_issued_refuses_the_whole_pickup(
    concluded_at_window, declared, apply_equity
):
    _staff, pending = apply_equity(delivery="window")
    open_case = pending.json()["steps"][0]["case_number"]
    ready = concluded_at_window["register"]
    pickups = Pickup.objects.count()
    answer = declared.post("/api/pickups", {"case_numbers": [ready, open_case]})
    assert answer.status_code == 409
    assert error(answer)["code"] == "not_ready"
    assert open_case in error(answer)["message"]
    assert Case.objects.get(number=ready).handed_over_at is None  # nothing half-collected
    assert Pickup.objects.count() == pickups


def test_only_agents_collect_and_only_their_agency_sees_its_pickups(
    concluded_at_window, declared, api
):
    number = declared.post("/api/pickups", {}).json()["number"]
    staff = api("qiye.chengfeng")
    assert staff.post("/api/pickups", {}).status_code == 403
    assert staff.get("/api/pickups").json()["items"] == []
    assert number in {p["number"] for p in api("supervisor").get("/api/pickups").json()["items"]}
    outside = (
        api("officer.hudai").get("/api/pickups").json()["items"]
    )  # 胡埭: not the agency's region
    assert number not in {p["number"] for p in outside}


def test_an_empty_list_of_results_is_refused_not_read_as_every_result(
    concluded_at_window, api, chengfeng, city
):
    from onething.bundles.services.pickup import batch_pickup
    from onething.core.errors import ValidationFailed

    agent = api("agent.chengxin")
    pickups = Pickup.objects.count()
    answer = agent.post("/api/pickups", {"case_numbers": []})
    assert answer.status_code == 422, answer.content
    assert [f["field"] for f in error(answer)["details"]["fields"]] == ["case_numbers"]
    with pytest.raises(ValidationFailed) as refused:  # the service says the same
        batch_pickup(actor=city.actor("agent.chengxin"), case_numbers=[])
    assert [(p.field, p.rule) for p in refused.value.problems] == [("case_numbers", "empty")]
    assert Pickup.objects.count() == pickups
    assert Case.objects.get(number=concluded_at_window["register"]).handed_over_at is None
