"""Configure Django for the benchmark before anything imports channels or chanx."""

import os

SETTINGS_MODULE = "benchmarks.settings"


def setup() -> None:
    """Point Django at ``benchmarks.settings`` (unless already configured) and set it up.

    Under other settings (the test suite imports the benchmark) logging is left alone.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()
    if os.environ["DJANGO_SETTINGS_MODULE"] == SETTINGS_MODULE:
        _quiet_structlog()


def _quiet_structlog() -> None:
    """Logging off on both sides: chanx's structlog calls below WARNING become no-ops."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
