"""Django Channels adapter (a Django app: add ``"chanx.ext.channels"`` to ``INSTALLED_APPS``)."""

default_app_config = "chanx.ext.channels.apps.ChanxChannelsConfig"
