from django.shortcuts import render
from django.utils.translation import gettext as _


def forbidden(request, exception=None):
    return render(
        request,
        "web/error.html",
        {"status": 403, "message": _("You may not open this page.")},
        status=403,
    )


def not_found(request, exception=None):
    return render(
        request,
        "web/error.html",
        {"status": 404, "message": _("There is nothing at this address.")},
        status=404,
    )


def server_error(request):
    return render(
        request,
        "web/error.html",
        {
            "status": 500,
            "message": _("Something went wrong on our side. Quote request %(rid)s to support.")
            % {"rid": getattr(request, "request_id", "-")},
        },
        status=500,
    )
