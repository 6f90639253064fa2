from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import Conflict, ValidationFailed
from ..models import IdempotencyRecord
from ..permissions import Actor

M = TypeVar("M", bound=models.Model)


def request_digest(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _owner(actor: Actor) -> str:
    return "system" if actor.is_system else f"user:{actor.user_id}"


@transaction.atomic
def idempotent_create(
    *,
    actor: Actor,
    operation: str,
    key: str | None,
    payload: Any,
    model: type[M],
    create: Callable[[], M],
) -> tuple[M, bool]:
    """Run ``create`` once per (actor, operation, key); a retry gets the first object.

    Returns (object, created). Without a key, ``create`` just runs. The same key with a
    different payload is refused (409): a key names one request, not one call site. The
    key is claimed before ``create`` runs, so two concurrent retries cannot both create.
    """
    if not key:
        return create(), True
    if len(key) > 100:
        raise ValidationFailed.one(
            "idempotency_key", "max_length", _("An idempotency key has at most 100 characters.")
        )
    if "\x00" in key:  # PostgreSQL can neither store nor compare one
        raise ValidationFailed.one(
            "idempotency_key", "nul_character", _("A NUL character is not allowed.")
        )
    owner, digest = _owner(actor), request_digest(payload)
    lookup = {"owner": owner, "operation": operation, "key": key}
    record_id = _claim(owner, operation, key, digest)
    if record_id is None:  # claimed before (a concurrent claimer waited for its commit)
        record = IdempotencyRecord.objects.get(**lookup)
        if record.request_digest != digest:
            raise Conflict(
                _("This idempotency key was already used for a different request."),
                code="idempotency_key_reused",
                details={"idempotency_key": key},
            ) from None
        first = model._default_manager.filter(pk=record.result_id).first()
        if first is not None:
            return first, False
        # the first answer is gone since (an upload never attached, purged after a day):
        # the retry creates anew, under the record's lock so that only one retry does
        record_id = record.pk
        again = IdempotencyRecord.objects.select_for_update().get(pk=record_id)
        if again.result_id != record.result_id:
            return model._default_manager.get(pk=again.result_id), False
    obj = create()
    _record_result(record_id, model._meta.label_lower, str(obj.pk))
    return obj, True


def _record_result(record_id: int, result_type: str, result_id: str) -> None:
    table = connection.ops.quote_name(IdempotencyRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET result_type = %s, result_id = %s WHERE id = %s",
            [result_type, result_id, record_id],
        )


def _claim(owner: str, operation: str, key: str, digest: str) -> int | None:
    """Claim the key in one statement: the new record's id, or None if it was claimed
    already. No savepoint is needed, as a conflict is not an error."""
    table = connection.ops.quote_name(IdempotencyRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (owner, operation, key, request_digest, result_type, "
            "result_id, created_at) VALUES (%s, %s, %s, %s, '', '', %s) "
            "ON CONFLICT (owner, operation, key) DO NOTHING RETURNING id",
            [owner, operation, key, digest, timezone.now()],
        )
        row = cursor.fetchone()
    return row[0] if row else None
