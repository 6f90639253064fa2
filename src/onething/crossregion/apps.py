from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossRegionConfig(AppConfig):
    name = "onething.crossregion"
    label = "crossregion"
    verbose_name = _("Cross-region service")

    def ready(self) -> None:
        from . import integration, scopes  # noqa: F401  (scope rules, guards, marks, panels)
