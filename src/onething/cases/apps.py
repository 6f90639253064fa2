from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onething.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from onething.core.services.calendar import deadlines_recount

        from . import scopes  # noqa: F401
        from .services.deadlines import case_deadlines_recount

        def recount(sender, *, actor, calendar, **kwargs):
            return case_deadlines_recount(actor=actor, calendar=calendar)

        deadlines_recount.connect(recount, dispatch_uid="cases.deadlines", weak=False)
