"""The bench URLconf (bench settings only): every normal URL, plus ``POST /bench/floor``,
the anchor of the case-submission benchmark: a minimal Django view that does one ORM INSERT
through the same gunicorn, middleware and database as the real API."""

import uuid

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from onething.core.models import NumberCounter

from .urls import handler403, handler404, handler500
from .urls import urlpatterns as normal_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@csrf_exempt
@require_POST
def floor(request):
    """One INSERT (autocommit: one transaction) into a tiny existing table, with keys that
    cannot meet the real number series."""
    row = NumberCounter.objects.create(key=f"bench-floor:{uuid.uuid4().hex}", value=1)
    return JsonResponse({"id": row.pk}, status=201)


urlpatterns = [path("bench/floor", floor, name="bench-floor"), *normal_urlpatterns]
