"""The audit log in the database: one entry per change, append-only (a trigger refuses
UPDATE and DELETE), and `audit verify` finds an edited or deleted entry."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from onething.core.dbtriggers import AUDIT_LOG
from onething.core.models import AuditChainHead, AuditEntry
from onething.core.selectors.audit import audit_verify, subject_history
from onething.core.services.audit import audit_record, shard_of


def _drop_triggers():
    """What an intruder with database rights would do first (rolled back with the test)."""
    AUDIT_LOG.uninstall(connection)


def test_changes_are_recorded_with_actor_and_request(city):
    client = city.client("clerk.hudai")
    answer = client.post(
        "/api/people",
        {"name": "孙八", "id_number": "11010519491231002X", "region_code": "320211102"},
        content_type="application/json",
        HTTP_X_REQUEST_ID="req-test-000001",
    )
    assert answer["X-Request-ID"] == "req-test-000001"
    history = list(subject_history("core.person", answer.json()["id"]))
    assert [e.action for e in history] == ["person.register"]
    assert history[0].request_id == "req-test-000001"
    assert history[0].actor_label.startswith("clerk.hudai")


def test_the_demo_city_verifies(city):
    checked, breaks = audit_verify()
    assert checked > 50
    assert breaks == []
    call_command("audit", "verify")


def test_update_and_delete_are_refused_by_the_database(city):
    entry = AuditEntry.objects.order_by("id").first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(note="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_an_edited_entry_is_found(city):
    _drop_triggers()
    entry = AuditEntry.objects.filter(action="person.register").order_by("id").first()
    AuditEntry.objects.filter(pk=entry.pk).update(after={"name": "someone else"})
    _checked, breaks = audit_verify()
    assert [(b.entry_id, b.problem) for b in breaks] == [
        (entry.pk, "content does not match its hash")
    ]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_a_deleted_entry_is_found(city):
    _drop_triggers()
    entry = AuditEntry.objects.filter(action="region.create").order_by("id").first()
    AuditEntry.objects.filter(pk=entry.pk).delete()
    _checked, breaks = audit_verify()
    assert breaks and all(b.shard == entry.shard for b in breaks)


def test_a_deleted_last_entry_is_found_by_the_chain_head(city):
    _drop_triggers()
    head = AuditChainHead.objects.filter(seq__gt=0).order_by("shard").first()
    AuditEntry.objects.filter(shard=head.shard, seq=head.seq).delete()
    _checked, breaks = audit_verify()
    assert [b.shard for b in breaks] == [head.shard]


def test_entries_about_one_subject_share_a_chain(city):
    with transaction.atomic():
        for _ in range(3):
            audit_record(actor=city.system, action="test.touch", subject=("test.thing", "42"))
    shards = set(
        AuditEntry.objects.filter(subject_type="test.thing").values_list("shard", flat=True)
    )
    assert shards == {shard_of("test.thing", "42")}


@pytest.mark.django_db(transaction=True)
def test_audit_record_outside_a_transaction_is_refused(transactional_city):
    with pytest.raises(RuntimeError):
        audit_record(actor=transactional_city.system, action="x", subject=("t", "1"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_every_chain_intact(transactional_city):
    errors = []

    def write(n):
        try:
            for i in range(15):
                with transaction.atomic():
                    audit_record(
                        actor=transactional_city.system,
                        action="test.concurrent",
                        subject=("test.thing", f"{n}-{i}"),
                    )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 90
    assert audit_verify()[1] == []


def test_entries_link_up_and_read_back_as_written(city, settings):
    """An entry is written in two statements (the head moved on, then the entry with the
    head's new hash): what audit_record answers is what is stored, and a new chain's head
    is made on its first entry."""
    from onething.core.permissions import SYSTEM

    settings.ONETHING_AUDIT_SHARDS = 4096  # a chain with no head yet
    subject = ("test.thing", "audit-two-statements")
    shard = shard_of(*subject)
    assert not AuditChainHead.objects.filter(shard=shard).exists()
    with transaction.atomic():
        written = [
            audit_record(actor=SYSTEM, action="test.step", subject=subject, after={"n": n})
            for n in range(3)
        ]
    stored = list(AuditEntry.objects.filter(shard=shard).order_by("seq"))
    assert [e.pk for e in stored] == [e.pk for e in written]
    assert [e.seq for e in stored] == [1, 2, 3]
    assert [e.hash for e in stored] == [e.hash for e in written]
    assert [e.after for e in stored] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert stored[0].before is None and stored[0].at == written[0].at
    assert stored[1].prev_hash == stored[0].hash and stored[2].prev_hash == stored[1].hash
    head = AuditChainHead.objects.get(shard=shard)
    assert (head.seq, head.hash) == (3, stored[-1].hash)
    assert audit_verify()[1] == []
