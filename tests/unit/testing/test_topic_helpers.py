"""Topic helpers of the test toolkit: capture, the plugin's fixtures, completion rules."""

import asyncio
from typing import Any

import pytest

from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.testing import CapturedTopicBroadcast, capture_topic_broadcasts
from tests.conftest import Adapter
from tests.suites.behaviour.topics import (
    CommentAccepted,
    CommentPosted,
    NewComment,
    PostComment,
    build,
)

TOPIC = "discussion:5"


async def test_capture_suppresses_and_records(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        await comm.receive_all_json(timeout=0.1)
        with capture_topic_broadcasts(board.DiscussionTopic) as seen:
            await comm.send_message(PostComment(payload="quiet"), topic=TOPIC, ref="2")
            frames = await comm.receive_all_json()
        assert seen == [CapturedTopicBroadcast(TOPIC, NewComment(payload="quiet"), 7)]
        assert [f["action"] for f in frames] == ["comment_accepted"]
        assert await comm.receive_all_json(timeout=0.2) == []


async def test_capture_without_suppress_also_delivers(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        async with capture_topic_broadcasts(board.DiscussionTopic, suppress=False) as seen:
            await board.DiscussionTopic.broadcast(TOPIC, NewComment(payload="loud"))
        assert seen == [CapturedTopicBroadcast(TOPIC, NewComment(payload="loud"), None)]
        message = await comm.receive_topic_message(board.DiscussionTopic)
        while message != CommentPosted(payload="loud"):
            message = await comm.receive_topic_message(board.DiscussionTopic)


def test_capture_records_sync_calls_and_restores_on_error(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    assert "broadcast" not in board.DiscussionTopic.__dict__  # inherited from Topic

    class Sub(board.DiscussionTopic):  # type: ignore[name-defined,misc]
        pattern = "sub:{pk}"

    with pytest.raises(RuntimeError), capture_topic_broadcasts(board.DiscussionTopic) as seen:
        board.DiscussionTopic.broadcast_sync(TOPIC, NewComment(payload="sync"), 4)
        Sub.broadcast_sync("sub:1", NewComment(payload="child"))
        raise RuntimeError("block failed")
    assert [(r.topic, r.seq) for r in seen] == [(TOPIC, 4), ("sub:1", None)]
    assert "broadcast" not in board.DiscussionTopic.__dict__
    assert "broadcast" not in Sub.__dict__


async def test_subscribe_without_completion_returns_on_the_reply(adapter: Adapter) -> None:
    board = build(adapter.Consumer)

    class Quiet(board.Board):  # type: ignore[name-defined,misc]
        send_completion = False

    async with adapter.communicator(Quiet) as comm:
        reply = await comm.subscribe(TOPIC, ref="q")
        assert reply["action"] == "subscribed"
        await comm.send_message(PostComment(payload="x"), topic=TOPIC, ref="p")
        assert await comm.receive_reply("p", topic=TOPIC) == {
            "action": "comment_accepted",
            "payload": "x",
            "version": 1,
            "topic": TOPIC,
            "ref": "p",
        }


async def test_completion_requested_by_the_communicator(adapter: Adapter) -> None:
    board = build(adapter.Consumer)

    class Quiet(board.Board):  # type: ignore[name-defined,misc]
        send_completion = None

    async with adapter.communicator(Quiet, completion=True) as comm:
        await comm.subscribe(TOPIC)
        # The subscribe's own complete was consumed; what on_subscribe sent stays queued.
        assert [f["action"] for f in await comm.receive_all_json(timeout=0.2)] == ["welcome"]


async def test_subscribe_fails_clearly_without_a_reply(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    async with adapter.communicator(board.Board) as comm:
        with pytest.raises(AssertionError, match="No reply with ref 'zz'"):
            await comm.receive_reply("zz", topic=TOPIC, timeout=0.1)


@pytest.mark.parametrize("base", [ChannelsConsumer, FastConsumer], ids=["channels", "fast"])
async def test_plugin_fixtures_serve_topics(
    chanx_communicator: Any, chanx_channel_layer: Any, base: type
) -> None:
    board = build(base)
    author = await chanx_communicator(board.Board)
    reader = await chanx_communicator(board.Board)
    assert (await author.subscribe(TOPIC))["action"] == "subscribed"
    assert (await reader.subscribe(TOPIC))["action"] == "subscribed"
    await author.send_message(PostComment(payload="hi"), topic=TOPIC, ref="9")
    assert CommentAccepted(payload="hi") in await author.receive_all_messages()
    message = await asyncio.wait_for(reader.receive_topic_message(board.DiscussionTopic), 5)
    while message != CommentPosted(payload="hi"):
        message = await reader.receive_topic_message(board.DiscussionTopic)
