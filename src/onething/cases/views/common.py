"""What the case pages share: deadline marks, the list columns, and uploading the chosen
files and calling a service in one transaction (an application page's whole POST:
``submit_with_uploads``, used by the one-thing and cross-region pages too)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import deadlines
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.forms import kept_token, problems_on
from onething.core.permissions import Actor
from onething.web.display import Mark, local
from onething.web.listing import Column

from .. import hooks
from ..models import Case
from ..selectors.cases import case_deadline_state, pending_uploads
from ..services.materials import material_upload

CONCLUDED_LABELS = {
    deadlines.ON_TIME: gettext_lazy("Concluded on time"),
    deadlines.OVERDUE: gettext_lazy("Concluded late"),
}


def deadline_mark(case: Case) -> Mark | str:
    """时限状态: 正常 / 预警 / 超期 while the clock runs, 按时办结 / 超期办结 once concluded
    ('' before acceptance); never the date, which has its own column."""
    state = case_deadline_state(case)
    if not state:
        return ""
    if case.concluded_at and state in CONCLUDED_LABELS:
        return Mark(CONCLUDED_LABELS[state], state)
    return Mark(deadlines.label(state), state)


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
        "case.window_intake": gettext_lazy("Application taken in at a window"),
        "case.due_recount": gettext_lazy("Deadline recounted with the published holidays"),
        "pii.read": gettext_lazy("Full personal data read (audited)"),
        "case.generate": gettext_lazy("Cases generated for a capacity test"),
        "licence.issue": gettext_lazy("Licence issued"),
        "material.upload": gettext_lazy("Material uploaded"),
        "material.purge": gettext_lazy("Unattached uploads deleted"),
        "rectification.open": gettext_lazy("Rectification opened"),
        "rectification.close": gettext_lazy("Rectification closed"),
        "rectification.due_recount": gettext_lazy(
            "Rectification deadline recounted with the published holidays"
        ),
    }
)


def event_label(action: str) -> str:
    """An audit action of the case's history in words; one no app has named reads as a
    step of the handling, never as its code."""
    return str(EVENT_LABELS.get(action) or _("Handling step recorded"))


def _store_uploads(
    actor: Actor, form, key: str | None
) -> tuple[dict[str, int], list[FieldProblem]]:
    """The uploads of this submission by material code: the files kept from an earlier,
    refused one (the actor's own only) and each file chosen now, stored at once (each in
    its own transaction) so that a refusal keeps them. Problems of the files come back by
    input, all of them."""
    problems: list[FieldProblem] = []
    ids: dict[str, int] = {}
    kept = dict(getattr(form, "kept", {}))
    pending = pending_uploads(actor, [upload_id for upload_id, _u, _n in kept.values()])
    for code, (upload_id, user_id, _name) in kept.items():
        if user_id != actor.user_id or upload_id not in pending:
            form.drop_kept(code)
            problems.append(
                FieldProblem(
                    f"materials.{code}",
                    "unknown",
                    _("This upload is not yours or is already used: choose the file again."),
                )
            )
        else:
            ids[code] = upload_id
    for name, code, upload in form.files_chosen():
        data = upload.read()
        digest = hashlib.sha256(data).hexdigest()[:16]
        try:
            material = material_upload(
                actor=actor,
                material_type_code=code,
                name=upload.name or "",
                data=data,
                idempotency_key=f"{key}:{code}:{digest}" if key else None,
            )
        except ValidationFailed as error:
            problems += [FieldProblem(name, p.rule, p.message) for p in error.problems]
        else:
            ids[code] = material.pk
            token = kept_token(
                upload_id=material.pk, user_id=actor.user_id, name=material.original_name
            )
            form.keep(code, token, (material.pk, actor.user_id, material.original_name))
    return ids, problems


def keep_uploads(actor: Actor, form) -> None:
    """A form refused before the service was called: store the files chosen with it all the
    same, so that the next submission need not choose them again."""
    data = getattr(form, "cleaned_data", {})
    _ids, problems = _store_uploads(actor, form, data.get("idempotency_key") or None)
    problems_on(form, problems, one_per_input=True, beside_only=True)


def upload_then(
    actor: Actor, form, call: Callable[[list[int]], Any], *, key: str | None = None
) -> Any:
    """Store each file chosen in ``form`` (``material_upload``) and reuse those kept from a
    refused submission, then ``call(ids)`` in one transaction. A refusal reports every
    problem at once (the files' and the service's) and keeps the files stored, shown on
    the form for the next submission."""
    ids, problems = _store_uploads(actor, form, key)
    try:
        with transaction.atomic():
            result = call(list(ids.values()))
            if problems:
                raise ValidationFailed(problems)  # undoes the call
            return result
    except ValidationFailed as error:
        if error.problems is problems:
            raise
        about = {p.field for p in problems}
        merged = problems + [p for p in error.problems if p.field not in about]
        raise ValidationFailed(merged) from error


def submit_with_uploads(
    actor: Actor,
    form,
    service: Callable[..., Any],
    *,
    renames: dict[str, str] | None = None,
    **fixed,
) -> Any | None:
    """An application page's POST: a valid ``form``'s files stored and
    ``service(actor=actor, material_ids=ids, **fixed, **form.service_arguments())`` called
    in one transaction (``upload_then``), its result returned. A refusal returns None with
    every problem on the form (``renames`` maps a service field to an input); a form refused
    before the service was called keeps its files all the same (``keep_uploads``)."""
    if not form.is_valid():
        keep_uploads(actor, form)
        return None
    arguments = form.service_arguments()
    try:
        return upload_then(
            actor,
            form,
            lambda ids: service(actor=actor, material_ids=ids, **fixed, **arguments),
            key=arguments["idempotency_key"],
        )
    except ValidationFailed as error:
        problems_on(form, error, renames)
        return None
