"""Topics in the AsyncAPI document: a channel per topic with ``x-topic``, valid 3.0.0."""

from typing import Any

from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.core.decorators import channel
from chanx.core.registry import MessageRegistry
from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.routing.discovery import RouteInfo, expand_topic_routes, topic_routes
from tests.suites.behaviour.topics import build
from tests.unit.asyncapi.consumers import route_for
from tests.unit.asyncapi.validation import assert_valid_asyncapi

board = build(AsyncJsonWebsocketConsumer)


@channel(name="secrets", description="Private rooms")
class RenamedSecret(board.SecretTopic):  # type: ignore[name-defined,misc]
    """Not used: the @channel description wins."""


class RenamedBoardConsumer(board.Board):  # type: ignore[name-defined,misc]
    topics = [board.DiscussionTopic, RenamedSecret]


ROUTES = [route_for(board.Board, "ws/board/<str:tenant>/", {"tenant": "str"})]


def generate(registry: MessageRegistry, routes: list[Any]) -> dict[str, Any]:
    document = AsyncAPIGenerator(routes, registry=registry).generate()
    assert_valid_asyncapi(document)
    return document


def test_topic_routes_pairs_each_route_with_its_topics() -> None:
    expanded = topic_routes(ROUTES)
    assert [(t.route.path, t.topic, t.channel_name) for t in expanded] == [
        ("ws/board/<str:tenant>/", board.DiscussionTopic, "board_discussion_topic"),
        ("ws/board/<str:tenant>/", board.SecretTopic, "board_secret_topic"),
    ]


class FakeTopic:
    pattern = "a:{x}"


class OtherTopic:
    pattern = "b:{y}"


class HostWithHandlers:
    topics: list[Any] = [FakeTopic, OtherTopic]
    default_topic: Any = None
    _MESSAGE_HANDLER_INFO_MAP: dict[str, Any] = {"ping": {}}


class HostWithoutHandlers(HostWithHandlers):
    _MESSAGE_HANDLER_INFO_MAP: dict[str, Any] = {}


class DefaultTopicHost(HostWithHandlers):
    default_topic = FakeTopic


class PlainConsumer:
    topics: list[Any] = []
    default_topic: Any = None
    _MESSAGE_HANDLER_INFO_MAP: dict[str, Any] = {"ping": {}}


def fake_route(consumer: Any, path: str = "/ws") -> RouteInfo:
    return RouteInfo(path, "handler", "ws://h", consumer, {"x": "str"})


def test_expand_topic_routes_lists_what_a_client_addresses() -> None:
    def shape(routes: list[RouteInfo]) -> list[tuple[Any, Any, Any]]:
        return [(r.consumer, r.topic, r.host) for r in routes]

    assert shape(expand_topic_routes([fake_route(HostWithHandlers)])) == [
        (HostWithHandlers, None, None),
        (FakeTopic, FakeTopic, HostWithHandlers),
        (OtherTopic, OtherTopic, HostWithHandlers),
    ]
    assert shape(expand_topic_routes([fake_route(HostWithoutHandlers)])) == [
        (FakeTopic, FakeTopic, HostWithoutHandlers),
        (OtherTopic, OtherTopic, HostWithoutHandlers),
    ]
    assert shape(expand_topic_routes([fake_route(DefaultTopicHost)])) == [
        (FakeTopic, FakeTopic, None)
    ]
    plain = fake_route(PlainConsumer, "/plain")
    expanded = expand_topic_routes([plain, fake_route(HostWithoutHandlers)])
    assert expanded[0] is plain
    # Entries keep the route's path, handler and parameters; expanding twice changes nothing.
    assert {(r.path, r.handler, r.base_url, str(r.path_params)) for r in expanded[1:]} == {
        ("/ws", "handler", "ws://h", "{'x': 'str'}")
    }
    assert expand_topic_routes(expanded) == expanded


def test_expanded_routes_describe_the_same_document(registry: MessageRegistry) -> None:
    expected = generate(registry, ROUTES)
    expanded = expand_topic_routes(ROUTES)
    assert [r.topic for r in expanded if r.topic is not None] == [
        board.DiscussionTopic,
        board.SecretTopic,
    ]
    assert generate(MessageRegistry(), expanded) == expected


def test_each_topic_is_its_own_channel_at_the_route_address(registry: MessageRegistry) -> None:
    document = generate(registry, ROUTES)
    assert list(document["channels"]) == ["board", "board_discussion_topic", "board_secret_topic"]
    discussion = document["channels"]["board_discussion_topic"]
    assert discussion["address"] == "ws/board/{tenant}/"
    assert discussion["title"] == "board_discussion_topic"
    assert discussion["x-topic"] == {
        "name": "discussion_topic",
        "pattern": "discussion:{pk}",
        "parameters": ["pk"],
    }
    assert list(discussion["parameters"]) == ["tenant"]
    assert sorted(discussion["messages"]) == [
        "comment_accepted",
        "comment_posted",
        "error_message",
        "explode",
        "post_comment",
        "subscribe_message",
        "subscribed_message",
        "unsubscribe_message",
        "unsubscribed_message",
        "wait",
        "waited",
        "welcome",
    ]
    # The consumer's own channel lists only its own handlers' messages.
    assert "post_comment" not in document["channels"]["board"]["messages"]


def test_topic_operations(registry: MessageRegistry) -> None:
    operations = generate(registry, ROUTES)["operations"]
    assert operations["board_discussion_topic_subscribe"] == {
        "action": "receive",
        "channel": {"$ref": "#/channels/board_discussion_topic"},
        "summary": "Subscribe a DiscussionTopic topic",
        "description": "",
        "messages": [{"$ref": "#/channels/board_discussion_topic/messages/subscribe_message"}],
        "reply": {
            "channel": {"$ref": "#/channels/board_discussion_topic"},
            "messages": [
                {"$ref": "#/channels/board_discussion_topic/messages/subscribed_message"},
                {"$ref": "#/channels/board_discussion_topic/messages/error_message"},
            ],
        },
    }
    post = operations["board_discussion_topic_post_comment"]
    assert post["action"] == "receive"
    assert post["reply"]["messages"] == [
        {"$ref": "#/channels/board_discussion_topic/messages/comment_accepted"}
    ]
    pushed = operations["board_discussion_topic_new_comment"]
    assert pushed["action"] == "send"
    assert pushed["messages"] == [
        {"$ref": "#/channels/board_discussion_topic/messages/comment_posted"}
    ]
    assert (
        "board_secret_topic_peek" in operations and "board_secret_topic_unsubscribe" in operations
    )
    assert "ping" in operations


def test_channel_decorator_names_a_topic_channel(registry: MessageRegistry) -> None:
    routes = [route_for(RenamedBoardConsumer, "ws/renamed/")]
    document = generate(registry, routes)
    assert list(document["channels"]) == [
        "renamed_board",
        "renamed_board_discussion_topic",
        "secrets",
    ]
    assert document["channels"]["secrets"]["description"] == "Private rooms"
    assert document["channels"]["secrets"]["x-topic"]["parameters"] == ["name"]
    assert "secrets_peek" in document["operations"]


def test_consumer_without_topics_gets_no_topic_channels(registry: MessageRegistry) -> None:
    from tests.unit.asyncapi.consumers import REFERENCE_ROUTES

    document = generate(registry, REFERENCE_ROUTES)
    assert not any("x-topic" in c for c in document["channels"].values())
