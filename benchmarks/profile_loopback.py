"""Profile the server side of the loopback echo under concurrency.

``uv run python -m benchmarks.profile_loopback [--path /chanx/] [--clients 50] [-n 200]``
starts uvicorn (one worker, ``websockets-sansio``) in a child process under cProfile, has
``--clients`` connections each do ``-n`` sequential echoes, stops the server and prints the
hottest functions of the server process (by own time, then cumulative).
"""

import argparse
import asyncio
import os
import pstats
import signal
import sys
import tempfile
import time

from websockets.asyncio.client import connect

from benchmarks.payloads import echo_frame
from benchmarks.server import HOST, _free_port, _wait_listening

_CHILD = """
import cProfile, sys, uvicorn
config = uvicorn.Config("benchmarks.asgi:application", host=sys.argv[1], port=int(sys.argv[2]),
    ws="websockets-sansio", ws_per_message_deflate=False, access_log=False, log_level="warning")
server = uvicorn.Server(config)
profile = cProfile.Profile()
profile.enable()
try:
    server.run()
finally:
    profile.disable()
    profile.dump_stats(sys.argv[3])
"""


async def _drive(port: int, path: str, clients: int, n: int) -> float:
    frame = echo_frame()
    conns = [await connect(f"ws://{HOST}:{port}{path}", compression=None) for _ in range(clients)]

    async def run(ws: object, count: int) -> None:
        for _ in range(count):
            await ws.send(frame)  # type: ignore[attr-defined]
            await asyncio.wait_for(ws.recv(), 30)  # type: ignore[attr-defined]

    await asyncio.gather(*(run(c, 5) for c in conns))
    start = time.perf_counter()
    await asyncio.gather(*(run(c, n) for c in conns))
    rate = clients * n / (time.perf_counter() - start)
    for c in conns:
        await c.close()
    return rate


async def _main(args: argparse.Namespace, out: str) -> None:
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _CHILD, HOST, str(port), out, env=env
    )
    try:
        await _wait_listening(port, proc)
        rate = await _drive(port, args.path, args.clients, args.n)
        print(f"{args.path}: {args.clients} clients x {args.n}: {rate:,.0f} msgs/s (profiled)")
    finally:
        proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.wait(), 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="/chanx/")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "server.prof")
        asyncio.run(_main(args, out))
        stats = pstats.Stats(out).strip_dirs().sort_stats(args.sort)
        stats.print_stats(args.top)


if __name__ == "__main__":
    main()
