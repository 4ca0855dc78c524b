"""1.x import path of :mod:`chanx.channels.management.commands` (a re-export; the code lives there)."""
