"""The topic-cost benchmark compares the same echo, plain and addressed to a topic."""

import json

from benchmarks.asgi import application
from benchmarks.compare import compare
from benchmarks.payloads import echo_frame
from benchmarks.topic_cost import TOPIC, topic_fanout, topic_frame, topic_workload
from channels.testing import WebsocketCommunicator


async def test_topic_side_replies_like_the_plain_side_plus_its_envelope() -> None:
    comm = WebsocketCommunicator(application, "/topics/")
    connected, _ = await comm.connect()
    assert connected
    subscribe = {"version": 1, "topic": TOPIC, "ref": "s", "action": "subscribe"}
    await comm.send_to(text_data=json.dumps(subscribe))
    assert json.loads(await comm.receive_from())["action"] == "subscribed"
    await comm.send_to(text_data=topic_frame())
    reply = json.loads(await comm.receive_from())
    await comm.disconnect()
    plain = json.loads(echo_frame())
    assert reply == {
        "action": "echo_reply",
        "payload": plain["payload"],
        "version": 1,
        "topic": TOPIC,
        "ref": "1",
    }


async def test_topic_workload_reports_a_ratio() -> None:
    rows = await compare(topic_workload(200, pipelined=False), reps=1)
    assert [row.metric.key for row in rows] == ["us/round-trip"]
    assert rows[0].metric.target == 1.15
    assert rows[0].medians["raw"] > 0 and rows[0].medians["chanx"] > 0
    assert rows[0].ratio > 0


async def test_topic_fanout_reaches_every_subscriber() -> None:
    rows = await compare(topic_fanout(20, 1), reps=1)
    assert [row.metric.key for row in rows] == ["deliveries/s"]
    assert rows[0].medians["raw"] > 0 and rows[0].medians["chanx"] > 0
