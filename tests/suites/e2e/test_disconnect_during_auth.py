"""A client that leaves while it is being authenticated is one INFO line, not an error."""

import asyncio
from pathlib import Path

from websockets.asyncio.client import connect

from tests.shared.net import free_port
from tests.suites.e2e.servers import run_server
from tests.suites.e2e.slow_auth_app import AUTH_SECONDS

SERVER = ["-m", "uvicorn", "tests.suites.e2e.slow_auth_app:application"]
SETTINGS = {"DJANGO_SETTINGS_MODULE": "tests.django_project.settings"}


async def test_leaving_during_authentication_logs_one_info_line(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    with run_server([*SERVER, "--port", str(port)], port, SETTINGS, output=log) as host:
        async with connect(f"ws://{host}/ws/slow/") as ws:
            await ws.close()  # before the authenticator has answered
        await asyncio.sleep(AUTH_SECONDS * 3)  # the authenticator finishes meanwhile
        # The server still serves: a patient client is authenticated.
        async with connect(f"ws://{host}/ws/slow/") as ws:
            assert '"status_code":200' in str(await ws.recv()).replace(" ", "")
    output = log.read_text()
    assert "Traceback" not in output, output
    assert "error" not in output.lower(), output
    # One line says the client left (the authenticator's answer to it was dropped).
    markers = ("disconnected during authentication", "Client gone")
    lines = [line for line in output.splitlines() if any(m in line for m in markers)]
    assert len(lines) == 1 and "info" in lines[0], output
