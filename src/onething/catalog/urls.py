"""Pages of the catalogue."""

from django.urls import path

from . import views

urlpatterns = [
    path("services/", views.items, name="catalog-items"),
    path("services/<str:code>/", views.item, name="catalog-item"),
    path("catalogue/export/", views.catalogue_export, name="catalog-export"),
    path("catalogue/import/", views.catalogue_import, name="catalog-import"),
]
