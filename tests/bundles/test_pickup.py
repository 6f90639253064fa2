"""批量代领: an agency's declaration names its enterprises by credit code; its agent
collects every ready licence of those enterprises in one recorded action; refusals name the
case and the reason; a retry gets the same pickup."""

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


def test_the_agent_collects_every_ready_licence_in_one_action(concluded_at_window, declared):
    ready = {r["case_number"] for r in declared.get("/api/pickups/ready").json()}
    assert set(concluded_at_window.values()) <= ready
    pickups = Pickup.objects.count()
    collected = declared.post("/api/pickups", {}, HTTP_IDEMPOTENCY_KEY="pick-1")
    assert collected.status_code == 201, collected.content
    body = collected.json()
    assert {c["case_number"] for c in body["cases"]} == ready
    assert all(c["licence_number"] for c in body["cases"])
    pickup = Pickup.objects.get(number=body["number"])
    assert pickup.cases.count() == len(ready)
    assert all(
        c.handed_over_at is not None
        for c in Case.objects.filter(number__in=concluded_at_window.values())
    )
    assert AuditEntry.objects.filter(
        action="case.batch_pickup", after__pickup=body["number"]
    ).count() == len(ready)
    # a retry with the same key is the same pickup, nothing collected twice
    again = declared.post("/api/pickups", {}, HTTP_IDEMPOTENCY_KEY="pick-1")
    assert again.json()["number"] == body["number"]
    assert Pickup.objects.count() == pickups + 1
    # without a key, nothing is left to collect
    empty = declared.post("/api/pickups", {})
    assert empty.status_code == 409 and error(empty)["code"] == "nothing_ready"
    assert declared.get("/api/pickups").json()[0]["number"] == body["number"]


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
    assert staff.get("/api/pickups").json() == []
    assert number in {p["number"] for p in api("supervisor").get("/api/pickups").json()}
    outside = api("officer.hudai").get("/api/pickups").json()  # 胡埭: not the agency's region
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
