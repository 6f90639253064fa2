from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "onething.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from . import scopes  # noqa: F401
