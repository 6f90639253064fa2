from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BundlesConfig(AppConfig):
    name = "onething.bundles"
    label = "bundles"
    verbose_name = _("One-thing bundles")

    def ready(self) -> None:
        from . import integration, scopes  # noqa: F401
