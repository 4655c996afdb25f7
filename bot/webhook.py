"""POST /callback: verify, deduplicate, run the dialogue in one transaction, then reply.

Saving comes before replying, so the bot never says "saved" for something that was not.
A bad signature answers 400 and stores nothing; a database failure answers 500 so that LINE
redelivers; anything else is logged (never the message body) and answered 200.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from flask import Blueprint, Flask, abort, current_app, request
from sqlalchemy import Executable, Table, bindparam, select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.line_adapter import InvalidSignatureError, backoff
from bot.line_adapter import sleep as line_sleep
from bot.rich_menus import link_rich_menus
from bot.runtime import Runtime, runtime
from handlers import router
from handlers import texts as T
from handlers.messages import Conversation, Inbound, Later, Push, Reply, Text, Turn
from models import conversations
from models.base import table_of
from models.db import transaction
from models.entities import ProcessedEvent, User
from models.line_features import MAX_PHOTO_BYTES

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
    body = raw.decode("utf-8", errors="replace")
    try:
        events = rt.line.parse(body, request.headers.get("X-Line-Signature", ""))
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
    if inbound.kind == "image" and inbound.message_id and inbound.source == "user":
        # A photo: fetched from the data API within CONTENT_TIMEOUT (handlers/photos.py stores it).
        inbound = replace(inbound, content=rt.line.message_content(inbound.message_id, MAX_PHOTO_BYTES))
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
        sender = threading.Thread(target=_send, args=(rt, inbound, turn), daemon=True, name="tidtam-send")
        sender.start()
        sender.join(max(0.0, deadline - time.monotonic()))
        if sender.is_alive():
            log.warning(
                "LINE is slow: sending goes on after the webhook is answered",
                extra={"event_id": inbound.event_id},
            )
    if turn.rich_menus:  # a registration or a role change: the user's rich menu follows the role
        threading.Thread(target=link_rich_menus, args=(rt, turn.rich_menus), daemon=True).start()
    if turn.later is not None:
        # Flask types current_app as the app itself, not as the proxy it is.
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        threading.Thread(
            target=run_later, args=(app, rt, turn.later), daemon=True, name="tidtam-later"
        ).start()
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
    """Reply (pushing what must arrive when the reply surely failed), then the turn's pushes."""
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
        for push in turn.pushes:
            send_push(rt, push)
    except Exception:
        log.exception("sending failed for event %s", inbound.event_id)


PUSH_ATTEMPTS = 3


def run_later(app: Flask, rt: Runtime, later: Later) -> None:
    """Do slow work after the reply and push the result (a crash here loses only the push: the
    user can ask again; nothing confirmed depends on it)."""
    started = time.perf_counter()
    try:
        with app.app_context(), transaction(rt.sessions) as session:
            replies = later.job(session, rt.clock.now())
    except Exception:
        log.exception("deferred work failed")
        replies = [Text(T.ERROR)]
    send_push(rt, Push(later.line_user_id, tuple(replies), later.retry_key))
    log.info("deferred work done", extra={"latency_ms": round((time.perf_counter() - started) * 1000, 1)})


def send_push(rt: Runtime, push: Push) -> bool:
    """Push with retries; the retry key makes a repeated request harmless (409 = already sent)."""
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        result = rt.line.push(push.line_user_id, list(push.replies), push.retry_key)
        if result.ok:
            return True
        if result.status and result.status < 500 and result.status != 429:
            break  # 4xx other than 429 will not get better by trying again
        if attempt < PUSH_ATTEMPTS:
            line_sleep(backoff(attempt, result.retry_after, base=0.2, cap=2.0))
    log.warning("push failed after retries (retry key %s)", push.retry_key)
    return False


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
