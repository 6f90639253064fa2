from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "onething.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers permission rules)
        from .dbtriggers import AUDIT_LOG
        from .services import accounts  # noqa: F401  (forgets cached tokens on changes)
        from .uploads import configure_pillow

        configure_pillow(settings.ONETHING_MAX_IMAGE_PIXELS)

        post_migrate.connect(AUDIT_LOG.ensure_after_migrate, sender=self)
