"""Message models used by more than one channel."""
