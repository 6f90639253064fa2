from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy

from onething.core.views import healthz

from .api import api

# The gate endpoints first: a gate calls them once per passenger, and Django tries the
# patterns in order (≈ 170 API routes; docs/performance.md, "Gate authorisation over HTTP").
# Their routes are fixed strings, so no other route can match what they match. The same for
# the devices that report per resident or per car: city management's scoring devices and
# parking gates (docs/performance.md, "Street scores and parking gate events over HTTP").
GATE_FIRST = ("gate/", "citymgmt/scores", "citymgmt/parking/events")


def _gate_routes_first(urls):
    patterns, app_name, namespace = urls
    first = [p for p in patterns if str(p.pattern).startswith(GATE_FIRST)]
    return [*first, *(p for p in patterns if p not in first)], app_name, namespace


# The back office is headed with the platform's name, in the user's language (not Django's).
admin.site.site_header = gettext_lazy("onething · administration")
admin.site.site_title = gettext_lazy("onething administration")
admin.site.index_title = gettext_lazy("What the platform holds")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", _gate_routes_first(api.urls)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("onething.bundles.urls")),
    path("", include("onething.appeals.urls")),
    path("", include("onething.cards.urls")),
    path("", include("onething.dashboard.urls")),  # the home pages too
    path("", include("onething.web.urls")),
    path("", include("onething.catalog.urls")),
    path("", include("onething.cases.urls")),
    path("", include("onething.crossregion.urls")),
    path("", include("onething.opendata.urls")),
    path("ops/", include("onething.cityops.urls")),
    path("city/", include("onething.citymgmt.urls")),
    path("training/", include("onething.training.urls")),
    path("duty/", include("onething.duty.urls")),
    path("value-added/", include("onething.valueadded.urls")),
]

handler403 = "onething.web.views.errors.forbidden"
handler404 = "onething.web.views.errors.not_found"
handler500 = "onething.web.views.errors.server_error"
