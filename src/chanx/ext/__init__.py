"""1.x import paths of the adapters, re-exporting ``chanx.channels`` and ``chanx.fast_channels``."""
