"""The names of the audit actions the open-data platform writes (core.selectors.actions)."""

from django.utils.translation import gettext_lazy as _

from onething.core.selectors.actions import action_labels

action_labels(
    {
        "open_dataset.define": _("Open dataset defined"),
        "open_dataset.change": _("Open dataset changed"),
        "open_dataset.register_figures": _("Figure dataset registered in the catalogue"),
        "open_dataset.release": _("Open dataset release published"),
    }
)
