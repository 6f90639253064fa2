from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, models, transaction

from .. import clock, context
from ..auditchain import entry_content, json_normal, link_hash
from ..models import AuditChainHead, AuditEntry
from ..permissions import Actor


@cache
def audit_key() -> bytes:
    raw = settings.ONETHING_AUDIT_KEY
    if not raw:
        raise ImproperlyConfigured("ONETHING_AUDIT_KEY must be set.")
    key = base64.b64decode(raw)
    if len(key) < 32:
        raise ImproperlyConfigured("ONETHING_AUDIT_KEY must be at least 32 bytes.")
    return key


def subject_ref(subject: models.Model | tuple[str, str]) -> tuple[str, str]:
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, str(subject.pk)
    return subject[0], str(subject[1])


def shard_of(subject_type: str, subject_id: str) -> int:
    """Entries about one subject always join the same chain, in order."""
    digest = hashlib.sha256(f"{subject_type}:{subject_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % settings.ONETHING_AUDIT_SHARDS


def _locked_head(shard: int) -> AuditChainHead:
    try:
        return AuditChainHead.objects.select_for_update().get(shard=shard)
    except AuditChainHead.DoesNotExist:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(shard=shard)
        except IntegrityError:
            pass  # made by a concurrent writer meanwhile
        return AuditChainHead.objects.select_for_update().get(shard=shard)


def audit_record(
    *,
    actor: Actor,
    action: str,
    subject: models.Model | tuple[str, str],
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one entry to the audit log, inside the caller's transaction.

    Two statements on PostgreSQL: the chain head is locked and moved on by one
    ``UPDATE … RETURNING`` (which gives the previous link's hash), then the entry is inserted
    and the head's hash stored in one statement (a data-modifying CTE). Elsewhere the second
    is an insert and an update."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change.")
    subject_type, subject_id = subject_ref(subject)
    shard = shard_of(subject_type, subject_id)
    seq, prev_hash = _next_link(shard)
    fields = {
        "shard": shard,
        "seq": seq,
        "at": clock.now(),
        "actor_id": actor.user_id,
        "actor_label": actor.label[:160],
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "before": json_normal(before),
        "after": json_normal(after),
        "note": note[:300],
        "request_id": context.request_id.get(),
    }
    digest = link_hash(audit_key(), prev_hash, entry_content(**fields))
    entry = AuditEntry(prev_hash=prev_hash, hash=digest, **fields)
    entry.pk = _insert_and_move_head(entry)
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def _next_link(shard: int) -> tuple[int, str]:
    """Lock the shard's head and take the next sequence number: (seq, previous hash)."""
    head = connection.ops.quote_name(AuditChainHead._meta.db_table)
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {head} SET seq = seq + 1 WHERE shard = %s RETURNING seq, hash", [shard]
            )
            row = cursor.fetchone()
        if row is not None:
            return row[0], row[1]
        _locked_head(shard)  # a new chain: its head row is made (once), then taken as above
    raise RuntimeError(f"audit chain head {shard} is missing")


@cache
def _entry_columns() -> tuple[list[models.Field], str, str]:
    """The entry's columns (all but the id), and the INSERT's column list and placeholders."""
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    return fields, names, ", ".join(["%s"] * len(fields))


def _insert_and_move_head(entry: AuditEntry) -> int:
    """Insert the entry and store its hash as the head's; the entry's id."""
    fields, names, marks = _entry_columns()
    params = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    head = connection.ops.quote_name(AuditChainHead._meta.db_table)
    insert = f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH head AS (UPDATE {head} SET hash = %s WHERE shard = %s) {insert}",
                [entry.hash, entry.shard, *params],
            )
            return cursor.fetchone()[0]
        cursor.execute(insert, params)
        entry_id = cursor.fetchone()[0]
        cursor.execute(f"UPDATE {head} SET hash = %s WHERE shard = %s", [entry.hash, entry.shard])
        return entry_id


def audit_record_many(*, actor: Actor, records: list[dict[str, Any]]) -> list[AuditEntry]:
    """Append many entries at once (a bulk import), inside the caller's transaction: the
    entries :func:`audit_record` would append for each record (keys ``action``, ``subject``
    and optionally ``before``, ``after``, ``note``), in order, with each shard's head locked
    once (in shard order) and the rows inserted in a few statements."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction of the change.")
    refs = [subject_ref(record["subject"]) for record in records]
    shards = [shard_of(subject_type, subject_id) for subject_type, subject_id in refs]
    heads = {shard: _locked_head(shard) for shard in sorted(set(shards))}
    at, request_id, key = clock.now(), context.request_id.get(), audit_key()
    entries = []
    for record, (subject_type, subject_id), shard in zip(records, refs, shards, strict=True):
        head = heads[shard]
        fields = {
            "shard": shard,
            "seq": head.seq + 1,
            "at": at,
            "actor_id": actor.user_id,
            "actor_label": actor.label[:160],
            "action": record["action"],
            "subject_type": subject_type,
            "subject_id": subject_id,
            "before": json_normal(record.get("before")),
            "after": json_normal(record.get("after")),
            "note": record.get("note", "")[:300],
            "request_id": request_id,
        }
        digest = link_hash(key, head.hash, entry_content(**fields))
        entries.append(AuditEntry(prev_hash=head.hash, hash=digest, **fields))
        head.seq, head.hash = fields["seq"], digest
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    for shard, head in heads.items():
        AuditChainHead.objects.filter(shard=shard).update(seq=head.seq, hash=head.hash)
    return entries


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``obj`` (foreign keys by id) for an entry's before/after."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = getattr(obj, field.attname)
    return data
