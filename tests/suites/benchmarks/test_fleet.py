"""A tiny fleet (2 processes per contender, 20 connections): the script runs and delivers all."""

import pytest
from benchmarks.fleet import COLUMNS, SIDES, format_table, main, run_fleet

pytestmark = pytest.mark.system

PROCESSES = 2
CONNECTIONS = 20
TOPICS = 4
PUBLICATIONS = 8


async def test_every_publication_reaches_every_subscriber_on_both_contenders() -> None:
    runs = await run_fleet(
        processes=PROCESSES,
        connections=CONNECTIONS,
        topics=TOPICS,
        publications=PUBLICATIONS,
        window=4,
        reps=1,
    )
    assert set(runs) == set(SIDES)
    for side in SIDES:
        (run,) = runs[side]
        # 20 connections over 4 topics: each publication reaches the 5 subscribers of its topic.
        assert run.expected == PUBLICATIONS * CONNECTIONS // TOPICS
        assert run.delivered == run.expected, side
        assert run.duplicates == 0, side
        assert run.missing_per_connection == 0, side
        assert run.complete
        assert len(run.latencies_ms) == run.expected
        assert run.deliveries_per_s > 0
    # Both contenders push the same frame.
    raw, chanx = runs["raw"][0].sample, runs["chanx"][0].sample
    assert list(raw) == list(chanx) == ["action", "payload", "version", "topic"]
    assert raw["action"] == chanx["action"] == "tick"

    lines = format_table(runs).splitlines()
    assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
    assert len(lines) == 2 + len(SIDES) + 1  # header, rule, one row per contender, the ratios
    for line in lines[2:]:
        assert line.count("|") == len(COLUMNS) + 1
    assert lines[2].split("|")[2].strip() == f"{CONNECTIONS:,}"
    assert lines[-1].startswith("| cost chanx / hand-written |")


def test_command_line_runs_and_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--processes", "2", "--connections", "8", "--topics", "2", "--publications", "4"]
    runs = main([*args, "--reps", "1"])
    assert all(run.complete for side in SIDES for run in runs[side])
    out = capsys.readouterr().out
    assert "| " + " | ".join(COLUMNS) + " |" in out
    assert "INCOMPLETE" not in out
