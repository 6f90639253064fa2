"""What the class services share: the enrolment locked for its institute's staff (another
institute's: 404). Who writes and the cohort locked are every part's (``..common``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core.permissions import Actor

from ...models import Enrolment
from ..common import staff_locked


def enrolment_locked(actor: Actor, number: str) -> Enrolment:
    """The enrolment ``number``, locked, for its institute's staff (another's: 404)."""
    return staff_locked(
        actor,
        Enrolment.objects.select_related(
            "cohort__programme__institute", "track", "person", "university"
        ),
        _("No enrolment %(n)s is visible to you.") % {"n": str(number)[:30]},
        institute="cohort.programme.institute",
        hidden=True,
        number=number,
    )
