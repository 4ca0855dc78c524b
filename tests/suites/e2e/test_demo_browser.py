"""The demo page in headless Chromium, two pages at once: rooms as topics over one connection,
presence, recovery after a dropped socket, typed errors, the AsyncAPI page.

Screenshots of the demo land in ``test-artifacts/`` (scripts/docs.sh copies them into the docs).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import headless_chromium
from tests.suites.e2e.servers import ROOT

ARTIFACTS = ROOT / "test-artifacts"
WAIT = 15  # seconds, for anything the page shows after a server round trip


def _text(driver: Any, element_id: str) -> str:
    return str(driver.find_element(By.ID, element_id).text)


def _until(driver: Any, check: Callable[[Any], bool], timeout: float = WAIT) -> None:
    WebDriverWait(driver, timeout, 0.05).until(check)


def _open(driver: Any, demo: str, name: str) -> None:
    driver.get(f"http://{demo}/?name={name}")
    _until(driver, lambda d: _text(d, "status") == "connected")
    _until(driver, lambda d: "#lobby" in _text(d, "room-title"))


def _say(driver: Any, text: str) -> None:
    box = driver.find_element(By.ID, "text")
    box.clear()
    if text:
        box.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#send button").click()


def _members(driver: Any) -> list[str]:
    return sorted(li.text for li in driver.find_elements(By.CSS_SELECTOR, "#members li"))


def test_two_pages_see_each_other_and_recover_what_they_missed(demo: str) -> None:
    with headless_chromium() as ann, headless_chromium() as bob:
        _open(ann, demo, "ann")
        _open(bob, demo, "bob")
        # Presence: each page lists both visitors, live.
        for page in (ann, bob):
            _until(page, lambda d: _members(d) == ["ann", "bob"])

        _say(ann, "hello from chromium")
        for page in (ann, bob):
            _until(page, lambda d: "ann: hello from chromium" in _text(d, "log"))

        # A second room on the same connection: only pages that joined it hear it.
        ann.find_element(By.CSS_SELECTOR, '[data-join="python"]').click()
        _until(ann, lambda d: "#python" in _text(d, "room-title"))
        _say(ann, "anyone into typing?")
        _until(ann, lambda d: "ann: anyone into typing?" in _text(d, "log"))
        assert "anyone into typing?" not in _text(bob, "log")
        ann.find_element(By.CSS_SELECTOR, '#rooms li[data-room="lobby"]').click()
        _until(ann, lambda d: "#lobby" in _text(d, "room-title"))

        # Recovery: ann drops her socket (the laptop lid), bob talks, ann comes back.
        ann.find_element(By.ID, "offline").click()
        _until(ann, lambda d: _text(d, "status") == "offline")
        _until(bob, lambda d: _members(d) == ["bob"])
        for text in ("while you were away", "and one more"):
            _say(bob, text)
        _until(bob, lambda d: "bob: and one more" in _text(d, "log"))
        ann.find_element(By.ID, "offline").click()
        _until(ann, lambda d: "recovered 2 missed lines" in _text(d, "log"))
        log = _text(ann, "log")
        assert log.index("bob: while you were away") < log.index("bob: and one more")
        _until(bob, lambda d: _members(d) == ["ann", "bob"])

        # Typed errors are shown, and the connection stays open.
        _say(ann, "")
        _until(ann, lambda d: "string_too_short" in _text(d, "error-list"))
        ann.find_element(By.ID, "room-input").send_keys("Bad Room")
        ann.find_element(By.CSS_SELECTOR, "#join-form button").click()
        _until(ann, lambda d: "unauthorized" in _text(d, "error-list"))
        assert _text(ann, "status") == "connected"

        ARTIFACTS.mkdir(exist_ok=True)
        ann.save_screenshot(str(Path(ARTIFACTS) / "demo-chat.png"))  # recovery and errors
        for page in (ann, bob):
            _assert_clean_console(page)

    # bob left with his page: a fresh page sees only itself.
    with headless_chromium() as cat:
        _open(cat, demo, "cat")
        _until(cat, lambda d: _members(d) == ["cat"])


def _assert_clean_console(driver: Any) -> None:
    """No failed request (the favicon among them) and no error in the console."""
    entries = driver.get_log("browser")
    assert [e["message"] for e in entries if e["level"] == "SEVERE"] == []


def test_pages_load_without_console_errors_and_link_the_asyncapi_page(demo: str) -> None:
    with headless_chromium() as driver:
        driver.get(f"http://{demo}/")
        link = driver.find_element(By.ID, "asyncapi-link").get_attribute("href")
        assert link == f"http://{demo}/asyncapi/docs/"
        assert httpx.get(link, timeout=30).status_code == 200
        for page in ("/", "/asyncapi/docs/"):
            driver.get(f"http://{demo}{page}")
            _until(driver, lambda d: d.execute_script("return document.readyState") == "complete")
            # The browser asks for /favicon.ico on its own; a 404 would land in the log.
            icon = driver.execute_script(
                "return fetch('/favicon.ico').then(r => r.status + ' ' + r.headers.get('content-type'))"
            )
            assert icon == "200 image/svg+xml"
            _assert_clean_console(driver)
        # The screenshot the docs show: the demo's AsyncAPI page, once the viewer rendered it.
        _until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[id^="operation-"]'), 90)
        assert "ws/rooms/" in driver.find_element(By.ID, "asyncapi").text
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "demo-asyncapi.png"))
