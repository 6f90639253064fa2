"""What the application pages share: an application's status as a coloured mark, its
offer's deadline, its tracks, its timeline and links."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core import clock
from onething.web.display import Mark, local, timeline_lines

from ...models import Application
from ...rules.applications import action_label
from ...rules.statuses import (
    ACCEPTED,
    APPLICATION_STATUS_LABELS,
    DECLINED,
    EXPIRED,
    NOT_SELECTED,
    OFFERED,
    REJECTED,
    WAITING,
    WITHDRAWN,
    label,
)

KINDS = {
    OFFERED: "warning",
    WAITING: "open",
    ACCEPTED: "closed",
    REJECTED: "overdue",
    DECLINED: "overdue",
    EXPIRED: "overdue",
    NOT_SELECTED: "overdue",
    WITHDRAWN: "overdue",
}


def status_mark(application: Application) -> Mark:
    return Mark(
        label(APPLICATION_STATUS_LABELS, application.status), KINDS.get(application.status, "open")
    )


def deadline_text(application: Application) -> str:
    """ "Answer by …" of an offer waiting for its answer ('' otherwise)."""
    if application.status != OFFERED or application.offer_deadline is None:
        return ""
    if clock.now() > application.offer_deadline:
        return _("Not answered by %(d)s") % {"d": local(application.offer_deadline)}
    return _("Answer by %(d)s") % {"d": local(application.offer_deadline)}


def tracks_text(application: Application) -> str:
    if application.second_track_id:
        return f"{application.first_track.name} / {application.second_track.name}"
    return application.first_track.name


def staff_link(application: Application) -> str:
    return reverse("training-application", args=[application.number])


def file_link(application: Application, attached) -> str:
    return reverse("training-application-file", args=[application.number, attached.pk])


def timeline_of(application: Application) -> list[dict]:
    return timeline_lines(application.steps.select_related("actor"), action_label)
