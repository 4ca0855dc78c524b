"""Instruction counts of the in-process echo paths (deterministic on a noisy machine).

``uv run python -m benchmarks.instructions [-n 2000]`` runs, under ``valgrind --tool=callgrind``
when it is installed, one process per side and frame count, and reports the instructions per
round trip of each side (the difference between N and 0 round trips, so start-up cancels
out) and their ratios:

* ``plain``: the typed echo without envelope keys (``/chanx/``);
* ``topic``: the same echo as a topic action with ``version``/``topic``/``ref`` (``/topics/``);
* ``ref``: the plain echo carrying only a ``ref``.
"""

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SIDES = ("plain", "topic", "ref")


async def _run(side: str, n: int) -> None:
    from benchmarks._django import setup

    setup()
    from benchmarks.inprocess import _connect, _round_trips
    from benchmarks.payloads import echo_frame
    from benchmarks.topic_cost import TOPIC, topic_frame

    comm = await _connect("/topics/" if side == "topic" else "/chanx/")
    if side == "topic":
        subscribe = {"version": 1, "topic": TOPIC, "ref": "s", "action": "subscribe"}
        await comm.send_to(text_data=json.dumps(subscribe))
        await comm.receive_json_from()
        frame = topic_frame()
    elif side == "ref":
        frame = json.dumps({"ref": "1", **json.loads(echo_frame())})
    else:
        frame = echo_frame()
    await _round_trips(comm, frame, 50, False)
    if n:
        await _round_trips(comm, frame, n, False)
    await comm.disconnect()


def _count(side: str, n: int) -> int:
    out = tempfile.mktemp(prefix="chanx-callgrind-")
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable]
    cmd += ["-m", "benchmarks.instructions", "--child", side, str(n)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=dict(os.environ))
    found = re.search(r"Collected : (\d+)", done.stderr)
    os.unlink(out)
    if found is None:
        raise RuntimeError(done.stderr[-2000:])
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--child", nargs=2, metavar=("SIDE", "N"))
    args = parser.parse_args()
    if args.child:
        asyncio.run(_run(args.child[0], int(args.child[1])))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    per_trip = {}
    for side in SIDES:
        base, full = _count(side, 0), _count(side, args.n)
        per_trip[side] = (full - base) / args.n
    print("| side | instructions per round trip | vs plain |")
    print("|---|---:|---:|")
    for side in SIDES:
        print(f"| {side} | {per_trip[side]:,.0f} | {per_trip[side] / per_trip['plain']:.3f} |")


if __name__ == "__main__":
    main()
