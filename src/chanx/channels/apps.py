"""Django app configuration for chanx."""

from django.apps import AppConfig


class ChanxChannelsConfig(AppConfig):
    name = "chanx.channels"
    label = "chanx_channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register chanx's system checks."""
        from chanx.channels import checks

        checks.register()
