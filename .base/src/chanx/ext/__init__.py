"""Framework adapters: ``chanx.ext.channels`` (Django Channels) and ``chanx.ext.fast_channels``."""
