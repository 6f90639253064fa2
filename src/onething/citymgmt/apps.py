from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitymgmtConfig(AppConfig):
    name = "onething.citymgmt"
    label = "citymgmt"
    verbose_name = _("City management")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
