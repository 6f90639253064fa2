"""Accounts and terminal tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import clock
from ..errors import FieldProblem, ValidationFailed
from ..models import ApiToken, Role, User
from ..permissions import Actor, require_role
from .audit import audit_record, snapshot

# What each role must be attached to (the database enforces the same).
ROLE_SCOPE = {
    Role.APPLICANT: "person",
    Role.AGENT: "agent",
    Role.CLERK: "service_center",
    Role.OFFICER: "department",
    Role.UNION_STAFF: "department",
    Role.INSTITUTE_STAFF: "department",
    Role.SUPERVISOR: "region",
    Role.DISPATCHER: "region",
    Role.LEADER: "region",
}
SCOPE_FIELDS = ["person", "enterprise", "agent", "service_center", "department", "region"]
ACCOUNT_AUDIT_FIELDS = ["username", "role", *SCOPE_FIELDS, "is_active"]


def account_problems(role: str, scope: dict) -> list[FieldProblem]:
    if role not in Role.values:
        return [FieldProblem("role", "choice", _("Unknown role."))]
    needed = ROLE_SCOPE.get(Role(role))
    if needed and scope.get(needed) is None:
        return [
            FieldProblem(
                needed,
                "required",
                _("A %(role)s account must name its %(what)s.")
                % {"role": Role(role).label, "what": needed.replace("_", " ")},
            )
        ]
    return []


@transaction.atomic
def account_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    role: str,
    first_name: str = "",
    **scope,
) -> User:
    """Make an account for a role, attached to what the role needs (see ROLE_SCOPE)."""
    require_role(actor, Role.ADMIN)
    problems = account_problems(role, scope)
    if User.objects.filter(username=username).exists():
        problems.append(FieldProblem("username", "unique", _("This username is taken.")))
    if problems:
        raise ValidationFailed(problems)
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        **scope,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(
        actor=actor,
        action="account.create",
        subject=user,
        after=snapshot(user, ACCOUNT_AUDIT_FIELDS),
    )
    return user


def token_digest(secret: str) -> str:
    """What is stored of a token's secret (and what it is looked up by)."""
    return hashlib.sha256(secret.encode()).hexdigest()


_digest = token_digest  # the former name


# A token's look-up may be cached for TOKEN_CACHE_TTL seconds under token_cache_key(digest)
# (the gate endpoints do: cards.services.gates.gate_caller). Whatever makes a token stop
# working forgets it: revoking it, deleting it, changing or deactivating its account (the
# receivers below, and token_revoke itself). The process that made the change refuses the
# token at once; with the default per-process cache other processes refuse it within
# TOKEN_CACHE_TTL, with a shared cache (CACHE_URL=redis://…) every process at once
# (docs/decisions.md).
TOKEN_CACHE_TTL = 5


def token_cache_key(digest: str) -> str:
    return f"core:token:{digest}"


def token_forget(*digests: str) -> None:
    """Drop the cached look-ups of these tokens: now, and again after the commit (so a
    request that read the token before the change cannot keep it cached)."""
    keys = [token_cache_key(d) for d in digests if d]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@receiver(post_save, sender=ApiToken, dispatch_uid="core.token_saved")
@receiver(post_delete, sender=ApiToken, dispatch_uid="core.token_deleted")
def _token_changed(sender, instance: ApiToken, **kwargs) -> None:
    token_forget(instance.digest)


@receiver(post_save, sender=User, dispatch_uid="core.account_saved")
def _account_changed(sender, instance: User, update_fields=None, **kwargs) -> None:
    """An account saved (deactivated, its role or scope changed): forget its tokens. A
    sign-in (only ``last_login`` written) changes nothing a token answers."""
    if kwargs.get("created") or (update_fields and set(update_fields) <= {"last_login"}):
        return
    token_forget(*ApiToken.objects.filter(user=instance).values_list("digest", flat=True))


@transaction.atomic
def token_issue(
    *,
    actor: Actor,
    user: User,
    name: str,
    secret: str | None = None,
    valid_days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new bearer token for ``user``, ending after ``valid_days`` (default
    ``ONETHING_TOKEN_DAYS``); the secret is returned once and never stored. (``secret`` is
    only for the demo city's published gate token.)"""
    require_role(actor, Role.ADMIN)
    days = settings.ONETHING_TOKEN_DAYS if valid_days is None else valid_days
    if not 1 <= days <= settings.ONETHING_TOKEN_DAYS:
        raise ValidationFailed.one(
            "valid_days",
            "range",
            _("A token lasts from 1 to %(n)s days.") % {"n": settings.ONETHING_TOKEN_DAYS},
        )
    if secret is None:
        secret = f"ot_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"
    prefix = secret.split("_")[1][:12]
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=token_digest(secret),
        expires_at=clock.now() + dt.timedelta(days=days),
    )
    audit_record(
        actor=actor, action="token.issue", subject=token, after={"user": user.pk, "name": name}
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """The token stops working (at once where its look-up is cached: ``token_forget``)."""
    require_role(actor, Role.ADMIN)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="token.revoke", subject=token)
    token_forget(token.digest)
    return token


def token_user(secret: str) -> User | None:
    """The active account behind a bearer token, or None."""
    if not secret or not secret.startswith("ot_"):
        return None
    # The account's person and region come with it (an applicant's submission needs them
    # next: the actor carries them, core.permissions.Actor.person); the gates read their
    # tokens their own, shorter way (cards.services.gates.caller).
    token = (
        ApiToken.objects.select_related("user__person__region")
        .filter(
            digest=token_digest(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .order_by()[:1]
    )
    token = next(iter(token), None)  # the digest is unique: no ordering
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
