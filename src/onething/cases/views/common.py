"""What the case pages share: deadline marks, the list columns, and uploading the chosen
files and calling a service in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import Actor
from onething.web.display import Mark, local
from onething.web.listing import Column

from .. import hooks
from ..models import Case, Material
from ..selectors.cases import case_deadline_state
from ..services.materials import material_upload
from .filters import DEADLINE_LABELS


def deadline_mark(case: Case) -> Mark | str:
    state = case_deadline_state(case)
    return Mark(DEADLINE_LABELS[state], state) if state else ""


def due_text(case: Case) -> str:
    if case.due_date is None:
        return ""
    text = case.due_date.isoformat()
    return f"{text} ({_('provisional')})" if case.due_provisional else text


def case_link(case: Case) -> str:
    return reverse("case-detail", args=[case.number])


NUMBER = Column(gettext_lazy("Case number"), lambda c: c.number, case_link)
ITEM = Column(gettext_lazy("Service item"), lambda c: c.item.name)
APPLICANT = Column(gettext_lazy("Applicant"), lambda c: c.applicant.name)
STATUS = Column(gettext_lazy("Status"), lambda c: c.get_status_display())
DUE = Column(gettext_lazy("Due"), due_text)
DEADLINE = Column(gettext_lazy("Deadline"), deadline_mark)
SUBMITTED = Column(gettext_lazy("Submitted on"), lambda c: local(c.submitted_at))
DEPARTMENT = Column(gettext_lazy("Handling department"), lambda c: c.department.name)
CENTRE = Column(gettext_lazy("Receiving centre"), lambda c: c.center.name)
CHANNEL = Column(gettext_lazy("Channel"), lambda c: c.get_channel_display())
DELIVERY = Column(gettext_lazy("Result delivery"), lambda c: c.get_delivery_display())
MARKS = Column(gettext_lazy("Notes"), lambda c: " · ".join(getattr(c, "marks", [])))


def prepare_marks(cases: list[Case]) -> None:
    """Load the marks apps built on cases put on these cases (one query per app)."""
    found = hooks.case_marks(cases)
    for case in cases:
        case.marks = found.get(case.pk, [])


EVENT_LABELS = hooks.event_labels(
    {
        "case.submit": gettext_lazy("Application submitted"),
        "case.accept": gettext_lazy("Accepted"),
        "case.decline": gettext_lazy("Not accepted"),
        "case.request_correction": gettext_lazy("Correction requested"),
        "case.submit_correction": gettext_lazy("Correction submitted"),
        "case.conclude": gettext_lazy("Concluded"),
        "case.withdraw": gettext_lazy("Withdrawn"),
        "case.hand_over": gettext_lazy("Result handed over"),
        "evaluation.submit": gettext_lazy("Rated"),
    }
)


def upload_then(
    actor: Actor, form, call: Callable[[list[int]], Any], *, key: str | None = None
) -> Any:
    """Store each file chosen in ``form`` (``material_upload``), then ``call(ids)`` — in one
    transaction, so a refusal leaves no row behind; the stored files of a refused attempt
    are deleted too. Problems of the files are reported on their inputs, all at once."""
    stored: list[Material] = []
    try:
        with transaction.atomic():
            problems: list[FieldProblem] = []
            for name, code, upload in form.files_chosen():
                try:
                    material = material_upload(
                        actor=actor,
                        material_type_code=code,
                        name=upload.name or "",
                        data=upload.read(),
                        idempotency_key=f"{key}:{code}" if key else None,
                    )
                except ValidationFailed as error:
                    problems += [FieldProblem(name, p.rule, p.message) for p in error.problems]
                else:
                    stored.append(material)
            if problems:
                raise ValidationFailed(problems)
            return call([m.pk for m in stored])
    except Exception:
        kept = set(Material.objects.filter(pk__in=[m.pk for m in stored]).values_list("pk"))
        for material in stored:
            if (material.pk,) not in kept and material.file.name:
                material.file.storage.delete(material.file.name)
        raise


def problems_on(form, error: ValidationFailed, renames: dict[str, str] | None = None) -> None:
    """Put the service's problems beside the inputs they are about (``renames`` maps a
    service field to an input); the rest above the form."""
    renames = renames or {}
    for problem in error.problems:
        name = renames.get(problem.field, problem.field)
        form.add_error(name if name in form.fields else None, problem.message)
