from django.urls import path

from .views import home, opendata, operations, public

urlpatterns = [
    path("", home.home, name="home"),  # the portal, or the signed-in role's home
    path("figures/", public.figures_page, name="city-figures"),
    path("figures/data/<slug:dataset>.<str:fmt>", opendata.download, name="city-figures-data"),
    path("figures/operations/", operations.operations_page, name="city-operations"),
]
