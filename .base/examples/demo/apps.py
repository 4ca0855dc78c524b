from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "examples.demo"
    label = "chanx_demo"
