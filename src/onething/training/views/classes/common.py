"""What the class pages share: marks for a status and a verdict, a rate, a link that is
drawn only when its page is installed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core.numbers import percent
from onething.web.display import Mark

from ...rules.passing import rate_percent
from ...rules.statuses import COMPLETED, ENROLLED, ENROLMENT_STATUS_LABELS, label


def status_mark(status: str) -> Mark:
    kind = {ENROLLED: "open", COMPLETED: "closed"}.get(status, "overdue")
    return Mark(label(ENROLMENT_STATUS_LABELS, status), kind)


def verdict_mark(grade) -> Mark | str:
    if grade is None:
        return ""
    return Mark(_("Passed"), "closed") if grade.passed else Mark(_("Not passed"), "overdue")


def rate_text(rate) -> str:
    return percent(rate_percent(rate)) if rate is not None else _("not taken")
