"""Pages of the honour cards (劳模卡)."""

from django.urls import path

from .views import certificate

urlpatterns = [
    path("honour/certificate/", certificate.my_certificate, name="honour-certificate"),
    path("honour/verify/", certificate.verify, name="honour-verify"),
]
