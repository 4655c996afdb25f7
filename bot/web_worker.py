"""The web process's gunicorn worker (Procfile: ``--worker-class bot.web_worker.BufferingWorker``).

gunicorn's gthread worker hands a connection to a thread as soon as its first bytes arrive; the
thread then reads the body with no deadline, so ten clients sending half a body each held every
thread of the Procfile's 5x2 and took the bot off the air. This worker is gthread with one change:
the worker's main loop (a selector, no thread) reads each request whole before it takes a thread.

- A request must arrive whole within REQUEST_DEADLINE_S of the connection's first byte (a kept-alive
  connection: of its next request's first byte); then it is answered 408 and closed.
- A body over MAX_BODY_BYTES (Content-Length, or chunked as it arrives) is answered 413 at once, and
  headers over MAX_HEAD_BYTES 431. The bytes held by one worker are capped too: past the cap the
  request holding the most bytes is answered 503, so a small request always gets in.
- ``GET /healthz`` goes to threads of its own, so it never waits behind webhooks.

TLS and HTTP/2 prior knowledge (not used by the Procfile) keep gthread's own handling.
"""

from __future__ import annotations

import re
import selectors
import socket
import time
from concurrent import futures
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any

from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import ThreadWorker

from bot.web_limits import HEALTH_PATH, MAX_BODY_BYTES, MAX_HEAD_BYTES, REQUEST_DEADLINE_S

HEALTH_THREADS = 2
MAX_BUFFERED_BYTES = 32 * MAX_BODY_BYTES  # all requests on their way to one worker, together
SMALL_REQUEST_BYTES = 64 * 1024  # never refused for the cap above (another request is, instead)
LINGER_S = 2.0  # after an error answer, unread bytes are drained this long before closing
_HEALTH = re.compile(rb"\s*(GET|HEAD) " + re.escape(HEALTH_PATH.encode()) + rb"[ ?]")
_ANSWERS = {
    408: b"HTTP/1.1 408 Request Timeout",
    413: b"HTTP/1.1 413 Payload Too Large",
    431: b"HTTP/1.1 431 Request Header Fields Too Large",
    503: b"HTTP/1.1 503 Service Unavailable",
}


class Verdict(Enum):
    WAIT = "wait"  # more bytes are needed
    READY = "ready"  # one request is here whole (or is malformed: gunicorn's parser answers 400)
    TOO_LARGE = 413
    HEAD_TOO_LARGE = 431


@dataclass
class Arrival:
    """A request on its way: its bytes so far and how far they have been understood."""

    deadline: float
    data: bytearray = field(default_factory=bytearray)
    closing: bool = False  # answered with an error: what still comes is read and dropped
    body_start: int | None = None
    length: int | None = None  # Content-Length
    chunked: bool = False
    scan: int = 0  # chunked: where the next chunk's size line starts
    received: int = 0  # chunked: body bytes of the chunks arrived whole

    def verdict(self) -> Verdict:
        if self.body_start is None and not self._read_head():
            return Verdict.HEAD_TOO_LARGE if len(self.data) > MAX_HEAD_BYTES else Verdict.WAIT
        assert self.body_start is not None
        if self.chunked:
            return self._chunks()
        if self.length is None:
            return Verdict.READY
        if self.length > MAX_BODY_BYTES:
            return Verdict.TOO_LARGE
        return Verdict.READY if len(self.data) - self.body_start >= self.length else Verdict.WAIT

    def _read_head(self) -> bool:
        end = self.data.find(b"\r\n\r\n")
        if end < 0 or end > MAX_HEAD_BYTES:
            return False
        self.body_start = self.scan = end + 4
        for line in bytes(self.data[:end]).split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                self.length = int(value) if value.strip().isdigit() else None  # else: gunicorn's 400
            elif name == b"transfer-encoding":
                self.chunked = b"chunked" in value.lower()
        return True

    def _chunks(self) -> Verdict:
        while True:
            eol = self.data.find(b"\r\n", self.scan)
            if eol < 0:
                return Verdict.TOO_LARGE if len(self.data) - self.scan > MAX_HEAD_BYTES else Verdict.WAIT
            size_text = bytes(self.data[self.scan : eol]).split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                return Verdict.READY  # malformed: gunicorn's parser answers 400
            if size < 0:
                return Verdict.READY
            if size == 0:  # the last chunk, then trailers up to an empty line
                return Verdict.READY if self.data.find(b"\r\n\r\n", eol) >= 0 else Verdict.WAIT
            if self.received + size > MAX_BODY_BYTES:  # refused on its size line, before its bytes
                return Verdict.TOO_LARGE
            if eol + 2 + size + 2 > len(self.data):
                return Verdict.WAIT  # read again from this size line: the chunk is counted once, below
            self.received += size
            self.scan = eol + 2 + size + 2


class BufferingWorker(ThreadWorker):  # type: ignore[misc]  # gunicorn is untyped
    """gthread whose main loop reads each request whole before it takes a thread (module doc)."""

    def init_process(self) -> None:
        self.arrivals: dict[Any, Arrival] = {}
        self.buffered = 0
        self.health_pool = futures.ThreadPoolExecutor(HEALTH_THREADS, thread_name_prefix="tidtam-health")
        super().init_process()  # runs the worker: does not return until it stops

    def run(self) -> None:
        try:
            super().run()
        finally:
            self.health_pool.shutdown(wait=False)

    def _stock(self, conn: Any) -> bool:
        return bool(self.cfg.is_ssl or negotiation.prior_knowledge_allowed(self.cfg, conn.client))

    def enqueue_req(self, conn: Any) -> None:
        """A new connection, a kept-alive one with bytes, or bytes read ahead: read the request here."""
        if self._stock(conn):
            super().enqueue_req(conn)
            return
        ahead = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        arrival = Arrival(deadline=time.monotonic() + REQUEST_DEADLINE_S)
        conn.sock.setblocking(False)
        self.arrivals[conn] = arrival
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))
        if ahead:
            self._add(conn, arrival, ahead)

    def _readable(self, conn: Any, _sock: object) -> None:
        arrival = self.arrivals[conn]
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(conn)
            return
        if not data:
            self._drop(conn)
        elif not arrival.closing:
            self._add(conn, arrival, data)

    def _add(self, conn: Any, arrival: Arrival, data: bytes) -> None:
        if not self._make_room(conn, len(arrival.data) + len(data), len(data)):
            self._refuse(conn, arrival, 503)
            return
        arrival.data += data
        self.buffered += len(data)
        verdict = arrival.verdict()
        if verdict is Verdict.READY:
            self._dispatch(conn, arrival)
        elif verdict is not Verdict.WAIT:
            self._refuse(conn, arrival, int(verdict.value))

    def _make_room(self, conn: Any, size: int, extra: int) -> bool:
        """Past the worker's cap, another request holding the most bytes (of equals, the oldest) is
        answered 503 until `extra` more bytes fit. `conn`'s request, at `size` bytes, is refused instead
        (False) only when it would hold more than that one and more than SMALL_REQUEST_BYTES: slow
        clients holding big bodies cannot keep /healthz or a webhook out."""
        while self.buffered + extra > MAX_BUFFERED_BYTES:
            others = [(c, a) for c, a in self.arrivals.items() if c is not conn and a.data]
            if not others:
                return False
            largest, arrival = max(others, key=lambda item: (len(item[1].data), -item[1].deadline))
            if len(arrival.data) < size and size > SMALL_REQUEST_BYTES:
                return False
            self._refuse(largest, arrival, 503)
        return True

    def _dispatch(self, conn: Any, arrival: Arrival) -> None:
        """The request is here whole: a thread serves it from the buffer, never waiting for the client."""
        self._forget(conn, arrival)
        conn.init()  # plain HTTP/1.x: makes the parser
        conn.parser.unreader.unread(bytes(arrival.data))
        conn.data_ready = True
        pool = self.health_pool if _HEALTH.match(arrival.data) else self.tpool
        done = pool.submit(self.handle, conn)
        done.add_done_callback(lambda fut: self.method_queue.defer(self.finish_request, conn, fut))

    def _refuse(self, conn: Any, arrival: Arrival, status: int) -> None:
        """Answer an error from here and close after a short drain (the client reads the answer)."""
        self.buffered -= len(arrival.data)
        arrival.data = bytearray()
        arrival.closing = True
        arrival.deadline = time.monotonic() + LINGER_S
        try:
            conn.sock.send(_ANSWERS[status] + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._drop(conn)

    def _forget(self, conn: Any, arrival: Arrival) -> None:
        self.buffered -= len(arrival.data)
        del self.arrivals[conn]
        self.poller.unregister(conn.sock)

    def _drop(self, conn: Any) -> None:
        arrival = self.arrivals.get(conn)
        if arrival is not None:
            self._forget(conn, arrival)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        """Each turn of the main loop: requests past their deadline are answered 408; a stopping
        worker closes connections no request has started on."""
        super().murder_pending()
        now = time.monotonic()
        for conn, arrival in list(self.arrivals.items()):
            if arrival.closing:
                if now >= arrival.deadline:
                    self._drop(conn)
            elif now >= arrival.deadline or (not self.alive and not arrival.data):
                if arrival.data:
                    self._refuse(conn, arrival, 408)
                else:
                    self._drop(conn)
