"""Several app servers behind a load balancer, one PostgreSQL, Redis as the shared cache:
what one server changes, every server sees at once. Real gunicorn processes and Debian's
HAProxy; the tests run in the PostgreSQL pass (SQLite is for one server)."""

from __future__ import annotations

import pytest
from django.db import connection

from onething.core.models import ApiToken, User
from onething.demo.base import DEMO_GATE_TOKEN, DEMO_PASSWORD
from tests.servers import Browser, app_servers, database_url, load_balancer

pytestmark = pytest.mark.postgres
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis():
    import redis as client

    try:
        connection_ = client.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        connection_.ping()
    except client.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error} (redis-server must run)")
    connection_.flushdb()
    yield connection_
    connection_.flushdb()


@pytest.fixture
def two_servers(transactional_city, redis, tmp_path):
    with app_servers(
        2,
        database=database_url(connection.settings_dict),
        cache_url=REDIS_URL,
        folder=tmp_path,
    ) as servers:
        yield servers


def gate_me(base: str) -> int:
    status, _body = Browser(base).get(
        "/api/gate/me", {"Authorization": f"Bearer {DEMO_GATE_TOKEN}"}
    )
    return status


def test_a_token_revoked_on_one_server_is_refused_by_the_other_at_once(two_servers, redis):
    a, b = two_servers
    assert gate_me(b.base) == 200  # server B knows the gate, and caches its token
    assert gate_me(a.base) == 200
    assert redis.dbsize() > 0  # the token's look-up is in the shared cache

    token = ApiToken.objects.get(user__username="gate.metro01")
    admin = Browser(a.base)
    admin.admin_login("admin", DEMO_PASSWORD)
    status, _body = admin.post(
        "/admin/core/apitoken/",
        {"action": "revoke", "_selected_action": [str(token.pk)], "index": "0"},
    )
    assert status == 200
    token.refresh_from_db()
    assert token.revoked_at is not None  # revoked through server A …
    assert gate_me(b.base) == 401  # … and server B refuses it at once (no 5 s cache left)
    assert gate_me(a.base) == 401


def test_the_load_balancer_spreads_the_work_and_keeps_a_sign_in(two_servers, tmp_path):
    a, b = two_servers
    with load_balancer(two_servers, tmp_path) as base:
        for _ in range(8):
            status, _body = Browser(base).get("/figures/")
            assert status == 200
        assert a.served("/figures/") >= 2 and b.served("/figures/") >= 2
        # a session made through one server is good on the other (sessions in the database)
        admin = Browser(base)
        admin.admin_login("admin", DEMO_PASSWORD)
        for _ in range(4):
            status, body = admin.get("/admin/")
            assert status == 200 and 'name="username"' not in body
    assert User.objects.filter(username="admin").exists()
