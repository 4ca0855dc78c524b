"""Errors the test communicator raises."""


class ApplicationEnded(AssertionError):
    """The application finished while a helper was waiting for output."""
