"""GeoReport v2 under ``/open311/v2/``: the format is the extension (``.json`` or ``.xml``);
an unknown format, and anything else under the endpoint, is a 404 in the error format."""

from django.urls import re_path

from . import views

FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns = [
    re_path(r"^services" + FMT, views.services, name="open311-services"),
    re_path(
        r"^services/(?P<service_code>[^/]+)" + FMT,
        views.service_definition,
        name="open311-service",
    ),
    re_path(r"^requests" + FMT, views.requests, name="open311-requests"),
    re_path(
        r"^requests/(?P<service_request_id>[^/]+)" + FMT,
        views.request_detail,
        name="open311-request",
    ),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
