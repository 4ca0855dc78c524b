"""A tiny run of benchmarks/load_test.py: every healthy client gets every broadcast, once."""

from benchmarks.load_test import run_load

from tests.suites.scale.servers import Server

Stack = tuple[str, str, list[Server]]


async def test_small_load_delivers_everything_exactly_once(stack: Stack) -> None:
    running = stack[2]
    result = await run_load(
        [s.url for s in running],
        [s.pid for s in running],
        connections=20,
        interval=0.01,
        duration=0.5,
    )
    assert result.broadcasts > 0
    assert result.delivered == result.expected == result.broadcasts * 20
    assert result.duplicates == 0
    assert len(result.latencies_ms) == result.expected
