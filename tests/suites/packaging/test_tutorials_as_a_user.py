"""Each tutorial, done as a user does it: fresh virtualenv, the page's commands, a real client.

The page's first ```bash block (make the project, the virtualenv, install) runs as written;
the page's files are written; its ``pytest -q`` runs and shows the count the page shows; its
server command runs (on a free port) after the commands before it; a WebSocket client does
what the page says, and the AsyncAPI page is fetched.
"""

import json
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from tests.shared.net import free_port
from tests.suites.docs.markdown_examples import write_project
from tests.suites.e2e.servers import wait_for_port
from tests.suites.packaging.fresh_venv import ROOT, bash, bash_blocks, user_env

TUTORIALS = ROOT / "docs" / "tutorials"
ACTIVATE = ". .venv/bin/activate\n"
FRAMES = 10  # no step of a tutorial expects more frames than this


def build_project(page: Path, tmp_path: Path) -> Path:
    """Run the page's setup block in ``tmp_path``; write the page's files into the project."""
    setup = bash_blocks(page)[0]
    made = re.search(r"^mkdir (\S+) && cd \1$", setup, re.MULTILINE)
    assert made is not None, setup
    ran = bash(setup, tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    project = tmp_path / made.group(1)
    write_project(page, project)
    return project


def run_page_tests(page: Path, project: Path) -> None:
    """The page's test command passes with the count the page shows."""
    text = page.read_text(encoding="utf-8")
    assert "```bash\npytest -q\n```" in text
    shown = re.search(r"```text\n.*?\n(\d+ passed)\n```", text, re.DOTALL)
    assert shown is not None
    result = bash(ACTIVATE + "pytest -q -p no:cacheprovider", project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert shown.group(1) in result.stdout, result.stdout


def server_block(page: Path) -> str:
    return next(b for b in bash_blocks(page) if b.strip().splitlines()[-1].startswith("uvicorn "))


@contextmanager
def page_server(page: Path, project: Path) -> Iterator[str]:
    """The page's server block, its last line (the server) on a free port; yield host:port."""
    *before, server = server_block(page).strip().splitlines()
    port = free_port()
    script = ACTIVATE + "\n".join(before) + f"\nexec {server} --port {port}\n"
    log = project / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "-e", "-c", script],
            cwd=project,
            env=user_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                wait_for_port(port, process, timeout=120)
            except (RuntimeError, TimeoutError) as error:
                raise AssertionError(log.read_text()) from error
            yield f"127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


async def frames_until(ws: ClientConnection, action: str) -> list[dict[str, Any]]:
    """Frames up to the first with ``action`` (bounded in count; recv has the test's timeout)."""
    frames: list[dict[str, Any]] = []
    for _ in range(FRAMES):
        frame = json.loads(await ws.recv())
        frames.append(frame)
        if frame["action"] == action:
            return frames
    raise AssertionError(f"no {action} frame in {frames}")


async def sign_in(base: str, username: str, password: str) -> str:
    """Sign in on the page's login form like a browser; return the session cookie."""
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        form = await http.get("/api-auth/login/")
        assert form.status_code == 200, form.text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token is not None, form.text
        landed = await http.post(
            "/api-auth/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
            follow_redirects=True,
        )
        # The page says: you land on the AsyncAPI page of the chat.
        assert (landed.status_code, landed.url.path) == (200, "/asyncapi/docs/"), landed.text
        assert "<html" in landed.text.lower()
        return str(http.cookies["sessionid"])


async def test_django_tutorial_as_a_user(tmp_path: Path) -> None:
    page = TUTORIALS / "django.md"
    project = build_project(page, tmp_path)
    run_page_tests(page, project)

    # The default of the schema command (YAML) works with the page's install line.
    schema = bash(
        ACTIVATE + "DJANGO_SETTINGS_MODULE=chatsite.settings PYTHONPATH=. "
        "django-admin generate_asyncapi_schema",
        project,
    )
    assert schema.returncode == 0 and "asyncapi: 3.0.0" in schema.stdout, schema.stderr

    block = server_block(page)
    user = re.search(r"--username (\S+)", block)
    password = re.search(r"DJANGO_SUPERUSER_PASSWORD=(\S+)", block)
    assert user is not None and password is not None, block
    with page_server(page, project) as host:
        session = await sign_in(f"http://{host}", user[1], password[1])
        url = f"ws://{host}/ws/chat/lobby/"
        headers = {"Cookie": f"sessionid={session}"}
        async with connect(url, origin=f"http://{host}", additional_headers=headers) as ws:  # type: ignore[arg-type]
            auth = json.loads(await ws.recv())
            assert auth["action"] == "authentication"
            assert auth["payload"]["status_code"] == 200, auth
            await ws.send(json.dumps({"action": "send_chat", "payload": {"text": "hello"}}))
            # The line goes through the room's group: it may come before or after "complete".
            frames = await frames_until(ws, "chat_posted")
        posted = {"action": "chat_posted", "payload": {"author": user[1], "text": "hello"}}
        assert frames[-1] == posted, frames

        async with connect(url, origin=f"http://{host}") as anonymous:  # type: ignore[arg-type]
            refused = json.loads(await anonymous.recv())
            assert refused["payload"]["status_code"] == 403, refused
            await anonymous.wait_closed()


async def test_fastapi_tutorial_as_a_user(tmp_path: Path) -> None:
    page = TUTORIALS / "fastapi.md"
    project = build_project(page, tmp_path)
    run_page_tests(page, project)

    curl = next(b for b in bash_blocks(page) if b.startswith("curl "))
    with page_server(page, project) as host:
        async with connect(f"ws://{host}/ws/rooms/lobby") as ws:
            await ws.send(json.dumps({"action": "say", "payload": "hi"}))
            # The line goes through the room's group: it may come before or after "complete".
            frames = await frames_until(ws, "said")
            assert frames[-1] == {"action": "said", "payload": {"room": "lobby", "text": "hi"}}
            posted = bash(curl.replace("127.0.0.1:8000", host), project, timeout=30)
            assert posted.returncode == 0 and '"queued"' in posted.stdout, posted.stderr
            news = await frames_until(ws, "news")
            assert news[-1] == {"action": "news", "payload": "hello"}, news
            # Every other frame is one of the completion signals the page names.
            signals = {"complete", "group_complete", "event_complete"}
            assert {f["action"] for f in frames[:-1] + news[:-1]} <= signals, (frames, news)
        async with httpx.AsyncClient(base_url=f"http://{host}", timeout=10) as http:
            docs = await http.get("/asyncapi")
        assert docs.status_code == 200 and "<html" in docs.text.lower(), docs.text
