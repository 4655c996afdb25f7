"""Each event's turn, run by the turn runner after the webhook has answered (bot/turn_runner.py).

The webhook only records the events (``record``: a ``pending_event`` row each, deduplicated on
``webhookEventId``) and answers. A runner thread then takes the user's lane (``run_lane``): the
user's pending events one by one in LINE's ``timestamp`` order, then arrival, each once it is
``hold_s`` old (a message sent earlier but delivered a little later is recorded by then), each in
a transaction of its own that takes the user's turn lock, then the user's row lock, claims the
event id, runs the dialogue, writes what it changes and removes the pending row. LINE is called
only outside that transaction: the loading animation and a new user's name before it (read
without a lock), the reply and a registered user's name after its commit. Events without a user
take the lane ``""``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Executable, Table, bindparam, select, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from bot.runtime import Runtime
from handlers import router
from handlers import texts as T
from handlers.context import Services
from handlers.messages import Conversation, Inbound, Push, Reply, Text, Turn
from models import conversations, inbox
from models.base import table_of
from models.db import transaction
from models.entities import ConversationState, ProcessedEvent, User
from scheduler import outbox
from scheduler.job_kinds import Job, LinkRichMenus, later_job

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # an event still pending after this is dropped, not run late
NO_USER = ""  # the lane of events without a user (nobody's turn to wait for)

Collect = Callable[[int, list[Reply]], None]  # (pending id, replies) of each turn run


def lane_of(inbound: Inbound) -> str:
    return inbound.user_id or NO_USER


def record(rt: Runtime, events: list[Inbound], now: datetime) -> list[int]:
    """Record the events in one transaction; their pending row ids. An event already pending (a
    redelivery) keeps its row and takes the redelivery's reply token."""
    with transaction(rt.sessions) as session:
        return [
            inbox.record(
                session,
                event_id=inbound.event_id,
                line_user_id=lane_of(inbound),
                sent_at=inbound.timestamp or now,
                payload=_payload(inbound),
                now=now,
            )
            for inbound in events
        ]


def lanes_waiting(rt: Runtime) -> list[str]:
    """The lanes with recorded events (the runner's sweep: events a killed process left)."""
    with rt.sessions() as session:
        return inbox.lanes_waiting(session)


def run_lane(
    rt: Runtime, lane: str, hurry: bool = False, hold_s: float = 0.0, collect: Collect | None = None
) -> float | None:
    """Run the lane's events in order while they are due (all of them with ``hurry``). Returns the
    seconds until the next one is due, or None when none is left. A database failure propagates:
    nothing of that turn was written, and the runner tries again."""
    while True:
        wait = _one_turn(rt, lane, hurry, hold_s, collect)
        if wait is not None:
            return None if wait < 0 else wait


_EMPTY = -1.0  # nothing is left


def _one_turn(rt: Runtime, lane: str, hurry: bool, hold_s: float, collect: Collect | None) -> float | None:
    """One event of the lane: None after a turn ran, else how long until one is due (_EMPTY)."""
    with rt.sessions() as session:  # a look without any lock: what LINE is called for before the turn
        head = inbox.head(session, lane)
        if head is None:
            return _EMPTY
        # The clock is read after the head: an event recorded meanwhile is held like any other
        # (read before, its hold came out a hair over hold_s and it ran at once, out of order).
        now = rt.clock.now()
        held = (head.received_at + timedelta(seconds=hold_s) - now).total_seconds()
        if (
            not hurry and held > 0
        ):  # a stamp ahead of this clock (another process's) waits at most hold_s a look
            return min(held, hold_s)
        user_id, stored = _look(session, lane)
    inbound = _before_turn(rt, head.payload, user_id, stored, now)
    registered: int | None = None
    try:
        with transaction(rt.sessions) as session:
            inbox.lock_turns(session, lane)  # before anything of the user is read
            locked = conversations.lock_user(session, lane) if lane else (None, None)  # and the unit
            pending = inbox.head(session, lane)  # chosen once every lock is held
            if pending is None or pending.id != head.id:
                return None if pending is not None else _EMPTY  # run, or overtaken, meanwhile: look again
            inbound = _inbound(pending.payload, inbound)
            inbox.remove(session, pending.id)
            if pending.received_at < now - STALE_AFTER:
                # Left by a failure long ago: LINE's redelivery (if any) records it again.
                log.warning("pending event %s dropped: received too long ago", inbound.event_id)
                return None
            if not _claimed(session, inbound.event_id, now):
                log.info("event %s already processed", inbound.event_id)
                turn = Turn([])
            else:
                turn, registered = _turn(session, rt.services, inbound, now, locked)
    except (OperationalError, InterfaceError):
        raise  # the database is unreachable or gave up: nothing half-written, the runner retries
    except Exception:  # the dialogue, or a statement that fails every time: answered once, not again
        event_id = head.payload.get("event_id")
        log.exception("dialogue failed for event %s", event_id)
        record_only(rt, lane, event_id if isinstance(event_id, str) else None, head.id, now)
        turn = Turn([Text(T.ERROR)])
        if inbound is None:
            return None
    _after_turn(rt, inbound, turn, registered)  # committed, every lock released
    log.info(
        "event handled",
        extra={
            "event_id": inbound.event_id,
            "kind": inbound.kind,
            "user": inbound.user_id,
            # from its arrival to its reply: the hold, any turns before it, its own, the reply
            "latency_ms": round((rt.clock.now() - head.received_at).total_seconds() * 1000, 1),
        },
    )
    if collect is not None:
        collect(head.id, turn.replies)
    return None


def _look(session: Session, lane: str) -> tuple[int | None, conversations.Stored | None]:
    """The user and their conversation as they are now, read without locking anything."""
    if not lane:
        return None, None
    row = session.execute(_LOOK, {"line_user_id": lane}).first()
    if row is None:
        return None, None
    return row[0], conversations.Stored(*row[1:])


_LOOK = (
    select(
        User.id,
        ConversationState.flow,
        ConversationState.step,
        ConversationState.data,
        ConversationState.expires_at,
    )
    .outerjoin(ConversationState, ConversationState.user_id == User.id)
    .where(User.line_user_id == bindparam("line_user_id"))
)


def _before_turn(
    rt: Runtime,
    payload: dict[str, Any],
    user_id: int | None,
    stored: conversations.Stored | None,
    now: datetime,
) -> Inbound | None:
    """The event, after the LINE calls its turn needs before it runs, outside every transaction: a
    new user's name (to greet them by it) and the loading animation before a slow answer. None
    when the recorded event cannot be read (its turn answers the error)."""
    try:
        inbound = _inbound(payload)
    except Exception:
        return None
    if inbound.user_id is None or inbound.source != "user":
        return inbound
    if user_id is None:
        if inbound.kind == "follow" and not inbound.display_name:
            name = rt.line.display_name(inbound.user_id)
            return replace(inbound, display_name=name[:255]) if name else inbound
        return inbound
    current = stored.current(now) if stored is not None else None
    if router.expects_slow(inbound, current):
        rt.line.show_loading(inbound.user_id)
    return inbound


def _after_turn(rt: Runtime, inbound: Inbound, turn: Turn, registered: int | None) -> None:
    """After the turn's commit: its replies, and the name of a user it registered."""
    send(rt, inbound, turn)
    if registered is None or inbound.user_id is None:
        return
    name = rt.line.display_name(inbound.user_id)
    if name:
        with transaction(rt.sessions) as session:
            session.execute(
                update(User)
                .where(User.id == registered, (User.display_name.is_(None)) | (User.display_name == ""))
                .values(display_name=name[:255])
            )


def send(rt: Runtime, inbound: Inbound, turn: Turn) -> None:
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


_CARRIED = ("kind", "user_id", "source", "text", "data", "reply_token", "event_id", "redelivery", "mode")
_CARRIED_TOO = ("display_name", "message_id")


def _payload(inbound: Inbound) -> dict[str, object]:
    """The event as recorded (a photo is fetched later by a queue task: handlers/photos.py)."""
    payload: dict[str, object] = {name: getattr(inbound, name) for name in _CARRIED + _CARRIED_TOO}
    payload["timestamp"] = inbound.timestamp.isoformat() if inbound.timestamp else None
    return payload


def _inbound(payload: dict[str, Any], looked: Inbound | None = None) -> Inbound:
    """The recorded event (with the name looked up for it before its turn, if any)."""
    fields = {name: payload.get(name) for name in _CARRIED + _CARRIED_TOO if payload.get(name) is not None}
    fields.setdefault("user_id", None)
    if looked is not None and looked.display_name:
        fields["display_name"] = looked.display_name
    stamp = payload.get("timestamp")
    moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    return Inbound(**fields, timestamp=moment)  # type: ignore[arg-type]


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


def _claimed(session: Session, event_id: str | None, now: datetime) -> bool:
    """Record the event id in this transaction; False for a duplicate (or a racing worker).

    One INSERT ... ON CONFLICT DO NOTHING: if another worker holds the same id in an open
    transaction, this waits for it and then sees the conflict.
    """
    if not event_id:
        return True
    statement = _CLAIM[session.get_bind().dialect.name]
    return session.execute(statement, {"event_id": event_id, "now": now}).scalar() is not None


def _turn(
    session: Session,
    services: Services,
    inbound: Inbound,
    now: datetime,
    locked: tuple[User | None, conversations.Stored | None],
) -> tuple[Turn, int | None]:
    """The dialogue's answer to one claimed event, with everything it changes, in ``session``;
    ``locked``: the user and their conversation as read under the user's turn lock. Also the id
    of a user this turn registered who has no name yet (asked of LINE after the commit)."""
    user, saved = locked
    stored = saved.current(now) if saved is not None else None
    turn = router.handle(session, inbound, user, stored, now, services)
    outbox.record_pushes(session, turn.pushes, now)  # pushes that must arrive: rows and jobs, now
    if turn.later is not None:  # work too slow for the reply window: a job, in this transaction
        outbox.defer(session, later_job(turn.later))
    if turn.rich_menus:  # a registration or a role change: the rich menu follows the role
        outbox.defer(session, Job(LinkRichMenus([list(p) for p in turn.rich_menus])))
    registered: int | None = None
    if user is None and inbound.user_id:
        user = session.scalar(select(User).where(User.line_user_id == inbound.user_id))
        if user is not None and not user.display_name and inbound.source == "user":
            registered = user.id  # just registered
    if user is not None and inbound.source == "user":  # group traffic leaves the 1:1 dialogue alone
        conv = turn.conversation
        position = (conv.flow, conv.step, conv.data) if isinstance(conv, Conversation) else None
        conversations.save(session, user.id, position, now, exists=saved is not None and saved.exists)
    return turn, registered


def record_only(rt: Runtime, lane: str, event_id: str | None, pending_id: int, now: datetime) -> None:
    """After a dialogue error: remember the event (and drop it from the pending ones) so that it is
    not run, nor a redelivery failing, again."""
    try:
        with transaction(rt.sessions) as session:
            inbox.lock_turns(session, lane)
            inbox.remove(session, pending_id)
            _claimed(session, event_id, now)
    except DBAPIError:
        pass
