from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CityopsConfig(AppConfig):
    name = "onething.cityops"
    label = "cityops"
    verbose_name = _("City operations centre")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
        from .services import labels  # noqa: F401  (names the audit actions)
