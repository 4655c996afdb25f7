"""One event's turn: claimed once by its ``webhookEventId``, the dialogue run and everything it
changes written in one transaction, and a user's events one at a time in the order they were sent.

An event of a user is recorded first (models/inbox.py); then the request takes the user's turn
lock and runs that user's pending events oldest first (LINE's timestamp, then arrival), each turn
in a transaction of its own, under the turn lock and the user's row lock, that claims the event id
and removes the pending row. A request may so run an earlier event that another request recorded:
whoever runs a turn replies to it with that event's reply token (``deliver``, after the commit and
outside every lock) and the request that recorded it finds it done. Events without a user (nobody's
turn to wait for) are claimed and run on their own (``run_alone``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Executable, Table, bindparam, select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from bot.runtime import Runtime
from handlers import router
from handlers import texts as T
from handlers.messages import Conversation, Inbound, Reply, Text, Turn
from models import conversations, inbox
from models.base import table_of
from models.db import transaction
from models.entities import ProcessedEvent, User
from scheduler import outbox
from scheduler.job_kinds import Job, LinkRichMenus, later_job

log = logging.getLogger(__name__)

Deliver = Callable[[Inbound, Turn], None]  # sends a committed turn's replies (bot/webhook.py)

LANE_WAIT_S = 30.0  # longer than this behind the user's earlier messages: 503, LINE redelivers
STALE_AFTER = timedelta(minutes=10)  # an earlier event still pending after this is not run late


class TurnsBusy(Exception):
    """The user's earlier messages held their turn lock for longer than LANE_WAIT_S."""


def take_turns(rt: Runtime, inbound: Inbound, now: datetime, deliver: Deliver) -> list[Reply]:
    """Record the event, then run the user's pending events in order until this one is done (by
    this request, or by another that held the turn first). Returns the replies if it ran here."""
    assert inbound.user_id is not None
    with transaction(rt.sessions) as session:
        mine = inbox.record(
            session,
            event_id=inbound.event_id,
            line_user_id=inbound.user_id,
            sent_at=inbound.timestamp or now,
            payload=_payload(inbound),
            now=now,
        )
    replies: list[Reply] = []
    with rt.lanes.held(inbound.user_id, LANE_WAIT_S) as taken:
        if not taken:
            raise TurnsBusy
        while (ran := _one_turn(rt, inbound.user_id, mine, deliver)) is not None:
            if ran[0] == mine:
                replies = ran[1]
    return replies


def _one_turn(rt: Runtime, line_user_id: str, mine: int, deliver: Deliver) -> tuple[int, list[Reply]] | None:
    """Run the user's oldest pending event in one transaction under the user's turn lock, then reply
    to it. None once ``mine`` is done; else the id of the event run and its replies."""
    now = rt.clock.now()
    pending: inbox.Pending | None = None
    try:
        with transaction(rt.sessions) as session:
            inbox.lock_turns(session, line_user_id)  # before anything of the user is read
            locked = conversations.lock_user(session, line_user_id)  # and the unit: its people take turns
            pending = inbox.next_for(session, line_user_id, mine)  # chosen once every lock is held
            if pending is None:
                return None
            inbound = _inbound(pending.payload)
            inbox.remove(session, pending.id)
            if pending.id != mine and pending.received_at < now - STALE_AFTER:
                # Left by a request that failed long ago: LINE's redelivery (if any) records it again.
                log.warning("pending event %s dropped: received too long ago", inbound.event_id)
                return pending.id, []
            if not _claimed(session, inbound, now):
                log.info("event %s already processed", inbound.event_id)
                turn = Turn([])
            else:
                turn = _turn(rt, session, inbound, now, locked)
    except (OperationalError, InterfaceError):
        raise  # the database is unreachable or gave up: 500, LINE redelivers, nothing half-written
    except Exception:  # the dialogue, or a statement that fails every time: answered once, not again
        if pending is None:
            raise
        inbound = _inbound(pending.payload)
        log.exception("dialogue failed for event %s", inbound.event_id)
        record_only(rt, inbound, now, pending.id)
        turn = Turn([Text(T.ERROR)])
    deliver(inbound, turn)
    return pending.id, turn.replies


_CARRIED = ("kind", "user_id", "source", "text", "data", "reply_token", "event_id", "redelivery", "mode")
_CARRIED_TOO = ("display_name", "message_id")


def _payload(inbound: Inbound) -> dict[str, object]:
    """The event as recorded (a photo is fetched later by a queue task: handlers/photos.py)."""
    payload: dict[str, object] = {name: getattr(inbound, name) for name in _CARRIED + _CARRIED_TOO}
    payload["timestamp"] = inbound.timestamp.isoformat() if inbound.timestamp else None
    return payload


def _inbound(payload: dict[str, object]) -> Inbound:
    fields = {name: payload.get(name) for name in _CARRIED + _CARRIED_TOO if payload.get(name) is not None}
    stamp = payload.get("timestamp")
    moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    return Inbound(**fields, timestamp=moment)  # type: ignore[arg-type]


class Duplicate(Exception):
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


def _claimed(session: Session, inbound: Inbound, now: datetime) -> bool:
    """Record the event id in this transaction; False for a duplicate (or a racing worker).

    One INSERT ... ON CONFLICT DO NOTHING: if another worker holds the same id in an open
    transaction, this waits for it and then sees the conflict.
    """
    if not inbound.event_id:
        return True
    statement = _CLAIM[session.get_bind().dialect.name]
    return session.execute(statement, {"event_id": inbound.event_id, "now": now}).scalar() is not None


def _claim_event(session: Session, inbound: Inbound, now: datetime) -> None:
    if not _claimed(session, inbound, now):
        raise Duplicate


def run_alone(rt: Runtime, inbound: Inbound, now: datetime) -> Turn:
    with transaction(rt.sessions) as session:
        _claim_event(session, inbound, now)
        return _turn(rt, session, inbound, now, (None, None))


def _turn(
    rt: Runtime,
    session: Session,
    inbound: Inbound,
    now: datetime,
    locked: tuple[User | None, conversations.Stored | None],
) -> Turn:
    """The dialogue's answer to one claimed event, with everything it changes, in ``session``;
    ``locked``: the user and their conversation as read under the user's turn lock."""
    user, saved = locked
    stored = saved.current(now) if saved is not None else None
    if user is not None and inbound.user_id and router.expects_slow(inbound, stored):
        rt.line.show_loading(inbound.user_id)  # LINE's loading animation before a slow answer
    turn = router.handle(session, inbound, user, stored, now, rt.services)
    outbox.record_pushes(session, turn.pushes, now)  # pushes that must arrive: rows and jobs, now
    if turn.later is not None:  # work too slow for the reply window: a job, in this transaction
        outbox.defer(session, later_job(turn.later))
    if turn.rich_menus:  # a registration or a role change: the rich menu follows the role
        outbox.defer(session, Job(LinkRichMenus([list(p) for p in turn.rich_menus])))
    if user is None and inbound.user_id:
        user = session.scalar(select(User).where(User.line_user_id == inbound.user_id))
        if user is not None and not user.display_name and inbound.source == "user":
            user.display_name = rt.line.display_name(inbound.user_id)  # just registered
    if user is not None and inbound.source == "user":  # group traffic leaves the 1:1 dialogue alone
        conv = turn.conversation
        position = (conv.flow, conv.step, conv.data) if isinstance(conv, Conversation) else None
        conversations.save(session, user.id, position, now, exists=saved is not None and saved.exists)
    return turn


def record_only(rt: Runtime, inbound: Inbound, now: datetime, pending_id: int | None = None) -> None:
    """After a dialogue error: remember the event (and drop it from the pending ones) so that a
    redelivery does not fail again."""
    if not inbound.event_id and pending_id is None:
        return
    try:
        with transaction(rt.sessions) as session:
            if pending_id is not None and inbound.user_id:
                inbox.lock_turns(session, inbound.user_id)
                inbox.remove(session, pending_id)
            _claimed(session, inbound, now)
    except DBAPIError:
        pass
