"""The docs page rendered by AsyncAPI's own viewer in headless Chromium, fully offline.

Every host except 127.0.0.1 is unresolvable for the browser, so the page can only work
with the viewer served from the package. Screenshots land in ``test-artifacts/``.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.wsgi import get_wsgi_application

from tests.asyncapi.fastapi_app import build_fastapi_app
from tests.asyncapi.servers import asgi_server, wsgi_server
from tests.browser import headless_chromium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
RENDER_TIMEOUT = 90


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium(1920, 1200) as driver:
        yield driver


def rendered_operation_ids(driver: Any, url: str) -> set[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, RENDER_TIMEOUT, poll_frequency=0.1).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, '[id^="operation-"]')
            or d.find_elements(By.CSS_SELECTOR, ".chanx-error")
        )
    )
    errors = driver.find_elements(By.CSS_SELECTOR, ".chanx-error")
    assert not errors, errors[0].text
    return {
        element.get_attribute("id")
        for element in driver.find_elements(By.CSS_SELECTOR, '[id^="operation-"]')
    }


def operation_names(ids: set[str]) -> set[str]:
    """``operation-<kind>-<operationId>`` → operationId (kind: send/receive/request/...)."""
    names = set()
    for element_id in ids:
        parts = element_id.split("-", 2)
        if len(parts) == 3:
            names.add(parts[2])
    return names


def resources_are_local(driver: Any, origin: str) -> list[str]:
    entries = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    return [name for name in entries if not name.startswith(origin)]


def save_screenshot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    driver.save_screenshot(str(target))
    return target


def test_django_docs_page_renders_operations(browser: Any) -> None:
    with wsgi_server(get_wsgi_application()) as origin:
        ids = rendered_operation_ids(browser, f"{origin}/asyncapi/docs/")
        assert resources_are_local(browser, origin) == []
        shot = save_screenshot(browser, "asyncapi-docs-django.png")
    # The test project's ChatConsumer: two ws handlers and one event handler.
    assert {"chat", "ping", "room_notice"} <= operation_names(ids)
    assert shot.stat().st_size > 10_000


def test_fastapi_docs_page_renders_operations(browser: Any) -> None:
    with asgi_server(build_fastapi_app()) as origin:
        ids = rendered_operation_ids(browser, f"{origin}/asyncapi")
        assert resources_are_local(browser, origin) == []
        title = browser.title
        text = browser.find_element("id", "asyncapi").text
        shot = save_screenshot(browser, "asyncapi-docs.png")
    assert {"post", "announce", "ping"} <= operation_names(ids)
    assert title == "Chat Service AsyncAPI documentation"
    assert "Rooms — «live»" in text
    assert shot.stat().st_size > 10_000
