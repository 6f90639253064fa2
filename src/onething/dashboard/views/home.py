from django.shortcuts import render

from onething.cards.selectors.certificates import honoree_of
from onething.core.models import Role
from onething.web.views.base import page_actor

from ..selectors.home import home_context


def home(request):
    """The landing page, or the signed-in role's home."""
    if not request.user.is_authenticated:
        return render(
            request, "dashboard/home/anonymous.html", home_context(page_actor(request), None)
        )
    role = request.user.role if request.user.role in Role.values else "applicant"
    actor = page_actor(request)
    context = home_context(actor, request.user)
    if role == Role.APPLICANT:
        # an honoree (劳模) finds their certificate and rides here
        context["honoree"] = honoree_of(actor)
    return render(request, f"dashboard/home/{role}.html", context)
