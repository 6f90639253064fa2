"""What the scoring services share: who is the city-management office for a street (or
for the whole city), and refusing every problem at once."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core.errors import PermissionDenied, Unauthenticated
from onething.core.permissions import Actor

from ...models import Street
from ...selectors.scoring import closes_months, reviews_street


def _signed_in(actor: Actor) -> None:
    if not actor.authenticated:
        raise Unauthenticated()


def require_office_for(actor: Actor, street: Street) -> None:
    """The city-management office whose region holds the street (or an administrator, or
    the platform itself); 403 otherwise."""
    _signed_in(actor)
    if not reviews_street(actor, street):
        raise PermissionDenied(
            _("Only the city-management office of %(street)s's district may do this.")
            % {"street": street.name},
            code="not_the_office",
        )


def require_city_office(actor: Actor) -> None:
    """The city's own city-management office, an administrator or the platform: a month is
    closed for every street of the city at once."""
    _signed_in(actor)
    if not closes_months(actor):
        raise PermissionDenied(
            _("Only the city's city-management office closes a month of street scores."),
            code="not_the_city_office",
        )
