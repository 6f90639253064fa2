"""Pages of one-thing bundles (一件事). The run page's address is the one the services put
in the applicant's messages (``/one-thing/runs/<number>/``)."""

from django.urls import path

from .views import agency, applicant, department, public, window

urlpatterns = [
    path("one-things/", public.bundles_page, name="bundle-list"),
    path("one-things/<str:code>/", public.bundle_page, name="bundle-detail"),
    path("one-things/<str:code>/apply/", applicant.apply, name="bundle-apply"),
    path("my/one-things/", applicant.my_runs, name="my-runs"),
    path("one-thing/runs/<str:number>/", applicant.run_page, name="bundle-run"),
    path(
        "one-thing/runs/<str:number>/withdraw/",
        applicant.run_withdraw_view,
        name="bundle-run-withdraw",
    ),
    path("cases/<str:number>/one-thing/<slug:action>/", department.act, name="bundle-case-act"),
    path("agency/declarations/", agency.declarations, name="agency-declarations"),
    path("agency/declarations/new/", agency.declaration_new, name="agency-declaration-new"),
    path("agency/pickup/", agency.pickup, name="agency-pickup"),
    path("agency/pickups/", agency.my_pickups, name="agency-pickups"),
    path("workbench/pickups/", window.pickups, name="window-pickups"),
    path("workbench/pickups/<str:number>/", window.pickup, name="window-pickup"),
    path("workbench/pickups/<str:number>/<slug:action>/", window.act, name="window-pickup-act"),
]
