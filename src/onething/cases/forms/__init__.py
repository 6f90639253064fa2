"""Forms of the case pages. An item's application form is built from its JSON Schema: one
input per schema field (named ``form.<name>``), one file input per material requirement
(``materials.<code>``), so that the service's field problems land on the right input.

The inputs check little themselves: the services validate (``clean_form``, the material
checks) and their messages are shown beside the fields."""

from .actions import (
    ConcludeForm,
    ConfirmForm,
    CorrectionForm,
    DeclineForm,
    HandOverForm,
    RatingForm,
    ReasonForm,
    RectificationCloseForm,
    TrackForm,
    WithdrawForm,
)
from .application import (
    ACCEPT_FILES,
    ApplicationForm,
    DeliveryForm,
    ItemChoiceForm,
    ItemFormMixin,
    SchemaValueField,
    WindowIntakeForm,
    answer_field,
    prefill,
)

__all__ = [
    "ACCEPT_FILES",
    "ApplicationForm",
    "ConcludeForm",
    "ConfirmForm",
    "CorrectionForm",
    "DeclineForm",
    "DeliveryForm",
    "HandOverForm",
    "ItemChoiceForm",
    "ItemFormMixin",
    "RatingForm",
    "ReasonForm",
    "RectificationCloseForm",
    "SchemaValueField",
    "TrackForm",
    "WindowIntakeForm",
    "WithdrawForm",
    "answer_field",
    "prefill",
]
