"""The catalogue's writes: administrators add the providers (a city department, or a
partner enterprise registered on the platform) and change them; administrators and a
provider's own accounts add its services and change them (name, category, who may ask,
fee, promised response days, offered or not). Every problem at once (422); a code taken
409; anyone else 403."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, NotFound, PermissionDenied
from onething.core.models import Department, Enterprise, Role
from onething.core.permissions import Actor, require_role
from onething.core.problems import refuse_if
from onething.core.services.audit import audit_record, snapshot

from ..models import ServiceProvider, ValueAddedService
from ..rules.catalogue import (
    CITY,
    PARTNER,
    clean_tags,
    code_problem,
    provider_problems,
    service_problems,
)
from ..selectors.catalogue import manages

PROVIDER_FIELDS = ["code", "name", "kind", "department", "enterprise", "active", "contact"]
SERVICE_FIELDS = [
    "code",
    "provider",
    "category",
    "name",
    "sizes",
    "industries",
    "free",
    "fee_note",
    "response_days",
    "active",
]
SERVICE_EDITABLE = {
    "name",
    "category",
    "description",
    "sizes",
    "industries",
    "free",
    "fee_note",
    "response_days",
    "active",
}


def _taken(what: str, code: str) -> Conflict:
    return Conflict(
        _("The code %(c)s is taken already.") % {"c": code},
        code=f"{what}_code_taken",
        details={"code": code},
    )


def _who(kind: str, department_code: str, enterprise_credit_code: str):
    """The department or the enterprise a provider of ``kind`` is, or the problem."""
    if kind == CITY:
        found = Department.objects.filter(code=(department_code or "").strip()).first()
        if found is None:
            return (
                None,
                None,
                FieldProblem("department_code", "unknown", _("Name the department by its code.")),
            )
        return found, None, None
    if kind == PARTNER:
        code = (enterprise_credit_code or "").strip().upper()
        found = Enterprise.objects.filter(credit_code=code).first()
        if found is None:
            return (
                None,
                None,
                FieldProblem(
                    "enterprise_credit_code",
                    "unknown",
                    _("Name an enterprise registered on the platform by its credit code."),
                ),
            )
        return None, found, None
    return None, None, None


@transaction.atomic
def provider_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    department_code: str = "",
    enterprise_credit_code: str = "",
    description: str = "",
    contact: str = "",
) -> ServiceProvider:
    """A provider of value-added services (administrators)."""
    require_role(actor, Role.ADMIN)
    fields = {"name": name, "kind": kind, "description": description, "contact": contact}
    department, enterprise, who_problem = _who(kind, department_code, enterprise_credit_code)
    refuse_if([code_problem("code", code), *provider_problems(fields), who_problem])
    code = code.strip()
    if ServiceProvider.objects.filter(code=code).exists():
        raise _taken("provider", code)
    provider = ServiceProvider.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        department=department,
        enterprise=enterprise,
        description=(description or "").strip(),
        contact=(contact or "").strip(),
        created_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="va_provider.create",
        subject=provider,
        after=snapshot(provider, PROVIDER_FIELDS),
    )
    return provider


@transaction.atomic
def provider_update(*, actor: Actor, code: str, **changes: Any) -> ServiceProvider:
    """Change a provider's name, description, public contact or whether it is active
    (administrators; what is given)."""
    require_role(actor, Role.ADMIN)
    provider = ServiceProvider.objects.select_for_update().filter(code=code).first()
    if provider is None:
        raise NotFound(_("No provider with that code."), details={"code": code})
    allowed = {"name", "description", "contact", "active"}
    changes = {k: v for k, v in changes.items() if k in allowed}
    refuse_if(provider_problems(changes))
    before = snapshot(provider, PROVIDER_FIELDS)
    for field, value in changes.items():
        setattr(provider, field, value.strip() if isinstance(value, str) else value)
    provider.save()
    audit_record(
        actor=actor,
        action="va_provider.update",
        subject=provider,
        before=before,
        after=snapshot(provider, PROVIDER_FIELDS),
    )
    return provider


def _require_manager(actor: Actor, provider: ServiceProvider) -> None:
    if not manages(actor, provider.pk):
        raise PermissionDenied(
            _("Only the administrators and the provider's own staff change its services."),
            details={"provider": provider.code, "your_role": actor.role},
        )


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    provider_code: str,
    code: str,
    name: str,
    category: str,
    description: str,
    sizes: list | None = None,
    industries: list | None = None,
    free: bool = True,
    fee_note: str = "",
    response_days: int = 5,
) -> ValueAddedService:
    """A service of a provider's (its accounts, administrators)."""
    provider = ServiceProvider.objects.filter(code=(provider_code or "").strip()).first()
    if provider is None:
        refuse_if([FieldProblem("provider_code", "unknown", _("No provider with that code."))])
    _require_manager(actor, provider)
    fields = {
        "name": name,
        "category": category,
        "description": description,
        "sizes": sizes if sizes is not None else [],
        "industries": industries if industries is not None else [],
        "free": free,
        "fee_note": fee_note,
        "response_days": response_days,
    }
    refuse_if([code_problem("code", code), *service_problems(fields)])
    code = code.strip()
    try:
        with transaction.atomic():
            service = ValueAddedService.objects.create(
                code=code,
                provider=provider,
                **_cleaned(fields),
                created_at=clock.now(),
            )
    except IntegrityError:
        raise _taken("service", code) from None
    audit_record(
        actor=actor,
        action="va_service.create",
        subject=service,
        after=snapshot(service, SERVICE_FIELDS),
    )
    return service


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "industries" in out:
        out["industries"] = clean_tags(out["industries"])
    if "sizes" in out:
        out["sizes"] = list(dict.fromkeys(out["sizes"]))
    return out


@transaction.atomic
def service_update(*, actor: Actor, code: str, **changes: Any) -> ValueAddedService:
    """Change a service (what is given; its provider's accounts, administrators)."""
    service = (
        ValueAddedService.objects.select_for_update()
        .select_related("provider")
        .filter(code=code)
        .first()
    )
    if service is None:
        raise NotFound(_("No value-added service with that code."), details={"code": code})
    _require_manager(actor, service.provider)
    changes = {k: v for k, v in changes.items() if k in SERVICE_EDITABLE}
    checked = dict(changes)
    if "sizes" in checked or "industries" in checked:
        checked.setdefault("sizes", service.sizes)
        checked.setdefault("industries", service.industries)
    refuse_if(service_problems(checked))
    before = snapshot(service, SERVICE_FIELDS)
    for field, value in _cleaned(changes).items():
        setattr(service, field, value)
    service.save()
    audit_record(
        actor=actor,
        action="va_service.update",
        subject=service,
        before=before,
        after=snapshot(service, SERVICE_FIELDS),
    )
    return service
