from __future__ import annotations

from collections.abc import Iterator

from ..auditchain import GENESIS, Break, Link, entry_content, verify_chain
from ..models import AuditChainHead, AuditEntry
from ..services.audit import audit_key


def _links(shard: int) -> Iterator[Link]:
    rows = AuditEntry.objects.filter(shard=shard).order_by("seq")
    for e in rows.iterator(chunk_size=2000):
        content = entry_content(
            shard=e.shard,
            seq=e.seq,
            at=e.at,
            actor_id=e.actor_id,
            actor_label=e.actor_label,
            action=e.action,
            subject_type=e.subject_type,
            subject_id=e.subject_id,
            before=e.before,
            after=e.after,
            note=e.note,
            request_id=e.request_id,
        )
        yield Link(e.pk, content, e.prev_hash, e.hash)


def audit_verify() -> tuple[int, list[Break]]:
    """Check every chain of the audit log; (entries checked, breaks found)."""
    key = audit_key()
    breaks: list[Break] = []
    heads = {h.shard: h for h in AuditChainHead.objects.all()}
    shards = set(heads) | set(AuditEntry.objects.values_list("shard", flat=True).distinct())
    for shard in sorted(shards):
        head = heads.get(shard)
        breaks += verify_chain(
            key,
            shard,
            _links(shard),
            head.seq if head else 0,
            head.hash if head else GENESIS,
        )
    checked = AuditEntry.objects.count()
    return checked, breaks


def subject_history(subject_type: str, subject_id: str):
    """The entries about one subject, oldest first. The caller has already made sure the
    actor may see the subject itself."""
    return AuditEntry.objects.filter(
        subject_type=subject_type, subject_id=str(subject_id)
    ).order_by("at", "id")
