"""The demo city's value-added services: the providers the seed's enterprise platform
needs (the city's departments and three partner institutions) with their accounts, the
first half of 2025's requests answered, concluded and rated through the services, a few
open relative to now, nothing dated after the load, a second load changing nothing — and
the figures on the public page counted from those records."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core import clock
from onething.demo import valueadded as demo_valueadded
from onething.demo.timeline import SHANGHAI
from onething.valueadded.models import ServiceProvider, ServiceRequest
from onething.valueadded.selectors import request_figures


def _history_and_live():
    demo_valueadded.load_history(lambda _line: None)
    demo_valueadded.live(lambda _line: None)


@pytest.mark.django_db
def test_the_providers_and_their_accounts_are_in_every_city(city):
    providers = dict(ServiceProvider.objects.values_list("code", "kind"))
    for code in ("wx-gxj", "wx-jr", "wx-sf", "wx-scjg", "wx-rs", "wx-swj"):
        assert providers[code] == "city"
    for code in ("js-bank-wx", "xifa-law", "zhixin-ip"):
        assert providers[code] == "partner"
    bank = city.user("partner.jsbank")
    assert bank.enterprise.name == "江苏银行股份有限公司无锡分行" and bank.check_password(
        "Demo#2026"
    )
    assert city.user("officer.wx-jr").department.name == "无锡市地方金融管理局"


@pytest.mark.django_db
def test_the_history_and_the_live_layer_load_once_through_the_services(city):
    _history_and_live()
    h1 = ServiceRequest.objects.filter(request_key__startswith="demo-h1-")
    assert h1.count() >= 30
    first = dt.datetime(2025, 1, 1, tzinfo=SHANGHAI)
    last = dt.datetime(2025, 7, 1, tzinfo=SHANGHAI)
    assert all(first <= r.submitted_at < last for r in h1)
    assert h1.filter(status="concluded", rating__isnull=False).count() >= 20
    assert h1.filter(status="declined").exclude(decline_reason="").exists()
    assert h1.filter(outcome_kind="financing", amount_fen__gt=0).exists()
    assert h1.filter(answered_on_time=False).exists() and h1.filter(answered_on_time=True).exists()
    live = ServiceRequest.objects.filter(request_key__startswith="demo-live-")
    assert set(live.values_list("status", flat=True)) == {"submitted", "accepted", "concluded"}
    chengfeng = live.filter(enterprise__name="江阴澄丰化纤有限公司")
    assert chengfeng.filter(status__in=("submitted", "accepted")).count() >= 3
    now = clock.now()
    assert not ServiceRequest.objects.filter(submitted_at__gt=now).exists()
    for request in ServiceRequest.objects.all():  # every step through the services, in order
        steps = list(request.steps.all())
        assert steps[0].action == "submit" and steps[0].at == request.submitted_at
        assert [s.at for s in steps] == sorted(s.at for s in steps)
    count = ServiceRequest.objects.count()
    _history_and_live()
    assert ServiceRequest.objects.count() == count


@pytest.mark.demo_city
@pytest.mark.django_db
def test_the_demos_figures_on_the_public_page(city):
    figures = request_figures(since=dt.date(2025, 1, 1), until=dt.date(2025, 6, 30))
    assert figures["requests"] >= 30 and figures["concluded"] >= 20
    assert 0.8 <= figures["on_time_rate"] < 1  # most answered on time, a few late
    assert figures["satisfaction_rate"] >= 0.9 and figures["financing_fen"] > 0
    page = city.client().get("/value-added/").content.decode()
    every = request_figures()
    assert f'data-testid="figure-requests">{every["requests"]}<' in page
    home = city.client("qiye.chengfeng").get("/").content.decode()
    assert 'data-testid="va-open">办理中的申请：' in home
    queue = city.client("partner.jsbank").get("/value-added/provider/").content.decode()
    assert "江阴澄丰化纤有限公司" in queue or "无锡胡埭精密机械有限公司" in queue
