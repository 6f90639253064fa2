"""The names of the audit actions value-added services write (core.selectors.actions)."""

from django.utils.translation import gettext_lazy as _

from onething.core.selectors.actions import action_labels

action_labels(
    {
        "va_provider.create": _("Value-added service provider added"),
        "va_provider.update": _("Value-added service provider changed"),
        "va_service.create": _("Value-added service added"),
        "va_service.update": _("Value-added service changed"),
        "va_provider.change": _("Value-added service provider changed"),
        "va_provider.delete": _("Value-added service provider deleted"),
        "va_service.change": _("Value-added service changed"),
        "va_service.delete": _("Value-added service deleted"),
        "va_request.submit": _("Service request submitted"),
        "va_request.accept": _("Service request accepted"),
        "va_request.decline": _("Service request declined"),
        "va_request.conclude": _("Service request concluded"),
        "va_request.withdraw": _("Service request withdrawn"),
        "va_request.rate": _("Service request rated"),
    }
)
