"""The fake LINE API (`devtools.fake_line.FakeLineStore`) served over HTTP: a Flask blueprint
(the emulator mounts it inside the main app), an app of its own, and `FakeLineServer`, which runs
that app on a free loopback port in a thread."""

from __future__ import annotations

import json
import threading
from typing import Any

from flask import Blueprint, Flask, Response, request
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from devtools.fake_line import FakeLineStore


def fake_line_blueprint(store: FakeLineStore, url_prefix: str = "") -> Blueprint:
    """A blueprint serving the fake API under `url_prefix` (e.g. "/fake-line" in the emulator)."""
    prefix = url_prefix.rstrip("/")
    bp = Blueprint("fake_line", __name__, url_prefix=prefix or None)

    def serve(rest: str) -> Response:
        path = "/v2/" + rest
        headers = {name.lower(): value for name, value in request.headers.items()}
        answer = store.handle(request.method, path, headers, request.get_data())
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
    # HTTP/1.1 (werkzeug still answers "Connection: close"; see keep_alive_threads below).
    protocol_version = "HTTP/1.1"

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class FakeLineServer:
    """Runs the fake LINE API on 127.0.0.1 on a free port, in a background thread."""

    def __init__(self, store: FakeLineStore | None = None, *, keep_alive_threads: int | None = None):
        """``keep_alive_threads``: serve with waitress, which keeps connections alive as LINE's API
        does (werkzeug's server closes every connection and starts a thread per request, which a
        load benchmark would measure instead of the bot); that many requests are answered at once."""
        self.store = store or FakeLineStore()
        self._keep_alive_threads = keep_alive_threads
        self._server: BaseWSGIServer | None = None
        self._waitress: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._waitress is not None:
            return f"http://127.0.0.1:{self._waitress.effective_port}"
        if self._server is None:
            raise RuntimeError("FakeLineServer is not running")
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FakeLineServer:
        app = create_fake_line_app(self.store)
        if self._keep_alive_threads:
            import waitress  # type: ignore[import-untyped]  # function-level: a dev dependency only the load benchmarks use

            self._waitress = waitress.create_server(
                app, host="127.0.0.1", port=0, threads=self._keep_alive_threads, connection_limit=1000
            )
            self._thread = threading.Thread(target=self._waitress.run, name="fake-line", daemon=True)
            self._thread.start()
            return self
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-line", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._waitress is not None:
            self._waitress.close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._waitress = None
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
