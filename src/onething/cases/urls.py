"""Pages of cases."""

from django.urls import path

from .views import applicant, department, detail, public, supervision, urges, window

urlpatterns = [
    path("services/<str:code>/apply/", applicant.apply, name="case-apply"),
    path("my/cases/", applicant.my_cases, name="my-cases"),
    path("cases/<str:number>/", detail.case_detail, name="case-detail"),
    path("cases/<str:number>/act/<slug:action>/", detail.case_act, name="case-act"),
    path("cases/<str:number>/licence.pdf", detail.licence_download, name="case-licence-pdf"),
    path("cases/<str:number>/urge/", urges.urge_issue, name="case-urge"),
    path(
        "cases/<str:number>/urges/<int:urge_id>/answer/",
        urges.urge_answer,
        name="case-urge-answer",
    ),
    path("cases/<str:number>/urges/<int:urge_id>/close/", urges.urge_close, name="case-urge-close"),
    path("urges/", urges.urges_page, name="urges"),
    path(
        "cases/<str:number>/materials/<int:material_id>/",
        detail.material_download,
        name="case-material",
    ),
    path("track/", public.track, name="case-track"),
    path("licences/verify/<str:code>/", public.licence_verify, name="licence-verify"),
    path("workbench/", window.workbench, name="workbench"),
    path("workbench/intake/", window.intake, name="workbench-intake"),
    path("inbox/", department.inbox_page, name="inbox"),
    path("supervision/", supervision.supervision, name="supervision"),
    path("supervision/cases/", supervision.supervision_cases, name="supervision-cases"),
    path("supervision/rectifications/", supervision.rectifications, name="rectifications"),
    path(
        "supervision/rectifications/<int:pk>/",
        supervision.rectification_detail,
        name="rectification-detail",
    ),
]
