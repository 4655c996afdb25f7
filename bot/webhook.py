"""POST /callback: verify, deduplicate, run the dialogue in one transaction, then reply.

Saving comes before replying, so the bot never says "saved" for something that was not.
A bad signature answers 400 and stores nothing; a database failure answers 500 so that LINE
redelivers; anything else is logged (never the message body) and answered 200.
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
from sqlalchemy import Executable, Table, bindparam, select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.line_adapter import InvalidSignatureError
from bot.runtime import Runtime, runtime
from handlers import router
from handlers import texts as T
from handlers.messages import Conversation, Inbound, Later, Push, Reply, Text, Turn
from models import conversations
from models.base import table_of
from models.db import transaction
from models.entities import ProcessedEvent, User
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
    for inbound in events:
        process_event(rt, inbound, deadline=deadline)
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
    try:
        turn = _run(rt, inbound, now)
    except _Duplicate:
        log.info("event %s already processed", inbound.event_id)
        return []
    except DBAPIError:
        raise  # the database failed: 500, LINE redelivers, nothing was half-written
    except Exception:
        log.exception("dialogue failed for event %s", inbound.event_id)
        _record_only(rt, inbound, now)
        turn = Turn([Text(T.ERROR)])
    if deadline is None:
        _send(rt, inbound, turn)
    else:
        sending = sender().submit(lambda: _send(rt, inbound, turn))
        try:
            sending.result(max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            log.warning(
                "LINE is slow: sending goes on after the webhook is answered",
                extra={"event_id": inbound.event_id},
            )
    log.info(
        "event handled",
        extra={
            "event_id": inbound.event_id,
            "kind": inbound.kind,
            "user": inbound.user_id,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return turn.replies


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


def _queue_later(session: Session, later: Later) -> None:
    """Work too slow for the reply window becomes a job of the report queue, in this transaction."""
    args = {
        "user_id": later.args["user_id"],
        "line_user_id": later.line_user_id,
        "retry_key": later.retry_key,
        "args": later.args,
    }
    task, queue = outbox.LATER_TASKS[later.task]  # a report build, a photo fetch
    # The lock: identical requests run one at a time (a photo fetch deferred again by the sweep).
    outbox.defer(session, outbox.Job(task, args, queue=queue, lock=later.lock, queueing_lock=later.lock))


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


class _Duplicate(Exception):
    pass


def _claim_statement(
    insert: Callable[[Table], PgInsert] | Callable[[Table], SqliteInsert],
) -> Executable:
    table = table_of(ProcessedEvent)  # a Core insert: no ORM bulk-insert machinery per event
    return (
        insert(table)
        .values(webhook_event_id=bindparam("event_id"), received_at=bindparam("now"))
        .on_conflict_do_nothing(index_elements=["webhook_event_id"])
        .returning(table.c.webhook_event_id)
    )


# Built once per dialect: every event runs it.
_CLAIM = {"postgresql": _claim_statement(pg_insert), "sqlite": _claim_statement(sqlite_insert)}


def _claim_event(session: Session, inbound: Inbound, now: datetime) -> None:
    """Record the event id in this transaction; a duplicate (or a racing worker) is refused.

    One INSERT ... ON CONFLICT DO NOTHING: if another worker holds the same id in an open
    transaction, this waits for it and then sees the conflict.
    """
    if not inbound.event_id:
        return
    statement = _CLAIM[session.get_bind().dialect.name]
    if session.execute(statement, {"event_id": inbound.event_id, "now": now}).scalar() is None:
        raise _Duplicate


def _run(rt: Runtime, inbound: Inbound, now: datetime) -> Turn:
    with transaction(rt.sessions) as session:
        _claim_event(session, inbound, now)
        user, saved = conversations.lock_user(session, inbound.user_id) if inbound.user_id else (None, None)
        stored = saved.current(now) if saved is not None else None
        if user is not None and inbound.user_id and router.expects_slow(inbound, stored):
            rt.line.show_loading(inbound.user_id)  # LINE's loading animation before a slow answer
        turn = router.handle(session, inbound, user, stored, now)
        outbox.record_pushes(session, turn.pushes, now)  # pushes that must arrive: rows and jobs, now
        if turn.later is not None:
            _queue_later(session, turn.later)
        if turn.rich_menus:  # a registration or a role change: the rich menu follows the role
            outbox.defer(
                session, outbox.Job(outbox.RICH_MENU_TASK, {"links": [list(p) for p in turn.rich_menus]})
            )
        if user is None and inbound.user_id:
            user = session.scalar(select(User).where(User.line_user_id == inbound.user_id))
            if user is not None and not user.display_name and inbound.source == "user":
                user.display_name = rt.line.display_name(inbound.user_id)  # just registered
        if user is not None and inbound.source == "user":  # group traffic leaves the 1:1 dialogue alone
            conv = turn.conversation
            position = (conv.flow, conv.step, conv.data) if isinstance(conv, Conversation) else None
            conversations.save(session, user.id, position, now, exists=saved is not None and saved.exists)
        return turn


def _record_only(rt: Runtime, inbound: Inbound, now: datetime) -> None:
    """After a dialogue error: remember the event so a redelivery does not fail again."""
    if not inbound.event_id:
        return
    try:
        with transaction(rt.sessions) as session:
            _claim_event(session, inbound, now)
    except (_Duplicate, DBAPIError):
        pass


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
