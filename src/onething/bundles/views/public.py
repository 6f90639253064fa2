"""Public pages: the one-things (一件事) in service and one of them — its steps, the step
graph in words, its one form and its one set of materials."""

from __future__ import annotations

from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.catalog.formschema import fields as schema_fields
from onething.catalog.views.display import field_preview
from onething.core.permissions import SYSTEM
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..forms import BundleFilter
from ..models import KEY_LEVELS, Level
from ..selectors import bundle_steps
from ..selectors.figures import level_counts
from . import display
from .reads import APPLICANTS, used_by

SAVING_SECONDS = 300  # how long the page's average saving is reused

# The card of each one-thing reads these by position (see bundles/list.html).
COLUMNS = [
    Column(
        gettext_lazy("One-thing"),
        lambda b: b.name,
        lambda b: reverse("bundle-detail", args=[b.code]),
    ),
    Column(gettext_lazy("Code"), lambda b: b.code),
    Column(gettext_lazy("For"), lambda b: b.get_audience_display()),
    Column(gettext_lazy("Steps"), lambda b: len(b.steps.all())),
    Column(
        gettext_lazy("Service items"),
        lambda b: display.listing([s.item.name for s in b.steps.all()]),
    ),
    Column(gettext_lazy("Description"), lambda b: b.description),
    # the level's badge links to the list of that level
    Column(
        pgettext_lazy("one-thing", "Level"),
        lambda b: b.get_level_display(),
        lambda b: f"{reverse('bundle-list')}?level={b.level}",
    ),
    Column(gettext_lazy("Key item"), lambda b: _("Key item") if b.level in KEY_LEVELS else ""),
    Column(gettext_lazy("Listed in"), lambda b: b.listed_in),
]


def level_badge(bundle) -> dict[str, str]:
    """How a one-thing's level shows: 国家级 / 省级 with 重点事项, or 市级."""
    return {
        "level": bundle.level,
        "label": str(bundle.get_level_display()),
        "key_item": bundle.level in KEY_LEVELS,
    }


def levels_summary() -> list[dict]:
    """The one-things in service per level, as the list page heads them."""
    counts = level_counts()
    return [
        {"level": level, "label": str(label), "count": counts[level]}
        for level, label in Level.choices
    ]


@domain_errors_as_pages
def bundles_page(request):
    actor = page_actor(request)
    return list_page(
        request,
        title=gettext_lazy("One-things"),
        form_class=BundleFilter,
        rows=lambda f: selectors.bundles_list(actor, **f),
        columns=COLUMNS,
        export_name="one-things",
        template="bundles/list.html",
        extra={"levels": levels_summary(), "key_levels": list(KEY_LEVELS)},
    )


@domain_errors_as_pages
def bundle_page(request, code: str):
    """One one-thing: what it does for you, its steps and how they run, the one form, the
    one set of materials (each with the steps it serves)."""
    actor = page_actor(request)
    bundle = selectors.bundle_get(actor, code)
    steps = bundle_steps(bundle)
    names = {s.key: s.item.name for s in steps}
    schema = selectors.one_form(bundle)
    titles = {f.name: f.title for f in schema_fields(schema)}
    owners = used_by(steps)
    fields = [(field_preview(f), owners.get(f.name, [])) for f in schema_fields(schema)]
    materials = [
        {**need, "step_names": [names.get(k, k) for k in need["steps"]]}
        for need in selectors.one_set_of_materials(bundle)
    ]
    promise = display.promised(steps)
    # an aggregate (no run shown), cached: the selector reads every concluded run
    saving = cache.get_or_set(
        f"bundles:saving:{bundle.code}",
        lambda: selectors.average_saving(SYSTEM, bundle.code),
        SAVING_SECONDS,
    )
    return render(
        request,
        "bundles/detail.html",
        {
            "title": bundle.name,
            "bundle": bundle,
            "badge": level_badge(bundle),
            "steps": steps,
            "sentences": display.dag_sentences(steps, milestone=bundle.milestone, titles=titles),
            "fields": fields,
            "materials": materials,
            "item_count": len(steps),
            "promise_parallel": display.working_days(promise.parallel),
            "promise_relay": display.working_days(promise.relay),
            "saving": saving,
            "saving_text": _(
                "Over %(n)s concluded applications: %(e)s h from submission to the last "
                "licence, against %(r)s h had the steps run one after the other."
            )
            % {
                "n": saving["runs"],
                "e": saving["elapsed_hours"],
                "r": saving["relay_hours"],
            }
            if saving["runs"]
            else "",
            "may_apply": bundle.is_active and actor.role in APPLICANTS,
        },
    )
