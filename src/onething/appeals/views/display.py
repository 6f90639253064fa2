"""How the appeal pages put things in words and marks: status and deadline marks, due
dates, rating labels, the flow steps (受理 → 派单 → 办理 → 回复 → 回访 → 办结), timeline
lines, project milestones and the list columns every appeal list shares. Shared by the
requesters', the public and the staff pages; no query of its own beyond what a mark needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock, deadlines
from onething.core.ratings import rating_label, satisfied
from onething.core.selectors.actions import action_labels
from onething.core.selectors.actors import actor_names
from onething.web.display import Mark, local
from onething.web.listing import Column

from .. import rules
from ..models import Appeal, AppealEvent
from ..selectors import deadline_info
from ..selectors.limits import configured_limits, working_days_from

__all__ = [
    "COLUMNS",
    "FLOW",
    "STATUS_CLASSES",
    "Mark",
    "appeal_link",
    "deadline_mark",
    "due_text",
    "event_label",
    "flow_steps",
    "local",
    "milestone_rows",
    "prepare_deadlines",
    "rating_label",
    "rating_mark",
    "status_class",
    "status_mark",
    "timeline_lines",
]

# Status → the class of its mark (styles in appeals/_style.html).
STATUS_CLASSES = {
    "received": "neutral",
    "dispatched": "open",
    "returned": "warning",
    "handling": "open",
    "replied": "replied",
    "closed": "closed",
}


def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "neutral")


def status_mark(appeal: Appeal) -> Mark:
    """The appeal's status as a coloured mark (plain text in an export)."""
    label = rules.STATUS_LABELS.get(appeal.status, appeal.status)
    return Mark(label, status_class(appeal.status))


def prepare_deadlines(appeals) -> None:
    """Work out the deadline state of a batch of appeals with one query for the time
    limits (give it to list_page as ``prepare``); ``deadline_mark`` then uses it."""
    limits = configured_limits()
    today = clock.today()
    for appeal in appeals:
        _days, warning = limits.get(
            (appeal.type, appeal.urgency),
            (rules.limit_days(appeal.type, appeal.urgency), rules.DEFAULT_WARNING_DAYS),
        )
        appeal.deadline_state = rules.deadline_state(
            due=appeal.due_date,
            today=today,
            days_left=working_days_from(today, appeal.due_date),
            warning_days=warning,
            answered=appeal.status in ("replied", "closed"),
        )


def deadline_mark(appeal: Appeal) -> Mark:
    """On time / warning / overdue (or answered) for the appeal's reply due date."""
    state = getattr(appeal, "deadline_state", None) or deadline_info(appeal).state
    # a running state's mark has its own class (mark.state.on_time …), answered none
    return Mark(deadlines.label(state), state if state in deadlines.RUNNING else "neutral")


def due_text(appeal: Appeal) -> str:
    """The reply due date, marked provisional when it ran through an unpublished year."""
    if appeal.due_date is None:
        return ""
    text = appeal.due_date.isoformat()
    return f"{text} ({_('provisional')})" if appeal.due_provisional else text


def rating_mark(n: int | None) -> Mark | str:
    if not n:
        return ""
    kind = "on_time" if satisfied(n) else "overdue"  # the green and the red mark
    return Mark(rating_label(n), kind)


# ---------------------------------------------------------------- the flow

FLOW = [
    ("received", gettext_lazy("Intake")),  # 受理
    ("dispatched", gettext_lazy("Dispatch")),  # 派单
    ("handling", gettext_lazy("Handling")),  # 办理
    ("replied", gettext_lazy("Reply")),  # 回复
    ("follow_up", gettext_lazy("Follow-up")),  # 回访
    ("closed", gettext_lazy("Closure")),  # 办结
]
# Status → the index of the current step in FLOW.
_CURRENT = {
    "received": 0,
    "returned": 1,
    "dispatched": 1,
    "handling": 2,
    "replied": 4,  # replied: waiting for the follow-up
    "closed": 5,
}


@dataclass(frozen=True)
class FlowStep:
    key: str
    label: str
    state: str  # done | current | todo


def flow_steps(appeal: Appeal) -> list[FlowStep]:
    """The six steps with the current one (``current``), those before (``done``) and after
    (``todo``). A closed appeal has every step done, the last one current."""
    current = _CURRENT.get(appeal.status, 0)
    steps = []
    for index, (key, label) in enumerate(FLOW):
        state = "done" if index < current else "current" if index == current else "todo"
        steps.append(FlowStep(key, str(label), state))
    return steps


# ---------------------------------------------------------------- the timeline

EVENT_LABELS = {
    "received": gettext_lazy("Taken in"),
    "dispatch": gettext_lazy("Dispatched"),
    "dispatch_held": gettext_lazy("Automatic dispatch held"),
    "redispatch": gettext_lazy("Dispatched again"),
    "accept": gettext_lazy("Accepted by the department"),
    "return": gettext_lazy("Returned to the dispatcher"),
    "reply": gettext_lazy("Replied"),
    "close": gettext_lazy("Closed"),
    "reopen": gettext_lazy("Reopened"),
    "extend": gettext_lazy("Time limit extended"),
    "extension_requested": gettext_lazy("Extension requested"),
    "extension_refused": gettext_lazy("Extension refused"),
    "supervised": gettext_lazy("Put under supervision"),
    "project": gettext_lazy("Became a project"),
    "milestone": gettext_lazy("Project milestone"),
}


# the audit actions appeals write, named as the timeline names them (one name each)
action_labels(
    {f"appeal.{kind}": label for kind, label in EVENT_LABELS.items()}
    | {
        "appeal.submit": EVENT_LABELS["received"],
        "appeal.supervise": EVENT_LABELS["supervised"],
        "appeal.due_recount": gettext_lazy("Deadline recounted with the published holidays"),
        "category.save": gettext_lazy("Appeal category saved"),
        "policy.publish": gettext_lazy("Policy published"),
        "programme.save": gettext_lazy("Appeal programme saved"),
        "project.create": EVENT_LABELS["project"],
        "project.milestone": EVENT_LABELS["milestone"],
        "routing_rule.save": gettext_lazy("Routing rule saved"),
        "supervision_batch.create": gettext_lazy("Supervised batch created"),
        "time_limit.set": gettext_lazy("Reply time limit set"),
    }
)


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


@dataclass(frozen=True)
class TimelineLine:
    at: str  # local time, to the minute
    kind: str
    label: str
    who: str  # the actor's label and department
    note: str
    public: bool


def timeline_lines(events, *, show_actor: bool = True) -> list[TimelineLine]:
    """The timeline (from selectors.appeal_timeline, already scoped) as lines for a page;
    the requester sees the departments, not the staff accounts (``show_actor=False``)."""
    events = list(events)
    names = actor_names(e.actor_label for e in events) if show_actor else {}
    lines = []
    for event in events:
        event: AppealEvent
        who = names.get(event.actor_label, "") if show_actor else ""
        if event.department_id:
            name = event.department.name
            who = f"{who} · {name}" if who else name
        lines.append(
            TimelineLine(
                at=local(event.at),
                kind=event.kind,
                label=event_label(event.kind),
                who=who,
                note=event.note,
                public=event.public,
            )
        )
    return lines


# ---------------------------------------------------------------- the project


@dataclass(frozen=True)
class MilestoneRow:
    stage: str
    label: str
    planned_on: str
    done_on: str
    note: str
    done: bool


def milestone_rows(project) -> list[MilestoneRow]:
    """立项 / 招标 / 施工 / 完工 with their planned and done dates."""
    return [
        MilestoneRow(
            stage=m.stage,
            label=m.get_stage_display(),
            planned_on=m.planned_on.isoformat() if m.planned_on else "",
            done_on=m.done_on.isoformat() if m.done_on else "",
            note=m.note,
            done=m.done_on is not None,
        )
        for m in project.milestones.all()
    ]


# ---------------------------------------------------------------- list columns


def appeal_link(appeal: Appeal) -> str:
    return reverse("appeal-detail", args=[appeal.number])


def _department(appeal: Appeal) -> str:
    return appeal.department.name if appeal.department_id else ""


COLUMNS = {
    "number": Column(gettext_lazy("Appeal number"), lambda a: a.number, appeal_link),
    "title": Column(gettext_lazy("Subject"), lambda a: a.title),
    "type": Column(gettext_lazy("Type"), lambda a: a.get_type_display()),
    "channel": Column(gettext_lazy("Channel"), lambda a: a.get_channel_display()),
    "programme": Column(
        gettext_lazy("Programme"), lambda a: a.programme.name if a.programme_id else ""
    ),
    "category": Column(gettext_lazy("Category"), lambda a: a.category.name),
    "region": Column(gettext_lazy("Region"), lambda a: a.region.name),
    "department": Column(gettext_lazy("Department"), _department),
    "status": Column(gettext_lazy("Status"), status_mark),
    "received": Column(gettext_lazy("Received on"), lambda a: local(a.received_at)),
    "due": Column(gettext_lazy("Reply due"), due_text),
    "deadline": Column(gettext_lazy("Deadline"), deadline_mark),
    "rating": Column(gettext_lazy("Satisfaction"), lambda a: rating_label(a.rating)),
}
