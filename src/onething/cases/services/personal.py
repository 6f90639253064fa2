"""Personal numbers answered in a case's form (an operator's ID number, a contact phone):
stored encrypted, masked everywhere, read in full only through an audited reveal."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils.translation import gettext as _

from onething.catalog.formschema import split_personal
from onething.core.crypto import keyring
from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record

from ..models import Case
from ..selectors.cases import case_get

LABEL = "case.form"


def seal_form(case: Case, cleaned: dict) -> None:
    """Put the cleaned answers on the case: masked in ``form_data``, the personal numbers
    encrypted in ``form_personal``."""
    shown, personal = split_personal(case.item.form_schema or {}, cleaned)
    case.form_data = shown
    case.form_personal = (
        keyring().encrypt(json.dumps(personal, ensure_ascii=False), LABEL) if personal else ""
    )


def form_personal(case: Case) -> dict:
    return json.loads(keyring().decrypt(case.form_personal, LABEL)) if case.form_personal else {}


@transaction.atomic
def case_form_reveal(*, actor: Actor, number: str, field: str, purpose: str = "") -> str:
    """The full value of a personal answer, for those who handle the case (or its applicant);
    written to the audit log."""
    require_role(actor, Role.CLERK, Role.OFFICER, Role.APPLICANT, Role.AGENT)
    case = case_get(actor, number)
    values = form_personal(case)
    if field not in values:
        raise ValidationFailed.one(
            "field", "unknown", _("The form has no personal answer %(f)s.") % {"f": field}
        )
    audit_record(
        actor=actor,
        action="pii.read",
        subject=case,
        after={"field": f"form.{field}"},
        note=(purpose or "")[:300],
    )
    return values[field]
