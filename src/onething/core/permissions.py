"""The one permission layer. Every selector scopes its query through :func:`visible`, and
every service checks the actor's role through :func:`require_role`.

An :class:`Actor` is what a request acts as: the account, its role and where that role
reaches (a service centre, a department, a supervised region, a person, an enterprise, an
agency). Each model registers one scope rule (``@scope_rule(Model)``) that turns an actor
into a filter; a model with no rule is visible to nobody (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from .errors import NotFound, PermissionDenied, Unauthenticated
from .models import Role
from .pagination import AnyOf

M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

# The staff of the service centres and departments and their supervisors and administrators:
# who read the records of people and enterprises and download the definitions' workbooks.
STAFF_ROLES = (Role.CLERK, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    label: str = "anonymous"
    role: str | None = None
    person_id: int | None = None
    enterprise_id: int | None = None
    agent_id: int | None = None
    agency_id: int | None = None
    service_center_id: int | None = None
    department_id: int | None = None
    region_id: int | None = None
    region_path: str | None = None  # the root of the region subtree the role reaches
    is_system: bool = False  # the platform itself (demo loader, scheduled tasks)
    # the account's person row with its region, when the sign-in already read them (a
    # bearer token's look-up does): a service that needs the applicant reads no more
    person: models.Model | None = field(default=None, compare=False, repr=False)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None or self.is_system

    def has_role(self, *roles: str) -> bool:
        return self.is_system or self.role in roles

    def region_q(self, field: str) -> Q:
        """Records whose ``field`` (a Region) lies in the actor's region subtree: the
        subtree's ids, resolved first (a few, cached as reference data), so the planner
        filters the big table on its own column instead of joining regions by path."""
        if self.region_path is None:
            return NOTHING
        from .selectors.regions import region_ids_under

        return Q(**{f"{field}_id__in": region_ids_under(self.region_path)})

    def department_q(self, field: str = "department") -> Q:
        """Records whose ``field`` (a Department) belongs to the actor's region subtree."""
        if self.region_path is None:
            return NOTHING
        from .selectors.regions import department_ids_under

        return Q(**{f"{field}_id__in": department_ids_under(self.region_path)})


ANONYMOUS = Actor()
SYSTEM = Actor(label="system", is_system=True)


def actor_for(user) -> Actor:
    """The actor a signed-in account acts as (``ANONYMOUS`` for nobody)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    role = user.role or (Role.ADMIN if user.is_superuser else None)
    region_path = None
    if role == Role.CLERK and user.service_center_id:
        region_path = user.service_center.region.path
    elif role in (Role.OFFICER, Role.UNION_STAFF) and user.department_id:
        region_path = user.department.region.path
    elif role in (Role.SUPERVISOR, Role.DISPATCHER, Role.INSPECTOR, Role.LEADER) and user.region_id:
        region_path = user.region.path
    return Actor(
        person=_person_read_with(user),
        user_id=user.pk,
        label=f"{user.get_username()} ({role})",
        role=role,
        # an agent acts as the person the agency's agent record names, when the account
        # carries none itself
        person_id=user.person_id or (user.agent.person_id if user.agent_id else None),
        enterprise_id=user.enterprise_id,
        agent_id=user.agent_id,
        agency_id=user.agent.agency_id if user.agent_id else None,
        service_center_id=user.service_center_id,
        department_id=user.department_id,
        region_id=user.region_id,
        region_path=region_path,
    )


def _person_read_with(user) -> models.Model | None:
    """The account's person if it was read with the account, with its region; else None."""
    if not user.person_id or not user._meta.get_field("person").is_cached(user):
        return None
    person = user.person
    return person if person._meta.get_field("region").is_cached(person) else None


ScopeRule = Callable[[Actor], Q]
_rules: dict[type[models.Model], ScopeRule] = {}


def scope_rule(model: type[models.Model]) -> Callable[[ScopeRule], ScopeRule]:
    def register(rule: ScopeRule) -> ScopeRule:
        _rules[model] = rule
        return rule

    return register


def extend_scope(model: type[models.Model], extra: ScopeRule) -> None:
    """Let an app built on another widen a model's scope: the records ``extra`` lets the
    actor see are added to those the model's own rule does (e.g. the partner department of
    a joint cross-region case sees that case)."""
    base = _rules[model]
    _rules[model] = lambda actor: base(actor) | extra(actor)


def visibility(actor: Actor, model: type[models.Model]) -> Q:
    if actor.is_system or actor.role == Role.ADMIN:
        return EVERYTHING
    rule = _rules.get(model)
    return NOTHING if rule is None else rule(actor)


def visible(
    actor: Actor, queryset: models.QuerySet[M], part: int | None = None
) -> models.QuerySet[M]:
    """The part of ``queryset`` the actor may see; with ``part``, only that part (by its
    place in :func:`scope_parts`) of the actor's scope."""
    if part is None:
        return queryset.filter(visibility(actor, queryset.model))
    return queryset.filter(scope_parts(actor, queryset.model)[part])


def scope_through(actor: Actor, model: type[models.Model], path: str) -> Q:
    """The actor's scope of ``model`` as a filter on rows that reach it through the
    relation ``path`` (a reply's or a supervision item's ``appeal``): the scope's own
    conditions, joined — not "``path`` in (every row of the scope)", which the database
    would have to gather whole before a single row could be tested."""
    return _through(visibility(actor, model), path)


def _through(scope: Q, path: str) -> Q:
    return Q(
        *(
            _through(c, path) if isinstance(c, Q) else _child_through(c, path)
            for c in scope.children
        ),
        _connector=scope.connector,
        _negated=scope.negated,
    )


def _child_through(child: tuple[str, Any], path: str) -> Any:
    lookup, value = child
    if lookup == "pk__in" and isinstance(value, models.QuerySet):
        selected = value.query.values_select
        if len(selected) == 1:  # "pk in (the ids some rows name)": does a row name ours?
            return Exists(value.filter(**{selected[0]: OuterRef(path)}))
    return (f"{path}__{lookup}", value)


def scope_parts(actor: Actor, model: type[models.Model]) -> list[Q]:
    """The actor's scope of ``model`` as the parts it is the OR of ("my department's",
    "the ones my department replied to", …): one part when it is not an OR."""
    scope = visibility(actor, model)
    if scope.connector != Q.OR or scope.negated or len(scope.children) < 2:
        return [scope]
    return [c if isinstance(c, Q) else Q(c) for c in scope.children]


def in_parts(
    actor: Actor, select: Callable[[int | None], models.QuerySet[M]]
) -> models.QuerySet[M] | AnyOf:
    """A list to page through, from its selector ``select(part)`` (``part`` goes on to
    :func:`visible`): when the actor's scope is an OR of parts, the list is read part by
    part, each through its own index (:class:`~onething.core.pagination.AnyOf`); else it
    is the selector's queryset as it stands."""
    rows = select(None)
    n = len(scope_parts(actor, rows.model))
    return rows if n < 2 else AnyOf(rows, [select(i) for i in range(n)])


def get_visible(actor: Actor, queryset: models.QuerySet[M], **lookup) -> M:
    """One object the actor may see, or NotFound: a record outside the actor's scope is
    answered exactly like one that does not exist (its existence is not disclosed)."""
    try:
        return visible(actor, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(
            _("No %(what)s with that identifier is visible to you.")
            % {"what": queryset.model._meta.verbose_name},
            details={"lookup": {k: str(v) for k, v in lookup.items()}},
        ) from None


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse (401 / 403) unless the actor holds one of ``roles``."""
    if not actor.authenticated:
        raise Unauthenticated()
    if not actor.has_role(*roles):
        names = ", ".join(str(Role(r).label) for r in roles)
        raise PermissionDenied(
            _("This needs one of these roles: %(roles)s.") % {"roles": names},
            details={"required_roles": list(roles), "your_role": actor.role},
        )
