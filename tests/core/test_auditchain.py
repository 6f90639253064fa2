"""The audit hash chain — pure, no database."""

import datetime as dt

from onething.core.auditchain import GENESIS, Link, entry_content, link_hash, verify_chain

KEY = b"k" * 32


def chain(n):
    links, prev = [], GENESIS
    for seq in range(1, n + 1):
        content = entry_content(
            shard=3,
            seq=seq,
            at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=seq),
            actor_id=1,
            actor_label="clerk",
            action="case.accept",
            subject_type="cases.case",
            subject_id=str(seq),
            before={"status": "submitted"},
            after={"status": "accepted"},
            note="",
            request_id="r",
        )
        digest = link_hash(KEY, prev, content)
        links.append(Link(seq, content, prev, digest))
        prev = digest
    return links


def test_intact_chain_verifies():
    links = chain(5)
    assert verify_chain(KEY, 3, links, 5, links[-1].hash) == []


def test_edited_content_is_found():
    links = chain(5)
    links[2].content["after"] = {"status": "declined"}
    breaks = verify_chain(KEY, 3, links, 5, links[-1].hash)
    assert [(b.seq, b.problem) for b in breaks] == [(3, "content does not match its hash")]


def test_deleted_middle_entry_is_found():
    links = chain(5)
    del links[2]
    problems = {b.problem for b in verify_chain(KEY, 3, links, 5, links[-1].hash)}
    assert "sequence jumps from 2 to 4" in problems
    assert "does not follow the previous entry" in problems


def test_deleted_last_entry_is_found_by_the_head():
    links = chain(5)
    breaks = verify_chain(KEY, 3, links[:-1], 5, links[-1].hash)
    assert breaks and breaks[-1].seq is None


def test_forgery_without_the_key_fails():
    links = chain(3)
    forged = dict(links[1].content, note="forged")
    links[1] = Link(2, forged, links[1].prev_hash, link_hash(b"x" * 32, links[1].prev_hash, forged))
    assert verify_chain(KEY, 3, links, 3, links[-1].hash)
