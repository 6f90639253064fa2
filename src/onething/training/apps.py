from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "onething.training"
    label = "training"
    verbose_name = _("Talent training institute")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
