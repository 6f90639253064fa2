"""The public figures page of the cross-region service (included by crossregion/urls.py)."""

from django.urls import path

from .views.figures import figures_page

urlpatterns = [
    path("cross-region/figures/", figures_page, name="crossregion-figures"),
]
