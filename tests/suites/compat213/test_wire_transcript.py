"""A 2.x client gets, step by step, exactly the frames of the topic wire protocol.

In process on both adapters, and over a real socket against uvicorn, with the consumers'
completion frames off and on.
"""

import asyncio
import json
import urllib.request
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.conftest import Adapter
from tests.shared.net import free_port
from tests.suites.compat213 import transcript
from tests.suites.compat213.wire_app import CommentAdded, build
from tests.suites.e2e.servers import run_server

QUIET = 0.3  # seconds without a frame that end one step over the wire
STEP_CAP = 3.0  # at most this long per step


@pytest.mark.parametrize("completion", [False, True])
async def test_in_process_transcript(adapter: Adapter, completion: bool) -> None:
    board = build(adapter.Consumer, completion)

    async def play(path: str, consumer: Any, steps: list[Any]) -> None:
        comm = adapter.Communicator(board.application, path, consumer=consumer)
        async with comm:
            connected = await comm.receive_all_json()
            expected_connect = transcript.dedicated_connect() if consumer is board.Dedicated else []
            assert connected == expected_connect
            for step, expected in steps:
                if isinstance(step, tuple):
                    _, pk, text, seq = step
                    await board.Topic.broadcast(
                        f"discussion:{pk}", CommentAdded(payload=text), seq=seq
                    )
                else:
                    await comm.send_to(text_data=json.dumps(step))
                got = await comm.receive_all_json()
                assert transcript.canonical(got) == transcript.canonical(expected), step

    await play("/ws/discussions", board.Consumer, transcript.hosted_steps(completion))
    await play("/ws/discussions/9", board.Dedicated, transcript.dedicated_steps())


async def _collect(ws: ClientConnection) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    started = loop.time()
    while loop.time() - started < STEP_CAP:
        try:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), QUIET)))
        except TimeoutError:
            break
    return frames


def _publish(port: int, pk: int, text: str, seq: int | None) -> None:
    query = f"text={text}" + (f"&seq={seq}" if seq is not None else "")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/discussions/{pk}/announce?{query}", method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.loads(response.read()) == {"sent": True}


@pytest.mark.system
@pytest.mark.parametrize("completion", [False, True])
async def test_wire_transcript_over_uvicorn(completion: bool) -> None:
    port = free_port()
    args = [
        "-m", "uvicorn", "--factory", "tests.suites.compat213.wire_app:fastapi_app",
        "--port", str(port), "--log-level", "warning", "--ws-max-size", "1048576",
    ]  # fmt: skip
    env = {"WIRE_COMPLETION": "1" if completion else "0"}
    with run_server(args, port, env=env) as address:

        async def play(path: str, steps: list[Any], on_connect: list[Any]) -> None:
            async with connect(f"ws://{address}{path}") as ws:
                assert transcript.canonical(await _collect(ws)) == transcript.canonical(on_connect)
                for step, expected in steps:
                    if isinstance(step, tuple):
                        _, pk, text, seq = step
                        await asyncio.to_thread(_publish, port, pk, text, seq)
                    else:
                        await ws.send(json.dumps(step))
                    got = await _collect(ws)
                    assert transcript.canonical(got) == transcript.canonical(expected), step

        await play(transcript.HOSTED, transcript.hosted_steps(completion), [])
        await play(
            transcript.DEDICATED, transcript.dedicated_steps(), transcript.dedicated_connect()
        )
