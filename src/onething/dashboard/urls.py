from django.urls import path

from .views import opendata, operations, public

urlpatterns = [
    path("figures/", public.figures_page, name="city-figures"),
    path("figures/data/<slug:dataset>.<str:fmt>", opendata.download, name="city-figures-data"),
    path("figures/operations/", operations.operations_page, name="city-operations"),
]
