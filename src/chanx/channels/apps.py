"""Django app configuration for chanx."""

from django.apps import AppConfig


class ChanxChannelsConfig(AppConfig):
    name = "chanx.channels"
    label = "chanx_channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register chanx's system checks; turn observability on when ``CHANX`` asks for it."""
        from chanx.channels import checks
        from chanx.channels.settings import current_settings

        checks.register()
        options = current_settings().OBSERVABILITY
        if options is not None:
            from chanx.observability import configure

            configure(options)
