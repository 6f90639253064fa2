from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "onething.cards"
    label = "cards"
    verbose_name = _("Honour cards")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
        from .dbtriggers import LEDGER

        post_migrate.connect(LEDGER.ensure_after_migrate, sender=self)
