"""时限状态: the one vocabulary for how an open item stands against its due date, for cases
and appeals alike. Pure names and labels, no database; each app's rules decide the state.

``on_time`` (正常) while there is time left, ``warning`` (预警) close to the due date,
``overdue`` (超期) past it, ``answered`` (已回复) once an appeal has been replied to.
The values are what the API returns and the class of a page's mark (``mark.state.on_time``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ON_TIME = "on_time"
WARNING = "warning"
OVERDUE = "overdue"
ANSWERED = "answered"

# The states of an item whose clock runs, in a filter's order.
RUNNING = (ON_TIME, WARNING, OVERDUE)

LABELS = {
    ON_TIME: _("On time"),  # 正常
    WARNING: _("Warning"),  # 预警
    OVERDUE: _("Overdue"),  # 超期
    ANSWERED: _("Answered"),  # 已回复
}


def label(state: str | None) -> str:
    """The state's label ('' for none, the value itself for an unknown one)."""
    if not state:
        return ""
    return str(LABELS.get(state, state))
