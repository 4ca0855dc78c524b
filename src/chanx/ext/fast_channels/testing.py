"""The chanx test communicator bound to fast-channels."""

from fast_channels.testing import WebsocketCommunicator as FastCommunicator

from chanx.testing.communicator import ChanxCommunicatorMixin


class WebsocketCommunicator(ChanxCommunicatorMixin, FastCommunicator):
    """Test client for chanx consumers mounted on FastAPI/Starlette or served directly."""
