"""Pages of the institute: classes — the staff's and the advisers' classes, a class's
roster, attendance and grade sheets, a student's page (complete, withdraw, issue a
transcript), enrolling a cohort's accepted applicants, and a student's own classes."""

from django.urls import path

from ..views.classes import staff, student

urlpatterns = [
    path("classes/", staff.classes_page, name="training-classes"),
    path("classes/<str:cohort>/<str:track>/", staff.class_page, name="training-class"),
    path(
        "classes/<str:cohort>/<str:track>/attendance/",
        staff.class_attendance,
        name="training-class-attendance",
    ),
    path(
        "classes/<str:cohort>/<str:track>/grades/",
        staff.class_grades,
        name="training-class-grades",
    ),
    path("manage/cohorts/<str:code>/enrol/", staff.enrol_all, name="training-enrol"),
    path("manage/students/<str:number>/", student.enrolment_page, name="training-enrolment"),
    path(
        "manage/students/<str:number>/act/<slug:move>/",
        student.enrolment_act,
        name="training-enrolment-act",
    ),
    path("mine/classes/", student.my_classes_page, name="training-my-classes"),
]
