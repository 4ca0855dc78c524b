"""1.x import path of :mod:`chanx.channels` (a re-export; the code lives there).

``INSTALLED_APPS = ["chanx.ext.channels"]`` installs the same Django app as
``"chanx.channels"`` (``chanx.ext.channels.apps`` exposes its ``ChanxChannelsConfig``);
use one of the two, not both.
"""
