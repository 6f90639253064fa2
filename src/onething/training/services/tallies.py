"""The cohorts' roll-ups (Cohort.applications_count, Cohort.enrolled_count), kept by the
services that change what they count — never by ``save()`` of a page — so that the
public figures read a closed cohort's totals without counting its rows:

- ``applications_count``: applications submitted to the cohort (every one, whatever
  became of it: a withdrawn or rejected application was still submitted). The
  application service calls ``cohort_count(cohort_id=…, applications=1)`` in the
  transaction that submits one.
- ``enrolled_count``: enrolments made in the cohort (参加实训; a student who withdraws
  later was still selected). The enrolment service calls ``cohort_count(cohort_id=…,
  enrolled=1)`` in the transaction that enrols (``enrolled=n`` for n at once).

``cohort_recount(cohort)`` counts both again from the rows (a repair tool, and what a
bulk loader calls once at its end)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from ..models import Application, Cohort, Enrolment


def cohort_count(*, cohort_id: int, applications: int = 0, enrolled: int = 0) -> None:
    """Add to the cohort's roll-ups in one ``UPDATE … SET n = n + %s`` (no read, no lost
    update under concurrency); negative numbers take away (never below zero)."""
    changes = {}
    for field, n in (("applications_count", applications), ("enrolled_count", enrolled)):
        if n > 0:
            changes[field] = F(field) + n
        elif n < 0:
            changes[field] = Greatest(F(field) + n, Value(0))
    if changes:
        Cohort.objects.filter(pk=cohort_id).update(**changes)


@transaction.atomic
def cohort_recount(cohort: Cohort) -> Cohort:
    """Both roll-ups counted again from the rows (the cohort locked meanwhile)."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    locked.applications_count = Application.objects.filter(cohort_id=cohort.pk).count()
    locked.enrolled_count = Enrolment.objects.filter(cohort_id=cohort.pk).count()
    locked.save(update_fields=["applications_count", "enrolled_count"])
    cohort.applications_count = locked.applications_count
    cohort.enrolled_count = locked.enrolled_count
    return cohort
