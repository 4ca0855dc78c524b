"""Django system checks for the set-up mistakes that otherwise fail late and quietly.

* ``chanx.W001``: ``chanx.channels`` is not in ``INSTALLED_APPS`` (no management command, no
  template for the AsyncAPI page).
* ``chanx.W002``: the AsyncAPI page is routed but its template cannot be found (no
  ``TEMPLATES`` with a ``DjangoTemplates`` backend and ``APP_DIRS``).
* ``chanx.W003`` (``check --deploy`` only): a channel layer is configured but its Redis does
  not answer.

The checks are registered when this module is imported: by the app's ``ready()``, and by the
adapter's consumer and URL modules, so W001 is reported by any ``check`` run after the
project's code imported chanx (an app's ``ready()``, the ASGI module, a test).
"""

from typing import Any

from django.core import checks

APP_NAMES = ("chanx.channels", "chanx.ext.channels")
DOCS_TEMPLATE = "channels/asyncapi_docs.html"
DOCS_URL_NAME = "asyncapi_docs"


def _installed() -> bool:
    from django.apps import apps

    return any(config.name in APP_NAMES for config in apps.get_app_configs())


def check_installed_app(**kwargs: Any) -> list[checks.CheckMessage]:
    """W001: the chanx app is missing from ``INSTALLED_APPS``."""
    if _installed():
        return []
    return [
        checks.Warning(
            "'chanx.channels' is not in INSTALLED_APPS.",
            hint='Add "chanx.channels" to INSTALLED_APPS: the AsyncAPI page\'s template and '
            "the generate_asyncapi_schema command come with it.",
            id="chanx.W001",
        )
    ]


def _docs_page_routed() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(DOCS_URL_NAME)
    except NoReverseMatch:
        return False
    except Exception:  # a broken URLconf is reported by Django's own URL checks
        return False
    return True


def check_docs_templates(**kwargs: Any) -> list[checks.CheckMessage]:
    """W002: the AsyncAPI page is routed but Django cannot find its template."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    if not _docs_page_routed():
        return []
    try:
        get_template(DOCS_TEMPLATE)
    except TemplateDoesNotExist:
        pass
    else:
        return []
    return [
        checks.Warning(
            "The AsyncAPI docs page is routed but its template cannot be found: the page "
            "answers 500.",
            hint="Add a TEMPLATES entry with 'BACKEND': "
            "'django.template.backends.django.DjangoTemplates' and 'APP_DIRS': True, and "
            '"chanx.channels" to INSTALLED_APPS.',
            id="chanx.W002",
        )
    ]


def check_channel_layers_reachable(**kwargs: Any) -> list[checks.CheckMessage]:
    """W003 (deploy): a configured channel layer whose Redis does not answer."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer
    from django.conf import settings

    from chanx.core.connection.layer_probe import can_probe, layer_answers

    found: list[checks.CheckMessage] = []
    for alias in getattr(settings, "CHANNEL_LAYERS", {}) or {}:
        try:
            layer = get_channel_layer(alias)
            reachable = not can_probe(layer) or async_to_sync(layer_answers)(layer)
            problem = "" if reachable else "its Redis does not answer"
        except Exception as error:
            problem = f"it cannot be used ({type(error).__name__}: {error})"
        if problem:
            found.append(
                checks.Warning(
                    f"Channel layer {alias!r} is configured but unreachable: {problem}.",
                    hint=f"Start Redis, or fix CHANNEL_LAYERS[{alias!r}]['CONFIG']['hosts']; "
                    "groups, broadcasts and events fail until it answers.",
                    id="chanx.W003",
                )
            )
    return found


def register() -> None:
    """Register the checks (idempotent: Django keeps a set)."""
    checks.register(check_installed_app, "chanx")
    checks.register(check_docs_templates, "chanx", checks.Tags.templates, checks.Tags.urls)
    checks.register(check_channel_layers_reachable, "chanx", deploy=True)


register()
