"""One answer to "what may this user do to this case": the case page's forms, the API's
``actions`` and what the services accept agree, case by case and role by role — rating,
handing the result over, a window concluding an instant item, and the lifecycle's
actions."""

from __future__ import annotations

import ast
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction

from onething.cases.selectors.actions import concludes_here, has_result_to_hand_over, may_rate
from onething.cases.services import lifecycle, ratings
from onething.cases.services.intake import case_intake_at_window
from onething.core.errors import DomainError, ValidationFailed
from onething.core.generate import resident_id

from .conftest import FORM, ITEM

ACTORS = ("zhangwei", "clerk.hudai", "officer.hudai", "supervisor")

# each action's service, with inputs it takes (so that only who, and when, can refuse)
PROBES = {
    "accept": lambda a, n: lifecycle.case_accept(actor=a, number=n),
    "decline": lambda a, n: lifecycle.case_decline(actor=a, number=n, reason="不符合条件"),
    "request_correction": lambda a, n: lifecycle.case_request_correction(
        actor=a, number=n, reason="请补充材料"
    ),
    # without new materials: refused for its input (422) only when it may be taken
    "submit_correction": lambda a, n: lifecycle.case_submit_correction(
        actor=a, number=n, material_ids=[]
    ),
    "conclude": lambda a, n: _either(
        lambda: lifecycle.case_conclude(actor=a, number=n, outcome="approved"),
        lambda: lifecycle.case_conclude(actor=a, number=n, outcome="denied", reason="不予许可"),
    ),
    "withdraw": lambda a, n: lifecycle.case_withdraw(actor=a, number=n, reason="不需要了"),
    "hand_over": lambda a, n: lifecycle.case_hand_over(
        actor=a, number=n, tracking_number="SF1234567890"
    ),
    "rate": lambda a, n: ratings.evaluation_submit(actor=a, number=n, rating=5),
}


class _Undo(Exception):
    """Raised to roll a probe back once its service accepted."""


def _either(first, second):
    try:
        with transaction.atomic():
            return first()
    except DomainError:
        return second()


def accepts(actor, number: str, action: str) -> bool:
    """Whether the service takes ``action`` from ``actor`` now (nothing of it is kept). A
    refusal of the input alone (422) means the action itself may be taken."""
    try:
        with transaction.atomic():
            PROBES[action](actor, number)
            raise _Undo
    except _Undo:
        return True
    except ValidationFailed:
        return True
    except DomainError:
        return False


def answers(city, username: str, number: str) -> tuple[set, set, set]:
    """(the page's forms, the API's actions, what the services accept) for one viewer;
    nothing for a viewer who may not see the case (404 on both)."""
    page = city.client(username, "en").get(f"/cases/{number}/")
    api = city.client(username, "en").get(f"/api/cases/{number}")
    assert page.status_code == api.status_code, (username, page.status_code, api.status_code)
    assert page.status_code in (200, 404), (username, page.status_code)
    seen = page.status_code == 200
    shown = {name for name, _action, _form in page.context["actions"]} if seen else set()
    listed = set(api.json()["actions"]) if seen else set()
    actor = city.actor(username)
    taken = {action for action in PROBES if accepts(actor, number, action)}
    return shown, listed, taken


def assert_agree(city, number: str, expected: dict[str, set]) -> None:
    for username in ACTORS:
        shown, listed, taken = answers(city, username, number)
        assert shown == listed == taken, (number, username, shown, listed, taken)
        assert shown == expected.get(username, set()), (number, username, shown)


@pytest.mark.django_db
def test_page_api_and_services_agree_through_an_applications_life(city, api):
    zhang = api("zhangwei")
    answer = zhang.post(
        "/api/cases",
        {
            "item_code": ITEM,
            "form": FORM,
            "materials": zhang.uploads("id-card", "application-form", "premises-proof"),
            "delivery": "window",
        },
    )
    assert answer.status_code == 201, answer.content
    number = answer.json()["number"]
    both = {"accept", "decline"}
    assert_agree(
        city,
        number,
        {"zhangwei": {"withdraw"}, "clerk.hudai": both, "officer.hudai": both},
    )
    assert api("clerk.hudai").post(f"/api/cases/{number}/accept").status_code == 200
    # the window does not conclude what is not an instant item: the department does
    assert_agree(
        city,
        number,
        {
            "zhangwei": {"withdraw"},
            "clerk.hudai": {"request_correction"},
            "officer.hudai": {"request_correction", "conclude"},
        },
    )
    done = api("officer.hudai").post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert done.status_code == 200, done.content
    # the applicant rates it; the receiving window hands the result over
    assert_agree(city, number, {"zhangwei": {"rate"}, "clerk.hudai": {"hand_over"}})
    assert zhang.post(f"/api/cases/{number}/evaluation", {"rating": 5}).status_code == 201
    handed = api("clerk.hudai").post(f"/api/cases/{number}/hand-over", {})
    assert handed.status_code == 200, handed.content
    assert_agree(city, number, {})


@pytest.mark.django_db
def test_an_electronic_result_has_nothing_to_hand_over(city, licensed):
    assert licensed.delivery == "electronic"
    assert_agree(city, licensed.number, {"zhangwei": {"rate"}})


@pytest.mark.django_db
def test_the_window_concludes_an_instant_item(city, api):
    clerk = city.actor("clerk.hudai")
    case = case_intake_at_window(
        actor=clerk,
        id_number=resident_id(random.Random(43)),
        name="钱宏进",
        phone="13900001111",
        item_code="320200-SB-002",
        form={"phone": "13900001111", "start_month": "2026-01"},
        material_ids=api("clerk.hudai").uploads("id-card"),
        conclude_instant=False,
    )
    assert case.item.kind == "instant"
    lifecycle.case_accept(actor=clerk, number=case.number)
    # (its department is not the officer's: the officer sees nothing of it)
    assert_agree(city, case.number, {"clerk.hudai": {"request_correction", "conclude"}})
    lifecycle.case_conclude(actor=clerk, number=case.number, outcome="approved")
    assert_agree(city, case.number, {"clerk.hudai": {"hand_over"}})


# --- the rules of the two actions outside the lifecycle's table, without a database -----

CLERK = SimpleNamespace(role="clerk", service_center_id=7, person_id=None)
APPLICANT = SimpleNamespace(role="applicant", service_center_id=None, person_id=3)
AGENT = SimpleNamespace(role="agent", service_center_id=None, person_id=3)


def result(**changes):
    fields = {
        "center_id": 7,
        "applicant_id": 3,
        "status": "concluded",
        "outcome": "approved",
        "delivery": "window",
        "handed_over_at": None,
        "item": SimpleNamespace(kind="standard"),
    }
    return SimpleNamespace(**{**fields, **changes})


def test_a_result_is_handed_over_once_by_its_receiving_window():
    assert has_result_to_hand_over(CLERK, result())
    assert has_result_to_hand_over(CLERK, result(delivery="post"))
    assert not has_result_to_hand_over(CLERK, result(center_id=8))
    assert not has_result_to_hand_over(CLERK, result(delivery="electronic"))
    assert not has_result_to_hand_over(CLERK, result(outcome="denied"))
    assert not has_result_to_hand_over(CLERK, result(status="accepted", outcome=""))
    assert not has_result_to_hand_over(CLERK, result(handed_over_at="2026-01-05"))
    assert not has_result_to_hand_over(APPLICANT, result())


def test_the_applicant_rates_a_concluded_case_once():
    assert may_rate(APPLICANT, result(), rated=False)
    assert may_rate(AGENT, result(outcome="denied"), rated=False)
    assert not may_rate(APPLICANT, result(), rated=True)
    assert not may_rate(APPLICANT, result(applicant_id=4), rated=False)
    assert not may_rate(APPLICANT, result(status="accepted"), rated=False)
    assert not may_rate(CLERK, result(), rated=False)


def test_a_window_concludes_instant_items_only():
    officer = SimpleNamespace(role="officer")
    assert concludes_here(CLERK, result(item=SimpleNamespace(kind="instant")))
    assert not concludes_here(CLERK, result())
    assert concludes_here(officer, result())


# --- the apps built on cases show their panels through cases' hooks -------------------


@pytest.mark.parametrize("app", ["bundles", "crossregion"])
def test_no_app_built_on_cases_imports_its_views(app):
    """A panel's views show the case page through ``cases.pages``, never cases' views'
    functions, and pass the panel's state as arguments (not on the request)."""
    import onething

    root = Path(onething.__file__).parent / app
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "onething.cases.views.detail", path
                if node.module == "onething.cases.views":
                    assert all(alias.name == "common" for alias in node.names), path
            if isinstance(node, ast.Attribute) and node.attr.endswith("_refusal"):
                assert not (isinstance(node.value, ast.Name) and node.value.id == "request"), path
    for template in root.rglob("*.html"):
        assert "request.bundle_refusal" not in template.read_text(encoding="utf-8")
        assert "request.crossregion_refusal" not in template.read_text(encoding="utf-8")
