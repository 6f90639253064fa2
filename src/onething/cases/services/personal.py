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


def seal_answers(schema: dict, cleaned: dict, label: str) -> tuple[dict, str]:
    """(the answers with personal numbers masked, the personal numbers encrypted under
    ``label`` — empty when there are none)."""
    shown, personal = split_personal(schema or {}, cleaned)
    sealed = keyring().encrypt(json.dumps(personal, ensure_ascii=False), label) if personal else ""
    return shown, sealed


def open_answers(sealed: str, label: str) -> dict:
    """The personal numbers sealed by ``seal_answers``."""
    return json.loads(keyring().decrypt(sealed, label)) if sealed else {}


def seal_form(case: Case, cleaned: dict) -> None:
    """Put the cleaned answers on the case: masked in ``form_data``, the personal numbers
    encrypted in ``form_personal``."""
    case.form_data, case.form_personal = seal_answers(case.item.form_schema, cleaned, LABEL)


def form_personal(case: Case) -> dict:
    return open_answers(case.form_personal, LABEL)


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
