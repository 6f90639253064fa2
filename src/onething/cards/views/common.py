"""What the union's registry and card pages share: the role check, and putting a service's
refusal on the form that caused it."""

from __future__ import annotations

from django import forms

from onething.core.errors import DomainError
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.web.views.base import page_actor


def union_actor(request) -> Actor:
    """The request's actor, refused (403) unless union staff."""
    actor = page_actor(request)
    require_role(actor, Role.UNION_STAFF)
    return actor


def refusal_on(form: forms.Form, error: DomainError, renames: dict | None = None) -> None:
    """A 409 (a number taken, a card no longer active): its message beside the field it
    names, else above the form."""
    field = (error.details or {}).get("field")
    field = (renames or {}).get(field, field)
    form.add_error(field if field in form.fields else None, error.message)
