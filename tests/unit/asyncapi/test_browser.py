"""The docs page rendered by AsyncAPI's own viewer in headless Chromium, fully offline.

Every host except 127.0.0.1 is unresolvable for the browser, so the page can only work
with the viewer served from the package. Screenshots land in ``test-artifacts/``.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.wsgi import get_wsgi_application

from tests.browser import headless_chromium
from tests.unit.asyncapi.fastapi_app import build_fastapi_app
from tests.unit.asyncapi.servers import asgi_server, wsgi_server

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
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


# The viewer compiles JSON schemas with ``new Function`` (ajv), hence 'unsafe-eval'; nothing
# of the page needs 'unsafe-inline'.
STRICT_CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'"


def with_csp_wsgi(app: Any) -> Any:
    def wrapped(environ: Any, start_response: Callable[..., Any]) -> Any:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(
                status, [*headers, ("Content-Security-Policy", STRICT_CSP)], exc_info
            )

        return app(environ, start)

    return wrapped


def with_csp_asgi(app: Any) -> Any:
    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        async def send_with_csp(message: Any) -> None:
            if message["type"] == "http.response.start":
                header = (b"content-security-policy", STRICT_CSP.encode())
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await app(scope, receive, send_with_csp)

    return wrapped


def csp_violations(driver: Any) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


@pytest.mark.parametrize("stack", ["django", "fastapi"])
def test_docs_page_renders_under_a_strict_content_security_policy(browser: Any, stack: str) -> None:
    """No inline script or style: a policy without 'unsafe-inline' blocks nothing it needs."""
    browser.get_log("browser")  # drop what earlier pages logged
    if stack == "django":
        server, path = wsgi_server(with_csp_wsgi(get_wsgi_application())), "/asyncapi/docs/"
    else:
        server, path = asgi_server(with_csp_asgi(build_fastapi_app())), "/asyncapi"
    with server as origin:
        ids = rendered_operation_ids(browser, f"{origin}{path}")
        # The policy really was in force: an inline script is refused on this page.
        browser.execute_script(
            "var s = document.createElement('script');"
            "s.textContent = 'window.inlineRan = true';"
            "document.body.appendChild(s);"
        )
        inline_ran = browser.execute_script("return window.inlineRan === true")
        violations = csp_violations(browser)
    assert operation_names(ids)
    assert not inline_ran
    assert len(violations) == 1 and "inline script" in violations[0], violations
