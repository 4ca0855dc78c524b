from django.apps import AppConfig


class TestProjectConfig(AppConfig):
    name = "tests.django_project"
    label = "test_project"
    default_auto_field = "django.db.models.BigAutoField"
