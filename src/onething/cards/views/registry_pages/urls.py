"""URLs of the union staff's registry and card pages."""

from django.urls import path

from . import cards, honoree, registry

urlpatterns = [
    path("honour/registry/", registry.registry, name="honour-registry"),
    path("honour/registry/find/", registry.find_by_id, name="honour-registry-find"),
    path("honour/registry/new/", registry.honoree_new, name="honour-registry-new"),
    path("honour/registry/import/", registry.honorees_import_page, name="honour-registry-import"),
    path(
        "honour/registry/import/template.xlsx",
        registry.import_template,
        name="honour-registry-import-template",
    ),
    path("honour/registry/<int:honoree_id>/", honoree.honoree_detail, name="honour-honoree"),
    path(
        "honour/registry/<int:honoree_id>/status/",
        honoree.status_change,
        name="honour-honoree-status",
    ),
    path("honour/registry/<int:honoree_id>/reveal/", honoree.reveal, name="honour-honoree-reveal"),
    path("honour/registry/<int:honoree_id>/cards/", honoree.card_issue, name="honour-card-issue"),
    path(
        "honour/registry/<int:honoree_id>/cards/<str:number>/lost/",
        honoree.card_report_lost,
        name="honour-card-lost",
    ),
    path(
        "honour/registry/<int:honoree_id>/cards/<str:number>/transit/",
        honoree.card_bind_transit,
        name="honour-card-transit",
    ),
    path("honour/cards/", cards.cards, name="honour-cards"),
    path("honour/cards/batches/", cards.batches, name="honour-card-batches"),
]
