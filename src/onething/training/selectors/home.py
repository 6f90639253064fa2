"""What the dashboard's home shows the institute's staff and a university's registrar
(the dashboard reads the institute only through this module): the staff's queues —
applications to screen, offers awaiting an answer, the classes in session, the current
cohort's places —, and a registrar's transcripts received and agreement in force. Counts
are capped (``core.pagination``) and read through the records' indexes."""

from __future__ import annotations

from typing import Any

from onething.core import clock
from onething.core.pagination import capped_count, count_label
from onething.core.permissions import Actor, visible

from ..models import Application, Cohort, Transcript, University
from ..rules.statuses import FINISHED, OFFERED, RUNNING, SELECTING, SUBMITTED
from ..scopes import is_institute_staff, university_id_of
from .catalogue.records import agreement_valid_for, institute_main


def _count(rows) -> str:
    return count_label(*capped_count(rows))


def staff_home(actor: Actor) -> dict[str, Any]:
    """The institute staff's home: their institute, the applications submitted and not
    yet screened, the offers awaiting the students' answers, the classes (a cohort's
    track) of the cohorts selecting or in class, and the current cohort's places."""
    if not is_institute_staff(actor):
        return {"institute": None}
    institute = institute_main(actor)
    applications = visible(actor, Application.objects.all())
    cohorts = Cohort.objects.filter(programme__institute=institute, status__in=(SELECTING, RUNNING))
    current = (
        Cohort.objects.filter(programme__institute=institute)
        .exclude(status=FINISHED)
        .order_by("starts_on", "id")
        .first()
    )
    return {
        "institute": institute,
        "to_screen": _count(applications.filter(status=SUBMITTED)),
        "offers_waiting": _count(applications.filter(status=OFFERED)),
        "classes": Cohort.tracks.through.objects.filter(cohort__in=cohorts).count(),
        "current_cohort": current,
    }


def registrar_home(actor: Actor) -> dict[str, Any]:
    """A registrar's home: their university, the transcripts issued to it (in force:
    not revoked) and its agreement in force today."""
    university_id = university_id_of(actor)
    if university_id is None:
        return {"university": None}
    received = visible(actor, Transcript.objects.all()).filter(revoked_at__isnull=True)
    return {
        "university": University.objects.get(pk=university_id),
        "transcripts_received": _count(received),
        "transcripts_this_year": _count(received.filter(issued_at__year=clock.today().year)),
        "agreement": agreement_valid_for(university_id, clock.today()),
    }
