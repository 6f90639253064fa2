"""The pages of value-added services, under ``/value-added/``."""

from django.urls import path, register_converter

from .views import apply, catalogue, lists, request


class RequestNumber:
    """A request's number: ``VA320281-20250312-000001``."""

    regex = r"VA\d{6}-\d{8}-\d{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RequestNumber, "va_number")

urlpatterns = [
    path("", catalogue.home, name="valueadded-home"),
    path("services/<slug:code>/", catalogue.service_page, name="valueadded-service"),
    path("services/<slug:code>/request/", apply.request_new, name="valueadded-request-new"),
    path("mine/", lists.mine, name="valueadded-mine"),
    path("provider/", lists.provider, name="valueadded-provider"),
    path("requests/<va_number:number>/", request.request_page, name="valueadded-request"),
    path(
        "requests/<va_number:number>/contact/",
        request.reveal_page,
        name="valueadded-reveal",
    ),
    path(
        "requests/<va_number:number>/files/<int:attachment_id>/",
        request.attachment,
        name="valueadded-attachment",
    ),
    path(
        "requests/<va_number:number>/<slug:move>/",
        request.move_page,
        name="valueadded-move",
    ),
]
