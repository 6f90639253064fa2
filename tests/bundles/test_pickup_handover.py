"""A batch pickup hands each result over through cases' own hand-over (its guard, its
audit): all at the moment the window confirms, each applicant told once which agency
collected the result; a result handed over meanwhile refuses the whole confirmation."""

import pytest

from onething.bundles.models import Pickup
from onething.cases.models import Case
from onething.core.models import AuditEntry, Message

pytestmark = pytest.mark.django_db


def test_the_results_are_handed_over_at_the_moment_of_the_confirmation(
    concluded_at_window, declared, window_clerks
):
    number = declared.post("/api/pickups", {}).json()["number"]
    confirmed = window_clerks("SC-JY").post(
        f"/api/pickups/{number}/confirm", {"identity_checked": True}
    )
    assert confirmed.status_code == 200, confirmed.content
    pickup = Pickup.objects.get(number=number)
    cases = list(pickup.cases.all())
    assert cases and all(c.handed_over_at == pickup.collected_at for c in cases)
    # cases' hand-over wrote its audit row, and the pickup its own, for each case
    for case in cases:
        subject = {"subject_type": "cases.case", "subject_id": str(case.pk)}
        assert AuditEntry.objects.filter(action="case.hand_over", **subject).count() == 1
        assert AuditEntry.objects.filter(action="case.batch_pickup", **subject).count() == 1
        told = Message.objects.filter(topic_type="cases.case", topic_id=str(case.pk))
        about = [m.body for m in told if m.created_at >= pickup.collected_at]
        assert len(about) == 1 and pickup.agency.name in about[0], about


def test_a_result_handed_over_meanwhile_refuses_the_confirmation(
    concluded_at_window, declared, window_clerks
):
    number = declared.post("/api/pickups", {}).json()["number"]
    clerk = window_clerks("SC-JY")
    first = concluded_at_window["register"]
    at_the_window = clerk.post(f"/api/cases/{first}/hand-over", {})
    assert at_the_window.status_code == 200, at_the_window.content
    refused = clerk.post(f"/api/pickups/{number}/confirm", {"identity_checked": True})
    assert refused.status_code == 409, refused.content
    assert refused.json()["error"]["code"] == "invalid_transition"
    others = [n for k, n in concluded_at_window.items() if k != "register"]
    assert all(c.handed_over_at is None for c in Case.objects.filter(number__in=others))
    assert Pickup.objects.get(number=number).status == "waiting"
