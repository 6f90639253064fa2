"""The staff's pages of the partner companies and their advisers: a new partner (an
enterprise of the register), a partner's details, a new adviser, and an adviser's page —
their details, the classes they lead, a class to assign and one to take away (confirmed).
The public list of partners is ``public.partners_page``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.web.panels import move_posted

from ...rules.statuses import FINISHED
from ...selectors import catalogue as selectors
from ...services import catalogue as services
from ..common import form_page, form_view, posted, saved
from .common import staff_actor, staff_record
from .forms import PARTNER_INPUTS, AdviserForm, AssignForm, PartnerForm, UnassignForm


def _back() -> str:
    return reverse("training-partners")


@form_view
def partner_new_page(request):
    actor = staff_actor(request)
    form = PartnerForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("New partner company"),
        call=lambda: services.partner_create(
            actor=actor,
            idempotency_key=form.data.get("idempotency_key") or None,
            **form.arguments(),
        ),
        done=lambda partner: (
            _("%(c)s is a partner company now.") % {"c": partner.enterprise.name},
            _back(),
        ),
        renames=PARTNER_INPUTS,
        context={"cancel_url": _back()},
    )


@form_view
def partner_edit_page(request, partner_id: int):
    actor, partner = staff_record(request, selectors.partner_get, partner_id)
    form = PartnerForm(
        request.POST or None,
        editing=True,
        initial={
            "field": partner.field,
            "joined_on": partner.joined_on,
            "listed": partner.listed,
            "specialised": partner.specialised,
        },
    )
    return form_page(
        request,
        form=form,
        title=partner.enterprise.name,
        call=lambda: services.partner_update(
            actor=actor, partner_id=partner_id, **form.arguments()
        ),
        done=saved(_("The partner company is saved."), _back()),
        context={
            "cancel_url": _back(),
            "more_url": reverse("training-adviser-new", args=[partner_id]),
            "more_label": _("Appoint an adviser"),
        },
    )


@form_view
def adviser_new_page(request, partner_id: int):
    actor, partner = staff_record(request, selectors.partner_get, partner_id)
    form = AdviserForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("New adviser of %(c)s") % {"c": partner.enterprise.name},
        call=lambda: services.adviser_create(
            actor=actor,
            partner_id=partner_id,
            idempotency_key=form.data.get("idempotency_key") or None,
            **form.arguments(),
        ),
        done=lambda adviser: (
            _("%(n)s is appointed.") % {"n": adviser.name},
            reverse("training-adviser-edit", args=[adviser.pk]),
        ),
        context={"cancel_url": _back()},
    )


def _cohorts(actor):
    return [(c.code, c.name) for c in selectors.cohorts_list(actor).exclude(status=FINISHED)[:50]]


def _tracks(actor):
    seen = {}
    for cohort in selectors.cohorts_list(actor).exclude(status=FINISHED)[:50]:
        for track in cohort.tracks.all():
            seen.setdefault(track.code, track.name)
    return list(seen.items())


def _adviser_initial(adviser) -> dict:
    return {
        "name": adviser.name,
        "title": adviser.title,
        "appointed_on": adviser.appointed_on,
        "account": adviser.account.username if adviser.account_id else "",
    }


def _adviser_context(actor, adviser, assign=None):
    return {
        "adviser": adviser,
        "classes": [
            {
                "assignment": a,
                "form": UnassignForm(auto_id=f"unassign-{a.pk}-%s"),
                "url": reverse("training-adviser-unassign", args=[adviser.pk, a.pk]),
            }
            for a in adviser.assignments.select_related("cohort", "track").order_by(
                "-cohort__starts_on", "track__code"
            )
        ],
        "assign": assign
        or AssignForm(auto_id="assign-%s", cohorts=_cohorts(actor), tracks=_tracks(actor)),
        "assign_url": reverse("training-adviser-assign", args=[adviser.pk]),
        "cancel_url": _back(),
    }


@form_view
def adviser_edit_page(request, adviser_id: int):
    actor, adviser = staff_record(
        request, selectors.adviser_get, adviser_id, institute="company.institute"
    )
    form = AdviserForm(request.POST or None, editing=True, initial=_adviser_initial(adviser))
    return form_page(
        request,
        form=form,
        title=_("Adviser %(n)s, %(c)s") % {"n": adviser.name, "c": adviser.company.enterprise.name},
        call=lambda: services.adviser_update(
            actor=actor, adviser_id=adviser_id, **form.arguments()
        ),
        done=saved(_("The adviser is saved."), reverse("training-adviser-edit", args=[adviser_id])),
        template="training/catalogue/adviser.html",
        context=_adviser_context(actor, adviser),
    )


@posted
def adviser_assign_page(request, adviser_id: int):
    actor, adviser = staff_record(
        request, selectors.adviser_get, adviser_id, institute="company.institute"
    )
    url = reverse("training-adviser-edit", args=[adviser_id])
    assign = AssignForm(
        request.POST, auto_id="assign-%s", cohorts=_cohorts(actor), tracks=_tracks(actor)
    )

    def perform(data: dict) -> str:
        services.adviser_assign(
            actor=actor,
            adviser_id=adviser_id,
            cohort_code=data["cohort"],
            track_code=data["track"],
        )
        return _("The class is assigned.")

    def refused(bound: dict):
        return render(
            request,
            "training/catalogue/adviser.html",
            {
                "title": _("Adviser %(n)s, %(c)s")
                % {"n": adviser.name, "c": adviser.company.enterprise.name},
                "form": AdviserForm(editing=True, initial=_adviser_initial(adviser)),
                **_adviser_context(actor, adviser, bound["assign"]),
            },
            status=422,
        )

    return move_posted(
        request, "assign", assign, check=lambda: None, perform=perform, url=url, refused=refused
    )


@posted
def adviser_unassign_page(request, adviser_id: int, assignment_id: int):
    actor = staff_actor(request)
    adviser = selectors.adviser_get(actor, adviser_id)
    url = reverse("training-adviser-edit", args=[adviser_id])
    form = UnassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect(url)
    if not adviser.assignments.filter(pk=assignment_id).exists():
        messages.error(request, _("There is no such assignment."))
        return redirect(url)
    services.adviser_unassign(actor=actor, assignment_id=assignment_id)
    messages.success(request, _("The adviser no longer leads that class."))
    return redirect(url)
