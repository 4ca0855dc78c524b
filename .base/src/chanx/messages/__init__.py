"""Message models: the base class and the standard frames."""
