"""Pages of the cross-region service."""

from importlib.util import find_spec

from django.urls import include, path

from .views import actions, checks, intake, options, taken_in

urlpatterns = [
    path("workbench/cross-region/", intake.intake, name="crossregion-intake"),
    path("workbench/taken-in/", taken_in.taken_in, name="crossregion-taken-in"),
    path("workbench/cross-region/start/", intake.start, name="crossregion-arrival-start"),
    path("services/<str:code>/where/", options.where, name="crossregion-options"),
    path("services/<str:code>/apply-in/<str:town>/", options.apply_in, name="crossregion-apply"),
    path("cases/<str:number>/cross-region/<slug:action>/", actions.act, name="crossregion-act"),
    path("workbench/data-checks/", checks.queue, name="crossregion-checks"),
    path("workbench/data-checks/<str:number>/", checks.check_page, name="crossregion-check"),
    path(
        "workbench/data-checks/<str:number>/answer/",
        checks.answer,
        name="crossregion-check-answer",
    ),
    path(
        "workbench/data-checks/<str:number>/reveal/",
        checks.reveal,
        name="crossregion-check-reveal",
    ),
]

if find_spec("onething.crossregion.urls_figures") is not None:  # the figures page
    urlpatterns.append(path("", include("onething.crossregion.urls_figures")))
