"""The columns the case generator writes (every concrete field named, so a new field
fails loudly), written through core's bulk writer (``core/bulk.py``)."""

from __future__ import annotations

from django.db import connection

from ..models import Case, Evaluation, Rectification

# The columns written, by attribute name; every concrete field of Case is named, so a new
# field fails here loudly instead of silently taking no value.
CASE_COLUMNS = (
    "id",
    "number",
    "item_id",
    "applicant_id",
    "enterprise_id",
    "submitted_by_id",
    "channel",
    "center_id",
    "department_id",
    "status",
    "form_data",
    "form_personal",
    "delivery",
    "delivery_address",
    "submitted_at",
    "accepted_at",
    "due_date",
    "due_provisional",
    "paused_days",
    "paused_since",
    "correction_reason",
    "declined_reason",
    "concluded_at",
    "outcome",
    "outcome_reason",
    "working_days_taken",
    "withdrawn_at",
    "handed_over_at",
    "tracking_number",
)
EVALUATION_COLUMNS = ("id", "case_id", "rating", "comment", "rated_by_id", "rated_at")
RECTIFICATION_COLUMNS = (
    "evaluation_id",
    "case_id",
    "department_id",
    "status",
    "opened_at",
    "due_date",
    "due_provisional",
    "result",
    "follow_up_at",
    "follow_up_note",
    "closed_by_id",
    "closed_at",
)


def check_columns() -> None:
    """Every concrete field of the three models is written (or is the automatic id)."""
    for model, columns in (
        (Case, CASE_COLUMNS),
        (Evaluation, EVALUATION_COLUMNS),
        (Rectification, (*RECTIFICATION_COLUMNS, "id")),
    ):
        fields = {f.attname for f in model._meta.concrete_fields}
        if fields != set(columns):
            raise RuntimeError(
                f"{model.__name__}: the generator writes {sorted(columns)}, "
                f"the model has {sorted(fields)}"
            )


def empty_form():
    """An empty application form as each writer takes it (COPY: JSON text)."""
    return "{}" if connection.vendor == "postgresql" else {}
