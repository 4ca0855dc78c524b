"""The documentation site: built by scripts/docs.sh anywhere, Home at ``/``, nothing online.

The build runs as on a machine without a browser (Chromium hidden from PATH, no screenshots
from the browser tests), so it uses the demo's screenshots kept in docs/images/.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.shared.net import free_port
from tests.suites.e2e.servers import wait_for_port

ROOT = Path(__file__).resolve().parents[3]
BROWSER = re.compile(r"^(chromium.*|chromedriver|google-chrome.*)$")
# A resource the page loads (not a link the reader may follow).
EXTERNAL = re.compile(
    r"<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)=\"(?:https?:)?//[^\"]+\"|"
    r"@import\s+url\(\s*['\"]?(?:https?:)?//"
)


def no_browser_path(tmp_path: Path) -> str:
    """PATH as it is, less any Chromium or chromedriver (symlinks to everything else)."""
    shadow = tmp_path / "bin"
    shadow.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        folder = Path(directory)
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            target = shadow / entry.name
            if not BROWSER.match(entry.name) and not target.exists():
                target.symlink_to(entry)
    return str(shadow)


def docs_env(tmp_path: Path) -> dict[str, str]:
    artifacts = tmp_path / "no-artifacts"
    return {
        **os.environ,
        "PATH": no_browser_path(tmp_path),
        "CHANX_TEST_ARTIFACTS": str(artifacts),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp_path = tmp_path_factory.mktemp("docs")
    out = tmp_path / "site"
    built = subprocess.run(
        ["bash", "scripts/docs.sh", "--build", "--site-dir", str(out)],
        cwd=ROOT,
        env=docs_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "using the ones kept in docs/images/" in built.stderr
    yield out
    shutil.rmtree(out, ignore_errors=True)


def test_root_opens_home(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Where to start" in home
    assert (site / "guide" / "index.html").is_file()


def test_site_loads_nothing_from_the_internet(site: Path) -> None:
    loaded = {
        str(page.relative_to(site)): EXTERNAL.findall(page.read_text(encoding="utf-8"))
        for page in [*site.rglob("*.html"), *site.rglob("*.css")]
    }
    assert {page: found for page, found in loaded.items() if found} == {}


def test_home_and_readme_show_the_demo(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shot in ("demo-chat.png", "demo-asyncapi.png"):
        assert f"images/{shot}" in home and (site / "images" / shot).stat().st_size > 10_000
    assert "docs/images/demo-asyncapi.png" in readme
    assert not (ROOT / "docs" / "images" / "asyncapi-docs.png").exists()


def test_docs_server_takes_a_port_and_does_not_clash_with_the_readme(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    demo_ports = set(re.findall(r"demo\.sh --port (\d+)", readme)) | {"8000"}
    docs_port = re.search(r"docs\.sh` serves it on http://127\.0\.0\.1:(\d+)/", readme)
    assert docs_port is not None and docs_port[1] not in demo_ports

    port = free_port()
    server = subprocess.Popen(
        ["bash", "scripts/docs.sh", "--port", str(port)],
        cwd=ROOT,
        env=docs_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(port, server, timeout=120)
        home = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert home.status_code == 200 and "Where to start" in home.text
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
