"""Pages of the institute: placements (输送; docs/architecture.md, the institute): the public
openings (``training-openings``) and an opening's page (``training-opening``: a student
applies; its company closes it), posting and changing an opening (``training-opening-new``,
``training-opening-edit``), a student's job applications (``training-my-jobs``), a
company's recruiting (``training-company``), one job application
(``training-job-application``), the placements (``training-placements``), recording one
directly (``training-placement-new``) and a placement's page (``training-placement``)."""

from django.urls import path, re_path

from ..views.placements import company, jobs, public, staff

OPENING = r"(?P<number>GW[0-9]{9})"
ID = r"(?P<application_id>[0-9]{1,18})"
PLACEMENT = r"(?P<placement_id>[0-9]{1,18})"

urlpatterns = [
    path("openings/", public.openings_page, name="training-openings"),
    re_path(rf"^openings/{OPENING}/$", public.opening_page, name="training-opening"),
    re_path(rf"^openings/{OPENING}/edit/$", company.opening_edit, name="training-opening-edit"),
    re_path(
        rf"^openings/{OPENING}/(?P<move>apply|close)/$",
        public.opening_act,
        name="training-opening-act",
    ),
    path("mine/jobs/", jobs.my_jobs_page, name="training-my-jobs"),
    path("company/", company.company_page, name="training-company"),
    path("company/openings/new/", company.opening_new, name="training-opening-new"),
    re_path(rf"^jobs/{ID}/$", jobs.job_page, name="training-job-application"),
    re_path(
        rf"^jobs/{ID}/(?P<move>interview|offer|reject|hire|decline|withdraw)/$",
        jobs.job_act,
        name="training-job-act",
    ),
    path("manage/placements/", staff.placements_page, name="training-placements"),
    path("manage/placements/new/", staff.placement_new, name="training-placement-new"),
    re_path(rf"^placements/{PLACEMENT}/$", staff.placement_page, name="training-placement"),
    re_path(rf"^placements/{PLACEMENT}/end/$", staff.placement_end, name="training-placement-end"),
]
