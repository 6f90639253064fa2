from django.shortcuts import render

from onething.core.models import Role
from onething.web.selectors import home_context

from .base import page_actor


def home(request):
    """The landing page, or the signed-in role's home."""
    if not request.user.is_authenticated:
        return render(request, "web/home/anonymous.html", home_context(page_actor(request), None))
    role = request.user.role if request.user.role in Role.values else "applicant"
    return render(request, f"web/home/{role}.html", home_context(page_actor(request), request.user))
