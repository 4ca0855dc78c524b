"""Django Channels adapter (a Django app: add ``"chanx.channels"`` to ``INSTALLED_APPS``)."""
