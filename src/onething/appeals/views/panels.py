"""The forms of the staff actions on the appeal page (``appeals/staff/_actions.html``): one
panel per action the actor may take now, each posting to ``appeal-act``. The forms are
built only when the template asks for the panels, their choices (departments, batches) read
only when a select is drawn."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onething.core.errors import Conflict
from onething.core.models import Role
from onething.core.permissions import Actor
from onething.core.selectors.regions import departments_list

from .. import staff_forms as f
from ..models import Appeal, Project
from ..selectors import batches_list

# action → (title, button, hint)
TEXTS = {
    "accept": (
        _("Accept the appeal"),
        _("Accept"),
        _("Your department takes it on; the requester sees it is being handled."),
    ),
    "reply": (_("Reply"), _("Send the reply"), _("The requester is told and asked to rate it.")),
    "return": (
        _("Return to the dispatcher"),
        _("Return"),
        _("When the appeal is not for your department: say why."),
    ),
    "extend": (
        _("Ask for more time"),
        _("Ask for an extension"),
        _("A supervisor approves or refuses; the due date moves when approved."),
    ),
    "dispatch": (_("Dispatch to a department"), _("Dispatch"), ""),
    "redispatch": (_("Dispatch to another department"), _("Dispatch again"), ""),
    "follow_up": (
        _("Record the requester's rating"),
        _("Record the rating"),
        _("After calling the requester back (回访)."),
    ),
    "project": (
        _("Make it a project"),
        _("Create the project"),
        _("立项: the requester follows its milestones on the appeal page."),
    ),
    "milestone": (_("Record a project milestone"), _("Record"), ""),
    "supervise": (_("Put on a supervision batch"), _("Supervise"), ""),
    "contact": (
        _("The contact's full phone"),
        _("Show the full phone"),
        _("Every read of the full number is recorded in the audit log."),
    ),
}
ACTIONS = tuple(TEXTS)
_OVERSEERS = (Role.DISPATCHER, Role.SUPERVISOR)
# The roles that may ever take each action (the services check the rest).
ACTION_ROLES = {
    "accept": (Role.OFFICER,),
    "reply": (Role.OFFICER,),
    "return": (Role.OFFICER,),
    "extend": (Role.OFFICER,),
    "dispatch": _OVERSEERS,
    "redispatch": _OVERSEERS,
    "follow_up": _OVERSEERS,
    "project": (Role.OFFICER, Role.SUPERVISOR),
    "milestone": (Role.OFFICER, Role.SUPERVISOR),
    "supervise": (Role.SUPERVISOR,),
    "contact": (*_OVERSEERS, Role.OFFICER),
}


def department_choices(actor: Actor, exclude_id: int | None = None) -> list[tuple[str, str]]:
    departments = departments_list(actor).filter(region__path__startswith=actor.region_path or "")
    if exclude_id:
        departments = departments.exclude(pk=exclude_id)
    return [("", "—"), *((d.code, d.name) for d in departments.order_by("region__code", "code"))]


def batch_choices(actor: Actor, appeal: Appeal) -> list[tuple[int | str, str]]:
    batches = batches_list(actor).exclude(items__appeal=appeal)
    return [("", "—"), *((b.pk, f"{b.title}（{b.deadline:%Y-%m-%d}）") for b in batches)]


def action_form(
    action: str, actor: Actor, appeal: Appeal, project: Project | None, data=None
) -> forms.Form:
    """The form of ``action`` (bound to ``data`` when given); its ids are prefixed by the
    action, since every panel sits on one page."""
    kw = {"auto_id": f"{action}-%s"}
    if action in ("dispatch", "redispatch"):
        exclude = appeal.department_id if action == "redispatch" else None
        return f.DispatchForm(data, departments=lambda: department_choices(actor, exclude), **kw)
    if action == "supervise":
        return f.SuperviseForm(data, batches=lambda: batch_choices(actor, appeal), **kw)
    if action == "milestone":
        if project is None:
            raise Conflict(_("The appeal is not a project."), code="not_a_project")
        form = f.MilestoneForm(data, **kw)
        undone = [m.stage for m in project.milestones.all() if m.done_on is None]
        form.fields["stage"].initial = undone[0] if undone else None
        return form
    form_class = {
        "accept": f.NoteForm,
        "return": f.ReturnForm,
        "reply": f.ReplyForm,
        "extend": f.ExtendForm,
        "follow_up": f.FollowUpForm,
        "project": f.ProjectForm,
        "contact": f.ContactForm,
    }[action]
    return form_class(data, **kw)


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    button: str
    hint: str
    form: forms.Form
    url: str


class StaffActions(list):
    """The names of the actions the actor may take on the appeal now (a ``list[str]``), and
    their panels for the page. ``bound`` holds a refused form to show again with its
    problems."""

    def __init__(
        self, names, *, actor: Actor, appeal: Appeal, project: Project | None = None
    ) -> None:
        super().__init__(names)
        self.actor = actor
        self.appeal = appeal
        self.project = project
        self.bound: dict[str, forms.Form] = {}

    @cached_property
    def panels(self) -> list[Panel]:
        panels = []
        for name in self:
            title, button, hint = TEXTS[name]
            form = self.bound.get(name) or action_form(name, self.actor, self.appeal, self.project)
            panels.append(
                Panel(
                    name=name,
                    title=str(title),
                    button=str(button),
                    hint=str(hint),
                    form=form,
                    url=reverse("appeal-act", args=[self.appeal.number, name]),
                )
            )
        return panels
