from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onething.core.models import Role

STAFF = {Role.CLERK, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN}


def navigation(request):
    """The navigation bar of the signed-in role."""
    user = getattr(request, "user", None)
    items = [(_("Home"), reverse("home")), (_("Directory"), reverse("directory"))]
    role = getattr(user, "role", None) if user and user.is_authenticated else None
    if role in STAFF:
        items += [(_("People"), reverse("people")), (_("Enterprises"), reverse("enterprises"))]
    if role == Role.ADMIN:
        items.append((_("Administration"), reverse("admin:index")))
    return {"nav_items": items, "nav_role": role}
