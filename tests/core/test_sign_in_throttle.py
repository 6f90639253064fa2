"""Sign-in throttling (django-axes, onething.core.signin): failed sign-ins per account and per
address, 429 with the wait in the reader's language, the lockout in the audit log, reset on
success, lifted after the cool-off or by an administrator."""

import datetime as dt
import json

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory

from onething.core.models import AuditEntry, Role, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from onething.core.signin import LOCKOUT_ACTION, client_address

PASSWORD = "Right#Horse-2026"
WRONG = "wrong-password-123"


@pytest.fixture
def limits(settings):
    """Small limits (3 per account, 5 per address), the cool-off as configured (15 min)."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.ONETHING_SIGNIN_ADDRESS_FAILURES = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    return settings


@pytest.fixture
def accounts(city, limits):
    for name in ("alice", "bob"):
        account_create(actor=SYSTEM, username=name, password=PASSWORD, role=Role.ADMIN)
    return ("alice", "bob")


def sign_in(username, password, address, *, path="/login/", language="zh-hans", **headers):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    answer = client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )
    answer.signed_in = "_auth_user_id" in client.session
    return answer


def assert_throttled(answer, minutes=15):
    assert answer.status_code == 429
    assert not answer.signed_in
    wait = int(answer["Retry-After"])
    assert (minutes - 1) * 60 < wait <= minutes * 60
    assert f"登录失败次数过多，请 {minutes} 分钟后再试。" in answer.content.decode()


def test_wrong_passwords_for_one_account_lock_it_and_are_audited(accounts):
    for _ in range(2):
        answer = sign_in("alice", WRONG, "10.0.0.1")
        assert answer.status_code == 200
        assert "用户名或密码错误" in answer.content.decode()
    assert_throttled(sign_in("alice", WRONG, "10.0.0.1"))  # the third reaches the limit
    assert_throttled(sign_in("alice", PASSWORD, "10.0.0.1"))  # even the right password

    entries = AuditEntry.objects.filter(action=LOCKOUT_ACTION)
    assert entries.count() == 1  # the lockout once, not each refused attempt
    entry = entries.get()
    assert entry.subject_type == "core.user"
    assert entry.subject_id == str(User.objects.get(username="alice").pk)
    assert entry.after["username"] == "alice"
    assert entry.after["ip_address"] == "10.0.0.1"
    assert entry.after["by"] == ["account"]
    assert entry.at is not None and entry.after["until"]
    assert WRONG not in json.dumps([entry.before, entry.after, entry.note])
    assert PASSWORD not in json.dumps([entry.before, entry.after, entry.note])
    # axes' own record keeps no password either
    assert all(WRONG not in a.post_data for a in AccessAttempt.objects.all())


def test_failures_over_many_accounts_from_one_address_hit_the_address_limit(accounts):
    for n in range(4):
        assert sign_in(f"nobody{n}", WRONG, "10.0.0.2").status_code == 200
    assert_throttled(sign_in("nobody4", WRONG, "10.0.0.2"))
    assert_throttled(sign_in("alice", PASSWORD, "10.0.0.2"))
    # the account itself is not locked: from another address it signs in
    assert sign_in("alice", PASSWORD, "10.0.0.3").signed_in
    entry = AuditEntry.objects.get(action=LOCKOUT_ACTION)
    assert entry.after["by"] == ["address"]
    assert entry.subject_type == "signin.username"  # no such account


def test_one_account_from_several_addresses_hits_the_account_limit(accounts):
    for address in ("10.0.1.1", "10.0.1.2"):
        assert sign_in("alice", WRONG, address).status_code == 200
    assert_throttled(sign_in("alice", WRONG, "10.0.1.3"))
    assert_throttled(sign_in("alice", PASSWORD, "10.0.1.9"))
    # the addresses are not locked: another account signs in from them
    assert sign_in("bob", PASSWORD, "10.0.1.1").signed_in


def _time_passes(minutes):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=minutes))


def test_the_wait_counts_down_and_the_right_password_works_after_the_cool_off(accounts):
    for _ in range(3):
        sign_in("alice", WRONG, "10.0.0.4")
    _time_passes(10)
    assert_throttled(sign_in("alice", PASSWORD, "10.0.0.4"), minutes=5)
    _time_passes(6)
    answer = sign_in("alice", PASSWORD, "10.0.0.4")
    assert answer.status_code == 302 and answer.signed_in


def test_a_success_before_the_limit_resets_the_count(accounts):
    for _ in range(2):
        sign_in("alice", WRONG, "10.0.0.5")
    assert sign_in("alice", PASSWORD, "10.0.0.5").signed_in
    for _ in range(2):
        assert sign_in("alice", WRONG, "10.0.0.5").status_code == 200
    assert sign_in("alice", PASSWORD, "10.0.0.5").signed_in
    assert not AuditEntry.objects.filter(action=LOCKOUT_ACTION).exists()


def test_the_admin_sign_in_is_throttled_the_same_way(accounts):
    for _ in range(2):
        answer = sign_in("alice", WRONG, "10.0.0.6", path="/admin/login/?next=/admin/")
        assert answer.status_code == 200
    assert_throttled(sign_in("alice", WRONG, "10.0.0.6", path="/admin/login/?next=/admin/"))
    assert_throttled(sign_in("alice", PASSWORD, "10.0.0.6", path="/admin/login/"))


def test_the_wait_is_said_in_english_and_to_scripts_in_the_api_error_shape(accounts):
    for _ in range(3):
        sign_in("alice", WRONG, "10.0.0.7")
    answer = sign_in("alice", PASSWORD, "10.0.0.7", language="en")
    assert answer.status_code == 429
    assert "Too many failed sign-ins. Try again in 15 minutes." in answer.content.decode()
    answer = sign_in("alice", PASSWORD, "10.0.0.7", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert answer.status_code == 429
    error = answer.json()["error"]
    assert error["code"] == "sign_in_throttled"
    assert 0 < error["details"]["retry_after_seconds"] == int(answer["Retry-After"])
    assert "15 分钟" in error["message"]


def test_an_administrator_unlocks_an_account(accounts, city):
    for _ in range(3):
        sign_in("alice", WRONG, "10.0.0.8")
    assert sign_in("alice", PASSWORD, "10.0.0.8").status_code == 429
    admin = city.client("admin", "en")
    assert admin.get("/admin/axes/accessattempt/").status_code == 200
    attempt = AccessAttempt.objects.get(username="alice")
    assert admin.get(f"/admin/axes/accessattempt/{attempt.pk}/change/").status_code == 200
    call_command("axes_reset_username", "alice")
    assert sign_in("alice", PASSWORD, "10.0.0.8").signed_in


def test_signed_in_sessions_are_not_affected(accounts, city):
    for _ in range(3):
        sign_in("alice", WRONG, "127.0.0.1")
    assert city.client("admin").get("/admin/").status_code == 200  # force_login


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.1.1.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own prefix is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.2.2.2", "203.0.113.9"),
        (1, "", "10.1.1.1"),
        (1, "not-an-address", "10.1.1.1"),
    ],
)
def test_the_client_address_behind_proxies(settings, hops, forwarded, expected):
    settings.ONETHING_PROXY_HOPS = hops
    request = RequestFactory().get(
        "/login/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_address(request) == expected


def test_the_api_takes_no_password():
    """The API signs in by session (the throttled pages) or by a bearer token issued in the
    back office; an operation that took a password would need the throttle too."""
    from onething.config.api import api

    assert "password" not in json.dumps(api.get_openapi_schema()).lower()


def test_the_unlock_screen_is_in_chinese(accounts, city):
    answer = city.client("admin").get("/admin/axes/accessattempt/")
    assert answer.status_code == 200
    assert "登录失败记录" in answer.content.decode()
