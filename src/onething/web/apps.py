from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "onething.web"
    label = "web"
