from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "onething.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from onething.core.services.calendar import deadlines_recount

        from . import scopes  # noqa: F401
        from .services.deadlines import appeal_deadlines_recount

        def recount(sender, *, actor, calendar, **kwargs):
            return appeal_deadlines_recount(actor=actor, calendar=calendar)

        deadlines_recount.connect(recount, dispatch_uid="appeals.deadlines", weak=False)
