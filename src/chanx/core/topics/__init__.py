"""Topic subscriptions, history and presence (Redis stores imported only when used)."""
