"""Testing topics with chanx's pytest plugin (docs/testing.md, section "Topics").

The ``test_*`` functions below are run by ``tests/unit/testing/test_docs.py``.
"""

from typing import Any, Literal

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.topic import Topic
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.testing import CapturedTopicBroadcast, capture_topic_broadcasts


# --- the application under test --------------------------------------------------------
class Vote(BaseMessage):
    action: Literal["vote"] = "vote"
    payload: str


class Voted(BaseMessage):
    action: Literal["voted"] = "voted"
    payload: str


class Tally(BaseMessage):
    action: Literal["tally"] = "tally"
    payload: dict[str, int]


class PollTopic(Topic):
    pattern = "poll:{pk}"
    tallies: dict[str, dict[str, int]] = {}

    @ws_handler
    async def vote(self, message: Vote) -> Voted:
        tally = PollTopic.tallies.setdefault(self.topic, {})
        tally[message.payload] = tally.get(message.payload, 0) + 1
        await PollTopic.broadcast(self.topic, Tally(payload=tally), seq=sum(tally.values()))
        return Voted(payload=message.payload)

    @event_handler
    async def tally(self, event: Tally) -> Tally:
        return event


class PollConsumer(AsyncJsonWebsocketConsumer):
    channel_layer_alias = "default"
    topics = [PollTopic]
    send_completion = True


# --- tests -------------------------------------------------------------------------------
async def test_subscribe_vote_and_hear_the_tally(
    chanx_communicator: Any, chanx_channel_layer: Any
) -> None:
    voter = await chanx_communicator(PollConsumer)
    watcher = await chanx_communicator(PollConsumer)
    assert await watcher.subscribe("poll:1") == {
        "action": "subscribed",
        "payload": None,
        "version": 1,
        "topic": "poll:1",
        "ref": "1",
    }
    await voter.subscribe("poll:1")
    await voter.send_message(Vote(payload="yes"), topic="poll:1", ref="v1")
    reply = await voter.receive_reply("v1", topic="poll:1")  # returns at the reply
    assert reply["action"] == "voted"
    assert await watcher.receive_topic_message(PollTopic) == Tally(payload={"yes": 1})


async def test_votes_publish_a_tally() -> None:
    with capture_topic_broadcasts(PollTopic) as published:
        await PollTopic.broadcast("poll:2", Tally(payload={"no": 3}), seq=3)
    assert published == [CapturedTopicBroadcast("poll:2", Tally(payload={"no": 3}), 3)]
