"""POST /callback: verify, record, answer. The turns run after, on the turn runner (bot/turns.py).

The webhook only receives: a bad signature answers 400 and stores nothing; the events are
recorded in one short transaction (deduplicated on ``webhookEventId``) and answered 200 at once;
a database failure while recording answers 500 so that LINE redelivers. The runner then runs each
user's events in the order they were sent, each in a transaction of its own, and replies after
its commit: the webhook never waits for a dialogue, a lock or LINE.
"""

from __future__ import annotations

import logging
import time

from flask import Blueprint, Flask, abort, current_app, request

from bot import turns
from bot.line_adapter import InvalidSignatureError
from bot.runtime import Runtime, runtime
from bot.turn_runner import TurnRunner
from handlers.messages import Inbound, Push, Reply

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
    receive(rt, events)  # a database failure: 500, LINE redelivers
    return "OK"


def receive(rt: Runtime, events: list[Inbound]) -> None:
    """Record the events and hand their users' lanes to the runner."""
    active = [inbound for inbound in events if inbound.mode != "standby"]  # standby: another channel answers
    if not active:
        return
    if rt.turns is None:
        raise RuntimeError("no turn runner: the app factory starts one (bot.webhook.start)")
    started = time.perf_counter()
    with rt.turns.receiving(list(dict.fromkeys(turns.lane_of(inbound) for inbound in active))):
        turns.record(rt, active, rt.clock.now())
    log.info(
        "events recorded",
        extra={"events": len(active), "latency_ms": round((time.perf_counter() - started) * 1000, 1)},
    )


def process_event(rt: Runtime, inbound: Inbound) -> list[Reply]:
    """Record one event and run its user's lane here and now, without the hold (tests, tools that
    send one message after the other). Returns the event's replies."""
    if inbound.mode == "standby":
        return []
    [mine] = turns.record(rt, [inbound], rt.clock.now())
    replies: list[Reply] = []

    def collect(pending_id: int, ran: list[Reply]) -> None:
        if pending_id == mine:
            replies.extend(ran)

    turns.run_lane(rt, turns.lane_of(inbound), hurry=True, collect=collect)
    return replies


def send_push(rt: Runtime, push: Push) -> None:
    """Queue a push in the outbox (its own transaction): a worker sends it with retries."""
    turns.send_push(rt, push)


def start(app: Flask, rt: Runtime) -> TurnRunner:
    """Start the process's turn runner (the app factory): a few threads, never one per request."""

    def run_lane(lane: str, hurry: bool, hold_s: float) -> float | None:
        return turns.run_lane(rt, lane, hurry, hold_s)  # the file store comes with rt.services

    runner = TurnRunner(run_lane, find_lanes=lambda: turns.lanes_waiting(rt))
    rt.turns = runner.start()
    rt.closers.append(runner.stop)
    return runner
