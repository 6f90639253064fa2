"""Pages of the operations centre, under ``/ops/``: the events (list, one event, its moves,
its photos), the grid inspector's report, the devices, and the centre's screen
(城运中心大屏) with its public version."""

from django.urls import path

from .views import devices, events, moves, report, screen

urlpatterns = [
    path("events/", events.events_page, name="cityops-events"),
    path("events/report/", report.report_page, name="cityops-report"),
    path("events/<str:number>/", events.event_page, name="cityops-event"),
    path("events/<str:number>/act/<slug:move>/", moves.act, name="cityops-event-act"),
    path(
        "events/<str:number>/photos/<int:photo_id>/",
        events.event_photo,
        name="cityops-event-photo",
    ),
    path("devices/", devices.devices_page, name="cityops-devices"),
    path("devices/<str:code>/", devices.device_page, name="cityops-device"),
    path("screen/", screen.screen_page, name="cityops-screen"),
    path("screen/public/", screen.public_screen_page, name="cityops-screen-public"),
]
