"""Message content a hostile (or broken) data API could serve, for the fake LINE API
(`FakeLineStore.add_content`): what the red team of #23 served. Each is a valid
`GET /v2/bot/message/{id}/content` answer as far as HTTP goes; only its pace, length or pixels are
hostile.

- ``drip()``: a JPEG's first bytes, one byte every 2 s, under a Content-Length it never reaches.
- ``endless()``: a chunked body (no Content-Length) that never ends.
- ``big_jpeg()``: a 12 MB JPEG-looking body with its Content-Length (over LINE's 10 MB).
- ``bomb_png()``: a small PNG whose header says 12000x12000 pixels (144 MP; ~18 MB decoded as 1 bit).
"""

from __future__ import annotations

import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


@dataclass
class Streamed:
    """A body served piece by piece as ``pieces()`` yields (the threaded fake server streams it;
    without ``length`` it goes chunked). ``stop`` ends every stream early (test teardown)."""

    pieces: Callable[[], Iterator[bytes]]
    length: int | None = None
    stop: threading.Event = field(default_factory=threading.Event)


def drip(every_s: float = 2.0, announced: int = 200_000) -> Streamed:
    stream = Streamed(lambda: _drip(stream, every_s), announced)
    return stream


def _drip(stream: Streamed, every_s: float) -> Iterator[bytes]:
    for byte in JPEG_START + b"\x00" * 1_000_000:
        yield bytes([byte])
        if stream.stop.wait(every_s):
            return


def endless(piece: int = 64 * 1024) -> Streamed:
    stream = Streamed(lambda: _endless(stream, piece))
    return stream


def _endless(stream: Streamed, piece: int) -> Iterator[bytes]:
    block = JPEG_START + b"\x00" * (piece - len(JPEG_START))
    while not stream.stop.is_set():
        yield block
        time.sleep(0)  # let other threads run between pieces


def big_jpeg(size: int = 12 * 1024 * 1024) -> bytes:
    return JPEG_START + b"\x00" * (size - len(JPEG_START))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def bomb_png(width: int = 12000, height: int = 12000) -> bytes:
    """A valid 1-bit greyscale PNG of ``width`` x ``height`` pixels, all black: a few hundred KB."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )
