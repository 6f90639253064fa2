"""The agency's declarations and batch pickup pages (agents only, refusals shown, never a
500)."""

import random
import re

from onething.bundles.models import Pickup
from onething.cases.models import Case
from onething.core.generate import credit_code
from onething.core.models import AgencyDeclaration
from onething.core.services.declarations import declaration_file
from onething.demo.bundles import window_clerk

from .pages import handle, steps


def test_declarations_are_for_agents_and_name_the_bad_line(city, chengfeng):
    assert city.client(None).get("/agency/declarations/").status_code == 302
    for other in ("zhangwei", "qiye.chengfeng", "officer.jy-sw"):
        assert city.client(other).get("/agency/declarations/").status_code == 403
        assert city.client(other).get("/agency/declarations/new/").status_code == 403
    agent = city.client("agent.chengxin", "en")
    assert agent.get("/agency/declarations/").status_code == 200
    before = AgencyDeclaration.objects.count()
    wrong = chengfeng.credit_code[:-1] + ("0" if chengfeng.credit_code[-1] != "0" else "1")
    unknown = credit_code(random.Random(7), "320281")
    refused = agent.post(
        "/agency/declarations/new/",
        {"credit_codes": f"{chengfeng.credit_code}\n{wrong}\n\n{unknown}", "idempotency_key": "d1"},
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'data-field="credit_codes"' in html and "Line 2" in html and "Line 3" in html
    assert AgencyDeclaration.objects.count() == before
    empty = agent.post("/agency/declarations/new/", {"credit_codes": " \n "})
    assert empty.status_code == 422
    bad_date = agent.post(
        "/agency/declarations/new/",
        {"credit_codes": chengfeng.credit_code, "valid_until": "2020-01-01"},
    )
    assert bad_date.status_code == 422 and 'data-field="valid_until"' in bad_date.content.decode()
    data = {"credit_codes": f" {chengfeng.credit_code.lower()} \n", "idempotency_key": "d2"}
    assert agent.post("/agency/declarations/new/", data).status_code == 302
    assert agent.post("/agency/declarations/new/", data).status_code == 302  # a double click
    assert AgencyDeclaration.objects.count() == before + 1
    listed = agent.get("/agency/declarations/").content.decode()
    assert "江阴澄丰化纤有限公司" in listed and chengfeng.credit_code in listed
    found = agent.get("/agency/declarations/", {"q": chengfeng.credit_code}).content.decode()
    assert "江阴澄丰化纤有限公司" in found


def test_a_citizen_cannot_open_the_pickup_page(city, undeclared):
    assert city.client(None).get("/agency/pickup/").status_code == 302
    for other in ("zhangwei", "qiye.chengfeng", "officer.jy-sw", "clerk.hudai"):
        answer = city.client(other, "en").get("/agency/pickup/")
        assert answer.status_code == 403, other
        assert 'data-testid="error-message"' in answer.content.decode()
    html = city.client("agent.chengxin", "en").get("/agency/pickup/").content.decode()
    assert 'data-testid="nothing-ready"' in html
    for button in ("collect-selected", "collect-all"):  # nothing waiting: nothing to press
        assert re.search(rf'data-testid="{button}"[^>]*\sdisabled', html), button


def test_the_agent_asks_and_the_window_confirms_in_one_batch(
    city, undeclared, submit, chengfeng, licensed
):
    run = submit(delivery="window")
    handle(city, run, "declare", "verify", "register")
    numbers = [rs.case.number for rs in steps(run).values()]
    agent = city.client("agent.chengxin", "en")
    assert 'data-testid="nothing-ready"' in agent.get("/agency/pickup/").content.decode()
    declaration_file(actor=city.actor("agent.chengxin"), credit_codes=[chengfeng.credit_code])
    pickups = Pickup.objects.filter(collected_by__username="agent.chengxin").count()
    html = agent.get("/agency/pickup/").content.decode()
    for number in numbers:
        assert f'data-case="{number}"' in html
    assert not re.search(r'data-testid="collect-all"[^>]*\sdisabled', html)
    none = agent.post("/agency/pickup/", {"collect": "selected"})
    assert none.status_code == 422 and 'data-testid="pickup-refusal"' in none.content.decode()
    stranger = Case.objects.exclude(enterprise=chengfeng).exclude(number__in=numbers).first()
    refused = agent.post(
        "/agency/pickup/",
        {"collect": "selected", "case_numbers": [numbers[0], stranger.number]},
    )
    assert refused.status_code == 422
    assert f"{stranger.number} is not a case of an enterprise" in refused.content.decode()
    assert not Case.objects.filter(number__in=numbers, handed_over_at__isnull=False).exists()
    long = agent.post("/agency/pickup/", {"collect": "selected", "case_numbers": ["9" * 80]})
    assert long.status_code == 422
    twice = {"collect": "selected", "case_numbers": numbers[:2], "idempotency_key": "p1"}
    done = agent.post("/agency/pickup/", twice)
    assert done.status_code == 302
    assert agent.post("/agency/pickup/", twice).status_code == 302  # a double click
    assert Pickup.objects.filter(collected_by__username="agent.chengxin").count() == pickups + 1
    first = Pickup.objects.filter(collected_by__username="agent.chengxin").latest("id")
    # asked for, waiting for the window: nothing handed over yet; the agent sees the status
    assert first.status == "waiting"
    assert not Case.objects.filter(number__in=numbers, handed_over_at__isnull=False).exists()
    html = agent.get("/agency/pickup/").content.decode()
    assert f'data-case="{numbers[2]}"' in html and f'data-case="{numbers[0]}"' not in html
    assert f'data-pickup="{first.number}" data-status="waiting"' in html
    again = agent.post("/agency/pickup/", {"collect": "selected", "case_numbers": numbers[:1]})
    assert again.status_code == 409
    assert "waiting for the window" in again.content.decode()
    # the window of the centre confirms it on its page
    clerk = city.client(window_clerk(first.center).username, "en")
    listed = clerk.get("/workbench/pickups/").content.decode()
    assert first.number in listed
    page = clerk.get(f"/workbench/pickups/{first.number}/").content.decode()
    assert 'data-testid="confirm-form"' in page and 'data-testid="refuse-form"' in page
    unchecked = clerk.post(f"/workbench/pickups/{first.number}/confirm/", {})
    assert (
        unchecked.status_code == 422
        and 'data-field="identity_checked"' in unchecked.content.decode()
    )
    confirmed = clerk.post(
        f"/workbench/pickups/{first.number}/confirm/", {"confirm-identity_checked": "on"}
    )
    assert confirmed.status_code == 302
    assert Case.objects.filter(number__in=numbers[:2], handed_over_at__isnull=False).count() == 2
    late = clerk.post(f"/workbench/pickups/{first.number}/refuse/", {"refuse-reason": "迟了"})
    assert late.status_code == 409 and 'data-testid="pickup-refused"' in late.content.decode()
    assert first.number not in clerk.get("/workbench/pickups/").content.decode()
    html = agent.get("/agency/pickup/").content.decode()
    assert f'data-pickup="{first.number}" data-status="confirmed"' in html
    rest = agent.post("/agency/pickup/", {"collect": "all"})
    assert rest.status_code == 302
    last = Pickup.objects.filter(collected_by__username="agent.chengxin").latest("id")
    clerk.post(f"/workbench/pickups/{last.number}/refuse/", {"refuse-reason": "委托书过期"})
    assert Pickup.objects.get(pk=last.pk).status == "refused"
    html = agent.get("/agency/pickup/").content.decode()
    assert "委托书过期" in html
    assert Case.objects.filter(number__in=numbers, handed_over_at__isnull=False).count() == 2
    # a clerk of another centre: 404
    other = city.client("clerk.hudai", "en")
    assert other.get(f"/workbench/pickups/{last.number}/").status_code == 404
    again = agent.post("/agency/pickup/", {"collect": "all"})
    assert again.status_code == 302
    last = Pickup.objects.filter(collected_by__username="agent.chengxin").latest("id")
    clerk.post(f"/workbench/pickups/{last.number}/confirm/", {"confirm-identity_checked": "on"})
    assert Case.objects.filter(number__in=numbers, handed_over_at__isnull=False).count() == 3
    empty = agent.post("/agency/pickup/", {"collect": "all"})
    assert empty.status_code == 409 and 'data-testid="pickup-refusal"' in empty.content.decode()
