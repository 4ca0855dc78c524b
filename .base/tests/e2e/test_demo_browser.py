"""The demo's chat page in headless Chromium: two browser tabs chatting through the server."""

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import headless_chromium
from tests.e2e.servers import ROOT

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
