"""POST /callback: verify, then hand each event to its turn (bot/turns.py), then reply.

Saving comes before replying, so the bot never says "saved" for something that was not; replies
are sent after the turn's commit, outside every lock. A bad signature answers 400 and stores
nothing; a database failure answers 500 so that LINE redelivers; anything else is logged (never the
message body) and answered 200.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from datetime import datetime

from flask import Blueprint, abort, current_app, request
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from bot import turns
from bot.line_adapter import InvalidSignatureError
from bot.runtime import Runtime, runtime
from handlers import texts as T
from handlers.messages import Inbound, Push, Reply, Text, Turn
from models.db import transaction
from models.entities import User
from scheduler import outbox

log = logging.getLogger(__name__)
bp = Blueprint("webhook", __name__)


@bp.post("/callback")
def callback() -> str:
    rt = runtime()
    raw = request.get_data()
    if len(raw) >= current_app.config["MAX_CONTENT_LENGTH"]:
        # Flask refused a longer Content-Length with 413 before reading; a chunked body (no
        # Content-Length) was read up to the limit only: refuse it the same way.
        log.warning("webhook refused: body of %d bytes or more (remote %s)", len(raw), request.remote_addr)
        abort(413)
    try:  # the signature covers the bytes as received, not the text after bad UTF-8 is replaced
        events = rt.line.parse(raw, request.headers.get("X-Line-Signature", ""))
    except InvalidSignatureError:
        log.warning("webhook rejected: bad signature (remote %s)", request.remote_addr)
        abort(400)
    budget = rt.config.reply_budget_s
    deadline = None if budget is None else time.monotonic() + budget
    busy = False
    for inbound in events:  # every event gets its chance: one busy user does not hold up the others
        try:
            process_event(rt, inbound, deadline=deadline)
        except turns.TurnsBusy:
            busy = True
    if busy:
        log.warning("webhook answered 503: a user's earlier message is still being handled")
        abort(503)  # LINE redelivers; the recorded event is handled in its turn meanwhile
    return "OK"


def process_event(rt: Runtime, inbound: Inbound, *, deadline: float | None = None) -> list[Reply]:
    """Handle one event exactly once. Returns the replies (for tests and the emulator).

    With a ``deadline`` (``time.monotonic()``), the replies and pushes are sent in a thread of their
    own, waited for until the deadline: a slow LINE API never holds the webhook past it."""
    started = time.perf_counter()
    if inbound.mode == "standby":
        return []  # another channel answers in standby mode; there is no reply token anyway
    now = rt.clock.now()
    if inbound.kind == "follow" and inbound.user_id and inbound.source == "user":
        inbound = _with_display_name(rt, inbound)  # greet a new user by name
    # A photo is not fetched here: the turn records it and a queue task fetches it (handlers/photos.py).
    if inbound.user_id:
        replies = turns.take_turns(rt, inbound, now, lambda event, turn: _deliver(rt, event, turn, deadline))
    else:
        replies = _handle_alone(rt, inbound, now, deadline)
    log.info(
        "event handled",
        extra={
            "event_id": inbound.event_id,
            "kind": inbound.kind,
            "user": inbound.user_id,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return replies


def _handle_alone(rt: Runtime, inbound: Inbound, now: datetime, deadline: float | None) -> list[Reply]:
    """An event without a user (nobody's turn to wait for): claimed and answered on its own."""
    try:
        turn = turns.run_alone(rt, inbound, now)
    except turns.Duplicate:
        log.info("event %s already processed", inbound.event_id)
        return []
    except DBAPIError:
        raise  # the database failed: 500, LINE redelivers, nothing was half-written
    except Exception:
        log.exception("dialogue failed for event %s", inbound.event_id)
        turns.record_only(rt, inbound, now)
        turn = Turn([Text(T.ERROR)])
    _deliver(rt, inbound, turn, deadline)
    return turn.replies


def _deliver(rt: Runtime, inbound: Inbound, turn: Turn, deadline: float | None) -> None:
    """Send a committed turn's replies; with a ``deadline`` on a sender thread, waited for until it."""
    if deadline is None:
        _send(rt, inbound, turn)
        return
    sending = sender().submit(lambda: _send(rt, inbound, turn))
    try:
        sending.result(max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        log.warning(
            "LINE is slow: sending goes on after the webhook is answered",
            extra={"event_id": inbound.event_id},
        )


def _send(rt: Runtime, inbound: Inbound, turn: Turn) -> None:
    """Reply; when the reply surely failed and it confirms something saved, push it through the
    outbox instead. The turn's pushes are outbox rows already (queued with the turn's transaction)."""
    try:
        if turn.replies and inbound.reply_token:
            result = rt.line.reply(inbound.reply_token, turn.replies)
            if not result.ok:
                log.warning("reply failed", extra={"event_id": inbound.event_id, "status": result.status})
                failed_for_sure = (result.status == 0 and not result.ambiguous) or result.status >= 429
                if turn.must_arrive and inbound.user_id and failed_for_sure:
                    # One retry key per event: however often this runs, LINE delivers it once.
                    key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"tidtam:reply-fallback:{inbound.event_id}"))
                    send_push(rt, Push(inbound.user_id, tuple(turn.replies), key))
    except Exception:
        log.exception("sending failed for event %s", inbound.event_id)


def send_push(rt: Runtime, push: Push) -> None:
    """Queue a push in the outbox (its own transaction): a worker sends it with retries."""
    with transaction(rt.sessions) as session:
        outbox.record_pushes(session, [push], rt.clock.now(), kind="fallback")


class Sender:
    """A few threads started with the app (never one per request) that send replies, so that a
    webhook waits for LINE only until its deadline."""

    def __init__(self, threads: int = 4) -> None:
        self._queue: queue.SimpleQueue[tuple[Callable[[], object], Future[object]]] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, daemon=True, name=f"tidtam-send-{i}") for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def _serve(self) -> None:
        while True:
            job, future = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as error:  # handed to whoever waits
                future.set_exception(error)

    def submit(self, job: Callable[[], object]) -> Future[object]:
        future: Future[object] = Future()
        self._queue.put((job, future))
        return future


SENDER = "tidtam-sender"


def sender() -> Sender:
    """The sender of the app handling the current request (bot/app.py starts it)."""
    found: Sender = current_app.extensions[SENDER]
    return found


def _with_display_name(rt: Runtime, inbound: Inbound) -> Inbound:
    if inbound.user_id is None:
        return inbound
    with rt.sessions() as session:
        known = session.scalar(select(User.id).where(User.line_user_id == inbound.user_id))
    if known is not None:
        return inbound
    name = rt.line.display_name(inbound.user_id)
    if not name:
        return inbound
    return replace(inbound, display_name=name[:255])
