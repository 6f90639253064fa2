"""The staff's pages of the universities and the credit agreements: the universities
(filters, cursor pages, export), a new one, a university's details with its registrars'
accounts (one linked by its username); a new agreement and an agreement's edit form (a
row per course of the institute: counted or not, the university's credits and course
name), and its termination (confirmed, from a day, with a reason) from its page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import ValidationFailed
from onething.core.forms import problems_on
from onething.web.display import Mark
from onething.web.listing import Column, cursor_list_page
from onething.web.panels import move_posted

from ...selectors import catalogue as selectors
from ...services import catalogue as services
from ..common import form_page, form_view, posted, saved, service_problems, signed_in
from ..fields import ALL
from .common import staff_actor, staff_record
from .forms import AccountForm, AgreementForm, TerminateForm, UniversityForm
from .public import agreement_detail


class UniversityFilter(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("university", "Kind"),
        required=False,
        choices=[
            *ALL,
            ("985", gettext_lazy("985 universities")),
            ("overseas", gettext_lazy("Overseas")),
            ("other", gettext_lazy("Others")),
        ],
    )
    q = forms.CharField(label=gettext_lazy("Name"), max_length=40, required=False)


def university_link(university) -> str:
    return reverse("training-university-edit", args=[university.pk])


def _yes(value: bool, text) -> Mark | str:
    return Mark(text, "open") if value else ""


COLUMNS = [
    Column(gettext_lazy("University"), lambda u: u.name, university_link),
    Column(gettext_lazy("Country or region"), lambda u: u.country),
    Column(gettext_lazy("985"), lambda u: _yes(u.is_985, _("985"))),
    Column(gettext_lazy("Overseas"), lambda u: _yes(u.overseas, _("Overseas"))),
]


@signed_in
def universities_page(request):
    actor = staff_actor(request)
    form = UniversityFilter(request.GET or None)
    return cursor_list_page(
        request,
        title=_("Universities"),
        form=form,
        rows=lambda data: selectors.universities_list(
            actor, kind=data.get("kind") or "", q=data.get("q") or ""
        ),
        columns=COLUMNS,
        export_name="training-universities",
        template="training/catalogue/list.html",
        extra={"new_url": reverse("training-university-new"), "new_label": _("New university")},
    )


@form_view
def university_new_page(request):
    actor = staff_actor(request)
    form = UniversityForm(request.POST or None, initial={"country": "中国"})
    return form_page(
        request,
        form=form,
        title=_("New university"),
        call=lambda: services.university_create(
            actor=actor,
            idempotency_key=form.data.get("idempotency_key") or None,
            **form.arguments(),
        ),
        done=lambda university: (
            _("%(u)s is registered.") % {"u": university.name},
            reverse("training-university-edit", args=[university.pk]),
        ),
        context={"cancel_url": reverse("training-universities")},
    )


def _university_initial(university) -> dict:
    return {
        "name": university.name,
        "english_name": university.english_name,
        "country": university.country,
        "is_985": university.is_985,
        "overseas": university.overseas,
    }


def _university_context(actor, university, account=None) -> dict:
    return {
        "university": university,
        "accounts": list(selectors.university_accounts(actor, university)),
        "account_form": account or AccountForm(auto_id="account-%s"),
        "account_url": reverse("training-university-account", args=[university.pk]),
        "cancel_url": reverse("training-universities"),
    }


@form_view
def university_edit_page(request, university_id: int):
    actor = staff_actor(request)
    university = selectors.university_get(actor, university_id)
    form = UniversityForm(
        request.POST or None,
        editing=True,
        initial=_university_initial(university),
    )
    return form_page(
        request,
        form=form,
        title=university.name,
        call=lambda: services.university_update(
            actor=actor, university_id=university_id, **form.arguments()
        ),
        done=saved(
            _("The university is saved."),
            reverse("training-university-edit", args=[university_id]),
        ),
        template="training/catalogue/university.html",
        context=_university_context(actor, university),
    )


@posted
def university_account_page(request, university_id: int):
    actor = staff_actor(request)
    university = selectors.university_get(actor, university_id)
    account = AccountForm(request.POST, auto_id="account-%s")
    url = reverse("training-university-edit", args=[university_id])

    def perform(data: dict) -> str:
        services.university_account_link(
            actor=actor, university_id=university_id, username=data["account"]
        )
        return _("The registrar's account is linked.")

    def refused(bound: dict):
        form = UniversityForm(editing=True, initial=_university_initial(university))
        context = _university_context(actor, university, bound["account"])
        return render(
            request,
            "training/catalogue/university.html",
            {"title": university.name, "form": form, **context},
            status=422,
        )

    return move_posted(
        request, "account", account, check=lambda: None, perform=perform, url=url, refused=refused
    )


# ---------------------------------------------------------------- agreements


def _agreement_form(request, actor, *, agreement=None):
    institute = selectors.institute_main(actor)
    courses = []
    for programme in selectors.programmes_list(actor, institute):
        for track in programme.tracks.all():
            courses += [(c.code, c.name, track.name, c.credits) for c in track.courses.all()]
    initial = {"grade_scheme": "percent"}
    if agreement is not None:
        initial = {
            "signed_on": agreement.signed_on,
            "valid_from": agreement.valid_from,
            "valid_until": agreement.valid_until,
            "grade_scheme": agreement.grade_scheme,
            "elective_name": agreement.elective_name,
            "note": agreement.note,
        }
        for row in agreement.courses.all():
            initial |= {
                f"count_{row.course.code}": True,
                f"credits_{row.course.code}": row.credits,
                f"as_{row.course.code}": row.counted_as,
            }
    return AgreementForm(
        request.POST or None,
        universities=lambda: [(str(u.pk), u.name) for u in selectors.universities_list(actor)],
        courses=courses,
        editing=agreement is not None,
        initial=initial,
    )


@form_view
def agreement_new_page(request):
    actor = staff_actor(request)
    form = _agreement_form(request, actor)
    wanted = request.GET.get("university") or ""
    if not form.is_bound and wanted.isdigit():
        form.initial["university"] = wanted
    return form_page(
        request,
        form=form,
        title=_("New credit agreement"),
        call=lambda: services.agreement_create(
            actor=actor,
            idempotency_key=form.data.get("idempotency_key") or None,
            **form.arguments(),
        ),
        done=lambda agreement: (
            _("The agreement %(n)s is recorded.") % {"n": agreement.number},
            reverse("training-agreement", args=[agreement.number]),
        ),
        renames=form.renames(),
        template="training/catalogue/agreement_form.html",
        context={"cancel_url": reverse("training-agreements")},
    )


@form_view
def agreement_edit_page(request, number: str):
    actor, agreement = staff_record(request, selectors.agreement_get, number)
    form = _agreement_form(request, actor, agreement=agreement)
    url = reverse("training-agreement", args=[number])
    return form_page(
        request,
        form=form,
        title=_("Edit the agreement %(n)s") % {"n": number},
        call=lambda: services.agreement_update(actor=actor, number=number, **form.arguments()),
        done=saved(_("The agreement is saved."), url),
        renames=form.renames(),
        template="training/catalogue/agreement_form.html",
        context={"cancel_url": url, "agreement": agreement},
    )


@posted
def agreement_terminate_page(request, number: str):
    actor = staff_actor(request)
    form = TerminateForm(request.POST, auto_id="terminate-%s")

    def terminate():
        data = getattr(form, "cleaned_data", {})
        return services.agreement_terminate(
            actor=actor, number=number, reason=data.get("reason", ""), on=data.get("on")
        )

    if form.is_valid():
        try:
            terminate()
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            messages.success(request, _("The agreement is terminated."))
            return redirect("training-agreement", number=number)
    else:
        services.require_staff(actor)
        problems_on(form, service_problems(terminate), one_per_input=True)
    return agreement_detail(request, actor, number, terminate=form, status=422)
