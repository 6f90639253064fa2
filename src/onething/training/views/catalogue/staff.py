"""The institute staff's hub — a link to every staff page of the institute (each drawn only
when its page is installed: the other parts' pages come with them) — and the catalogue:
the institute's details, its programmes with their tracks and courses, each created and
edited on its own form (every problem at once, prefilled)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...selectors import catalogue as selectors
from ...services import catalogue as services
from ..common import form_page, form_view, saved, signed_in, url_or_blank
from .common import staff_actor, staff_record
from .forms import CourseForm, InstituteForm, ProgrammeForm, TrackForm

# every staff page of the institute (each part's), by section; a page not installed is
# left out
HUB = [
    (
        gettext_lazy("Applications and selection"),
        [
            ("training-applications", gettext_lazy("Applications, screening and interviews")),
            ("training-cohorts", gettext_lazy("Cohorts: selection and offers")),
        ],
    ),
    (
        gettext_lazy("Classes and credits"),
        [
            ("training-classes", gettext_lazy("Classes: enrolment, attendance and grades")),
            ("training-transcripts", gettext_lazy("Credit transcripts")),
            ("training-verify", gettext_lazy("Verify a transcript")),
        ],
    ),
    (
        gettext_lazy("Placements"),
        [
            ("training-placements", gettext_lazy("Placements")),
            ("training-openings", gettext_lazy("Companies' openings")),
        ],
    ),
    (
        gettext_lazy("Catalogue"),
        [
            ("training-catalogue", gettext_lazy("Programmes, tracks and courses")),
            ("training-cohorts", gettext_lazy("Cohorts")),
            ("training-partners", gettext_lazy("Partner companies and advisers")),
            ("training-universities", gettext_lazy("Universities and registrars")),
            ("training-agreements", gettext_lazy("Credit agreements")),
            ("training-institute-edit", gettext_lazy("The institute's details")),
        ],
    ),
    (
        gettext_lazy("Public pages"),
        [
            ("training-home", gettext_lazy("The institute's home page")),
            ("training-figures", gettext_lazy("Public figures")),
        ],
    ),
]


@signed_in
def manage_page(request):
    actor = staff_actor(request)
    sections = []
    for title, pages in HUB:
        links = [(label, url) for name, label in pages if (url := url_or_blank(name))]
        if links:
            sections.append({"title": title, "links": links})
    institute = selectors.institute_main(actor)
    return render(
        request,
        "training/catalogue/manage.html",
        {"title": _("Institute management"), "sections": sections, "institute": institute},
    )


# ---------------------------------------------------------------- the catalogue


@signed_in
def catalogue_page(request):
    actor = staff_actor(request)
    institute = selectors.institute_main(actor)
    return render(
        request,
        "training/catalogue/catalogue.html",
        {
            "title": _("Programmes, tracks and courses"),
            "institute": institute,
            "programmes": list(selectors.programmes_list(actor, institute)) if institute else [],
        },
    )


def _back() -> str:
    return reverse("training-catalogue")


@form_view
def institute_edit_page(request):
    actor = staff_actor(request)
    institute = services.institute_for(actor)
    form = InstituteForm(
        request.POST or None,
        initial={
            "name": institute.name,
            "short_name": institute.short_name,
            "address": institute.address,
            "founded_on": institute.founded_on,
        },
    )
    return form_page(
        request,
        form=form,
        title=_("The institute's details"),
        call=lambda: services.institute_update(actor=actor, **form.arguments()),
        done=saved(_("The institute's details are saved."), reverse("training-manage")),
        context={"cancel_url": reverse("training-manage")},
    )


@form_view
def programme_new_page(request):
    actor = staff_actor(request)
    form = ProgrammeForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("New programme"),
        call=lambda: services.programme_create(actor=actor, **form.arguments()),
        done=saved(_("The programme is created."), _back()),
        context={"cancel_url": _back()},
    )


@form_view
def programme_edit_page(request, code: str):
    actor, programme = staff_record(request, selectors.programme_get, code)
    form = ProgrammeForm(
        request.POST or None,
        editing=True,
        initial={"name": programme.name, "description": programme.description},
    )
    return form_page(
        request,
        form=form,
        title=_("Edit the programme %(p)s") % {"p": programme.name},
        call=lambda: services.programme_update(actor=actor, code=code, **form.arguments()),
        done=saved(_("The programme is saved."), _back()),
        context={"cancel_url": _back()},
    )


@form_view
def track_new_page(request, code: str):
    actor, programme = staff_record(request, selectors.programme_get, code)
    form = TrackForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("New track of %(p)s") % {"p": programme.name},
        call=lambda: services.track_create(actor=actor, programme_code=code, **form.arguments()),
        done=saved(_("The track is created."), _back()),
        context={"cancel_url": _back()},
    )


@form_view
def track_edit_page(request, code: str, track: str):
    actor, found = staff_record(
        request, selectors.track_get, code, track, institute="programme.institute"
    )
    form = TrackForm(
        request.POST or None,
        editing=True,
        initial={"name": found.name, "description": found.description},
    )
    return form_page(
        request,
        form=form,
        title=_("Edit the track %(t)s") % {"t": found.name},
        call=lambda: services.track_update(
            actor=actor, programme_code=code, code=track, **form.arguments()
        ),
        done=saved(_("The track is saved."), _back()),
        context={"cancel_url": _back()},
    )


@form_view
def course_new_page(request, code: str, track: str):
    actor, found = staff_record(
        request, selectors.track_get, code, track, institute="programme.institute"
    )
    form = CourseForm(request.POST or None, initial={"assessment": "exam", "pass_mark": 60})
    return form_page(
        request,
        form=form,
        title=_("New course of %(t)s") % {"t": found.name},
        call=lambda: services.course_create(
            actor=actor, programme_code=code, track_code=track, **form.arguments()
        ),
        done=saved(_("The course is created."), _back()),
        context={"cancel_url": _back()},
    )


@form_view
def course_edit_page(request, code: str):
    actor, course = staff_record(
        request, selectors.course_get, code, institute="track.programme.institute"
    )
    form = CourseForm(
        request.POST or None,
        editing=True,
        initial={
            "name": course.name,
            "hours": course.hours,
            "credits": course.credits,
            "assessment": course.assessment,
            "pass_mark": course.pass_mark,
        },
    )
    return form_page(
        request,
        form=form,
        title=_("Edit the course %(c)s") % {"c": course.name},
        call=lambda: services.course_update(actor=actor, code=code, **form.arguments()),
        done=saved(_("The course is saved."), _back()),
        context={"cancel_url": _back()},
    )
