"""1.x import path of :mod:`chanx.channels.management` (a re-export; the code lives there)."""
