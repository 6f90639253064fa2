"""The enterprise's home page shows the four functions of the 锡企服务平台 "无难事、悉心办"
(seed 000): 政策服务 (the policies matched to it), 政务服务 (services, one-things, its
cases), 增值服务 (the catalogue and its open requests) and 互动服务 (its messages) — and
keeps what it showed before; a citizen's home has no such block."""

from __future__ import annotations

import re

import pytest

from onething.valueadded.selectors import enterprise_home

from .world import BANK, ENTERPRISE, bank_service, submit

pytestmark = pytest.mark.django_db


def block(text: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}".*?</article>', text, re.S)
    assert found, testid
    return found.group(0)


def test_the_four_functions_on_the_enterprises_home(city):
    bank_service()
    submit(city)
    page = city.client(ENTERPRISE).get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "锡企服务平台" in text and "无难事、悉心办" in text
    for name in ("政策服务", "政务服务", "增值服务", "互动服务"):
        assert name in text
    assert 'href="/policies/"' in block(text, "platform-policy")
    government = block(text, "platform-government")
    for link in ("/services/", "/one-things/", "/my/cases/"):
        assert f'href="{link}"' in government
    value_added = block(text, "platform-value-added")
    assert 'href="/value-added/"' in value_added and 'href="/value-added/mine/"' in value_added
    assert 'data-testid="va-open">办理中的申请：1<' in value_added
    interaction = block(text, "platform-interaction")
    assert 'href="/appeals/new/"' in interaction and 'href="/my/appeals/"' in interaction
    # what the home showed before is still there
    assert 'data-testid="open-items"' in text and 'data-testid="my-cases-card"' in text


def test_the_value_added_part_counts_what_is_the_enterprises(city):
    bank_service()
    submit(city)
    mine = enterprise_home(city.actor(ENTERPRISE))
    assert mine["open"] == "1" and mine["to_rate"] == "0" and mine["provider_waiting"] is None
    assert mine["services"] >= 10 and 0 < mine["eligible"] <= mine["services"]
    bank = enterprise_home(city.actor(BANK))  # a partner's staff: its queue too
    assert bank["open"] == "0" and bank["provider_waiting"] == "1"
    assert enterprise_home(city.actor("zhangwei")) == {}


def test_a_citizens_home_has_no_enterprise_platform(city):
    text = city.client("zhangwei").get("/").content.decode()
    assert 'data-testid="enterprise-platform"' not in text
    assert 'data-testid="my-cases-card"' in text
