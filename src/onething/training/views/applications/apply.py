"""A student applies to a cohort: every problem at once beside its input, the academic
transcript and the CV kept across a refused submission, the form filled in from their
last application; the page says when their university's credits will not transfer (no
credit agreement valid when the class starts: they may still apply)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.forms import problems_on
from onething.core.kept_uploads import KeptUpload, KeptUploads, user_owner
from onething.core.models import Role
from onething.web.views.base import page_actor

from ...models import Application
from ...selectors import applications as selectors
from ...services.applications import (
    KEPT_CVS,
    KEPT_TRANSCRIPTS,
    application_submit,
    require_student,
)
from ..common import signed_in
from .forms import ApplyForm

FILES = {"transcript": KEPT_TRANSCRIPTS, "cv": KEPT_CVS}
SENT_ALREADY = gettext_lazy(
    "This form was sent already, with other content (after going back?). Check it and send "
    "it again to apply."
)


def _initial(actor) -> dict:
    """From the student's last application (another cohort's): who they are stays."""
    last = selectors.my_applications(actor).first()
    if last is None:
        return {}
    return {
        "university": str(last.university_id),
        "major": last.major,
        "degree": last.degree,
        "graduation_year": str(last.graduation_year),
    }


def _files(request, actor) -> dict:
    """Each file input: (kept from before or None, its problem if no longer kept, chosen
    now as (name, content) or None)."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1  # one more: to say it is too large
    found = {}
    for field, store in FILES.items():
        kept, problems = store.kept_one(
            owner=user_owner(actor),
            token=request.POST.get(f"{field}.kept") or "",
            removed=bool(request.POST.get(f"{field}.remove")),
        )
        chosen = request.FILES.get(field)
        found[field] = (
            kept,
            problems,
            (chosen.name or field, chosen.read(limit)) if chosen else None,
        )
    return found


def _kept_after(actor, store: KeptUploads, field: str, files, problems) -> KeptUpload | None:
    """What is kept of one file input after a refused submission: the file chosen now
    (if it passed its checks) or the one kept before."""
    kept, _expired, chosen = files[field]
    if any(p.field == field for p in problems):
        return None
    if chosen is not None:
        return store.keep(owner=user_owner(actor), name=chosen[0], data=chosen[1])
    return kept


@signed_in
def apply_page(request, code: str):
    actor = page_actor(request)
    cohort = selectors.cohort_get(actor, code)
    open_now = selectors.taking_applications(cohort)
    earlier = (
        Application.objects.filter(cohort=cohort, person_id=actor.person_id).first()
        if actor.person_id
        else None
    )
    agreed = selectors.universities_with_agreement(cohort)
    universities = selectors.university_choices()
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        universities=universities,
        tracks=selectors.track_choices(cohort),
        no_agreement=[pk for pk, _name in universities if pk not in agreed],
        initial=_initial(actor) if actor.person_id else {},
    )
    kept: dict[str, KeptUpload | None] = {"transcript": None, "cv": None}
    status = 200
    if request.method == "POST":
        require_student(actor)
        status = 422
        form.is_valid()  # its inputs are plain: the service checks them, all at once
        files = _files(request, actor)
        upload = {
            f: files[f][2] or ((files[f][0].name, files[f][0].data) if files[f][0] else None)
            for f in FILES
        }
        post = request.POST
        try:
            application, _created = application_submit(
                actor=actor,
                cohort_code=cohort.code,
                university=post.get("university", ""),
                major=post.get("major", ""),
                degree=post.get("degree", ""),
                graduation_year=post.get("graduation_year", ""),
                first_track=post.get("first_track", ""),
                second_track=post.get("second_track", ""),
                statement=post.get("statement", ""),
                transcript=upload["transcript"],
                cv=upload["cv"],
                idempotency_key=post.get("idempotency_key") or None,
            )
        except ValidationFailed as error:
            problems = list(error.problems)
            for field in FILES:
                expired = files[field][1]
                if expired and files[field][2] is None:  # "expired" says more than "required"
                    problems = [p for p in problems if p.field != field] + expired
            problems_on(form, problems)
            kept = {f: _kept_after(actor, FILES[f], f, files, problems) for f in FILES}
        except Conflict as error:
            if error.code == "idempotency_key_reused":
                form.data = form.data.copy()
                form.data["idempotency_key"] = uuid.uuid4().hex
                problems_on(form, [FieldProblem("form", error.code, str(SENT_ALREADY))])
            else:
                problems_on(form, [FieldProblem("form", error.code, error.message)])
            kept = {f: _kept_after(actor, FILES[f], f, files, []) for f in FILES}
            status = 409
        else:
            messages.success(
                request,
                _("Your application %(n)s to %(c)s is submitted; the institute screens it next.")
                % {"n": application.number, "c": cohort.name},
            )
            if application.university_id not in agreed:
                messages.warning(
                    request,
                    _(
                        "%(u)s has no credit agreement with the institute valid when the class "
                        "starts: you may take part, but the credits will not transfer."
                    )
                    % {"u": application.university.name},
                )
            return redirect("training-my-applications")
    return render(
        request,
        "training/applications/apply.html",
        {
            "title": _("Apply to %(c)s") % {"c": cohort.name},
            "cohort": cohort,
            "form": form,
            "kept": kept,
            "open_now": open_now,
            "earlier": earlier,
            "is_student": actor.role == Role.APPLICANT and actor.person_id is not None,
            "refused": status != 200,
            "opens_at": timezone.localtime(cohort.applications_open_at),
            "closes_at": timezone.localtime(cohort.applications_close_at),
            "mine_url": reverse("training-my-applications"),
        },
        status=status,
    )
