"""One connection's machinery: the dispatch loop, limits, origins, transport and resilience."""
