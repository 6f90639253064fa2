from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    """带班值班: town leaders' night duty rosters, check-ins and night visits."""

    name = "onething.duty"
    label = "duty"
    verbose_name = _("Leaders on night duty")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
