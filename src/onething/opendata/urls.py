"""Pages of the public-data platform (公共数据开放平台), under /opendata/."""

from django.urls import path

from . import views

urlpatterns = [
    path("opendata/", views.catalogue, name="opendata-catalogue"),
    path("opendata/<slug:key>/", views.dataset_page, name="opendata-dataset"),
    path("opendata/<slug:key>/download.<str:fmt>", views.download, name="opendata-download"),
    path("opendata/<slug:key>/template.xlsx", views.template, name="opendata-template"),
    path("opendata/<slug:key>/upload/", views.upload, name="opendata-upload"),
]
