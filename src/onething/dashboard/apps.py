from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The city's figures across the modules, public and for supervisors. It has no
    tables of its own and reads only through the other apps' selectors."""

    name = "onething.dashboard"
    label = "dashboard"
    verbose_name = _("City figures")
