"""Redis plumbing shared by the layers, the topic stores and the layer watch: host entries,
waiting connection pools, per-event-loop clients. Only used with a Redis layer (or store)."""
