"""The Flask app factory. Nothing is read, opened or started at import time."""

from __future__ import annotations

import logging
from types import TracebackType

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue

from bot import dev_tools, files, webhook
from bot.config import Config
from bot.health import DatabaseProbe
from bot.line_adapter import LineAdapter
from bot.logs import configure_json_logging
from bot.runtime import build_runtime
from bot.web_limits import HEALTH_PATH, MAX_BODY_BYTES
from handlers import clip
from models.clock import Clock
from scheduler.tasks import InProcessWorker

log = logging.getLogger(__name__)

HEALTH_TIMEOUT_S = 4.0
WORKER = "tidtam-worker"


class _Flask(Flask):
    def log_exception(
        self,
        exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None],
    ) -> None:
        """Flask's "Exception on ..." line names the route, not the path: a download path is its token."""
        rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
        self.logger.error("Exception on %s [%s]", rule, request.method, exc_info=exc_info)


def create_app(
    config: Config | None = None, *, line: LineAdapter | None = None, clock: Clock | None = None
) -> Flask:
    rt = build_runtime(config, line=line, clock=clock)
    clip.warm_up()  # before the first request, not during it
    configure_json_logging()
    if rt.clock.fixed is not None:
        log.warning("TIDTAM_NOW is set: the app acts as if it were %s", rt.clock.fixed.isoformat())

    app = _Flask(__name__)
    app.config["SECRET_KEY"] = rt.config.secret_key
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["tidtam"] = rt

    app.register_blueprint(webhook.bp)
    app.register_blueprint(files.bp)

    probe = DatabaseProbe(rt.config.normalized_database_url())
    rt.closers.append(probe.close)

    @app.get(HEALTH_PATH)  # gunicorn's worker serves it on threads of its own (bot/web_worker.py)
    def healthz() -> ResponseReturnValue:
        if not probe.answers(HEALTH_TIMEOUT_S):
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")

    if rt.config.emulator:  # only when asked for (`tidtam demo`, TIDTAM_EMULATOR=1); production refuses it
        # The emulator and the fake LINE API are dev tools, plugged in through an entry point
        # (bot/dev_tools.py): the product never imports them; a wheel without them refuses the flag.
        mount_emulator = dev_tools.mount_emulator()
        log.warning("TIDTAM_EMULATOR is set: the LINE emulator is mounted at /emulator")
        mount_emulator(app)
    webhook.start(app, rt)  # the turn runner: a few threads for the process, not per request
    if rt.config.runs_worker_in_process():  # SQLite (or asked for): the task queue's jobs run here
        worker = InProcessWorker(rt).start()
        app.extensions[WORKER] = worker
        rt.closers.append(worker.stop)
    return app
