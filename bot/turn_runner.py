"""The turn runner: a few threads of the web process that run the users' turns after the webhook
has answered (issue #26: the webhook only receives).

The webhook records each event (models/inbox.py) and hands its lane (the LINE user) to the runner
with ``submit``. A lane is run no sooner than ``hold_s`` after its newest submission, so that a
message sent earlier but delivered a few milliseconds later is recorded before the lane runs: the
lane's events are then taken in LINE's ``timestamp`` order (bot/turns.py ``run_lane``, which also
checks each event's own hold in the database). One lane runs on one thread at a time; different
lanes run side by side. A lane whose run fails (the database is unreachable) is tried again after
a back-off; a new event for it tries at once. Events that no runner holds (a process killed with
events recorded) are found by the sweep, at start and every ``sweep_s`` seconds.

No project import: the runtime wires ``run_lane`` and ``find_lanes`` (bot/webhook.py ``start``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

HOLD_S = 0.3  # how long an event waits for a message sent before it but delivered after it
THREADS = 8  # lanes run at once per process (a thread holds a connection only during a turn)
SWEEP_S = 60.0  # how often pending events that no runner holds are looked for
RETRY_FIRST_S = 0.5  # after a failed run (database unreachable): 0.5 s, doubling ...
RETRY_CAP_S = 30.0  # ... at most this long apart

# (lane, hurry, hold_s) -> seconds until the lane is due again, or None when it ran out of events
RunLane = Callable[[str, bool, float], "float | None"]


@dataclass
class _Lane:
    due: float  # time.monotonic() from which it may run
    running: bool = False
    again: bool = False  # submitted while running: look again afterwards
    hurry: bool = False  # asked to skip the hold (drain: nothing sent earlier is still on its way)
    failures: int = 0  # consecutive failed runs: the lane is parked until its back-off ends
    arriving: int = 0  # requests of this process recording events of the lane right now


class TurnRunner:
    def __init__(
        self,
        run_lane: RunLane,
        *,
        find_lanes: Callable[[], Iterable[str]] | None = None,
        threads: int = THREADS,
        hold_s: float = HOLD_S,
        sweep_s: float = SWEEP_S,
    ) -> None:
        self.hold_s = hold_s
        self._run_lane = run_lane
        self._find_lanes = find_lanes
        self._threads_wanted = threads
        self._sweep_s = sweep_s
        self._lanes: dict[str, _Lane] = {}
        self._changed = threading.Condition()
        self._stopping = False
        self._threads: list[threading.Thread] = []

    def start(self) -> TurnRunner:
        for n in range(self._threads_wanted):
            thread = threading.Thread(target=self._serve, name=f"tidtam-turns-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        if self._find_lanes is not None:
            sweeper = threading.Thread(target=self._sweep_forever, name="tidtam-turns-sweep", daemon=True)
            sweeper.start()
            self._threads.append(sweeper)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads.clear()

    @contextmanager
    def receiving(self, lanes: list[str]) -> Iterator[None]:
        """A request is recording events of ``lanes``: none of them runs before it is done (an event
        sent earlier may be the one being recorded); then each is submitted."""
        with self._changed:
            for lane in lanes:
                self._lanes.setdefault(lane, _Lane(time.monotonic() + self.hold_s)).arriving += 1
        try:
            yield
        finally:
            with self._changed:
                for lane in lanes:
                    self._lanes[lane].arriving -= 1
            for lane in lanes:
                self.submit(lane)

    def submit(self, lane: str, *, delay: float | None = None) -> None:
        """An event of ``lane`` was recorded: run the lane once the hold (or ``delay``) is over."""
        due = time.monotonic() + (self.hold_s if delay is None else delay)
        with self._changed:
            found = self._lanes.get(lane)
            if found is None:
                self._lanes[lane] = _Lane(due)
            elif found.running:  # looked at again once this run ends
                found.again, found.due = True, due
            else:
                found.due = due if found.failures else min(found.due, due)
            if found is not None:
                found.failures = 0  # a new event (a redelivery) tries a failing lane again at once
            self._changed.notify_all()

    def drain(self, lane: str | None = None, timeout: float = 10.0, *, hurry: bool = True) -> bool:
        """Wait until ``lane`` (every lane when None) has run out of events; with ``hurry``, run it
        without the hold (the caller knows nothing sent earlier is still on its way: a test that
        posts one message after the other). False when the time ran out or a lane is waiting for a
        retry after a failure."""
        deadline = time.monotonic() + timeout
        with self._changed:
            if hurry:
                for name, found in self._lanes.items():
                    if lane is None or name == lane:
                        found.hurry = True
                        if not found.failures:
                            found.due = min(found.due, time.monotonic())
                self._changed.notify_all()
            while True:
                waiting = [found for name, found in self._lanes.items() if lane is None or name == lane]
                if not waiting:
                    return True
                if all(found.failures and not found.running for found in waiting):
                    return False
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)

    def busy(self) -> int:
        """How many lanes have events waiting or running (for the logs and tests)."""
        with self._changed:
            return len(self._lanes)

    # --- the threads -------------------------------------------------------------------------------

    def _take(self) -> tuple[str, _Lane] | None:
        """The lane due first, marked running; None when stopping."""
        with self._changed:
            while not self._stopping:
                now = time.monotonic()
                ready = [(f.due, name) for name, f in self._lanes.items() if not f.running and not f.arriving]
                if ready:  # (a lane still arriving is submitted, and this woken, when it is recorded)
                    due, name = min(ready)
                    if due <= now:
                        found = self._lanes[name]
                        found.running, found.again = True, False
                        return name, found
                    self._changed.wait(due - now)
                else:
                    self._changed.wait()
            return None

    def _serve(self) -> None:
        while (taken := self._take()) is not None:
            name, lane = taken
            wait: float | None = None
            failed = False
            try:
                wait = self._run_lane(name, lane.hurry, self.hold_s)
            except Exception:
                failed = True
                log.exception("turns of a user failed; tried again later")
            with self._changed:
                lane.running = False
                now = time.monotonic()
                if failed:
                    lane.failures += 1
                    lane.due = now + min(RETRY_CAP_S, RETRY_FIRST_S * 2 ** (lane.failures - 1))
                elif wait is not None:  # the next event's hold is not over yet
                    lane.due = now if lane.hurry else min(lane.due, now + wait) if lane.again else now + wait
                elif lane.again:
                    lane.due = now if lane.hurry else lane.due
                elif not lane.arriving:  # (a request recording events for it submits it again)
                    del self._lanes[name]
                self._changed.notify_all()

    def _sweep_forever(self) -> None:
        assert self._find_lanes is not None
        while True:
            try:
                found = list(self._find_lanes())
            except Exception:  # the database is unreachable: the next sweep looks again
                log.warning("sweep of pending events failed", exc_info=True)
                found = []
            with self._changed:
                for lane in found:
                    if lane not in self._lanes:
                        self._lanes[lane] = _Lane(time.monotonic())  # its own hold is checked when run
                self._changed.notify_all()
                self._changed.wait_for(lambda: self._stopping, self._sweep_s)
                if self._stopping:
                    return
