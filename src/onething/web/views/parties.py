from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onething.core.errors import ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import STAFF_ROLES, require_role
from onething.core.selectors import parties as selectors
from onething.core.services import parties as services
from onething.web.forms import (
    EnterpriseFilterForm,
    EnterpriseForm,
    PeopleFilterForm,
    PersonForm,
    RevealForm,
)
from onething.web.listing import Column, list_page

from .base import domain_errors_as_pages, page_actor, service_form_page

REGISTRARS = (Role.CLERK, Role.OFFICER, Role.ADMIN)

PEOPLE_COLUMNS = [
    Column(_("Full name"), lambda p: p.name, lambda p: reverse("person-detail", args=[p.pk])),
    Column(_("ID number"), lambda p: p.id_number_masked),
    Column(_("Phone"), lambda p: p.phone_masked),
    Column(_("Home region"), lambda p: p.region.name),
    Column(_("Registered"), lambda p: p.created_at),
]
ENTERPRISE_COLUMNS = [
    Column(_("Name"), lambda e: e.name, lambda e: reverse("enterprise-detail", args=[e.pk])),
    Column(_("Unified social credit code"), lambda e: e.credit_code),
    Column(_("Region"), lambda e: e.region.name),
    Column(_("Industry"), lambda e: e.industry),
    Column(_("Size"), lambda e: e.get_size_display()),
]


@login_required
@domain_errors_as_pages
def people(request):
    actor = page_actor(request)
    require_role(actor, *STAFF_ROLES)
    return list_page(
        request,
        title=_("People"),
        form_class=PeopleFilterForm,
        rows=lambda f: selectors.people_list(actor, **f),
        columns=PEOPLE_COLUMNS,
        export_name="people",
        extra={"new_url": reverse("person-new") if actor.has_role(*REGISTRARS) else None},
    )


@login_required
@domain_errors_as_pages
def person_detail(request, person_id: int):
    actor = page_actor(request)
    person = selectors.person_get(actor, person_id)
    revealed = None
    form = RevealForm()
    if request.method == "POST":
        form = RevealForm(request.POST)
        if form.is_valid():
            try:
                revealed = (
                    form.cleaned_data["field"],
                    selectors.person_reveal(
                        actor=actor,
                        person_id=person.pk,
                        field=form.cleaned_data["field"],
                        purpose=form.cleaned_data["purpose"],
                    ),
                )
            except ValidationFailed as error:
                problems_on(form, error)  # the purpose's problem beside the field
    return render(
        request,
        "web/person_detail.html",
        {
            "person": person,
            "form": form,
            "revealed": revealed,
            "may_reveal": actor.has_role(*selectors.PII_READERS) or person.pk == actor.person_id,
        },
        status=422 if request.method == "POST" and not form.is_valid() else 200,
    )


@login_required
@domain_errors_as_pages
def person_new(request):
    actor = page_actor(request)
    require_role(actor, *REGISTRARS)
    return service_form_page(
        request,
        form_class=PersonForm,
        title=_("Register a person"),
        save=lambda **data: services.person_register(actor=actor, **data),
        done=lambda person: redirect("person-detail", person_id=person.pk),
    )


@login_required
@domain_errors_as_pages
def enterprises(request):
    actor = page_actor(request)
    require_role(actor, *STAFF_ROLES)
    return list_page(
        request,
        title=_("Enterprises"),
        form_class=EnterpriseFilterForm,
        rows=lambda f: selectors.enterprises_list(actor, **f),
        columns=ENTERPRISE_COLUMNS,
        export_name="enterprises",
        extra={"new_url": reverse("enterprise-new") if actor.has_role(*REGISTRARS) else None},
    )


@login_required
@domain_errors_as_pages
def enterprise_detail(request, enterprise_id: int):
    enterprise = selectors.enterprise_get(page_actor(request), enterprise_id)
    return render(request, "web/enterprise_detail.html", {"enterprise": enterprise})


@login_required
@domain_errors_as_pages
def enterprise_new(request):
    actor = page_actor(request)
    require_role(actor, *REGISTRARS)
    return service_form_page(
        request,
        form_class=EnterpriseForm,
        title=_("Register an enterprise"),
        save=lambda **data: services.enterprise_register(actor=actor, **data),
        done=lambda enterprise: redirect("enterprise-detail", enterprise_id=enterprise.pk),
    )
