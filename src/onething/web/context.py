from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.models import Role
from onething.core.permissions import STAFF_ROLES

EVERYONE = None


def _student(user) -> bool:
    """A student of the institute: an applicant acting for no enterprise."""
    return user.role == Role.APPLICANT and not user.enterprise_id


def _for_enterprise(user) -> bool:
    """An applicant acting for an enterprise (a partner company's staff, an adviser)."""
    return user.role == Role.APPLICANT and bool(user.enterprise_id)


def _provider(user) -> bool:
    """Whom a value-added service's requests may reach: a department's officers, a partner
    enterprise's staff (the app's pages refuse anyone who provides nothing)."""
    return user.role == Role.OFFICER or _for_enterprise(user)


# (label, URL name, who sees it: roles, a test of the account, or None = everyone), in
# menu order. A page not installed is left out.
NAVIGATION = [
    (_("Home"), "home", EVERYONE),
    (_("City figures"), "city-figures", EVERYONE),
    (_("Services"), "catalog-items", EVERYONE),
    (_("One-things"), "bundle-list", EVERYONE),
    (_("My cases"), "my-cases", {Role.APPLICANT, Role.AGENT}),
    (_("My one-things"), "my-runs", {Role.APPLICANT, Role.AGENT}),
    (_("Declarations"), "agency-declarations", {Role.AGENT}),
    (_("Batch pickup"), "agency-pickup", {Role.AGENT}),
    (_("Workbench"), "workbench", {Role.CLERK}),
    (_("Cross-region intake"), "crossregion-intake", {Role.CLERK}),
    (_("Pickups to confirm"), "window-pickups", {Role.CLERK}),
    (_("Inbox"), "inbox", {Role.OFFICER}),
    (pgettext_lazy("menu", "Data checks"), "crossregion-checks", {Role.OFFICER}),
    (_("Supervision"), "supervision", {Role.SUPERVISOR}),
    (_("Operations"), "city-operations", {Role.SUPERVISOR}),
    (_("Working-day calendar"), "calendar", {Role.SUPERVISOR, Role.ADMIN}),
    (_("My appeals"), "my-appeals", {Role.APPLICANT, Role.AGENT}),
    (_("Policies"), "policies", {Role.APPLICANT, Role.AGENT}),
    (_("Dispatch"), "appeal-dispatch", {Role.DISPATCHER}),
    (_("Appeals inbox"), "appeal-inbox", {Role.OFFICER}),
    (_("Appeal supervision"), "appeal-supervision", {Role.SUPERVISOR}),
    (_("Appeals board"), "appeal-board", EVERYONE),
    (_("Appeal figures"), "appeal-figures", EVERYONE),
    (_("Report an event"), "cityops-report", {Role.INSPECTOR}),
    (
        _("City events"),
        "cityops-events",
        {Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER, Role.INSPECTOR},
    ),
    (_("Sensing devices"), "cityops-devices", {Role.DISPATCHER, Role.SUPERVISOR}),
    (
        _("Operations screen"),
        "cityops-screen",
        {Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER, Role.ADMIN},
    ),
    (_("Streets"), "city-streets", EVERYONE),
    (_("Red and black lists"), "city-rankings", EVERYONE),
    (_("City management"), "city-manage", {Role.OFFICER, Role.SUPERVISOR, Role.INSPECTOR}),
    (_("My parking"), "city-parking-mine", {Role.APPLICANT}),
    (pgettext_lazy("menu", "Training institute"), "training-home", EVERYONE),
    (pgettext_lazy("menu", "Training applications"), "training-my-applications", _student),
    (pgettext_lazy("menu", "My training"), "training-my-classes", _student),
    (pgettext_lazy("menu", "Training jobs"), "training-my-jobs", _student),
    (pgettext_lazy("menu", "My classes"), "training-classes", _for_enterprise),
    (pgettext_lazy("menu", "Company openings"), "training-company", _for_enterprise),
    (pgettext_lazy("menu", "Institute management"), "training-manage", {Role.INSTITUTE_STAFF}),
    (
        pgettext_lazy("menu", "Applications and selection"),
        "training-applications",
        {Role.INSTITUTE_STAFF},
    ),
    (pgettext_lazy("menu", "Training classes"), "training-classes", {Role.INSTITUTE_STAFF}),
    (pgettext_lazy("menu", "Credit transcripts"), "training-transcripts", {Role.INSTITUTE_STAFF}),
    (pgettext_lazy("menu", "Placements"), "training-placements", {Role.INSTITUTE_STAFF}),
    (pgettext_lazy("menu", "Credit agreements"), "training-agreements", {Role.INSTITUTE_STAFF}),
    (pgettext_lazy("menu", "Credit transcripts"), "training-university", {Role.UNIVERSITY}),
    (pgettext_lazy("menu", "Verify a transcript"), "training-verify", {Role.UNIVERSITY}),
    (pgettext_lazy("menu", "Night duty"), "duty-home", {Role.LEADER, Role.SUPERVISOR}),
    (pgettext_lazy("menu", "Duty rosters"), "duty-rosters", {Role.LEADER, Role.SUPERVISOR}),
    (pgettext_lazy("menu", "Night visits"), "duty-visits", {Role.LEADER, Role.SUPERVISOR}),
    (pgettext_lazy("menu", "Value-added services"), "valueadded-home", EVERYONE),
    (pgettext_lazy("menu", "My service requests"), "valueadded-mine", _for_enterprise),
    (pgettext_lazy("menu", "Service requests"), "valueadded-provider", _provider),
    (_("Honorees"), "honour-registry", {Role.UNION_STAFF}),
    (_("Honour cards"), "honour-cards", {Role.UNION_STAFF}),
    (_("Subsidy pool"), "honour-pool", {Role.UNION_STAFF}),
    (_("Settlements"), "honour-settlements", {Role.UNION_STAFF}),
    (_("Card figures"), "honour-figures", {Role.UNION_STAFF}),
    (_("Desk"), "honour-desk", {Role.GATE}),  # a venue's counter: green channel, dining
    (_("People"), "people", STAFF_ROLES),
    (_("Enterprises"), "enterprises", STAFF_ROLES),
    (_("Cross-region figures"), "crossregion-figures", EVERYONE),
    (_("Night duty in figures"), "duty-figures", EVERYONE),
    (_("Directory"), "directory", EVERYONE),
    (_("Administration"), "admin:index", {Role.ADMIN}),
]


def navigation(request):
    """The navigation bar of the signed-in role."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user and user.is_authenticated else None
    items = []
    for label, name, roles in NAVIGATION:
        if callable(roles):
            if role is None or not roles(user):
                continue
        elif roles is not EVERYONE and role not in roles:
            continue
        try:
            items.append((label, reverse(name)))
        except NoReverseMatch:  # a page not installed
            continue
    return {"nav_items": items, "nav_role": role}
