"""The names of the audit actions the operations centre writes (core.selectors.actions)."""

from django.utils.translation import gettext_lazy as _

from onething.core.selectors.actions import action_labels

action_labels(
    {
        "city_event.report": _("City event reported"),
        "city_event.open": _("City event opened by a sensor"),
        "city_event.raise": _("City event raised to a higher level"),
        "city_event.lower": _("City event lowered to a lower level"),
        "city_event.register": _("City event registered"),
        "city_event.dismiss": _("City event dismissed"),
        "city_event.dispatch": _("City event dispatched"),
        "city_event.redispatch": _("City event redispatched"),
        "city_event.handle": _("City event handled"),
        "city_event.check": _("City event checked"),
        "city_event.send_back": _("City event sent back for handling again"),
        "city_event.close": _("City event closed"),
        "city_event.auto_close": _("City event closed by itself (back to normal)"),
        "device.token_issue": _("Device token issued"),
        "device.mark_offline": _("Silent devices marked offline"),
        "device.readings_refused": _("Readings refused"),
        "data_feed.register": _("Data feed registered"),
        "device_type.register": _("Device type registered"),
        "device.register": _("Devices registered"),
        "device.token_assign": _("Device tokens set"),
        "video.register": _("Video resources registered"),
    }
)
