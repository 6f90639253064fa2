from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValueAddedConfig(AppConfig):
    """增值服务: value-added services for enterprises, requested, routed and rated."""

    name = "onething.valueadded"
    label = "valueadded"
    verbose_name = _("Value-added services")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
        from .services import labels  # noqa: F401  (names the audit actions)
