"""Sign-in throttling: django-axes with the counts in the database, shared by every app
server (settings ``AXES_*`` and ``ONETHING_SIGNIN_*``; docs/decisions.md).

Failed sign-ins are counted per account and per client address. The account's limit is
``AXES_FAILURE_LIMIT``, the address's ``ONETHING_SIGNIN_ADDRESS_FAILURES`` (one address may
be a whole service centre behind one gateway). A lockout is written to the audit log once,
when it begins (never the password); a successful sign-in forgives the account's failures
from that address; an administrator unlocks in the admin (Access attempts: delete) or with
``python -m onething axes_reset_username <name>`` / ``axes_reset_ip <address>``."""

from __future__ import annotations

import datetime as dt
import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import (
    get_client_username,
    get_cool_off,
    get_failure_limit,
    get_lockout_parameters,
)
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from .permissions import Actor
from .services.audit import audit_record

LOCKOUT_ACTION = "account.lockout"


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the peer's, or, behind ``ONETHING_PROXY_HOPS`` reverse proxies
    that each append to X-Forwarded-For, the one the outermost proxy saw (what the client
    wrote into the header itself lies further left and is ignored)."""
    peer = request.META.get("REMOTE_ADDR")
    hops = settings.ONETHING_PROXY_HOPS
    if hops <= 0:
        return peer
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < hops:
        return peer
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return peer


class SignInAttempts(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each lockout parameter, the time a
    lockout lifts, a reset on success limited to the account from that address, and an
    audit entry when a lockout begins."""

    def _groups(self, request: HttpRequest, credentials: dict | None):
        """(parameter, its limit, its attempts within the cool-off) for each parameter."""
        account_limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        limits = [
            settings.ONETHING_SIGNIN_ADDRESS_FAILURES if p == "ip_address" else account_limit
            for p in parameters
        ]
        attempts = self.get_user_attempts(request, credentials)
        return list(zip(parameters, limits, attempts, strict=True))

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures measured against the account's limit: each parameter's count scaled
        by the account's limit over its own, so the answer reaches the account's limit
        exactly when some parameter reaches its own."""
        account_limit = get_failure_limit(request, credentials)
        worst = 0
        for _parameter, limit, attempts in self._groups(request, credentials):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, failures * account_limit // limit)
        return worst

    def lockouts(
        self, request: HttpRequest, credentials: dict | None = None
    ) -> dict[str, dt.datetime]:
        """Each parameter at or over its limit, with the time its lockout lifts: when the
        failure that brought the count to the limit (counting from the newest) leaves the
        cool-off window."""
        cool_off = get_cool_off(request)
        lifted: dict[str, dt.datetime] = {}
        for parameter, limit, attempts in self._groups(request, credentials):
            total = 0
            rows = attempts.order_by("-attempt_time").values_list(
                "failures_since_start", "attempt_time"
            )
            for failures, at in rows[:limit]:
                total += failures
                if total >= limit:
                    lifted[parameter] = at + cool_off
                    break
        return lifted

    def wait_seconds(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Whole seconds until the client may try again (at least 1)."""
        lifted = self.lockouts(request, credentials)
        if not lifted:  # lifted meanwhile, or counted elsewhere: the longest wait
            return max(1, math.ceil(get_cool_off(request).total_seconds()))
        left = (max(lifted.values()) - timezone.now()).total_seconds()
        return max(1, math.ceil(left))

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """On a successful sign-in: forget this account's failures from this address (not
        the address's failures on other accounts, nor others' failures on this account)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # A lockout begins on the failure that reaches a limit; a refused attempt during it
        # is not counted (axes leaves the count unset) and not audited again.
        if (
            request is not None
            and getattr(request, "axes_locked_out", False)
            and getattr(request, "axes_failures_since_start", None) is not None
        ):
            self._audit_lockout(request, credentials)

    def _audit_lockout(self, request: HttpRequest, credentials: dict | None) -> None:
        username = get_client_username(request, credentials) or ""
        address = request.axes_ip_address
        lifted = self.lockouts(request, credentials)
        user_model = get_user_model()
        account = user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: username}
        ).first()
        subject = account if account is not None else ("signin.username", username[:64] or "-")
        with transaction.atomic():
            audit_record(
                actor=Actor(label=f"sign-in from {address}"),
                action=LOCKOUT_ACTION,
                subject=subject,
                after={
                    "username": username[:150],
                    "ip_address": address,
                    "path": request.axes_path_info[:200],
                    "by": sorted("address" if p == "ip_address" else "account" for p in lifted),
                    "until": max(lifted.values()).isoformat() if lifted else None,
                },
            )
