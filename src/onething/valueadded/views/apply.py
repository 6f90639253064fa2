"""An enterprise asks for a service: the form prefilled with its enterprise and contact (the
account's person; their phone on file when none is typed), every problem at once beside
its input, the files that passed their checks kept across a refused submission (the next
one need not choose them again: core.kept_uploads), a double submit (the same hidden key)
making one request."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from onething.core.forms import problems_on
from onething.core.kept_uploads import KeptUpload, by_file_name, user_owner
from onething.core.models import Person
from onething.web.views.base import page_actor

from .. import selectors
from ..rules.catalogue import category_label
from ..rules.requests import MAX_ATTACHMENTS
from ..services.requests import KEPT_ATTACHMENTS, request_submit
from .common import signed_in
from .forms import RequestForm

SENT_ALREADY = gettext_lazy(
    "This form was sent already, with other content (after going back?). Check it and send "
    "it again to make another request."
)


def _chosen(files) -> list[tuple[str, bytes]]:
    """The files chosen now (one more than allowed is read, to say there are too many)."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    return [
        (f.name or "file", f.read(limit))
        for f in files.getlist("attachments")[: MAX_ATTACHMENTS + 1]
    ]


def _person(actor) -> Person | None:
    return Person.objects.filter(pk=actor.person_id).first() if actor.person_id else None


@signed_in
def request_new(request, code: str):
    actor = page_actor(request)
    service = selectors.service_get(actor, code)
    enterprise = selectors.requester_enterprise(actor)
    if enterprise is None:
        raise PermissionDenied(
            _("Value-added services are requested by an enterprise's staff account.")
        )
    person = _person(actor)
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        phone_on_file=person.phone_masked if person else "",
        initial={"contact_name": person.name if person else ""},
    )
    kept: list[KeptUpload] = []
    owner = user_owner(actor)
    status = 200
    if request.method == "POST":
        status = 422
        form.is_valid()  # plain inputs: the service checks them, all at once
        kept, kept_problems = KEPT_ATTACHMENTS.kept_all(
            owner=owner,
            tokens=request.POST.getlist("attachments.kept"),
            removed=set(request.POST.getlist("attachments.remove")),
            most=MAX_ATTACHMENTS * 2,
        )
        chosen = _chosen(request.FILES)
        files = [(k.name, k.data) for k in kept] + chosen
        refused: set[int] = set()
        problems: list[FieldProblem] = []
        post = request.POST
        try:
            with transaction.atomic():
                made, _created = request_submit(
                    actor=actor,
                    service_code=service.code,
                    subject=post.get("subject", ""),
                    details=post.get("details", ""),
                    contact_name=post.get("contact_name", ""),
                    contact_phone=post.get("contact_phone", ""),
                    attachments=files,
                    idempotency_key=post.get("idempotency_key") or None,
                )
                if kept_problems:
                    raise ValidationFailed(kept_problems)  # undoes the request
        except ValidationFailed as error:
            problems, refused = by_file_name(error.problems, files, "attachments")
            if error.problems is not kept_problems:
                problems += kept_problems
        except Conflict as error:
            status = 409
            if error.code == "idempotency_key_reused":
                form.data = form.data.copy()
                form.data["idempotency_key"] = uuid.uuid4().hex  # sent again: a new request
                problems = [FieldProblem("form", error.code, str(SENT_ALREADY))]
            else:
                problems = [FieldProblem("form", error.code, error.message)]
        else:
            messages.success(
                request,
                _("Your request %(n)s is sent to %(p)s; they answer by %(d)s.")
                % {"n": made.number, "p": made.provider.name, "d": f"{made.due_date:%Y-%m-%d}"},
            )
            return redirect("valueadded-request", number=made.number)
        kept, refusals = KEPT_ATTACHMENTS.kept_after(
            owner=owner, kept=kept, chosen=chosen, refused=refused
        )
        problems_on(form, problems + refusals, one_per_input=True)
    return render(
        request,
        "valueadded/request_form.html",
        {
            "title": _("Request: %(s)s") % {"s": service.name},
            "service": service,
            "category": category_label(service.category),
            "enterprise": enterprise,
            "eligible": selectors.eligible(service, enterprise),
            "form": form,
            "kept": kept,
            "refused": status != 200,
        },
        status=status,
    )
