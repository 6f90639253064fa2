"""Offers (录取): the student accepts or declines a place by its deadline (after it: 409
``offer_expired``); an offer not answered in time expires (``offers_expire``, run by the
command ``training_expire_offers`` from cron, docs/deploy.md). A declined or expired
offer moves the top of the waiting list up — a new offer with its own deadline — in the
same transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict
from onething.core.permissions import SYSTEM, Actor
from onething.core.problems import refuse_if
from onething.core.services.audit import audit_record

from ..models import Application
from ..rules.applications import ACCEPT, APPLICATION_LIFECYCLE, DECLINE, EXPIRE
from ..rules.common import note_problem
from ..rules.selection import is_overdue
from ..rules.statuses import OFFERED
from .application_steps import (
    application_step,
    in_record_language,
    locked_application,
    snapshot_of,
    waiting_list_move_up,
)
from .common import cohort_locked

CHUNK = 200  # offers expired in one transaction


def _overdue(application: Application) -> Conflict:
    deadline = timezone.localtime(application.offer_deadline)
    return Conflict(
        _("The offer had to be answered by %(d)s: it can no longer be accepted or declined.")
        % {"d": f"{deadline:%Y-%m-%d %H:%M}"},
        code="offer_expired",
        details={"offer_deadline": application.offer_deadline.isoformat()},
    )


def _answered(actor: Actor, number: str, action: str, note: str = "") -> Application:
    application = locked_application(actor, number, with_cohort=action == DECLINE)
    status = APPLICATION_LIFECYCLE.target(application.status, action, actor.role)
    now = clock.now()
    if is_overdue(application.offer_deadline, now):
        raise _overdue(application)
    note = (note or "").strip()
    refuse_if([note_problem("reason", note)])
    before = snapshot_of(application)
    application.status = status
    application.answered_at = now
    application.save(update_fields=["status", "answered_at"])
    application_step(application, action, actor, before=before, note=note, at=now)
    return application


@transaction.atomic
def offer_accept(*, actor: Actor, number: str) -> Application:
    """The student accepts the place offered (by its deadline)."""
    return _answered(actor, number, ACCEPT)


@transaction.atomic
def offer_decline(*, actor: Actor, number: str, reason: str = "") -> Application:
    """The student declines the place offered (by its deadline); the waiting list moves
    up into it."""
    application = _answered(actor, number, DECLINE, reason)
    waiting_list_move_up(application.cohort, now=application.answered_at)
    return application


def offers_expire(
    *, now: dt.datetime | None = None, actor: Actor = SYSTEM, chunk: int = CHUNK
) -> int:
    """Expire every offer past its deadline as of ``now``; how many. A cohort at a time,
    locked, in transactions of at most ``chunk`` offers (found through the index of offers
    by deadline); each cohort's freed places go to its waiting list in the same
    transaction. One audit entry for the run."""
    now = now or clock.now()
    count = 0
    cohorts = list(
        Application.objects.filter(status=OFFERED, offer_deadline__lt=now)
        .values_list("cohort_id", flat=True)
        .distinct()
        .order_by("cohort_id")
    )
    for cohort_id in cohorts:
        while True:
            with transaction.atomic():
                cohort = cohort_locked(pk=cohort_id)
                due = list(
                    Application.objects.select_for_update()
                    .filter(cohort_id=cohort_id, status=OFFERED, offer_deadline__lt=now)
                    .order_by("offer_deadline", "pk")[:chunk]
                )
                for application in due:
                    before = snapshot_of(application)
                    application.status = APPLICATION_LIFECYCLE.target(
                        application.status, EXPIRE, actor.role, system=actor.is_system
                    )
                    application.save(update_fields=["status"])
                    application_step(
                        application,
                        EXPIRE,
                        actor,
                        before=before,
                        note=in_record_language(
                            lambda a=application: (
                                _("Not answered by %(d)s.")
                                % {"d": f"{timezone.localtime(a.offer_deadline):%Y-%m-%d %H:%M}"}
                            )
                        ),
                        at=now,
                    )
                if due:
                    waiting_list_move_up(cohort, now=now)
            count += len(due)
            if len(due) < chunk:
                break
    if count:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="training.application.expire_offers",
                subject=("training.application", "offers"),
                after={"count": count, "as_of": now.isoformat()},
                note=in_record_language(lambda: _("Offers expired: %(n)s.") % {"n": count}),
            )
    return count
