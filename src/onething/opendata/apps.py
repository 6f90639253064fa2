from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "onething.opendata"
    label = "opendata"
    verbose_name = _("Public data platform")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
        from .services import labels  # noqa: F401  (names the audit actions)
