"""The wire format: decoding client frames, the fixed frames, and sending frames as text."""
