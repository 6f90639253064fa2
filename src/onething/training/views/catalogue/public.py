"""The institute's public pages: its home (the programme, the current cohort with its
tracks, courses and advisers, the partner companies and their advisers — one joining for
the first time marked —, the partner universities marked 985 or overseas), a cohort's
page (with the way to apply while it takes applications), the partner companies, the
credit agreements and an agreement's page. The institute's staff find their links to
edit each on the same pages."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.pagination import page_window
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...rules.catalogue import AGREEMENT_STATE_LABELS
from ...rules.statuses import GRADE_SCHEME_LABELS, label
from ...selectors import catalogue as selectors
from ..common import url_or_blank
from ..fields import ALL
from .common import agreement_mark
from .forms import TerminateForm

PARTNERS_PER_PAGE = 20


@domain_errors_as_pages
def home_page(request):
    actor = page_actor(request)
    data = selectors.home_page()
    cohort = data["cohort"]
    return render(
        request,
        "training/catalogue/home.html",
        {
            **data,
            "title": data["institute"].name if data["institute"] else _("Training institute"),
            "may_edit": selectors.may_edit(actor),
            "apply_url": url_or_blank("training-apply", cohort["code"])
            if cohort and cohort["taking_applications"]
            else "",
            "figures_url": url_or_blank("training-figures"),
        },
    )


@domain_errors_as_pages
def cohort_page(request, code: str):
    actor = page_actor(request)
    data = selectors.cohort_page(code)
    cohort = data["cohort"]
    return render(
        request,
        "training/catalogue/cohort.html",
        {
            **data,
            "title": cohort["name"],
            "may_edit": selectors.may_edit(actor),
            "apply_url": url_or_blank("training-apply", code)
            if cohort["taking_applications"]
            else "",
            "manage_url": url_or_blank("training-cohort-manage", code)
            if selectors.may_edit(actor)
            else "",
        },
    )


@domain_errors_as_pages
def partners_page(request):
    actor = page_actor(request)
    rows = selectors.partners_list(actor)
    window = page_window(rows, 1, request.GET.get("cursor") or None, PARTNERS_PER_PAGE)
    year = clock.today().year
    cohort = selectors.current_cohort(actor, clock.today())
    if cohort is not None:
        year = cohort.starts_on.year
    partners = [
        {
            "partner": p,
            "first_time": p.joined_on.year == year,
            "advisers": [
                {"adviser": a, "classes": list(a.assignments.all())} for a in p.advisers.all()
            ],
        }
        for p in window.items
    ]
    return render(
        request,
        "training/catalogue/partners.html",
        {
            "title": _("Partner companies"),
            "partners": partners,
            "count": window.count,
            "next_cursor": window.next_cursor,
            "continued": bool(request.GET.get("cursor")),
            "may_edit": selectors.may_edit(actor),
        },
    )


# ---------------------------------------------------------------- agreements


class AgreementFilter(forms.Form):
    university = forms.ChoiceField(label=gettext_lazy("University"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)

    def __init__(self, *args, universities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["university"].choices = lambda: [*ALL, *universities()]
        self.fields["state"].choices = [*ALL, *AGREEMENT_STATE_LABELS.items()]


def agreement_link(agreement) -> str:
    return reverse("training-agreement", args=[agreement.number])


def _kind(university) -> str:
    marks = []
    if university.is_985:
        marks.append(_("985"))
    if university.overseas:
        marks.append(_("Overseas"))
    return " · ".join(marks)


AGREEMENT_COLUMNS = [
    Column(gettext_lazy("Agreement number"), lambda a: a.number, agreement_link),
    Column(gettext_lazy("University"), lambda a: a.university.name),
    Column(gettext_lazy("985 / overseas"), lambda a: _kind(a.university)),
    Column(gettext_lazy("Signed on"), lambda a: a.signed_on),
    Column(gettext_lazy("Valid from"), lambda a: a.valid_from),
    Column(gettext_lazy("Valid until"), lambda a: a.valid_until or _("Open-ended")),
    Column(gettext_lazy("State"), agreement_mark),
    Column(gettext_lazy("Grade conversion"), lambda a: label(GRADE_SCHEME_LABELS, a.grade_scheme)),
]


@domain_errors_as_pages
def agreements_page(request):
    actor = page_actor(request)

    def universities():
        return [(str(u.pk), u.name) for u in selectors.universities_list(actor)[:500]]

    form = AgreementFilter(request.GET or None, universities=universities)

    def rows(data):
        return selectors.agreements_list(
            actor,
            university=int(data.get("university") or 0) or None,
            state=data.get("state") or "",
        )

    editable = selectors.may_edit(actor)
    return cursor_list_page(
        request,
        title=_("Credit agreements"),
        form=form,
        rows=rows,
        columns=AGREEMENT_COLUMNS,
        export_name="credit-agreements",
        template="training/catalogue/list.html",
        extra={
            "intro": _(
                "The universities that count the institute's courses as their own credits "
                "(学分互认), which courses, and from when until when."
            ),
            "new_url": reverse("training-agreement-new") if editable else "",
            "new_label": _("New agreement"),
        },
    )


def agreement_detail(request, actor, number: str, *, terminate=None, status: int = 200):
    agreement = selectors.agreement_get(actor, number)
    editable = selectors.may_edit(actor, agreement.institute)
    return render(
        request,
        "training/catalogue/agreement.html",
        {
            "title": _("Credit agreement %(n)s") % {"n": agreement.number},
            "agreement": agreement,
            "state": agreement_mark(agreement),
            "scheme": label(GRADE_SCHEME_LABELS, agreement.grade_scheme),
            "courses": list(agreement.courses.all()),
            "may_edit": editable and agreement.terminated_on is None,
            "terminate": (terminate or TerminateForm(auto_id="terminate-%s"))
            if editable and agreement.terminated_on is None
            else None,
        },
        status=status,
    )


@domain_errors_as_pages
def agreement_page(request, number: str):
    return agreement_detail(request, page_actor(request), number)
