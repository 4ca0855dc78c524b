"""The demo's chat page in headless Chromium: two browser tabs chatting through the server."""

from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import headless_chromium
from tests.suites.e2e.servers import ROOT

ARTIFACTS = ROOT / "test-artifacts"


def _status(driver: object) -> str:
    return str(driver.find_element(By.ID, "status").text)  # type: ignore[attr-defined]


def test_chat_page_sends_and_receives(demo: str) -> None:
    with headless_chromium() as first, headless_chromium() as second:
        for driver in (first, second):
            driver.get(f"http://{demo}/")
            WebDriverWait(driver, 10, 0.05).until(lambda d: _status(d).startswith("connected"))
        first.find_element(By.ID, "text").send_keys("hello from chromium")
        first.find_element(By.CSS_SELECTOR, "#send button").click()
        for driver in (first, second):
            WebDriverWait(driver, 10, 0.05).until(
                lambda d: "guest: hello from chromium" in d.find_element(By.ID, "log").text
            )
        ARTIFACTS.mkdir(exist_ok=True)
        second.save_screenshot(str(Path(ARTIFACTS) / "demo-chat.png"))
        for driver in (first, second):
            _assert_clean_console(driver)


def _assert_clean_console(driver: Any) -> None:
    """No failed request (the favicon among them) and no error in the console."""
    entries = driver.get_log("browser")
    assert [e["message"] for e in entries if e["level"] == "SEVERE"] == []


def test_pages_load_without_console_errors(demo: str) -> None:
    with headless_chromium() as driver:
        for page in ("/", "/asyncapi/docs/"):
            driver.get(f"http://{demo}{page}")
            WebDriverWait(driver, 30, 0.05).until(
                lambda d: d.execute_script("return document.readyState") == "complete"
            )
            # The browser asks for /favicon.ico on its own; a 404 would land in the log.
            icon = driver.execute_script(
                "return fetch('/favicon.ico').then(r => r.status + ' ' + r.headers.get('content-type'))"
            )
            assert icon == "200 image/svg+xml"
            _assert_clean_console(driver)
        # The screenshot the docs show: the demo's AsyncAPI page, once the viewer rendered it.
        WebDriverWait(driver, 90, 0.1).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, '[id^="operation-"]')
        )
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "demo-asyncapi.png"))
