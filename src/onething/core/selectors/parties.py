"""People, enterprises and agencies as the actor may see them (masked columns), and the two
reads of full personal data: the exact look-up by ID number and the full read of a number,
each written to the audit log as part of reading."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .. import throttle
from ..crypto import keyring
from ..errors import PermissionDenied, TooManyRequests, ValidationFailed
from ..identity import PII_FIELDS, mask_id_number, purpose_problem, resident_id_problem
from ..models import Agency, Enterprise, Person, Role
from ..permissions import Actor, get_visible, require_role, visible
from ..services.audit import audit_record
from .regions import region_subtree_filter

# Who may read a full identity or phone number (of a person within their scope).
PII_READERS = (Role.CLERK, Role.OFFICER, Role.ADMIN)


def people_list(actor: Actor, *, q: str = "", region_code: str | None = None) -> QuerySet[Person]:
    """People the actor may see, masked columns only (nothing here decrypts)."""
    qs = visible(actor, Person.objects.select_related("region"))
    qs = region_subtree_filter(qs, "region", region_code)
    if q:
        condition = Q(name__icontains=q)
        if len(q) == 4 and q[:3].isdigit():  # the last four of the ID number
            condition |= Q(id_number_masked__endswith=q.upper())
        qs = qs.filter(condition)
    return qs.order_by("-created_at", "-id")


def person_get(actor: Actor, person_id: int) -> Person:
    return get_visible(actor, Person.objects.select_related("region"), pk=person_id)


def enterprises_list(
    actor: Actor, *, q: str = "", region_code: str | None = None, industry: str = ""
) -> QuerySet[Enterprise]:
    qs = visible(actor, Enterprise.objects.select_related("region"))
    qs = region_subtree_filter(qs, "region", region_code)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__iexact=q))
    if industry:
        qs = qs.filter(industry=industry)
    return qs.order_by("name", "id")


def enterprise_get(actor: Actor, enterprise_id: int) -> Enterprise:
    return get_visible(actor, Enterprise.objects.select_related("region"), pk=enterprise_id)


def agencies_list(actor: Actor, *, q: str = "") -> QuerySet[Agency]:
    qs = visible(actor, Agency.objects.select_related("region")).prefetch_related("agents__person")
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("name", "id")


def agency_get(actor: Actor, agency_id: int) -> Agency:
    return get_visible(actor, Agency.objects.select_related("region"), pk=agency_id)


def _lookup_allowed(actor: Actor) -> None:
    """Count one look-up by the actor's account; past the per-minute or per-day limit, 429
    (the first refusal in a window audited). The platform's own look-ups (imports, the
    registry's platform reach) are not counted."""
    if actor.is_system or actor.user_id is None:
        return
    verdict = throttle.take(
        "person.lookup",
        actor.user_id,
        [(settings.ONETHING_LOOKUPS_PER_MINUTE, 60), (settings.ONETHING_LOOKUPS_PER_DAY, 86400)],
    )
    if verdict.allowed:
        return
    if verdict.first_refusal:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="person.lookup_refused",
                subject=("core.user", str(actor.user_id)),
                after={"retry_after_seconds": verdict.retry_after},
            )
    raise TooManyRequests(
        _("Too many look-ups of ID numbers from this account. Try again in %(n)s seconds.")
        % {"n": verdict.retry_after},
        retry_after=verdict.retry_after,
    )


def person_find_by_id_number(*, actor: Actor, id_number: str) -> Person | None:
    """Exact lookup by the full number (a clerk holding the ID card): by keyed hash, no
    decryption. Regional staff find anyone this way; hits and misses are audited (a miss
    with the masked number and its keyed hash, never the number), and each account's
    look-ups are rate-limited (``ONETHING_LOOKUPS_PER_MINUTE``, ``…_PER_DAY``)."""
    require_role(actor, Role.CLERK, Role.OFFICER, Role.ADMIN)
    number = (id_number or "").strip().upper()
    problem = resident_id_problem(number)
    if problem:
        raise ValidationFailed([problem])
    _lookup_allowed(actor)
    digest = keyring().digest(number, PII_FIELDS["id_number"])
    person = Person.objects.filter(id_number_digest=digest).first()
    with transaction.atomic():
        if person is not None:
            audit_record(actor=actor, action="person.lookup", subject=person)
        else:
            audit_record(
                actor=actor,
                action="person.lookup_miss",
                subject=("core.person", ""),
                after={"found": False, "id_number": mask_id_number(number), "digest": digest},
            )
    return person


@transaction.atomic
def person_reveal(*, actor: Actor, person_id: int, field: str, purpose: str = "") -> str:
    """The full ID or phone number of a person the actor may see, for a role that needs it.
    Every such read is written to the audit log, with its purpose (required)."""
    if field not in PII_FIELDS:
        raise ValidationFailed.one("field", "choice", _("Choose id_number or phone."))
    require_role(actor, *PII_READERS, Role.APPLICANT, Role.AGENT)
    person = get_visible(actor, Person.objects.all(), pk=person_id)
    if actor.role in (Role.APPLICANT, Role.AGENT) and person.pk != actor.person_id:
        raise PermissionDenied(_("You may only read your own full numbers."))
    purpose = (purpose or "").strip()
    problem = purpose_problem(purpose)
    if problem:  # refused: nothing read, nothing audited
        raise ValidationFailed([problem])
    cipher = person.id_number_cipher if field == "id_number" else person.phone_cipher
    if not cipher:
        return ""
    value = keyring().decrypt(cipher, PII_FIELDS[field])
    audit_record(
        actor=actor,
        action="pii.read",
        subject=person,
        after={"field": field},
        note=purpose,
    )
    return value
