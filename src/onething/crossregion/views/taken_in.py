"""代收件: the cases a clerk's centre took in for another town (收办分离 / 两地联办), with
where each stands, the next step and who takes it — a tab of the window workbench. The
window's own steps (the paper originals, the result back) link to the case's panel."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.cases.views import common as c
from onething.core.models import Role
from onething.core.permissions import require_role
from onething.web.display import Mark, local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..rules import FORWARDED_STAGES
from ..selectors.cases import stage_of, taken_in_for_others

STAGE_LABELS = {
    "prepare": gettext_lazy("Taken in: originals to post"),
    "post": gettext_lazy("Originals packed"),
    "resend": gettext_lazy("Originals missing or damaged"),
    "in_transit": gettext_lazy("Originals posted"),
    "forwarded": gettext_lazy("Forwarded"),
    "handling": gettext_lazy("Being handled there"),
    "correction": gettext_lazy("Correction requested"),
    "hand_over": gettext_lazy("Result back at this window"),
    "closed": gettext_lazy("Finished here"),
}


def next_step(stage: str, town: str) -> str:
    return {
        "prepare": _("Prepare the paper originals for the post"),
        "post": _("Post the originals and record the tracking number"),
        "resend": _("Prepare the originals again"),
        "in_transit": _("%(town)s receives the originals") % {"town": town},
        "forwarded": _("%(town)s accepts the case") % {"town": town},
        "handling": _("%(town)s concludes the case") % {"town": town},
        "correction": _("The applicant corrects the application (here or online)"),
        "hand_over": _("Hand the result over, or post it"),
        "closed": "—",
    }[stage]


ACTION_LABELS = {
    "prepare": gettext_lazy("Prepare the hand-off"),
    "post": gettext_lazy("Record the posting"),
    "resend": gettext_lazy("Prepare the hand-off"),
    "hand_over": gettext_lazy("Hand over"),
}


class TakenInFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Case number or item"), max_length=60, required=False)


def _prepare(records: list) -> None:
    for record in records:
        record.stage = stage_of(record)


def _town(record) -> str:
    center = record.handling_center.name if record.handling_center_id else ""
    return " · ".join(filter(None, [record.handling_region.name, center]))


def _case_link(record) -> str:
    return c.case_link(record.case)


COLUMNS = [
    Column(gettext_lazy("Case number"), lambda r: r.case.number, _case_link),
    Column(gettext_lazy("Service item"), lambda r: r.case.item.name),
    Column(gettext_lazy("Applicant"), lambda r: r.case.applicant.name),
    Column(gettext_lazy("Mode"), lambda r: r.get_mode_display()),
    Column(gettext_lazy("Forwarded to"), _town),
    Column(gettext_lazy("Taken in on"), lambda r: local(r.case.submitted_at)),
    Column(
        gettext_lazy("State"),
        lambda r: Mark(STAGE_LABELS[r.stage], "warning" if FORWARDED_STAGES[r.stage] else r.stage),
    ),
    Column(gettext_lazy("Next step"), lambda r: next_step(r.stage, r.handling_region.name)),
    Column(
        gettext_lazy("Action"),
        lambda r: ACTION_LABELS.get(r.stage, ""),
        lambda r: f"{_case_link(r)}#cross-region" if r.stage in ACTION_LABELS else "",
    ),
]


@login_required
@domain_errors_as_pages
def taken_in(request):
    """The centre's cases taken in for other towns, newest first."""
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    workbench = reverse("workbench")
    return list_page(
        request,
        title=gettext_lazy("Taken in for other towns"),
        form_class=TakenInFilter,
        rows=lambda f: taken_in_for_others(actor, **f),
        columns=COLUMNS,
        export_name="taken-in-for-other-towns",
        template="crossregion/taken_in.html",
        prepare=_prepare,
        extra={
            "tabs": [
                (f"{workbench}?queue=to_accept", _("Waiting for acceptance")),
                (f"{workbench}?queue=to_hand_over", _("Results to hand over")),
                (f"{workbench}?queue=open", _("All open cases")),
                (f"{workbench}?queue=all", _("All cases")),
            ],
            "new_url": reverse("crossregion-intake"),
            "new_label": _("Cross-region intake"),
        },
    )
