"""Every bearer token ends: issued for ONETHING_TOKEN_DAYS (or fewer), refused once past its
end — by the general look-up and by the gates' own, cached one — and a lifetime outside the
range is a 422 naming it."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.models import ApiToken, User
from onething.core.services.accounts import token_issue


def _issue(city, username: str, **kwargs) -> tuple[ApiToken, str]:
    user = User.objects.get(username=username)
    return token_issue(actor=city.actor("admin"), user=user, name="expiry test", **kwargs)


def _ended(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(expires_at=clock.now() - dt.timedelta(seconds=1))


def test_a_token_is_issued_with_an_end(city, settings):
    token, _secret = _issue(city, "gate.metro01")
    days = (token.expires_at - clock.now()).total_seconds() / 86400
    assert settings.ONETHING_TOKEN_DAYS - 1 < days <= settings.ONETHING_TOKEN_DAYS
    short, _secret = _issue(city, "gate.metro01", valid_days=7)
    assert (short.expires_at - clock.now()).days == 6  # 7 days less the seconds since


@pytest.mark.parametrize("days", [0, -1, 10_000])
def test_a_lifetime_outside_the_range_is_refused(city, days):
    with pytest.raises(ValidationFailed) as refused:
        _issue(city, "gate.metro01", valid_days=days)
    assert [(p.field, p.rule) for p in refused.value.problems] == [("valid_days", "range")]


def test_an_ended_token_is_refused_by_the_api(city):
    token, secret = _issue(city, "zhangwei")
    client = city.client()
    assert client.get("/api/my/cases", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code in (
        200,
        404,
    )
    _ended(token)
    answer = client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 401


def test_an_ended_gate_token_is_refused_even_when_cached(city):
    from django.core.cache import cache

    from onething.cards.services.gates.caller import gate_caller
    from onething.core.services.accounts import token_cache_key, token_digest

    token, secret = _issue(city, "gate.metro01")
    actor = gate_caller(secret)
    assert actor is not None
    key = token_cache_key(token_digest(secret))
    past = clock.now() - dt.timedelta(seconds=1)
    cache.set(key, (token.pk, clock.now(), past, actor), 60)  # ended while cached
    assert gate_caller(secret) is None
    _ended(token)
    cache.delete(key)
    assert gate_caller(secret) is None  # and read afresh
    assert (
        city.client().get("/api/gate/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    )
