"""Profile the echo path: ``uv run python -m benchmarks.profile_echo [--side chanx] [-n N]``.

Runs N sequential (or ``--pipelined``) echo round-trips through the communicator under
cProfile and prints the hottest functions by own time, plus every chanx function with its
call count, so per-message work is visible (calls ≈ N x per-message count).
"""

import argparse
import asyncio
import cProfile
import io
import pstats

from benchmarks._django import setup

setup()

from benchmarks.inprocess import _connect, _round_trips  # noqa: E402
from benchmarks.payloads import echo_frame  # noqa: E402


async def _profile(side: str, n: int, pipelined: bool) -> cProfile.Profile:
    comm = await _connect(f"/{side}/")
    frame = echo_frame()
    await _round_trips(comm, frame, 200, pipelined)
    profile = cProfile.Profile()
    profile.enable()
    await _round_trips(comm, frame, n, pipelined)
    profile.disable()
    await comm.disconnect()
    return profile


def report(profile: cProfile.Profile, top: int) -> str:
    buf = io.StringIO()
    stats = pstats.Stats(profile, stream=buf).strip_dirs().sort_stats("tottime")
    stats.print_stats(top)
    buf.write("\n--- chanx functions (cumulative) ---\n")
    full = pstats.Stats(profile, stream=buf).sort_stats("cumulative")
    full.print_stats(r"chanx/(core|utils|messages)")
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", choices=("raw", "chanx"), default="chanx")
    parser.add_argument("-n", type=int, default=20_000)
    parser.add_argument("--pipelined", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    profile = asyncio.run(_profile(args.side, args.n, args.pipelined))
    print(report(profile, args.top))


if __name__ == "__main__":
    main()
