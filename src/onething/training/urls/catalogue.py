"""Pages of the institute: the catalogue — the public home, a cohort's page, the partner
companies, the credit agreements — and the staff's hub and catalogue pages (programmes,
tracks, courses, cohorts and their lifecycle, partners and advisers, universities and
their registrars, agreements). See docs/architecture.md, the institute."""

from django.urls import path

from ..views.catalogue import cohorts, partners, public, staff, universities

urlpatterns = [
    path("", public.home_page, name="training-home"),
    path("cohorts/<str:code>/", public.cohort_page, name="training-cohort"),
    path("partners/", public.partners_page, name="training-partners"),
    path("agreements/", public.agreements_page, name="training-agreements"),
    path("agreements/<str:number>/", public.agreement_page, name="training-agreement"),
    # the staff's
    path("manage/", staff.manage_page, name="training-manage"),
    path("manage/institute/", staff.institute_edit_page, name="training-institute-edit"),
    path("manage/catalogue/", staff.catalogue_page, name="training-catalogue"),
    path("manage/programmes/new/", staff.programme_new_page, name="training-programme-new"),
    path(
        "manage/programmes/<str:code>/", staff.programme_edit_page, name="training-programme-edit"
    ),
    path(
        "manage/programmes/<str:code>/tracks/new/",
        staff.track_new_page,
        name="training-track-new",
    ),
    path(
        "manage/programmes/<str:code>/tracks/<str:track>/",
        staff.track_edit_page,
        name="training-track-edit",
    ),
    path(
        "manage/programmes/<str:code>/tracks/<str:track>/courses/new/",
        staff.course_new_page,
        name="training-course-new",
    ),
    path("manage/courses/<str:code>/", staff.course_edit_page, name="training-course-edit"),
    path("manage/cohorts/", cohorts.cohorts_page, name="training-cohorts"),
    path("manage/cohorts/new/", cohorts.cohort_new_page, name="training-cohort-new"),
    path("manage/cohorts/<str:code>/", cohorts.cohort_manage_page, name="training-cohort-manage"),
    path("manage/cohorts/<str:code>/edit/", cohorts.cohort_edit_page, name="training-cohort-edit"),
    path(
        "manage/cohorts/<str:code>/act/<slug:move>/",
        cohorts.cohort_act,
        name="training-cohort-act",
    ),
    path("manage/partners/new/", partners.partner_new_page, name="training-partner-new"),
    path(
        "manage/partners/<int:partner_id>/",
        partners.partner_edit_page,
        name="training-partner-edit",
    ),
    path(
        "manage/partners/<int:partner_id>/advisers/new/",
        partners.adviser_new_page,
        name="training-adviser-new",
    ),
    path(
        "manage/advisers/<int:adviser_id>/",
        partners.adviser_edit_page,
        name="training-adviser-edit",
    ),
    path(
        "manage/advisers/<int:adviser_id>/classes/",
        partners.adviser_assign_page,
        name="training-adviser-assign",
    ),
    path(
        "manage/advisers/<int:adviser_id>/classes/<int:assignment_id>/remove/",
        partners.adviser_unassign_page,
        name="training-adviser-unassign",
    ),
    path("manage/universities/", universities.universities_page, name="training-universities"),
    path(
        "manage/universities/new/",
        universities.university_new_page,
        name="training-university-new",
    ),
    path(
        "manage/universities/<int:university_id>/",
        universities.university_edit_page,
        name="training-university-edit",
    ),
    path(
        "manage/universities/<int:university_id>/accounts/",
        universities.university_account_page,
        name="training-university-account",
    ),
    path("manage/agreements/new/", universities.agreement_new_page, name="training-agreement-new"),
    path(
        "manage/agreements/<str:number>/edit/",
        universities.agreement_edit_page,
        name="training-agreement-edit",
    ),
    path(
        "manage/agreements/<str:number>/terminate/",
        universities.agreement_terminate_page,
        name="training-agreement-terminate",
    ),
]
