"""One active placement per student when reads go stale and when requests race: the
database's partial unique key holds, the loser is answered the same 409 naming the rule,
and nothing of it is written (its application stays offered, no audit entry)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from onething.core import clock
from onething.core.errors import Conflict
from onething.core.models import AuditEntry
from onething.training.models import JobApplication, Placement
from onething.training.services.placements import job_apply, job_hire, job_offer, records

from . import world
from .world_placements import AFTER_CLASS, build


def _two_offers(jobs):
    with clock.frozen(AFTER_CLASS):
        a = job_apply(actor=jobs.wei, number=jobs.yaoming_opening.number)
        b = job_apply(actor=jobs.wei, number=jobs.zwax_opening.number)
        job_offer(actor=jobs.inst.hr, application_id=a.pk)
        job_offer(actor=jobs.zwax_hr, application_id=b.pk)
    return a, b


def test_a_stale_read_meets_the_databases_key(inst, monkeypatch):
    jobs = build(inst)
    a, b = _two_offers(jobs)
    with clock.frozen(AFTER_CLASS):
        job_hire(actor=jobs.wei, application_id=a.pk)
        monkeypatch.setattr(records, "active_placement", lambda person_id: None)  # stale
        audit = AuditEntry.objects.count()
        with pytest.raises(Conflict) as refused:
            job_hire(actor=jobs.wei, application_id=b.pk)
    assert refused.value.code == "already_placed"
    assert refused.value.details["rule"] == "one_active_placement"
    assert JobApplication.objects.get(pk=b.pk).status == "offered"
    assert Placement.objects.filter(person_id=jobs.wei.person_id).count() == 1
    assert AuditEntry.objects.count() == audit


def in_parallel(work, count: int) -> tuple[list, list]:
    start = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(i: int) -> None:
        try:
            start.wait(10)
            with clock.frozen(AFTER_CLASS):
                results[i] = work(i)
        except Exception as exc:  # reported by the assertions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_hires_of_one_student_at_once(transactional_city, monkeypatch):
    jobs = build(world.build(transactional_city))
    a, b = _two_offers(jobs)
    # both pass the first check, as two requests at the same moment do
    monkeypatch.setattr(records, "active_placement", lambda person_id: None)
    results, errors = in_parallel(
        lambda i: job_hire(actor=jobs.wei, application_id=(a, b)[i].pk), 2
    )
    assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert errors[0].code == "already_placed"
    assert Placement.objects.filter(person_id=jobs.wei.person_id, ended_on=None).count() == 1
    statuses = sorted(
        JobApplication.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)
    )
    assert statuses == ["hired", "offered"]
    hired = next(r for r in results if r is not None)
    assert Placement.objects.get().application_id == hired.pk
