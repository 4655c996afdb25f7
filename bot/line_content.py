"""Fetching a message's content (a photo) from LINE's data API with hard bounds: a total deadline
for connect + headers + the whole body, and a size cap counted as the bytes arrive.

Per-read timeouts alone bound nothing: a server sending one byte every 2 s never trips a 4 s read
timeout, and an endless stream never ends. So: a Content-Length over the cap is refused before
reading; the body is read with ``read1`` (at most one socket read each) and the elapsed time and
the byte count are checked after every piece; each socket read waits at most what is left; and a
watchdog shuts the socket down at the deadline, which also ends a read stuck in the headers.
Runs in a queue worker (scheduler/photo_fetch.py), never while a webhook waits.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

log = logging.getLogger(__name__)

TOTAL_S = 15.0  # connect + headers + whole body
CONNECT_S = 3.05
READ_S = 4.0  # one socket read at most (and never more than what is left of TOTAL_S)
PIECE = 64 * 1024

OK, TOO_LARGE, TIMEOUT, UNAVAILABLE = "ok", "too_large", "timeout", "unavailable"


@dataclass(frozen=True)
class Fetched:
    """What the data API gave: ``content`` when ``outcome`` is OK, else why not."""

    outcome: str
    content: bytes | None = None


def _shutdown(conn: http.client.HTTPConnection) -> None:
    """The deadline passed: end whatever read is waiting (the raw socket, also under TLS)."""
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _body(
    conn: http.client.HTTPConnection,
    response: http.client.HTTPResponse,
    max_bytes: int,
    left: Callable[[], float],
) -> Fetched:
    """Read the body piece by piece, checking the time left and the bytes so far after each."""
    declared = response.getheader("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        return Fetched(TOO_LARGE)  # refused before reading
    pieces: list[bytes] = []
    received = 0
    while True:
        if left() <= 0:
            return Fetched(TIMEOUT)
        if conn.sock is not None:
            conn.sock.settimeout(max(0.01, min(READ_S, left())))
        piece = response.read1(PIECE)  # at most one socket read
        if not piece:
            break
        received += len(piece)
        if received > max_bytes:
            return Fetched(TOO_LARGE)
        pieces.append(piece)
    if left() <= 0:
        return Fetched(TIMEOUT)  # the watchdog's shutdown looks like the end of the body
    if received == 0 or (declared is not None and declared.strip() != str(received)):
        return Fetched(UNAVAILABLE)  # nothing, or less than announced
    return Fetched(OK, b"".join(pieces))


def fetch_content(
    base_url: str,
    token: str,
    message_id: str,
    max_bytes: int,
    *,
    total_s: float = TOTAL_S,
) -> Fetched:
    """GET {base_url}/v2/bot/message/{message_id}/content within ``total_s`` and ``max_bytes``."""
    parts = urlsplit(base_url.rstrip("/"))
    started = time.monotonic()

    def left() -> float:
        return total_s - (time.monotonic() - started)

    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=CONNECT_S, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=CONNECT_S)
    watchdog = threading.Timer(total_s, _shutdown, (conn,))
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.connect()
        if conn.sock is not None:
            conn.sock.settimeout(max(0.01, min(READ_S, left())))
        path = f"{parts.path}/v2/bot/message/{quote(message_id, safe='')}/content"
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        if response.status != 200:
            log.warning("message content: data API answered %d", response.status)
            return Fetched(UNAVAILABLE)
        return _body(conn, response, max_bytes, left)
    except TimeoutError:
        return Fetched(TIMEOUT)
    except (OSError, http.client.HTTPException, ValueError) as error:
        outcome = TIMEOUT if left() <= 0 else UNAVAILABLE
        log.warning("message content unavailable: %s", type(error).__name__)
        return Fetched(outcome)
    finally:
        watchdog.cancel()
        conn.close()
