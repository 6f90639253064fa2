"""Selections and answers racing on PostgreSQL: four selections at once, declines racing a
selection — the cohort's lock makes them run one at a time, so the places taken never
pass the capacity and nobody is offered twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from onething.core import clock
from onething.core.errors import Conflict
from onething.training.models import Application, Cohort
from onething.training.services.offers import offer_decline
from onething.training.services.selection import selection_run

from . import world
from .test_selection_services import top_student
from .world_applications import interviewed

WHEN = world.NOW + dt.timedelta(days=1)


def in_parallel(work, count: int) -> tuple[list, list]:
    start = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(i: int) -> None:
        try:
            start.wait(10)
            with clock.frozen(WHEN):
                results[i] = work(i)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


def taken() -> int:
    return Application.objects.filter(status__in=("offered", "accepted")).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_and_declines_never_exceed_capacity(transactional_city):
    inst = world.build(transactional_city)
    Cohort.objects.filter(pk=inst.cohort.pk).update(capacity=3)
    apps = interviewed(inst, ["95", "90", "85", "80", "75", "70", "65"])

    def select(places):
        return lambda _i: selection_run(actor=inst.staff, cohort_code="2025S", places=places)

    results, errors = in_parallel(select(2), 4)
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 3 and all(
        isinstance(e, Conflict) and e.code == "over_capacity" for e in errors
    )
    assert taken() == 2
    results, errors = in_parallel(select(None), 4)
    assert errors == [] and sum(len(r.offered) for r in results) == 1
    assert taken() == 3

    offered = list(Application.objects.filter(status="offered").order_by("pk"))
    students = [top_student(a) for a in offered]

    def decline_or_select(i: int):
        if i < len(offered):
            return offer_decline(actor=students[i], number=offered[i].number)
        return selection_run(actor=inst.staff, cohort_code="2025S")

    _results, errors = in_parallel(decline_or_select, len(offered) + 1)
    assert errors == []
    assert taken() == 3
    statuses = [Application.objects.get(pk=a.pk).status for a in apps]
    assert statuses.count("declined") == 3 and statuses.count("offered") == 3
    assert statuses.count("waiting") == 1
