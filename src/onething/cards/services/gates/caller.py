"""Who calls the gate endpoints: the account behind a Bearer token, found in one statement
(``statements.token_row``) instead of the ORM's token look-up, and made an Actor as
``core.permissions.actor_for`` would. The same rules as ``core.services.accounts.token_user``:
a revoked token or an inactive account is nobody; ``last_used_at`` is written at most once
a minute. Only a gate account (the endpoints' callers) takes this short way; any other
account's token goes the long way, and the gate check then refuses it.

A gate's look-up is kept in Django's cache for ``TOKEN_CACHE_TTL`` (5) seconds under core's
``token_cache_key``: a gate sends a request per passenger, so most requests need no
statement for the token. Core forgets the entry whenever the token could stop working
(revoked, deleted, its account changed or deactivated): at once in the process that made
the change, within the TTL elsewhere unless the cache is shared (docs/decisions.md). Only
live tokens of gate accounts are cached; an unknown token is looked up every time."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from onething.core.models import ApiToken, Role
from onething.core.permissions import Actor, actor_for
from onething.core.services.accounts import (
    TOKEN_CACHE_TTL,
    token_cache_key,
    token_digest,
    token_user,
)

from . import statements

LAST_USED_EVERY = 60  # seconds, as core's token_user


def _gate_actor(row: dict) -> Actor:
    return Actor(
        user_id=row["id"],
        label=f"{row['username']} ({row['role']})",
        role=row["role"],
        person_id=row["person_id"],
        enterprise_id=row["enterprise_id"],
        service_center_id=row["service_center_id"],
        department_id=row["department_id"],
        region_id=row["region_id"],
    )


def gate_caller(secret: str) -> Actor | None:
    """The actor behind ``Authorization: Bearer <secret>``, or None (no live token)."""
    if not secret or not secret.startswith("ot_"):
        return None
    digest = token_digest(secret)
    key = token_cache_key(digest)
    now = timezone.now()
    found = cache.get(key)  # (token id, its last_used_at, its end, the actor)
    if found is not None:
        token_id, last_used_at, expires_at, actor = found
        if expires_at <= now:
            cache.delete(key)
            return None
        if _stale(last_used_at, now):
            ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
            cache.delete(key)  # read again next time
        return actor
    row = statements.token_row(digest)
    if row is None or row["expires_at"] <= now:
        return None
    if row["role"] != Role.GATE or row["agent_id"] is not None:
        user = token_user(secret)  # not a gate: the general way (and the gate check's 403)
        return actor_for(user) if user is not None else None
    last_used_at, actor = row["last_used_at"], _gate_actor(row)
    if _stale(last_used_at, now):
        ApiToken.objects.filter(pk=row["token_id"]).update(last_used_at=now)
        last_used_at = now
    cache.set(key, (row["token_id"], last_used_at, row["expires_at"], actor), TOKEN_CACHE_TTL)
    return actor


def _stale(last_used_at, now) -> bool:
    return last_used_at is None or (now - last_used_at).total_seconds() > LAST_USED_EVERY
