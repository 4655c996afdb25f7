"""The fake LINE API (`devtools.fake_line.FakeLineStore`) served over HTTP: a Flask blueprint
(the emulator mounts it inside the main app), an app of its own, and `FakeLineServer`, which runs
that app on a free loopback port in a thread (or, for load benchmarks, an asyncio server that keeps
connections alive as LINE's API does)."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from flask import Blueprint, Flask, Response, request
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from devtools.fake_line import FakeLineStore
from devtools.hostile_content import Streamed


def fake_line_blueprint(store: FakeLineStore, url_prefix: str = "") -> Blueprint:
    """A blueprint serving the fake API under `url_prefix` (e.g. "/fake-line" in the emulator)."""
    prefix = url_prefix.rstrip("/")
    bp = Blueprint("fake_line", __name__, url_prefix=prefix or None)

    def serve(rest: str) -> Response:
        path = "/v2/" + rest
        headers = {name.lower(): value for name, value in request.headers.items()}
        answer = store.handle(request.method, path, headers, request.get_data())
        if isinstance(answer.body, Streamed):  # hostile message content, at its own pace
            stream = answer.body
            extra = {} if stream.length is None else {"Content-Length": str(stream.length)}
            return Response(
                stream.pieces(), answer.status, {**answer.headers, **extra}, direct_passthrough=True
            )
        if isinstance(answer.body, bytes):  # message content, a rich menu image
            return Response(answer.body, status=answer.status, headers=answer.headers)
        return Response(
            json.dumps(answer.body, ensure_ascii=False),
            status=answer.status,
            headers=answer.headers,
            mimetype="application/json",
        )

    # One catch-all route: every call is recorded, unknown endpoints answer 404 JSON.
    bp.add_url_rule("/v2/<path:rest>", "api", serve, methods=["GET", "POST", "PUT", "DELETE"])
    return bp


def create_fake_line_app(store: FakeLineStore) -> Flask:
    """A small Flask app that is nothing but the fake LINE API."""
    app = Flask(__name__)
    app.register_blueprint(fake_line_blueprint(store))
    return app


class _QuietHandler(WSGIRequestHandler):
    # HTTP/1.1 (werkzeug still answers "Connection: close"; see keep_alive below).
    protocol_version = "HTTP/1.1"

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class FakeLineServer:
    """Runs the fake LINE API on 127.0.0.1 on a free port, in a background thread."""

    def __init__(self, store: FakeLineStore | None = None, *, keep_alive: bool = False):
        """``keep_alive``: serve with aiohttp on an event loop, which keeps connections alive as
        LINE's API does and waits out the store's latency without a thread per request. A load
        benchmark's hundred connections then measure the bot, not the fake (werkzeug closes every
        connection and starts a thread per request; a thread-pool server slows down as connections
        grow, 1,600 → 170 requests/s from 32 to 96 connections, measured with waitress)."""
        self.store = store or FakeLineStore()
        self._keep_alive = keep_alive
        self._server: BaseWSGIServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._port = 0
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._loop is not None:
            return f"http://127.0.0.1:{self._port}"
        if self._server is None:
            raise RuntimeError("FakeLineServer is not running")
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FakeLineServer:
        if self._keep_alive:
            return self._start_async()
        app = create_fake_line_app(self.store)
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-line", daemon=True
        )
        self._thread.start()
        return self

    def _start_async(self) -> FakeLineServer:
        from aiohttp import web  # function-level: a dev dependency only the load benchmarks use

        store = self.store

        async def serve(request: web.Request) -> web.Response:
            raw = await request.read()
            if store.latency > 0:
                await asyncio.sleep(store.latency)
            headers = {name.lower(): value for name, value in request.headers.items()}
            answer = store.handle(request.method, request.path, headers, raw, wait=False)
            if isinstance(answer.body, Streamed):  # hostile content: served by the threaded server only
                return web.Response(status=501, text="streamed content needs the threaded fake")
            if isinstance(answer.body, bytes):
                return web.Response(body=answer.body, status=answer.status, headers=answer.headers)
            return web.Response(
                text=json.dumps(answer.body, ensure_ascii=False),
                status=answer.status,
                headers=answer.headers,
                content_type="application/json",
            )

        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/v2/{rest:.*}", serve)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        async def setup() -> None:
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
            await site.start()
            self._port = runner.addresses[0][1]

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(setup())
            except Exception:
                loop.close()
                raise
            ready.set()
            loop.run_forever()
            loop.run_until_complete(runner.cleanup())
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name="fake-line", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            self._loop, self._thread = None, None
            raise RuntimeError("the fake LINE API did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            if not self._loop.is_closed():
                self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._loop = None
            self._thread = None
            return
        if self._server is None:
            return
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server.server_close()
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeLineServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
