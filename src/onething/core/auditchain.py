"""The audit log's hash chain, pure (no database).

Each entry's ``hash`` is HMAC-SHA256, under the audit key, of the previous entry's hash in
the same chain and the entry's canonical content. Editing, deleting or reordering an entry
breaks every later link; without the key (kept outside the database) nobody who can only
write to the database can forge a consistent chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def json_normal(value: Any) -> Any:
    """The value as it will read back from a JSON column (dates and decimals as strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    ).encode()


def link_hash(key: bytes, prev_hash: str, content: dict[str, Any]) -> str:
    return hmac.new(
        key, prev_hash.encode() + b"\n" + canonical(content), hashlib.sha256
    ).hexdigest()


def entry_content(
    *,
    shard: int,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    subject_type: str,
    subject_id: str,
    before: Any,
    after: Any,
    note: str,
    request_id: str,
) -> dict[str, Any]:
    return {
        "shard": shard,
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "before": before,
        "after": after,
        "note": note,
        "request_id": request_id,
    }


@dataclass(frozen=True)
class Link:
    """What the verifier reads of one stored entry."""

    id: int
    content: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Break:
    shard: int
    seq: int | None
    entry_id: int | None
    problem: str


def verify_chain(
    key: bytes, shard: int, links: Iterable[Link], head_seq: int, head_hash: str
) -> list[Break]:
    """Walk one chain in ``seq`` order; report every link that does not hold."""
    breaks: list[Break] = []
    expected_seq, prev = 1, GENESIS
    for link in links:
        seq = link.content["seq"]
        if seq != expected_seq:
            breaks.append(
                Break(shard, seq, link.id, f"sequence jumps from {expected_seq - 1} to {seq}")
            )
        if link.prev_hash != prev:
            breaks.append(Break(shard, seq, link.id, "does not follow the previous entry"))
        if link_hash(key, link.prev_hash, link.content) != link.hash:
            breaks.append(Break(shard, seq, link.id, "content does not match its hash"))
        prev, expected_seq = link.hash, seq + 1
    if expected_seq - 1 != head_seq or prev != head_hash:
        breaks.append(
            Break(
                shard,
                None,
                None,
                f"chain ends at {expected_seq - 1} but its head records {head_seq}",
            )
        )
    return breaks
