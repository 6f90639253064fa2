"""城运中心大屏: the operations centre's screen, and the public one (城市运行实况).

Both pages draw Wuxi's districts with ECharts from the GeoJSON served with our static
files (``vendor/geo/wuxi.geojson``), the devices as points coloured by state and level,
the open events as markers, and the figures by department as bar charts; then they poll
their JSON state (api/screen.py) every few seconds and redraw what changed, without a
reload. The page carries its first state and its configuration as JSON blocks (no inline
script: the Content-Security-Policy runs none); the code is ``cityops/screen_draw.js`` (the
map, the charts) and ``cityops/screen.js`` (the lists, the polling)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.web.views.base import domain_errors_as_pages, page_actor

from ..selectors.screen import labels
from ..selectors.screen_live import (
    POLL_SECONDS,
    PUBLIC_POLL_SECONDS,
    ScreenAnswer,
    public_screen_answer,
    screen_answer,
)

MAP_NAME = "wuxi"  # the name the GeoJSON is registered under (echarts.registerMap)


def _texts() -> dict[str, str]:
    """What the script writes on the page, in the user's language."""
    return {
        "updated": _("Updated at %(time)s"),
        "checked": _("Checked at %(time)s, nothing changed"),
        "lost": _("The connection was lost; trying again."),
        "new_event": _("New event: %(title)s"),
        "no_events": _("No open event."),
        "in_all": _("%(n)s in all"),
        "nothing": _("Nothing to show yet."),
        "devices": _("Devices"),
        "events": _("Open events"),
        "overdue": _("Overdue events"),
        "security": _("Security devices, counted in their district"),
        "map_label": _("Map of the districts with %(devices)s devices and %(events)s open events"),
        "department": _("Department"),
    }


def _page(request, answer: ScreenAnswer, *, public: bool):
    state_url = reverse("api:cityops-screen-public-state" if public else "api:cityops-screen-state")
    config = {
        "state_url": state_url,
        "geo_url": static("vendor/geo/wuxi.geojson"),
        "map": MAP_NAME,
        "poll_seconds": PUBLIC_POLL_SECONDS if public else POLL_SECONDS,
        "etag": answer.etag,
        "public": public,
        "labels": labels(),
        "texts": _texts(),
    }
    title = _("The city live") if public else _("Operations centre screen")
    return render(
        request,
        "cityops/screen.html",
        {"title": title, "public": public, "state": answer.state, "config": config},
    )


@login_required
@domain_errors_as_pages
def screen_page(request):
    """The centre's screen (dispatchers, supervisors, administrators; an officer sees their
    department's devices and events); another role gets 403."""
    return _page(request, screen_answer(page_actor(request)), public=False)


def public_screen_page(request):
    """The public screen: anyone, no personal data, no security device's place."""
    return _page(request, public_screen_answer(), public=True)
