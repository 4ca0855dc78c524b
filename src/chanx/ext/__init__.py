"""1.x import paths of the adapters: ``chanx.ext.channels`` and ``chanx.ext.fast_channels``.

Each module below is the module of today's path (``chanx.ext.channels.views`` is
``chanx.channels.views``), resolved by ``chanx._aliases``. ``INSTALLED_APPS =
["chanx.ext.channels"]`` installs the same Django app as ``"chanx.channels"``; use one of
the two, not both.
"""
