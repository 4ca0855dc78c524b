"""The benchmark's contestants do the same work, and its harness produces a comparison."""

import json
from typing import Any

import pytest
from benchmarks import inprocess, loopback
from benchmarks.asgi import application
from benchmarks.compare import Metric, Row, Workload, _orders, compare, format_table
from benchmarks.contenders import CHANNELS_DEFAULTS, FASTAPI, FASTAPI_BARE
from benchmarks.payloads import bulk_frame, doc, echo_frame, shout_frame
from benchmarks.run import run
from benchmarks.server import Server
from channels.testing import WebsocketCommunicator


async def _reply(side: str, frame: str) -> Any:
    comm = WebsocketCommunicator(application, f"/{side}/")
    connected, _ = await comm.connect()
    assert connected
    await comm.send_to(text_data=frame)
    reply = json.loads(await comm.receive_from())
    await comm.disconnect()
    return reply


@pytest.mark.parametrize("frame", [echo_frame(7), bulk_frame(100), bulk_frame(10_000)])
async def test_raw_and_chanx_reply_the_same(frame: str) -> None:
    raw = await _reply("raw", frame)
    typed = await _reply("chanx", frame)
    assert raw == typed
    assert raw["action"] == json.loads(frame)["action"] + "_reply"
    assert raw["payload"] == json.loads(frame)["payload"]


async def _reply_via(side: str, frame: str) -> Any:
    """The reply of contender ``side`` (its URL path) through the benchmark's own connect."""
    comm = await inprocess._connect(f"/{side}/")
    await comm.send_to(text_data=frame)
    reply = json.loads(await comm.receive_from())
    await comm.disconnect()
    return reply


NEW_CONTENDERS = [
    "raw-lean",
    "chanx-default",
    "chanx-framework-loop",
    "bare",
    "fast/raw",
    "fast/chanx",
    "fast/chanx-framework-loop",
    "fast/starlette",
    "fast/bare",
]


@pytest.mark.parametrize("side", NEW_CONTENDERS)
@pytest.mark.parametrize("frame", [echo_frame(7), bulk_frame(100), bulk_frame(10_000)])
async def test_every_contender_replies_like_raw(side: str, frame: str) -> None:
    expected = await _reply("raw", frame)
    assert expected["action"] == json.loads(frame)["action"] + "_reply"
    assert await _reply_via(side, frame) == expected


@pytest.mark.parametrize("side", ["chanx-default", "fast/chanx"])
async def test_typed_contenders_reject_what_they_cannot_validate(side: str) -> None:
    bad = json.dumps({"action": "echo", "payload": {"text": "x"}})
    reply = await _reply_via(side, bad)
    assert reply["action"] == "error"
    assert reply["payload"][0]["type"] == "missing"


async def test_chanx_rejects_what_raw_cannot_validate() -> None:
    bad = json.dumps({"action": "echo", "payload": {"text": "x"}})
    reply = await _reply("chanx", bad)
    assert reply["action"] == "error"
    assert reply["payload"][0]["type"] == "missing"


@pytest.mark.parametrize("side", ["raw", "chanx"])
async def test_fan_out_reaches_every_member(side: str) -> None:
    members = []
    for _ in range(3):
        comm = WebsocketCommunicator(application, f"/{side}/fan/g-{side}/")
        assert (await comm.connect())[0]
        members.append(comm)
    sender = WebsocketCommunicator(application, f"/{side}/send/g-{side}/")
    assert (await sender.connect())[0]
    await sender.send_to(text_data=shout_frame())
    received = [json.loads(await m.receive_from()) for m in members]
    assert received == [{"action": "said", "payload": {"text": "to everyone", "n": 1}}] * 3
    assert await sender.receive_nothing()
    for comm in [sender, *members]:
        await comm.disconnect()


def test_payload_sizes_are_roughly_as_named() -> None:
    for size in (100, 10_000, 200_000):
        length = len(json.dumps(doc(size)))
        assert size * 0.5 <= length <= size * 1.5 + 200


async def test_compare_interleaves_and_reports_ratios() -> None:
    rows = await compare(inprocess.echo(20, pipelined=False), reps=3)
    (row,) = rows
    assert len(row.samples["raw"]) == len(row.samples["chanx"]) == 3
    assert row.medians["raw"] > 0 and row.medians["chanx"] > 0
    assert row.ratio == pytest.approx(row.medians["chanx"] / row.medians["raw"])
    table = format_table(rows)
    assert "echo sequential N=20" in table and "<=1" in table


async def test_compare_reports_chanx_against_every_reference() -> None:
    rows = await compare(inprocess.echo(10, False, FASTAPI, {"fast/raw": 1.05}), reps=2)
    assert [r.reference for r in rows] == ["fast/raw", "fast/starlette"]
    for row in rows:
        assert row.subject == "fast/chanx"
        assert len(row.samples["fast/chanx"]) == len(row.samples[row.reference]) == 2
        assert row.cost == pytest.approx(row.ratio)  # µs: lower is better
    assert rows[0].verdict.startswith("cost<=1.05")
    assert rows[1].verdict == ""  # no goal against Starlette: reported only
    table = format_table(rows)
    assert "fast-channels consumer" in table and "Starlette endpoint" in table


async def test_default_settings_row_runs_against_the_lean_raw_consumer() -> None:
    (row,) = await compare(inprocess.echo(10, True, CHANNELS_DEFAULTS), reps=1)
    assert (row.reference, row.subject) == ("raw-lean", "chanx-default")
    assert row.workload.endswith("default settings")


def test_cost_of_a_rate_is_the_inverse_ratio() -> None:
    row = Row(
        "w",
        Metric("msgs/s", "msgs/s", True),
        {"bare": 40_000.0, "chanx": 32_000.0},
        reference="bare",
        cost_target=1.3,
    )
    assert row.ratio == pytest.approx(0.8)
    assert row.cost == pytest.approx(1.25)
    assert row.verdict == "cost<=1.3 ok"


def test_every_side_is_measured_first_in_some_round() -> None:
    sides = ("a", "b", "c", "d")
    orders = _orders(sides, 8)
    assert all(sorted(order) == sorted(sides) for order in orders)
    assert {order[0] for order in orders} == set(sides)
    assert _orders(("raw", "chanx"), 2) == [("raw", "chanx"), ("chanx", "raw")]


def test_workload_sides_end_with_the_subject() -> None:

    workload = Workload("w", lambda side: None, (), references=("x", "y"), subject="z")  # type: ignore[arg-type,return-value]
    assert workload.sides == ("x", "y", "z")


def test_verdict_follows_direction_of_metric() -> None:
    faster = Row("w", Metric("msgs/s", "msgs/s", True, 0.9), {"raw": 100.0, "chanx": 95.0})
    slower = Row("w", Metric("us", "µs", False, 1.0), {"raw": 100.0, "chanx": 120.0})
    assert faster.verdict == ">=0.9 ok"
    assert slower.verdict == "<=1 MISS"


async def test_small_plan_runs_every_kind_of_workload() -> None:
    plan: list[Any] = [
        ("echo", "", 1, lambda _: inprocess.echo(10, pipelined=True)),
        ("payload", "", 1, lambda _: inprocess.payload(10_000, 4, 0.8, blocks=2)),
        ("fan-out", "", 1, lambda _: inprocess.fanout(5, 2, redis=False)),
        ("loopback", "server", 1, lambda s: loopback.concurrent_echo(s, 3, 4, 2)),
        (
            "loopback fastapi",
            "server",
            1,
            lambda s: loopback.concurrent_echo(s, 2, 4, 2, FASTAPI_BARE, {"fast/bare": 1.3}),
        ),
        ("connections", "", 1, lambda _: inprocess.connect_cycles(5)),
    ]
    lines: list[str] = []
    rows = await run(plan, None, lines.append)
    names = {r.workload for r in rows}
    assert any(n.startswith("loopback 3 clients") for n in names)
    fast = [r for r in rows if r.workload.endswith("fast-channels") and r.metric.key == "msgs/s"]
    assert [r.reference for r in fast] == ["fast/raw", "fast/starlette", "fast/bare", "bare"]
    assert [r.verdict.startswith("cost<=1.3") for r in fast] == [False, False, True, False]
    assert any(n.startswith("fan-out 5 members") for n in names)
    assert all(r.medians[r.reference] > 0 and r.medians[r.subject] > 0 for r in rows)
    assert len(lines) >= len(plan)


async def test_idle_rss_is_measured_on_a_fresh_server() -> None:
    rows = await compare(loopback.idle_rss(20), reps=1)
    (row,) = rows
    assert row.metric.key == "KB/conn"
    assert set(row.medians) == {"raw", "chanx"}


def test_server_url_is_loopback() -> None:
    assert Server(port=1234, pid=1).url("/raw/") == "ws://127.0.0.1:1234/raw/"


async def test_redis_fan_out_runs_against_real_redis() -> None:
    from benchmarks.settings import CHANNEL_LAYERS
    from django.test import override_settings

    from tests.services import require_redis

    url = require_redis()
    layers = {
        **CHANNEL_LAYERS,
        "redis": {
            **CHANNEL_LAYERS["redis"],
            "CONFIG": {
                "hosts": [{"address": url, "max_connections": 32}],
                "prefix": "chanxbenchtest",
            },
        },
    }
    with override_settings(CHANNEL_LAYERS=layers):
        rows = await compare(inprocess.fanout(3, 2, redis=True), reps=1)
    (row,) = rows
    assert len(row.samples["raw"]) == len(row.samples["chanx"]) == 2
