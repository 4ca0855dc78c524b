"""Test helpers for Django Channels: the communicator and the auth-aware test case."""

from channels.testing import WebsocketCommunicator as ChannelsCommunicator

from chanx.testing.communicator import ChanxCommunicatorMixin


class WebsocketCommunicator(ChanxCommunicatorMixin, ChannelsCommunicator):
    """Test client for chanx consumers on Django Channels."""
