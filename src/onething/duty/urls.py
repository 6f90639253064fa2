"""Pages of night duty (带班值班), under ``/duty/``: the duty page, the rosters, night visits
and the public figures."""

from django.urls import path

from .views import figures, home, rosters, visits

urlpatterns = [
    path("", home.duty_home, name="duty-home"),
    path("check-in/", home.check_in, name="duty-check-in"),
    path("nights/<int:night_id>/check-out/", home.check_out, name="duty-check-out"),
    path("rosters/", rosters.rosters_page, name="duty-rosters"),
    path("rosters/plan/", rosters.roster_plan_page, name="duty-roster-plan"),
    path("rosters/<int:roster_id>/", rosters.roster_page, name="duty-roster"),
    path(
        "rosters/<int:roster_id>/publish/", rosters.roster_publish_page, name="duty-roster-publish"
    ),
    path("visits/", visits.visits_page, name="duty-visits"),
    path("visits/new/", visits.visit_new_page, name="duty-visit-new"),
    path("visits/<str:number>/", visits.visit_page, name="duty-visit"),
    path("figures/", figures.figures_page, name="duty-figures"),
]
