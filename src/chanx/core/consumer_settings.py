"""What a consumer class declares: its configuration, framework binding and per-class tables.

``ConsumerSettings`` holds declarations and the settings read by the consumer; behaviour
lives in ``chanx.core.consumer``. Every configuration attribute defaults to ``None``, which
means "use the adapter's configuration" (Django's ``CHANX`` dict, or ``chanx.core.config``).
"""

from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import TypeAdapter

from chanx.constants import COMPLETE_ACTIONS
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.framework_adapter import NO_FRAMEWORK, FrameworkAdapter
from chanx.core.handlers import HandlerTable
from chanx.core.wire.frame_settings import setting
from chanx.messages.base import BaseMessage
from chanx.type_defs import AsyncAPIHandlerInfo
from chanx.utils import scope as scope_utils

if TYPE_CHECKING:
    from chanx.core.topic import Topic


class ConsumerSettings:
    """Configuration and per-class state of a chanx consumer."""

    # -- the web framework (chanx.channels.adapter, chanx.fast_channels.adapter) -------------
    chanx_adapter: ClassVar[FrameworkAdapter] = NO_FRAMEWORK

    # -- user configuration: ``None`` means "use the adapter's configuration" --------------
    send_completion: bool | None = None
    send_message_immediately: bool | None = None
    log_websocket_message: bool | None = None
    log_ignored_actions: Collection[str] | None = None
    camelize: ClassVar[bool | None] = None
    max_concurrent_messages: int | None = None
    max_message_size: int | None = None
    rate_limit_messages: int | None = None
    rate_limit_period: float | None = None
    # Handshake origin check (chanx.core.connection.origins): None = no check.
    allowed_origins: ClassVar[Collection[str] | None] = None
    allow_missing_origin: ClassVar[bool] = True
    discriminator_field: ClassVar[str] = "action"
    authenticator_class: ClassVar[type[BaseAuthenticator] | None] = None
    authenticator: BaseAuthenticator | None = None
    extra_groups: ClassVar[list[str]] = []
    passthrough_events: ClassVar[list[type[BaseMessage]]] = []
    passthrough_method_prefix: ClassVar[str] = "handle_passthrough_"
    # Topics this connection may subscribe to (matched in order), and the one frames without
    # a ``topic`` go to (subscribed on connect from the URL parameters).
    topics: ClassVar[list[type["Topic[Any]"]]] = []
    default_topic: ClassVar[type["Topic[Any]"] | None] = None
    # Messages sent outside handlers (a welcome from ``post_authentication``, state pushed by
    # a topic's ``on_subscribe``): typed by the test client and documented; merged across the MRO.
    emits: ClassVar[list[type[BaseMessage]]] = []
    max_subscriptions: int | None = None

    # -- provided by the framework per connection ------------------------------------------
    groups: list[str]
    channel_layer_alias: Any
    channel_layer: Any
    channel_name: str
    scope: Any
    # Set once the connection stops taking frames (closing, closed, or refused at connect).
    _closed_for_frames: bool

    # -- computed per class (chanx.core.consumer_class) -------------------------------------
    name: ClassVar[str]
    snake_name: ClassVar[str]
    _handler_table: ClassVar[HandlerTable]
    _MESSAGE_HANDLER_INFO_MAP: ClassVar[dict[str, AsyncAPIHandlerInfo]] = {}
    _EVENT_HANDLER_INFO_MAP: ClassVar[dict[str, AsyncAPIHandlerInfo]] = {}
    incoming_message_adapter: ClassVar[TypeAdapter[Any] | None] = None
    incoming_event_adapter: ClassVar[TypeAdapter[Any] | None] = None
    outgoing_message_adapter: ClassVar[TypeAdapter[Any]]
    # The message types of ``outgoing_message_adapter`` before a host adds its topics'.
    outgoing_message_adapter_types: ClassVar[list[type[BaseMessage]]] = []
    # Frames arrive through the JSON hooks (``decode_json``/``receive_json``/``handle_json``
    # overridden) instead of being validated from their text.
    _json_hooks_in: ClassVar[bool] = False
    # Replies go through ``send_json``/``encode_json`` (overridden) instead of as text.
    _json_hooks_out: ClassVar[bool] = False
    # ``send_message`` is overridden: every reply goes through it.
    _send_message_hooked: ClassVar[bool] = False
    # ``connect`` is overridden: it runs after authentication (as Channels runs it).
    _connect_overridden: ClassVar[bool] = False
    # ``send_topic_json`` is overridden: topic frames go through it as dicts.
    _overrides_send_topic_json: ClassVar[bool] = False
    # The dispatch loop hands frames straight to ``receive`` (``dispatch`` and
    # ``websocket_receive`` are the framework's).
    _frames_direct: ClassVar[bool] = False
    # The framework's ``send``: while the consumer's is this one, text goes to ``base_send``.
    _plain_send: ClassVar[Any] = None
    # Topics served (``default_topic`` first), and whether every frame may be for a topic.
    _topic_classes: ClassVar[list[type["Topic[Any]"]]] = []
    _routes_all_frames: ClassVar[bool] = False

    _channel_receive: Callable[[], Awaitable[Any]]

    # -- settings ------------------------------------------------------------------------------
    @property
    def should_send_completion(self) -> bool:
        return bool(setting(self, "send_completion"))

    @property
    def should_camelize(self) -> bool:
        return bool(setting(self, "camelize"))

    @property
    def all_log_ignored_actions(self) -> set[str]:
        return set(setting(self, "log_ignored_actions") or ()) | COMPLETE_ACTIONS

    @property
    def url_params(self) -> dict[str, Any]:
        """Path captures of this connection's route (Channels or Starlette)."""
        return scope_utils.path_params(self.scope)
