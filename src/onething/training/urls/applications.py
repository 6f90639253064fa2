"""Pages of the institute: applications and selection (docs/architecture.md, the
institute): a student applies (``training-apply``) and answers their offers
(``training-my-applications``); the institute's staff list, screen and score the
applications (``training-applications``, ``training-application``) and select a cohort
(``training-selection``)."""

from django.urls import path, re_path

from ..rules.applications import NUMBER_PATTERN
from ..views.applications import apply, selection, staff, student

NUMBER = f"(?P<number>{NUMBER_PATTERN})"

urlpatterns = [
    path("cohorts/<str:code>/apply/", apply.apply_page, name="training-apply"),
    path("mine/", student.mine_page, name="training-my-applications"),
    re_path(
        rf"^mine/{NUMBER}/(?P<move>accept|decline|withdraw)/$",
        student.mine_act,
        name="training-my-application-act",
    ),
    path("manage/applications/", staff.applications_page, name="training-applications"),
    re_path(
        rf"^manage/applications/{NUMBER}/$", staff.application_page, name="training-application"
    ),
    re_path(
        rf"^manage/applications/{NUMBER}/(?P<move>[a-z_]+)/$",
        staff.application_act,
        name="training-application-act",
    ),
    re_path(
        rf"^applications/{NUMBER}/files/(?P<file_id>[0-9]{{1,18}})/$",
        staff.application_file,
        name="training-application-file",
    ),
    path(
        "manage/cohorts/<str:code>/selection/",
        selection.selection_page,
        name="training-selection",
    ),
    path(
        "manage/cohorts/<str:code>/interviews/import/",
        selection.interviews_import,
        name="training-interviews-import",
    ),
    path(
        "manage/cohorts/<str:code>/waiting-list/close/",
        selection.waiting_close,
        name="training-waiting-close",
    ),
]
