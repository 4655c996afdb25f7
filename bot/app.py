"""The Flask app factory. Nothing is read, opened or started at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import Engine, text

from bot import files, webhook
from bot.config import Config
from bot.dev_tools import import_dev_module
from bot.line_adapter import LineAdapter
from bot.logs import configure_json_logging
from bot.runtime import build_runtime, runtime
from handlers import clip, report_request
from models import downloads
from models.clock import Clock
from scheduler.tasks import InProcessWorker

log = logging.getLogger(__name__)

# The largest request body read (LINE's webhooks are a few kilobytes): a longer Content-Length is
# answered 413 before anything is read, and a chunked body is cut off at this size with 413.
MAX_BODY_BYTES = 1024 * 1024
HEALTH_TIMEOUT_S = 4.0
WORKER = "tidtam-worker"


def create_app(
    config: Config | None = None, *, line: LineAdapter | None = None, clock: Clock | None = None
) -> Flask:
    rt = build_runtime(config, line=line, clock=clock)
    clip.warm_up()  # before the first request, not during it
    configure_json_logging()
    if rt.clock.fixed is not None:
        log.warning("TIDTAM_NOW is set: the app acts as if it were %s", rt.clock.fixed.isoformat())

    app = Flask(__name__)
    app.config["SECRET_KEY"] = rt.config.secret_key
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["tidtam"] = rt
    downloads.register(app, downloads.FileStore(rt.config.public_base_url))

    if rt.config.report_inline_pairs is not None:
        report_request.INLINE_LIMIT = rt.config.report_inline_pairs
    app.register_blueprint(webhook.bp)
    app.register_blueprint(files.bp)

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        if not _database_answers(runtime().engine, HEALTH_TIMEOUT_S):
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")

    if rt.config.emulator:  # only when asked for (`tidtam demo`, TIDTAM_EMULATOR=1); production refuses it
        # The emulator and the fake LINE API are dev tools, looked up by name (bot/dev_tools.py): the
        # product never imports them, and a wheel without them refuses the flag with a clear error.
        mount_emulator: Callable[[Flask], None] = import_dev_module("emulator").register
        log.warning("TIDTAM_EMULATOR is set: the LINE emulator is mounted at /emulator")
        mount_emulator(app)
    app.extensions[webhook.SENDER] = webhook.Sender()  # a few threads for the process, not per request
    if rt.config.runs_worker_in_process():  # SQLite (or asked for): the task queue's jobs run here
        worker = InProcessWorker(rt).start()
        app.extensions[WORKER] = worker
        rt.closers.append(worker.stop)
    return app


def _database_answers(engine: Engine, timeout: float) -> bool:
    """SELECT 1 on one of the sender's threads, waited for ``timeout`` seconds: a database that
    hangs makes the health check answer 503 in time (the connect and statement timeouts end it)."""

    def check() -> bool:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            log.exception("health check: database unreachable")
            return False

    try:
        return bool(webhook.sender().submit(check).result(timeout))
    except FutureTimeout:
        log.warning("health check: the database did not answer within %s s", timeout)
        return False
