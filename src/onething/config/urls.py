from django.contrib import admin
from django.urls import include, path

from onething.core.views import healthz

from .api import api

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("onething.bundles.urls")),
    path("", include("onething.appeals.urls")),
    path("", include("onething.cards.urls")),
    path("", include("onething.web.urls")),
]

handler403 = "onething.web.views.errors.forbidden"
handler404 = "onething.web.views.errors.not_found"
handler500 = "onething.web.views.errors.server_error"
