"""Temporarily override ``CHANX`` keys in tests.

``override_chanx_settings`` (decorator for sync and async callables, and context manager)
and ``settings_context`` (context manager) are the toolkit's one override implementation,
``chanx.testing.overrides``: each given key is overridden inside and restored afterwards,
or removed if it had none.
"""

from chanx.testing.overrides import override_chanx_settings, settings_context

__all__ = ["override_chanx_settings", "settings_context"]
