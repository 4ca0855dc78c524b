"""Wall time of a 100-test request/response suite: reference-style collectors versus chanx's.

Usage: ``uv run python benchmarks/test_suite_timing.py [--tests 100]``

Generates throw-away pytest suites (fast-channels consumers, no Django) and runs each in a
fresh ``pytest`` process, printing the wall time of each. Every test connects, sends one
ping, collects the reply with the default timeout (1 s) and disconnects:

* ``reference``: the 1.1.3 ``receive_all_json`` (collects until its deadline, always);
* ``chanx``: ``receive_all_json`` (returns at the ``complete`` frame);
* ``chanx-opt-in``: consumer with completion off, communicator ``completion=True``;
* ``chanx-assert``: consumer with completion off, ``assert_message_pushed(PongMessage)``.
"""

import argparse
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HEADER = '''
import asyncio
from chanx.core.decorators import ws_handler
from chanx.ext.fast_channels.testing import WebsocketCommunicator
from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Pinger(AsyncJsonWebsocketConsumer):
    send_completion = {completion}

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


async def reference_receive_all_json(comm, timeout=1):
    """chanx 1.1.3's collector: runs until its deadline whatever arrives."""
    frames = []
    try:
        async with asyncio.timeout(timeout):
            while True:
                frames.append(await comm.receive_json_from(timeout))
    except (TimeoutError, asyncio.CancelledError):
        pass
    return frames
'''

BODIES = {
    "reference": (
        True,
        "{}",
        "frames = await reference_receive_all_json(comm)\n"
        "assert frames[0] == {{'action': 'pong', 'payload': None}}",
    ),
    "chanx": (
        True,
        "{}",
        "frames = await comm.receive_all_json()\n"
        "assert frames[0] == {{'action': 'pong', 'payload': None}}",
    ),
    "chanx-opt-in": (
        False,
        "{'completion': True}",
        "assert await comm.receive_all_messages() == [PongMessage()]",
    ),
    "chanx-assert": (False, "{}", "await comm.assert_message_pushed(PongMessage)"),
}

TEST = """

async def test_ping_{index}():
    comm = WebsocketCommunicator(Pinger.as_asgi(), "/", consumer=Pinger, **{kwargs})
    await comm.connect()
    await comm.send_message(PingMessage())
{body}
    await comm.disconnect()
"""


def write_suite(directory: Path, style: str, count: int) -> None:
    completion, kwargs, body = BODIES[style]
    source = HEADER.format(completion=completion)
    indented = textwrap.indent(body.format(), "    ")
    for index in range(count):
        source += TEST.format(index=index, kwargs=kwargs, body=indented)
    (directory / "pytest.ini").write_text("[pytest]\nasyncio_mode = auto\n")
    (directory / f"test_{style.replace('-', '_')}.py").write_text(source)


def run_suite(style: str, count: int) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write_suite(directory, style, count)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:django", "-p", "no:cacheprovider"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=count * 5 + 120,
        )
        elapsed = time.perf_counter() - started
    summary = re.findall(r"\d+ passed[^\n]*", result.stdout)
    if result.returncode != 0:
        raise SystemExit(f"{style} suite failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    return elapsed, summary[-1] if summary else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=100)
    parser.add_argument("--styles", nargs="*", default=list(BODIES))
    args = parser.parse_args()
    print(f"{args.tests} request/response tests per suite, default 1 s timeouts")
    for style in args.styles:
        elapsed, summary = run_suite(style, args.tests)
        print(f"{style:>14}: {elapsed:7.2f} s wall  ({summary})", flush=True)


if __name__ == "__main__":
    main()
