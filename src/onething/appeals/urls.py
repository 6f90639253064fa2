"""Pages of appeals and the Open311 GeoReport v2 endpoints. The appeal page's address is
the one the services put in the requester's messages (``/appeals/<number>/``)."""

from django.urls import include, path

urlpatterns = [
    path("", include("onething.appeals.urls_public")),
    path("", include("onething.appeals.urls_staff")),
    path("open311/v2/", include("onething.appeals.open311.urls")),
]
