"""Pages of the institute: the public figures (see docs/architecture.md, the institute)."""

from django.urls import path

from ..views import figures

urlpatterns = [path("figures/", figures.figures_page, name="training-figures")]
