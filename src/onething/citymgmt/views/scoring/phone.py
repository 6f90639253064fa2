"""新街·吴韵 on a phone: the page a QR sign at a street leads to (anyone, signed in or not:
an anonymous phone is known by a voter id in a signed cookie), the same form from a street's
page for a signed-in resident, and the thank-you page with the street's month so far.

The form is one group of big star buttons a published criterion (radio buttons, usable
without script; static/citymgmt/score.js lights the stars up to the one chosen), a comment
and a photo if one likes. A refused score shows every problem at once beside its input,
and keeps a photo that passed its checks so that it need not be chosen again."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import Conflict, FieldProblem, NotFound, TooManyRequests, ValidationFailed
from onething.core.forms import problems_on
from onething.core.kept_uploads import KeptUpload
from onething.core.signin import client_address
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...rules.scoring import FLAGGED, PART_LABELS, WEIGHTS, published_rules
from ...selectors import scoring as selectors
from ...services import scoring as services
from .forms import ScoreForm

VOTER_COOKIE = "city_voter"
VOTER_SALT = "onething.citymgmt.voter"
VOTER_MAX_AGE = 400 * 86400
SENT_ALREADY = gettext_lazy(
    "This form was sent already, with other marks (after going back?). Check them and send "
    "the form again."
)


def _voter_id(request) -> str | None:
    """The phone's anonymous voter id from its signed cookie (None: none yet, or forged)."""
    try:
        value = request.get_signed_cookie(VOTER_COOKIE, salt=VOTER_SALT, max_age=VOTER_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return value if value and len(value) == 32 and value.isalnum() else None


def _keep_voter(response, voter: str):
    response.set_signed_cookie(
        VOTER_COOKIE,
        voter,
        salt=VOTER_SALT,
        max_age=VOTER_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def published_weights() -> list[dict]:
    return [{"label": PART_LABELS[part], "weight": weight} for part, weight in WEIGHTS.items()]


def _photo(request, owner: str, form) -> tuple[object | None, list[FieldProblem]]:
    """The photo of this submission: the one chosen now, else the one kept from a refused
    submission (unless removed)."""
    chosen = request.FILES.get("photo")
    if chosen is not None:
        data = chosen.read(settings.ONETHING_UPLOAD_MAX_BYTES + 1)
        return KeptUpload("", chosen.name or "photo.jpg", data), []
    return services.KEPT_PHOTOS.kept_one(
        owner=owner,
        token=request.POST.get("photo_kept", ""),
        removed=bool(request.POST.get("photo_remove")),
    )


def _score_page(request, *, point=None, street=None, template_title: str):
    """The form, and what becomes of a submission (through ``score_submit``)."""
    actor = page_actor(request)
    voter = _voter_id(request)
    new_voter = voter is None and not actor.authenticated
    if new_voter:
        voter = uuid.uuid4().hex
    owner = f"account:{actor.user_id}" if actor.user_id else f"phone:{voter}"
    criteria = selectors.criteria_active()
    posted = request.method == "POST"
    form = ScoreForm(
        request.POST if posted else None, request.FILES if posted else None, criteria=criteria
    )
    street = street or point.street
    kept = None
    status, retry_after = 200, 0
    if request.method == "POST":
        status = 422
        photo, problems = _photo(request, owner, form)
        form.is_valid()
        try:
            if problems:
                raise ValidationFailed(problems)
            score = services.score_submit(
                actor=actor,
                point=point,
                street_code="" if point is not None else street.code,
                marks=form.marks(),
                voter=voter or "",
                comment=form.data.get("comment", ""),
                photo=(photo.name, photo.data) if photo is not None else None,
                address=client_address(request),
                idempotency_key=form.data.get("idempotency_key") or None,
            )
        except ValidationFailed as error:
            problems_on(form, error, form.renames(), one_per_input=True)
            if photo is not None and not any(p.field == "photo" for p in error.problems):
                kept = photo if photo.token else _kept(owner, photo)
        except (Conflict, TooManyRequests) as error:
            status, retry_after = error.status, getattr(error, "retry_after", 0)
            if error.code == "idempotency_key_reused":  # sent before with other marks
                form.data = form.data.copy()
                form.data["idempotency_key"] = uuid.uuid4().hex
                form.add_error(None, SENT_ALREADY)
            else:
                form.add_error(None, error.message)
            if photo is not None:
                kept = photo if photo.token else _kept(owner, photo)
        else:
            if score.status == FLAGGED:
                messages.info(
                    request,
                    _(
                        "Thank you. Your score is recorded; it counts once the office has "
                        "checked it."
                    ),
                )
            else:
                messages.success(request, _("Thank you. Your score is recorded."))
            response = redirect("city-score-thanks", code=street.code)
            return _keep_voter(response, voter) if new_voter else response
    context = {
        "title": template_title,
        "street": street,
        "point": point,
        "form": form,
        "kept": kept,
        "refused": status != 200,
        "weights": published_weights(),
        "rules": published_rules(),
        "criteria": criteria,
    }
    response = render(request, "citymgmt/scoring/score.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return _keep_voter(response, voter) if new_voter else response


def _kept(owner: str, photo):
    try:
        return services.KEPT_PHOTOS.keep(owner=owner, name=photo.name, data=photo.data)
    except ValidationFailed:
        return None


@domain_errors_as_pages
def score_page(request, point_code: str):
    """The page of a QR sign (anyone)."""
    point = selectors.point_for_page(point_code)
    return _score_page(
        request, point=point, template_title=_("Score %(s)s") % {"s": point.street.name}
    )


@login_required
@domain_errors_as_pages
def street_score_page(request, code: str):
    """A signed-in resident scores a street from its page."""
    street = selectors.street_for_scoring(code)
    if street is None:
        raise NotFound(_("No street with that code."))
    return _score_page(request, street=street, template_title=_("Score %(s)s") % {"s": street.name})


@domain_errors_as_pages
def thanks_page(request, code: str):
    """After a score: the street's month so far and its last closed months."""
    street = selectors.street_for_scoring(code)
    if street is None:
        raise NotFound(_("No street with that code."))
    now = selectors.street_month_so_far(street)
    months = list(selectors.street_months(street.code)[:3])
    context = {
        "title": _("Thank you for scoring %(s)s") % {"s": street.name},
        "street": street,
        "now": now,
        "resident_mean": None if now.resident_centi is None else f"{now.resident_centi / 100:.2f}",
        "months": [
            {
                "month": m.month,
                "score": f"{m.score_centi / 100:.2f}",
                "rescaled": len(m.weights) < 3,
            }
            for m in months
        ],
        "weights": published_weights(),
        "rules": published_rules(),
        "criteria": selectors.criteria_active(),
    }
    return render(request, "citymgmt/scoring/thanks.html", context)
