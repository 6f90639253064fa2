"""网格员上报: the grid inspector's report from a phone — what was found, where (the
phone's position through static/cityops/report.js, or typed), up to three photos and the
12345 appeal it answers. It goes through ``event_report_once``: a double submit (the same
hidden key) makes one event. A refused report shows every problem at once beside its
input and keeps the photos that passed their checks, so that the next submission need not
choose them again (core.kept_uploads)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.forms import problems_on
from onething.core.kept_uploads import KeptUpload, by_file_name, user_owner
from onething.core.models import Role
from onething.core.permissions import require_role
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import ReportForm
from ..services.events import MAX_PHOTOS
from ..services.reports import KEPT_PHOTOS, event_report_once
from .common import region_choices

# A service's field name → the form's, where they differ.
FIELD_INPUTS = {"region_code": "region"}
SENT_ALREADY = gettext_lazy(
    "This form was sent already, with other content (after going back?). Check it and send "
    "it again to report another event."
)


def _chosen(files) -> list[tuple[str, bytes]]:
    """The photos chosen now (one more than allowed is read, to say there are too many)."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    return [
        (f.name or "photo.jpg", f.read(limit)) for f in files.getlist("photos")[: MAX_PHOTOS + 1]
    ]


@login_required
@domain_errors_as_pages
def report_page(request):
    actor = page_actor(request)
    require_role(actor, Role.INSPECTOR)
    user = request.user
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        regions=lambda: region_choices(actor.region_path),
        region_initial=user.region.code if user.region_id else "",
        max_photos=MAX_PHOTOS,
    )
    kept: list[KeptUpload] = []
    owner = user_owner(actor)
    status = 200
    if request.method == "POST":
        status = 422
        kept, kept_problems = KEPT_PHOTOS.kept_all(
            owner=owner,
            tokens=request.POST.getlist("photos.kept"),
            removed=set(request.POST.getlist("photos.remove")),
            most=MAX_PHOTOS * 2,
        )
        chosen = _chosen(request.FILES)
        photos = [(k.name, k.data) for k in kept] + chosen
        refused: set[int] = set()
        problems: list[FieldProblem] = []
        if form.is_valid():
            try:
                with transaction.atomic():
                    event = event_report_once(
                        actor=actor, photos=photos, **form.service_arguments()
                    )
                    if kept_problems:
                        raise ValidationFailed(kept_problems)  # undoes the report
            except ValidationFailed as error:
                problems, refused = by_file_name(error.problems, photos, "photos")
                if error.problems is not kept_problems:
                    problems += kept_problems
            except Conflict as error:  # the key of a report sent already, with other content
                if error.code != "idempotency_key_reused":
                    raise
                problems, status = [FieldProblem("form", error.code, SENT_ALREADY)], 409
                form.data = form.data.copy()
                form.data["idempotency_key"] = uuid.uuid4().hex  # sent again, a new report
            else:
                messages.success(
                    request,
                    _("Event %(n)s is reported; the operations centre registers it next.")
                    % {"n": event.number},
                )
                return redirect("cityops-event", number=event.number)
        else:
            problems = kept_problems
        kept, refusals = KEPT_PHOTOS.kept_after(
            owner=owner, kept=kept, chosen=chosen, refused=refused
        )
        problems += refusals
        problems_on(form, problems, FIELD_INPUTS)
    return render(
        request,
        "cityops/report.html",
        {"title": _("Report an event"), "form": form, "kept": kept, "refused": status != 200},
        status=status,
    )
